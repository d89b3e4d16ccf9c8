//! Forms without this browser's CSRF token are refused and change nothing.

use crate::helpers::{TestApp, csrf_token_in};

const PASSWORD: &str = "correct horse battery staple";

#[tokio::test]
async fn a_form_without_or_with_a_wrong_token_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    app.add_user("bea@city-b.test", PASSWORD, false);
    let browser = app.signed_in("bea@city-b.test", PASSWORD).await;
    let profile = [
        ("display_name", "Mallory"),
        ("language", "en"),
        ("time_zone", "UTC"),
    ];

    let missing = browser.post_raw("/settings/profile", &profile).await;
    assert_eq!(missing.status(), 403);
    assert!(missing.text().await.unwrap().contains("reload the page"));

    let mut wrong = vec![("csrf_token", "forged-token-value")];
    wrong.extend_from_slice(&profile);
    assert_eq!(
        browser.post_raw("/settings/profile", &wrong).await.status(),
        403
    );

    // Another browser's valid token is no good here either.
    let other_token =
        csrf_token_in(&app.browser().get("/sign-in").await.text().await.unwrap()).unwrap();
    let mut foreign = vec![("csrf_token", other_token.as_str())];
    foreign.extend_from_slice(&profile);
    assert_eq!(
        browser
            .post_raw("/settings/profile", &foreign)
            .await
            .status(),
        403
    );

    let settings = browser.get("/settings").await.text().await.unwrap();
    assert!(!settings.contains("Mallory"), "nothing changed");

    // With the right token the same form works.
    let saved = browser.post_form("/settings/profile", &profile).await;
    assert_eq!(saved.status(), 303);
    assert!(
        browser
            .get("/settings")
            .await
            .text()
            .await
            .unwrap()
            .contains("Mallory")
    );
}

#[tokio::test]
async fn sign_in_and_sign_out_need_the_token_too() {
    let app = TestApp::spawn().await;
    app.add_user("bea@city-b.test", PASSWORD, false);
    let browser = app.browser();
    let forged = browser
        .post_raw(
            "/sign-in",
            &[("email", "bea@city-b.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(forged.status(), 403);

    let browser = app.signed_in("bea@city-b.test", PASSWORD).await;
    assert_eq!(browser.post_raw("/sign-out", &[]).await.status(), 403);
    assert_eq!(
        browser.get("/settings").await.status(),
        200,
        "still signed in"
    );
}

#[tokio::test]
async fn the_api_refuses_cookies_and_wants_a_token() {
    let app = TestApp::spawn().await;
    app.add_user("bea@city-b.test", PASSWORD, false);
    let browser = app.signed_in("bea@city-b.test", PASSWORD).await;
    let response = browser.get("/api/v1/me").await;
    assert_eq!(response.status(), 401);
    assert!(
        response.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer")
    );
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
}
