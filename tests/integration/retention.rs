//! Data protection: what ended long ago is deleted by the retention job — meetings with their
//! people, links and mails, polls, mails' payloads, audit addresses and entries — in batches,
//! by hand (`treffpunkt retention run [--dry-run]`) and once a day in the worker. The clock is
//! moved by moving the rows into the past. Both backends.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde_json::{Value, json};
use treffpunkt::db::schema::{audit_events, meetings, outbox_jobs, participants};

use crate::api_client::tomorrow_at;
use crate::helpers::TestApp;
use crate::join::link_of;

/// `days` ago at 09:00 UTC, as stored.
fn days_ago(days: i64) -> String {
    (chrono::Utc::now().date_naive() - chrono::TimeDelta::days(days))
        .and_hms_opt(9, 0, 0)
        .unwrap()
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// Moves a meeting (and its participants' copy of its times) to start `days` ago, one hour.
fn move_meeting(app: &TestApp, meeting: &Value, days: i64) {
    let id = meeting["id"].as_str().unwrap();
    let start = days_ago(days);
    let end = format!("{}10{}", &start[..11], &start[13..]);
    app.with_db(|conn| {
        conn.batch_execute(&format!(
            "UPDATE meetings SET starts_at = '{start}', ends_at = '{end}' WHERE id = '{id}';
             UPDATE participants SET meeting_starts_at = '{start}', meeting_ends_at = '{end}'
             WHERE meeting_id = '{id}';"
        ))
        .unwrap();
    });
}

fn titles(app: &TestApp) -> Vec<String> {
    app.with_db(|conn| {
        meetings::table
            .order(meetings::title)
            .select(meetings::title)
            .load(conn)
            .unwrap()
    })
}

fn retention(app: &TestApp, args: &[&str]) -> String {
    let output = app
        .command()
        .args(["retention", "run"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn payload_of(app: &TestApp, email: &str) -> Option<String> {
    app.with_db(|conn| {
        outbox_jobs::table
            .inner_join(
                participants::table.on(outbox_jobs::subject_id.eq(participants::id.nullable())),
            )
            .filter(participants::email.eq(email))
            .select(outbox_jobs::payload)
            .first(conn)
            .optional()
            .unwrap()
    })
}

#[tokio::test]
async fn what_ended_long_ago_is_forgotten_and_what_is_still_needed_stays() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let old = alice.plan("Alt", &["bob@example.org"]).await;
    let recent = alice.plan("Neu", &["carol@example.org"]).await;
    let series = alice
        .plan_weekly("Reihe vorbei", "09:00", 60, 3, &["dan@example.org"])
        .await;
    let (status, endless) = alice
        .post(
            "/api/v1/meetings",
            json!({"title": "Jour fixe", "starts_at": tomorrow_at("08:00"), "duration_minutes": 30,
                   "timezone": "Europe/Berlin", "recurrence": {"frequency": "weekly"},
                   "participants": [{"email": "erin@example.org"}]}),
        )
        .await;
    assert_eq!(status, 201, "{endless}");
    let bobs_link = link_of(&old, "bob@example.org");
    // Two polls never closed: one whose times passed 100 days ago, one still ahead.
    let mut polls = Vec::new();
    for title in ["Umfrage alt", "Umfrage neu"] {
        let (status, poll) = alice
            .post(
                "/api/v1/polls",
                json!({"title": title, "timezone": "Europe/Berlin",
                       "proposals": [{"starts_at": tomorrow_at("09:00"), "duration_minutes": 60},
                                     {"starts_at": tomorrow_at("11:00"), "duration_minutes": 60}],
                       "participants": [{"email": "frank@example.org"}]}),
            )
            .await;
        assert_eq!(status, 201, "{poll}");
        polls.push(poll["id"].as_str().unwrap().to_owned());
    }
    app.with_db(|conn| {
        use treffpunkt::db::schema::poll_proposals;
        let ids: Vec<String> = poll_proposals::table
            .filter(poll_proposals::poll_id.eq(&polls[0]))
            .select(poll_proposals::id)
            .load(conn)
            .unwrap();
        assert_eq!(ids.len(), 2);
        for (id, days) in ids.iter().zip([101, 100]) {
            let start = days_ago(days);
            let end = start.replace(" 09:", " 10:");
            conn.batch_execute(&format!(
                "UPDATE poll_proposals SET starts_at = '{start}', ends_at = '{end}' WHERE id = '{id}'"
            ))
            .unwrap();
        }
    });
    // Alt ended 100 days ago, Neu 10; the three-week series began 130 days ago (its last date
    // 116 days ago); the weekly Jour fixe began 200 days ago and has no end.
    move_meeting(&app, &old, 100);
    move_meeting(&app, &recent, 10);
    move_meeting(&app, &series, 130);
    move_meeting(&app, &endless, 200);
    // Every mail went out 20 days ago; one audit entry is 8 days old, one 400.
    let (sent, week, year, yesterday) = (days_ago(20), days_ago(8), days_ago(400), days_ago(1));
    app.with_db(|conn| {
        conn.batch_execute(&format!(
            "UPDATE outbox_jobs SET state = 'sent', finished_at = '{sent}';
             INSERT INTO audit_events (id, occurred_at, action, ip) VALUES
               ('00000000-0000-7000-8000-000000000001', '{year}', 'signed_in', '192.0.2.1'),
               ('00000000-0000-7000-8000-000000000002', '{week}', 'signed_in', '2001:db8:1:2::7'),
               ('ffffffff-0000-7000-8000-000000000003', '{yesterday}', 'signed_in', '198.51.100.5');"
        ))
        .unwrap();
    });
    let before = titles(&app);

    // A dry run says what would go and changes nothing.
    let dry = retention(&app, &["--dry-run"]);
    assert!(dry.contains("meetings         would remove 2"), "{dry}");
    assert!(dry.contains("audit_entries    would remove 1"), "{dry}");
    assert_eq!(titles(&app), before);

    let done = retention(&app, &[]);
    assert!(done.contains("meetings         removed 2 (and "), "{done}");
    assert_eq!(titles(&app), ["Jour fixe", "Neu"]);
    assert!(done.contains("polls            removed 1 (and "), "{done}");
    let left: Vec<String> = app.with_db(|conn| {
        treffpunkt::db::schema::polls::table
            .select(treffpunkt::db::schema::polls::title)
            .load(conn)
            .unwrap()
    });
    assert_eq!(left, ["Umfrage neu"]);
    // Bob's and Dan's invitations and links are gone with their meetings.
    assert_eq!(payload_of(&app, "bob@example.org"), None);
    assert_eq!(payload_of(&app, "dan@example.org"), None);
    assert_eq!(app.browser().get(&bobs_link).await.status(), 404);
    // Carol's mail stays, without the names and addresses it carried.
    assert_eq!(payload_of(&app, "carol@example.org").as_deref(), Some("{}"));
    // The week-old address keeps only its network; the year-old entry is gone; today's stays.
    let addresses: Vec<Option<String>> = app.with_db(|conn| {
        audit_events::table
            .filter(audit_events::action.eq("signed_in"))
            .order(audit_events::id)
            .select(audit_events::ip)
            .load(conn)
            .unwrap()
    });
    assert_eq!(
        addresses,
        [
            Some("2001:db8:1::/48".to_owned()),
            Some("198.51.100.5".to_owned())
        ]
    );

    // A second run finds nothing left to do.
    let again: Value = serde_json::from_str(&retention(&app, &["--json"])).unwrap();
    assert!(
        again["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|step| step["rows"] == 0 && step["jobs"] == 0),
        "{again}"
    );
}

#[tokio::test]
async fn the_worker_runs_the_job_once_a_day() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let old = alice.plan("Alt", &["bob@example.org"]).await;
    move_meeting(&app, &old, 100);
    // A worker starting now claims today's run and does it.
    let worker = TestApp::spawn_with(&[
        ("DATABASE_URL", app.database.url.clone()),
        ("TREFFPUNKT_MAIL_WORKER", "true".to_owned()),
        ("TREFFPUNKT_RETENTION_DAYS", "30".to_owned()),
    ])
    .await;
    // Up to 30 s: under the whole suite on two cores, the worker's start and its first run
    // (SQLite shared with the first server) can take more than a few seconds.
    let mut gone = false;
    for _ in 0..300 {
        if titles(&app).is_empty() {
            gone = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(gone, "the worker did not run the retention job");
    let metrics = worker.get("/metrics", "en").await.text().await.unwrap();
    assert!(
        metrics.contains("treffpunkt_retention_runs_total 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"treffpunkt_retention_rows_total{step="meetings"} 1"#),
        "{metrics}"
    );
    // Another worker the same day does not run it again.
    let claimed: i64 = app.with_db(|conn| {
        treffpunkt::db::schema::maintenance_runs::table
            .count()
            .get_result(conn)
            .unwrap()
    });
    assert_eq!(claimed, 1);
    let second = TestApp::spawn_with(&[
        ("DATABASE_URL", app.database.url.clone()),
        ("TREFFPUNKT_MAIL_WORKER", "true".to_owned()),
    ])
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let metrics = second.get("/metrics", "en").await.text().await.unwrap();
    assert!(
        !metrics.contains("treffpunkt_retention_runs_total 1"),
        "{metrics}"
    );
}
