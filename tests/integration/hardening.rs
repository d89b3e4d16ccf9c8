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
