use crate::helpers::TestApp;

#[tokio::test]
async fn an_unknown_page_shows_a_friendly_404_page() {
    let app = TestApp::spawn().await;
    let response = app.get("/no/such/page", "en").await;
    assert_eq!(response.status(), 404);
    assert_eq!(
        response.headers()["content-type"],
        "text/html; charset=utf-8"
    );
    let html = response.text().await.unwrap();
    assert!(html.contains("We could not find this page"), "{html}");
    assert!(
        html.contains(r#"href="/?lang=en""#),
        "a way back home: {html}"
    );
}

#[tokio::test]
async fn the_404_page_is_translated() {
    let app = TestApp::spawn().await;
    let html = app.get("/no/such/page", "de").await.text().await.unwrap();
    assert!(html.contains("Diese Seite wurde nicht gefunden"), "{html}");
}

#[tokio::test]
async fn an_unknown_api_path_answers_with_the_json_error_shape() {
    let app = TestApp::spawn().await;
    let response = app.get("/api/v1/nothing-here", "en").await;
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("could not find")
    );
}

#[tokio::test]
async fn api_errors_follow_the_clients_language() {
    let app = TestApp::spawn().await;
    let body: serde_json::Value = app
        .get("/api/v1/nothing-here", "de")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("nicht gefunden"),
        "{body}"
    );
}
