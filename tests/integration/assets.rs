use crate::helpers::TestApp;

/// The stylesheet URL as the start page links it.
async fn stylesheet_url(app: &TestApp) -> String {
    let html = app.get("/", "en").await.text().await.unwrap();
    let start = html
        .find("/assets/app.css?v=")
        .or_else(|| html.find("&#x2F;assets&#x2F;app.css?v="))
        .unwrap();
    let rest = &html[start..];
    rest[..rest.find('"').unwrap()].replace("&#x2F;", "/")
}

#[tokio::test]
async fn the_stylesheet_is_served_and_cached_for_good_under_its_versioned_url() {
    let app = TestApp::spawn().await;
    let url = stylesheet_url(&app).await;
    let response = app.get(&url, "en").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/css; charset=utf-8"
    );
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(response.text().await.unwrap().contains(":focus-visible"));
}

#[tokio::test]
async fn an_unchanged_asset_is_not_sent_twice() {
    let app = TestApp::spawn().await;
    let first = app.get("/assets/app.css", "en").await;
    assert_eq!(first.headers()["cache-control"], "no-cache");
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let again = app
        .client
        .get(format!("{}/assets/app.css", app.address))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
}

#[tokio::test]
async fn an_unknown_asset_is_404() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/assets/../Cargo.toml", "en").await.status(), 404);
    assert_eq!(app.get("/assets/nothing.js", "en").await.status(), 404);
}
