//! A user's own settings: profile, password, and the language remembered across pages.

use crate::helpers::TestApp;

const PASSWORD: &str = "correct horse battery staple";
const NEW_PASSWORD: &str = "a brand new sentence to remember";

#[tokio::test]
async fn a_password_change_needs_the_current_password_and_replaces_it() {
    let app = TestApp::spawn().await;
    app.add_user("bea@city-b.test", PASSWORD, false);
    let browser = app.signed_in("bea@city-b.test", PASSWORD).await;
    let other_device = app.signed_in("bea@city-b.test", PASSWORD).await;

    let wrong = browser
        .post_form(
            "/settings/password",
            &[
                ("current_password", "not it at all"),
                ("new_password", "short"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let html = wrong.text().await.unwrap();
    assert!(
        html.contains("This is not your current password."),
        "{html}"
    );
    assert!(html.contains("at least 12 characters"), "{html}");

    let changed = browser
        .post_form(
            "/settings/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(changed.status(), 303);
    assert!(
        browser
            .get("/settings")
            .await
            .text()
            .await
            .unwrap()
            .contains("Your password has been changed.")
    );
    // Whoever knew the old password is signed out everywhere else.
    assert_eq!(other_device.get("/settings").await.status(), 303);

    let old = app
        .browser()
        .post_form(
            "/sign-in",
            &[("email", "bea@city-b.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(old.status(), 401);
    app.signed_in("bea@city-b.test", NEW_PASSWORD).await;
}

#[tokio::test]
async fn the_profile_is_checked_and_saved() {
    let app = TestApp::spawn().await;
    app.add_user("bea@city-b.test", PASSWORD, false);
    let browser = app.signed_in("bea@city-b.test", PASSWORD).await;

    let refused = browser
        .post_form(
            "/settings/profile",
            &[
                ("display_name", ""),
                ("language", "fr"),
                ("time_zone", "Mars/Olympus"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    for message in [
        "This field is required.",
        "Choose de (Deutsch) or en (English).",
        "not a known time zone",
    ] {
        assert!(html.contains(message), "{message}: {html}");
    }
    assert!(
        html.contains(r#"value="Mars&#x2F;Olympus""#),
        "what was typed stays: {html}"
    );

    let saved = browser
        .post_form(
            "/settings/profile",
            &[
                ("display_name", "Bea Beispiel"),
                ("language", "de"),
                ("time_zone", "America/New_York"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let html = browser.get("/settings").await.text().await.unwrap();
    assert!(
        html.contains(r#"<html lang="de">"#),
        "the new language applies at once"
    );
    assert!(html.contains("Ihre Einstellungen wurden gespeichert."));
    assert!(html.contains(r#"value="Bea Beispiel""#));
    assert!(html.contains(r#"value="America&#x2F;New_York""#));
}

#[tokio::test]
async fn a_visitor_s_language_choice_is_remembered_across_pages() {
    let app = TestApp::spawn().await;
    let browser = app.browser();
    let german = browser.page_in("/sign-in", "de").await;
    assert!(german.contains(r#"<html lang="de">"#));
    let switched = browser
        .post_form("/language", &[("lang", "en"), ("next", "/sign-in")])
        .await;
    assert_eq!(switched.status(), 303);
    let english = browser.page_in("/", "de").await;
    assert!(english.contains(r#"<html lang="en">"#), "{english}");
}

#[tokio::test]
async fn the_default_language_is_configurable() {
    let app = TestApp::spawn_with(&[("TREFFPUNKT_DEFAULT_LOCALE", "en".to_owned())]).await;
    let html = app.get("/", "fr").await.text().await.unwrap();
    assert!(html.contains(r#"<html lang="en">"#));
}

#[tokio::test]
async fn guessing_the_current_password_meets_the_sign_in_limit_and_is_audited() {
    use diesel::prelude::*;
    use treffpunkt::db::schema::audit_events;

    let app = TestApp::spawn_with(&[("TREFFPUNKT_SIGN_IN_MAX_FAILURES", "3".to_owned())]).await;
    app.add_user("bea@city-b.test", PASSWORD, false);
    // Someone with Bea's session (a computer left unlocked) tries passwords.
    let stolen = app.signed_in("bea@city-b.test", PASSWORD).await;
    for n in 0..3 {
        let guess = format!("guess number {n} is long enough");
        let wrong = stolen
            .post_form(
                "/settings/password",
                &[
                    ("current_password", guess.as_str()),
                    ("new_password", NEW_PASSWORD),
                ],
            )
            .await;
        assert_eq!(wrong.status(), 422, "guess {n}");
    }
    let blocked = stolen
        .post_form(
            "/settings/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(blocked.status(), 429, "even the right one waits now");
    let audited: i64 = app.with_db(|conn| {
        audit_events::table
            .filter(audit_events::action.eq("password_check_failed"))
            .count()
            .get_result(conn)
            .unwrap()
    });
    assert_eq!(audited, 3);
    app.add_user("admin@city-b.test", PASSWORD, true);
    let admin = app.signed_in("admin@city-b.test", PASSWORD).await;
    let log = admin.get("/admin/audit").await.text().await.unwrap();
    assert!(
        log.contains("Wrong current password when changing it"),
        "{log}"
    );
}

#[tokio::test]
async fn a_password_change_can_revoke_every_api_token_too() {
    let app = TestApp::spawn().await;
    let api = app.api_client("bea@city-b.test", false);
    assert_eq!(api.get("/api/v1/me").await.0, 200);
    let browser = app
        .signed_in("bea@city-b.test", "correct horse battery staple")
        .await;
    let changed = browser
        .post_form(
            "/settings/password",
            &[
                ("current_password", "correct horse battery staple"),
                ("new_password", NEW_PASSWORD),
                ("revoke_tokens", "on"),
            ],
        )
        .await;
    assert_eq!(changed.status(), 303);
    assert_eq!(api.get("/api/v1/me").await.0, 401, "the token was revoked");
    assert_eq!(
        browser.get("/settings").await.status(),
        200,
        "this browser stays"
    );
}
