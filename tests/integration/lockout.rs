//! Administrators disable accounts and people revoke tokens: both take effect at once.

use crate::helpers::{TestApp, token_shown_in};

const PASSWORD: &str = "correct horse battery staple";

async fn api_status(app: &TestApp, token: &str) -> u16 {
    app.client
        .get(format!("{}/api/v1/me", app.address))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn create_token(browser: &crate::helpers::Browser, name: &str) -> String {
    let html = browser
        .post_form("/settings/tokens", &[("name", name)])
        .await
        .text()
        .await
        .unwrap();
    token_shown_in(&html)
}

#[tokio::test]
async fn a_disabled_user_is_locked_out_of_pages_and_api_at_once() {
    let app = TestApp::spawn().await;
    app.add_user("admin@city-a.test", PASSWORD, true);
    let bea = app.add_user("bea@city-b.test", PASSWORD, false);
    let admin = app.signed_in("admin@city-a.test", PASSWORD).await;
    let bea_browser = app.signed_in("bea@city-b.test", PASSWORD).await;
    let token = create_token(&bea_browser, "script").await;
    assert_eq!(api_status(&app, &token).await, 200);

    // Staff cannot reach administration.
    assert_eq!(bea_browser.get("/admin/users").await.status(), 403);

    let disabled = admin
        .post_form(&format!("/admin/users/{}/disable", bea.id), &[])
        .await;
    assert_eq!(disabled.status(), 303);

    let page = bea_browser.get("/settings").await;
    assert_eq!(page.status(), 303, "the open session no longer works");
    assert_eq!(api_status(&app, &token).await, 401);
    let again = app
        .browser()
        .post_form(
            "/sign-in",
            &[("email", "bea@city-b.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(again.status(), 401);

    // Enabled again: the token works again, a new sign-in too.
    admin
        .post_form(&format!("/admin/users/{}/enable", bea.id), &[])
        .await;
    assert_eq!(api_status(&app, &token).await, 200);
    app.signed_in("bea@city-b.test", PASSWORD).await;

    // The audit log recorded it all.
    let audit = admin.get("/admin/audit").await.text().await.unwrap();
    for entry in [
        "Account disabled",
        "Account enabled",
        "Sign-in failed",
        "Signed in",
    ] {
        assert!(audit.contains(entry), "{entry}: {audit}");
    }
}

#[tokio::test]
async fn a_revoked_token_gets_401_and_other_tokens_keep_working() {
    let app = TestApp::spawn().await;
    app.add_user("bea@city-b.test", PASSWORD, false);
    let browser = app.signed_in("bea@city-b.test", PASSWORD).await;
    let first = create_token(&browser, "first").await;
    let second = create_token(&browser, "second").await;
    assert_ne!(first, second);

    let settings = browser.get("/settings").await.text().await.unwrap();
    let marker = "/revoke\"";
    let revoke_paths: Vec<&str> = settings
        .match_indices(marker)
        .map(|(end, _)| {
            let start = settings[..end].rfind("action=\"").unwrap() + "action=\"".len();
            &settings[start..end + "/revoke".len()]
        })
        .collect();
    assert_eq!(revoke_paths.len(), 2);
    // Newest first: the second token's form comes first.
    let revoked = browser.post_form(revoke_paths[0], &[]).await;
    assert_eq!(revoked.status(), 303);

    assert_eq!(api_status(&app, &second).await, 401);
    assert_eq!(api_status(&app, &first).await, 200);
    assert_eq!(api_status(&app, "tp_not-a-real-token").await, 401);
}

#[tokio::test]
async fn an_admin_cannot_lock_themselves_out() {
    let app = TestApp::spawn().await;
    let admin_user = app.add_user("admin@city-a.test", PASSWORD, true);
    let admin = app.signed_in("admin@city-a.test", PASSWORD).await;
    let refused = admin
        .post_form(&format!("/admin/users/{}/revoke-admin", admin_user.id), &[])
        .await;
    assert_eq!(refused.status(), 409);
    assert_eq!(admin.get("/admin/users").await.status(), 200);
}

#[tokio::test]
async fn an_admin_creates_an_account_that_can_sign_in() {
    let app = TestApp::spawn().await;
    app.add_user("admin@city-a.test", PASSWORD, true);
    let admin = app.signed_in("admin@city-a.test", PASSWORD).await;
    let created = admin
        .post_form(
            "/admin/users",
            &[
                ("email", "new@city-c.test"),
                ("display_name", "New Person"),
                ("password", PASSWORD),
                ("language", "de"),
                ("time_zone", "Europe/Berlin"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let duplicate = admin
        .post_form(
            "/admin/users",
            &[
                ("email", "NEW@city-c.test"),
                ("display_name", "Again"),
                ("language", "de"),
                ("time_zone", "Europe/Berlin"),
            ],
        )
        .await;
    assert_eq!(duplicate.status(), 409);
    assert!(duplicate.text().await.unwrap().contains("already exists"));
    let person = app.signed_in("new@city-c.test", PASSWORD).await;
    let home = person.get("/").await.text().await.unwrap();
    assert!(home.contains("Willkommen, New Person"), "{home}");
}
