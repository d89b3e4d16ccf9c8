//! The outbox as workers use it: claims under a lease, never the same job twice at once,
//! expired leases picked up again, retries later, failures kept — on both backends.

use std::collections::HashSet;

use chrono::Duration;
use treffpunkt::db::AnyConnection;
use treffpunkt::outbox::{self, NewJob};

use crate::helpers::TestApp;

fn queue(conn: &mut AnyConnection, count: usize) {
    let jobs: Vec<NewJob> = (0..count)
        .map(|n| NewJob::new("test.job", &serde_json::json!({ "n": n })).unwrap())
        .collect();
    outbox::enqueue(conn, &jobs).unwrap();
}

#[tokio::test]
async fn a_job_is_held_by_one_worker_until_it_is_done_or_its_lease_ends() {
    let app = TestApp::spawn().await;
    app.with_db(|conn| {
        queue(conn, 5);
        let a = outbox::claim(conn, "worker-a", &["test.job"], 3, Duration::minutes(5)).unwrap();
        let b = outbox::claim(conn, "worker-b", &["test.job"], 10, Duration::minutes(5)).unwrap();
        assert_eq!((a.len(), b.len()), (3, 2));
        let ids: HashSet<_> = a.iter().chain(&b).map(|j| j.id.clone()).collect();
        assert_eq!(ids.len(), 5, "no job twice");
        assert!(a.iter().all(|j| j.attempts == 1 && j.kind == "test.job"));
        assert!(
            outbox::claim(conn, "worker-c", &["test.job"], 10, Duration::minutes(5))
                .unwrap()
                .is_empty()
        );

        assert!(
            !outbox::mark_sent(conn, &a[0].id, "worker-b").unwrap(),
            "only the holder finishes"
        );
        assert!(outbox::mark_sent(conn, &a[0].id, "worker-a").unwrap());
        assert!(outbox::mark_failed(conn, &a[1].id, "worker-a", "550 no such user").unwrap());
        let later = treffpunkt::db::now() + Duration::minutes(10);
        assert!(outbox::retry_at(conn, &a[2].id, "worker-a", "421 try later", later).unwrap());
        assert_eq!(
            outbox::release(conn, "worker-b").unwrap(),
            2,
            "a graceful stop gives jobs back"
        );
        let again =
            outbox::claim(conn, "worker-c", &["test.job"], 10, Duration::minutes(5)).unwrap();
        assert_eq!(
            again.len(),
            2,
            "released jobs are due at once; sent, failed and later ones not"
        );
        assert!(
            again.iter().all(|j| j.attempts == 1),
            "a released claim was no attempt"
        );

        // A worker that dies: its lease runs out and another takes the job, counting the try.
        queue(conn, 1);
        let lost = outbox::claim(
            conn,
            "dead-worker",
            &["test.job"],
            1,
            Duration::milliseconds(1),
        )
        .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let taken =
            outbox::claim(conn, "worker-d", &["test.job"], 1, Duration::minutes(5)).unwrap();
        assert_eq!(taken[0].id, lost[0].id);
        assert_eq!(taken[0].attempts, 2);
        assert!(!outbox::mark_sent(conn, &lost[0].id, "dead-worker").unwrap());
    });
}

#[tokio::test]
async fn workers_claiming_at_once_never_share_a_job() {
    let app = TestApp::spawn().await;
    app.with_db(|conn| queue(conn, 600));
    let url = app.database.url.clone();
    let workers: Vec<_> = (0..3)
        .map(|n| {
            let url = treffpunkt::config::DatabaseUrl::parse(&url).unwrap();
            std::thread::spawn(move || {
                let db = treffpunkt::db::connect(&url, 1).unwrap();
                let mut conn = db.get().unwrap();
                let worker = format!("worker-{n}");
                let mut mine = Vec::new();
                loop {
                    let jobs =
                        outbox::claim(&mut conn, &worker, &["test.job"], 25, Duration::minutes(5))
                            .unwrap();
                    if jobs.is_empty() {
                        break mine;
                    }
                    for job in jobs {
                        assert!(outbox::mark_sent(&mut conn, &job.id, &worker).unwrap());
                        mine.push(job.id);
                    }
                }
            })
        })
        .collect();
    let mut all = Vec::new();
    for worker in workers {
        all.extend(worker.join().unwrap());
    }
    let distinct: HashSet<_> = all.iter().collect();
    assert_eq!(all.len(), 600, "every job once");
    assert_eq!(distinct.len(), 600, "none twice");
}
