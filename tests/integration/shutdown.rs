//! SIGTERM to `treffpunkt serve`: a request already being received is answered, new
//! connections are refused, the mail worker gives back what it holds, the process exits 0.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::cli::{free_port, http_get, stdout, treffpunkt, with_stdin};
use crate::helpers::TestDatabase;

#[test]
fn sigterm_lets_the_request_in_flight_finish_and_the_worker_give_back_its_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path());
    let db = database.is_postgres().then_some(&database);
    let output = with_stdin(
        treffpunkt(dir.path(), db).args([
            "user",
            "add",
            "--email",
            "ada@city-a.test",
            "--name",
            "Ada",
            "--password-stdin",
        ]),
        "correct horse battery staple\n",
    );
    assert!(output.status.success());
    let output = treffpunkt(dir.path(), db)
        .args(["token", "create", "--email", "ada@city-a.test"])
        .output()
        .unwrap();
    let token = stdout(&output).trim().to_owned();

    let port = free_port();
    let mut server = treffpunkt(dir.path(), db)
        .env("TREFFPUNKT_BIND", format!("127.0.0.1:{port}"))
        .env("TREFFPUNKT_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while http_get(port, "/readyz") != Some(200) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // A request whose body is still arriving when the signal comes.
    let tomorrow = chrono::Utc::now().date_naive() + chrono::TimeDelta::days(1);
    let body = format!(
        r#"{{"title":"Kurz vor Schluss","starts_at":"{tomorrow}T09:00:00Z","duration_minutes":30,"participants":[{{"email":"bob@city-b.test"}}]}}"#
    );
    let (first, rest) = body.split_at(20);
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "POST /api/v1/meetings HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{first}",
        body.len()
    )
    .unwrap();
    stream.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let signalled = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(signalled.success());
    std::thread::sleep(Duration::from_millis(500));
    // The listener is closed: nobody new gets in.
    assert_eq!(
        http_get(port, "/healthz"),
        None,
        "new connections are refused"
    );
    stream.write_all(rest.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();

    let status = server.wait().unwrap();
    let mut log = String::new();
    server
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 201"),
        "the request in flight is answered: {answer}"
    );
    assert!(status.success(), "exit after SIGTERM: {status:?}\n{log}");
    assert!(log.contains("mail worker stopped"), "{log}");

    // Its mail went out or waits, but no stopped worker holds it.
    use diesel::prelude::*;
    use treffpunkt::db::schema::outbox_jobs;
    let url = treffpunkt::config::DatabaseUrl::parse(&if database.is_postgres() {
        database.url.clone()
    } else {
        dir.path().join("data/treffpunkt.db").display().to_string()
    })
    .unwrap();
    let (pool, _) = treffpunkt::db::open(&url, 1, treffpunkt::db::Migrate::Skip).unwrap();
    let mut conn = pool.get().unwrap();
    let jobs: Vec<(String, Option<String>)> = outbox_jobs::table
        .select((outbox_jobs::state, outbox_jobs::locked_by))
        .load(&mut conn)
        .unwrap();
    assert_eq!(jobs.len(), 2, "invitation and organizer copy: {jobs:?}");
    assert!(jobs.iter().all(|(_, holder)| holder.is_none()), "{jobs:?}");
}
