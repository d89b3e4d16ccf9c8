//! What an attacker from outside tried, held against the running server.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::TestApp;

/// Sends `request` over a fresh connection and returns the status line.
async fn raw_status_line(address: &str, request: &str) -> String {
    let host = address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).await.expect("the server listens");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let mut buffer = [0_u8; 1024];
    // The status line arrives first; the server closes after a refused request or we stop
    // reading at the first line end.
    loop {
        let read = stream.read(&mut buffer).await.unwrap_or(0);
        if read == 0 {
            break;
        }
        answer.extend_from_slice(&buffer[..read]);
        if answer.windows(2).any(|w| w == b"\r\n") {
            break;
        }
    }
    let text = String::from_utf8_lossy(&answer);
    text.lines().next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn methods_http_does_not_define_are_refused_and_never_grow_the_metrics() {
    let app = TestApp::spawn().await;
    for n in 0..200 {
        // A different long method each time: each would have been a label of its own.
        let method = format!("X{n:04}{}", "Q".repeat(4000));
        let request =
            format!("{method} /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        let status = raw_status_line(&app.address, &request).await;
        assert!(status.contains(" 501"), "{n}: {status}");
    }
    // A method HTTP does define still works, and is counted.
    assert_eq!(app.get("/healthz", "en").await.status(), 200);

    let metrics = app.get("/metrics", "en").await;
    assert_eq!(metrics.status(), 200);
    let text = metrics.text().await.unwrap();
    assert!(!text.contains("QQQQ"), "a refused method became a label");
    assert!(
        text.contains(
            "treffpunkt_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"
        ),
        "{text}"
    );
    assert!(
        text.len() < 64 * 1024,
        "the scrape grew to {} bytes",
        text.len()
    );
}

#[tokio::test]
async fn head_answers_like_get_without_a_body() {
    let app = TestApp::spawn().await;
    for path in [
        "/",
        "/healthz",
        "/readyz",
        "/sign-in",
        "/assets/app.css",
        "/api/docs/",
        "/meetings/new",
    ] {
        let url = format!("{}{path}", app.address);
        let get = app.client.get(&url).send().await.unwrap();
        let get_status = get.status();
        let get_type = get.headers().get("content-type").cloned();
        let head = app.client.head(&url).send().await.unwrap();
        assert_eq!(head.status(), get_status, "HEAD {path}");
        assert_eq!(
            head.headers().get("content-type").cloned(),
            get_type,
            "HEAD {path}"
        );
        assert!(
            head.bytes().await.unwrap().is_empty(),
            "HEAD {path} sent a body"
        );
    }
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_folder_the_database_and_mail_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &std::path::Path| {
        std::fs::metadata(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .permissions()
            .mode()
            & 0o777
    };
    let parent = tempfile::tempdir().unwrap();
    let data_dir = parent.path().join("treffpunkt-data");
    let app = TestApp::spawn_with(&[
        ("TREFFPUNKT_DATA_DIR", data_dir.display().to_string()),
        ("TREFFPUNKT_MAIL_WORKER", "true".to_owned()),
        ("TREFFPUNKT_MAIL_POLL_SECONDS", "1".to_owned()),
    ])
    .await;
    assert_eq!(mode(&data_dir), 0o700, "the data folder");
    if !app.database.is_postgres() {
        assert_eq!(mode(std::path::Path::new(&app.database.url)), 0o600);
    }
    let alice = app.api_client("alice@city-a.test", false);
    alice.plan("Datenschutz", &["bob@city-b.test"]).await;
    let mail_dir = data_dir.join("mail");
    let mut written = Vec::new();
    for _ in 0..100 {
        written = std::fs::read_dir(&mail_dir)
            .map(|files| files.flatten().map(|f| f.path()).collect())
            .unwrap_or_default();
        if written.len() >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(!written.is_empty(), "no mail was written");
    assert_eq!(mode(&mail_dir), 0o700, "the mail folder");
    for file in &written {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
}

#[tokio::test]
async fn forwarded_addresses_count_only_as_a_trusted_proxy_reports_them() {
    let app = TestApp::spawn_with(&[
        // The tests' client plays the reverse proxy on this machine.
        ("TREFFPUNKT_TRUSTED_PROXIES", "127.0.0.1".to_owned()),
        ("TREFFPUNKT_JOIN_MAX_FAILURES_PER_IP", "3".to_owned()),
    ])
    .await;
    let guess = |n: usize, forwarded: String| {
        let client = app.client.clone();
        let url = format!("{}/j/{}", app.address, format!("G{n:03}").repeat(11));
        async move {
            client
                .get(url)
                .header("X-Forwarded-For", forwarded)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    // An attacker writes a new address into each request; the proxy appends the real one.
    for n in 0..3 {
        let spoofed = format!("203.0.113.{n}, 198.51.100.7");
        assert_eq!(guess(n, spoofed).await, 404, "guess {n}");
    }
    assert_eq!(
        guess(3, "203.0.113.99, 198.51.100.7".to_owned()).await,
        429,
        "the real address is blocked, whatever the client wrote"
    );
    assert_eq!(
        guess(4, "198.51.100.8".to_owned()).await,
        404,
        "another client behind the same proxy is not"
    );
    assert_eq!(
        guess(5, "not-an-address".to_owned()).await,
        404,
        "garbage is not an address: the proxy itself is the client"
    );

    // /metrics without a token: only straight from this machine, never because of a header.
    let metrics = |forwarded: Option<&'static str>| {
        let mut request = app.client.get(format!("{}/metrics", app.address));
        if let Some(value) = forwarded {
            request = request.header("X-Forwarded-For", value);
        }
        async move { request.send().await.unwrap().status() }
    };
    assert_eq!(metrics(None).await, 200);
    assert_eq!(metrics(Some("127.0.0.1")).await, 404);
    assert_eq!(metrics(Some("198.51.100.7")).await, 404);
}

#[tokio::test]
async fn parallel_wrong_passwords_get_no_more_checks_than_the_limit() {
    use diesel::prelude::*;
    use treffpunkt::db::schema::audit_events;

    let app = TestApp::spawn_with(&[("TREFFPUNKT_SIGN_IN_MAX_FAILURES", "5".to_owned())]).await;
    app.add_user("bea@city-b.test", "correct horse battery staple", false);
    let browser = app.browser();
    let token = browser.csrf_token("/").await;
    let mut attempts = tokio::task::JoinSet::new();
    for n in 0..50 {
        let client = browser.client.clone();
        let url = format!("{}/sign-in", browser.address);
        let token = token.clone();
        attempts.spawn(async move {
            let password = format!("wrong guess number {n}");
            client
                .post(url)
                .form(&[
                    ("csrf_token", token.as_str()),
                    ("email", "bea@city-b.test"),
                    ("password", password.as_str()),
                ])
                .send()
                .await
                .expect("the server answers")
                .status()
        });
    }
    let statuses = attempts.join_all().await;
    let refused = statuses.iter().filter(|s| s.as_u16() == 401).count();
    let blocked = statuses.iter().filter(|s| s.as_u16() == 429).count();
    assert_eq!(refused + blocked, 50, "{statuses:?}");
    assert!(
        refused <= 5,
        "{refused} passwords were checked, the limit is 5"
    );
    let checked: i64 = app.with_db(|conn| {
        audit_events::table
            .filter(audit_events::action.eq("sign_in_failed"))
            .count()
            .get_result(conn)
            .unwrap()
    });
    assert_eq!(checked as usize, refused, "each check is audited once");
}
