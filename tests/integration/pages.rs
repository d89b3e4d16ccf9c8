use crate::helpers::TestApp;

#[tokio::test]
async fn the_start_page_speaks_the_browsers_language() {
    let app = TestApp::spawn().await;

    let german = app.get("/", "de-DE,de;q=0.9,en;q=0.8").await;
    assert_eq!(german.status(), 200);
    assert_eq!(german.headers()["content-type"], "text/html; charset=utf-8");
    let html = german.text().await.unwrap();
    assert!(html.contains(r#"<html lang="de">"#), "{html}");
    assert!(html.contains("Besprechen ohne Umwege"), "{html}");

    let english = app.get("/", "en-GB,en;q=0.9").await.text().await.unwrap();
    assert!(english.contains(r#"<html lang="en">"#));
    assert!(english.contains("Meet without the hassle"));
}

#[tokio::test]
async fn the_language_switch_overrides_the_browser() {
    let app = TestApp::spawn().await;
    let html = app.get("/?lang=en", "de").await.text().await.unwrap();
    assert!(html.contains(r#"<html lang="en">"#));
    // The switch offers the other language.
    assert!(html.contains(r#"name="lang" value="de""#), "{html}");
}

#[tokio::test]
async fn a_browser_without_a_supported_language_gets_german() {
    let app = TestApp::spawn().await;
    let html = app.get("/", "fr-FR,fr;q=0.9").await.text().await.unwrap();
    assert!(html.contains(r#"<html lang="de">"#));
}

#[tokio::test]
async fn every_answer_carries_security_headers_and_a_request_id() {
    let app = TestApp::spawn().await;
    for path in ["/", "/healthz", "/does-not-exist"] {
        let response = app.get(path, "en").await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        let request_id = headers["x-request-id"].to_str().unwrap();
        assert!(
            uuid::Uuid::parse_str(request_id).is_ok(),
            "{path}: {request_id}"
        );
    }
}

#[tokio::test]
async fn pages_load_no_scripts_or_styles_from_elsewhere() {
    let app = TestApp::spawn().await;
    let html = app.get("/", "en").await.text().await.unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "{html}"
    );
    assert!(!html.contains("<script"), "{html}");
    assert!(
        !html.contains("style="),
        "inline styles break the CSP: {html}"
    );
}
