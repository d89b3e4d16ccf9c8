//! The newcomer's path: setup link → first administrator → language → API token → API call.

use diesel::prelude::*;
use serde_json::Value;

use crate::helpers::{TestApp, token_shown_in};

const PASSWORD: &str = "a long and quiet river";

#[tokio::test]
async fn a_newcomer_sets_up_the_first_admin_switches_language_and_calls_the_api() {
    let app = TestApp::spawn().await;
    let setup_url = app
        .setup_url
        .clone()
        .expect("no accounts yet, so a setup link");
    let setup_path = setup_url.strip_prefix(&app.address).unwrap().to_owned();
    let browser = app.browser();

    let page = browser.get(&setup_path).await;
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Create the first administrator")
    );

    // A refused form keeps what was typed and says what is wrong.
    let refused = browser
        .post_form(
            &setup_path,
            &[
                ("email", "ada@city-a.test"),
                ("display_name", "Ada Admin"),
                ("password", "short"),
                ("password_confirmation", "different"),
                ("language", "de"),
                ("time_zone", "Europe/Berlin"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("Bitte verwenden Sie mindestens 12 Zeichen") || html.contains("at least 12"),
        "{html}"
    );
    assert!(html.contains(r#"value="ada@city-a.test""#), "{html}");

    let created = browser
        .post_form(
            &setup_path,
            &[
                ("email", "Ada@City-A.test"),
                ("display_name", "Ada Admin"),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
                ("language", "de"),
                ("time_zone", "Europe/Berlin"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    assert_eq!(created.headers()["location"], "/");

    // Signed in at once, in the language the admin chose.
    let home = browser.get("/").await.text().await.unwrap();
    assert!(home.contains("Willkommen, Ada Admin"), "{home}");
    assert!(home.contains(r#"<html lang="de">"#));

    // The link is spent.
    assert_eq!(app.browser().get(&setup_path).await.status(), 404);

    // The stored password is an argon2id hash with OWASP's parameters, never the password.
    let hash: Option<String> = app.with_db(|conn| {
        treffpunkt::db::schema::users::table
            .select(treffpunkt::db::schema::users::password_hash)
            .first(conn)
            .unwrap()
    });
    let hash = hash.unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );

    // Switching the language is remembered in the account.
    let switched = browser
        .post_form(
            "/language",
            &[("lang", "en"), ("next", "/settings?lang=de")],
        )
        .await;
    assert_eq!(switched.status(), 303);
    assert_eq!(switched.headers()["location"], "/settings");
    let settings = browser.get("/settings").await.text().await.unwrap();
    assert!(settings.contains(r#"<html lang="en">"#), "{settings}");
    let again = app.signed_in("ada@city-a.test", PASSWORD).await;
    let home = again.get("/").await.text().await.unwrap();
    assert!(home.contains("Welcome, Ada Admin"), "{home}");

    // An API token, shown once, works as a bearer token.
    let created = browser
        .post_form("/settings/tokens", &[("name", "calendar sync")])
        .await;
    assert_eq!(created.status(), 201);
    assert_eq!(created.headers()["cache-control"], "no-store");
    let html = created.text().await.unwrap();
    let token = &token_shown_in(&html);

    let me = app
        .client
        .get(format!("{}/api/v1/me", app.address))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["email"], "ada@city-a.test");
    assert_eq!(me["is_admin"], true);

    // The list shows the token's last use, never the token itself.
    let settings = browser.get("/settings").await.text().await.unwrap();
    assert!(settings.contains("calendar sync"));
    assert!(!settings.contains(token));
    assert!(
        !settings.contains(">never<"),
        "the use was recorded: {settings}"
    );
}

#[tokio::test]
async fn no_setup_link_once_an_account_exists() {
    let app = TestApp::spawn().await;
    app.add_user("first@city-a.test", PASSWORD, true);
    let path = app
        .setup_url
        .as_ref()
        .unwrap()
        .strip_prefix(&app.address)
        .unwrap()
        .to_owned();
    assert_eq!(app.browser().get(&path).await.status(), 404);
    assert_eq!(
        app.browser().get("/setup/guessed-token").await.status(),
        404
    );
}
