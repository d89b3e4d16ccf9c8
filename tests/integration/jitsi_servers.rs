//! Jitsi servers from the administrator's side: added in the browser or on the command line,
//! secrets stored sealed and never shown again, RS256 tokens that verify with the public key.

use chrono::Utc;
use diesel::prelude::*;
use treffpunkt::db::schema::jitsi_servers;

use crate::cli::{stderr, stdout, treffpunkt, with_stdin};
use crate::helpers::{TestApp, TestDatabase};
use crate::join::{APP_ID, SECRET, app_with_jitsi, entered, join, link_of, plan_soon};
use crate::prosody::{self, Expected, ServerKey};

const PASSWORD: &str = "correct horse battery staple";
const PRIVATE_KEY: &str = include_str!("../fixtures/jitsi-test-rs256.pem");
const PUBLIC_KEY: &str = include_str!("../fixtures/jitsi-test-rs256.pub.pem");
const KID: &str = "vpaas-magic-cookie-1234/abcdef";

#[tokio::test]
async fn an_admin_adds_an_rsa_server_whose_tokens_verify_with_the_public_key() {
    let app = TestApp::spawn().await;
    app.add_user("admin@city-a.test", PASSWORD, true);
    let admin = app.signed_in("admin@city-a.test", PASSWORD).await;
    let added = admin
        .post_form(
            "/admin/servers",
            &[
                ("name", "8x8 JaaS"),
                ("base_url", "https://8x8.vc/vpaas-magic-cookie-1234"),
                ("token_mode", "rsa"),
                ("app_id", "chat"),
                ("key_id", KID),
                ("private_key", PRIVATE_KEY),
                ("moderator_claim", "both"),
                ("features", "recording, livestreaming=false"),
                ("token_margin_minutes", "15"),
            ],
        )
        .await;
    assert_eq!(added.status(), 303, "{}", added.text().await.unwrap());
    let list = admin.get("/admin/servers").await.text().await.unwrap();
    assert!(
        list.contains("8x8 JaaS") && list.contains("The server was added."),
        "{list}"
    );
    assert!(
        !list.contains("BEGIN RSA PRIVATE KEY"),
        "the key is never shown again"
    );

    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    let response = join(&app, &link_of(&meeting, "chair@example.org"), "Vorsitz").await;
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("https://8x8.vc/vpaas-magic-cookie-1234/"),
        "{location}"
    );
    let (room, jwt) = entered(&response);
    let expected = Expected {
        alg: "RS256",
        key: ServerKey::RsaPublicPem(PUBLIC_KEY),
        issuer: "chat",
        audience: "jitsi",
        subject: "vpaas-magic-cookie-1234",
        room: &room,
        kid: Some(KID),
    };
    let jwt = jwt.unwrap();
    let admitted = prosody::check(&jwt, &expected, Utc::now().timestamp()).unwrap();
    assert_eq!(admitted.header["kid"], KID);
    assert_eq!(admitted.claims["moderator"], true, "top level");
    assert_eq!(
        admitted.claims["context"]["user"]["moderator"], true,
        "and in context"
    );
    assert_eq!(
        admitted.claims["context"]["features"],
        serde_json::json!({"livestreaming": false, "recording": true})
    );
    let ends_at =
        chrono::DateTime::parse_from_rfc3339(meeting["ends_at"].as_str().unwrap()).unwrap();
    assert_eq!(
        admitted.claims["exp"].as_i64().unwrap(),
        ends_at.timestamp() + 60 * 60 + 15 * 60,
        "the end, the hour of grace for late joiners, the server's margin"
    );

    let guest = join(&app, &link_of(&meeting, "guest@example.org"), "Gast").await;
    let (_, jwt) = entered(&guest);
    let admitted = prosody::check(&jwt.unwrap(), &expected, Utc::now().timestamp()).unwrap();
    assert!(!admitted.is_moderator(), "{admitted:?}");
    let wrong_key = Expected {
        kid: Some("another/key"),
        ..expected
    };
    assert!(prosody::check(&jwt_of(&guest), &wrong_key, Utc::now().timestamp()).is_err());
}

fn jwt_of(response: &reqwest::Response) -> String {
    entered(response).1.unwrap()
}

#[tokio::test]
async fn the_secret_is_sealed_at_rest_and_never_shown_again() {
    let app = app_with_jitsi(&[]).await;
    let stored: Vec<Option<Vec<u8>>> = app.with_db(|conn| {
        jitsi_servers::table
            .select(jitsi_servers::secret_sealed)
            .load(conn)
            .unwrap()
    });
    let sealed = stored[0].clone().expect("the secret is stored");
    assert!(
        !sealed.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()),
        "stored encrypted"
    );

    app.add_user("admin@city-a.test", PASSWORD, true);
    let admin = app.signed_in("admin@city-a.test", PASSWORD).await;
    let id: String = app.with_db(|conn| {
        jitsi_servers::table
            .select(jitsi_servers::id)
            .first(conn)
            .unwrap()
    });
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    let mut seen = Vec::new();
    for path in [
        "/admin/servers".to_owned(),
        format!("/admin/servers/{id}"),
        "/admin/audit".to_owned(),
    ] {
        seen.push(admin.get(&path).await.text().await.unwrap());
    }
    seen.push(organizer.get("/api/v1/meetings").await.1.to_string());
    seen.push(
        app.browser()
            .get(&link_of(&meeting, "guest@example.org"))
            .await
            .text()
            .await
            .unwrap(),
    );
    for page in &seen {
        assert!(!page.contains(SECRET), "the secret shows: {page}");
    }
    assert!(
        seen[1].contains(APP_ID),
        "the edit form shows everything else"
    );

    // Saving the form with the secret left empty keeps it: tokens still verify with it.
    let saved = admin
        .post_form(
            &format!("/admin/servers/{id}"),
            &[
                ("name", "Stadt A"),
                ("base_url", "https://meet.city-a.test"),
                ("token_mode", "shared_secret"),
                ("algorithm", "HS256"),
                ("app_id", APP_ID),
                ("token_margin_minutes", "30"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
    let response = join(&app, &link_of(&meeting, "guest@example.org"), "Gast").await;
    let (room, jwt) = entered(&response);
    let expected = Expected {
        alg: "HS256",
        key: ServerKey::Secret(SECRET),
        issuer: APP_ID,
        audience: "jitsi",
        subject: "meet.city-a.test",
        room: &room,
        kid: None,
    };
    let admitted = prosody::check(&jwt.unwrap(), &expected, Utc::now().timestamp()).unwrap();
    let ends_at =
        chrono::DateTime::parse_from_rfc3339(meeting["ends_at"].as_str().unwrap()).unwrap();
    assert_eq!(
        admitted.claims["exp"].as_i64().unwrap(),
        ends_at.timestamp() + 60 * 60 + 30 * 60,
        "the changed margin applies at once"
    );
}

#[tokio::test]
async fn a_server_in_use_is_retired_not_removed_and_only_admins_manage_servers() {
    let app = app_with_jitsi(&[]).await;
    app.add_user("staff@city-a.test", PASSWORD, false);
    let staff = app.signed_in("staff@city-a.test", PASSWORD).await;
    assert_eq!(staff.get("/admin/servers").await.status(), 403);
    let forged = staff
        .post_form(
            "/admin/servers",
            &[("name", "Mine"), ("base_url", "https://x.test")],
        )
        .await;
    assert_eq!(forged.status(), 403);

    app.add_user("admin@city-a.test", PASSWORD, true);
    let admin = app.signed_in("admin@city-a.test", PASSWORD).await;
    let bad = admin
        .post_form(
            "/admin/servers",
            &[
                ("name", ""),
                ("base_url", "meet.example.org"),
                ("token_mode", "shared_secret"),
                ("secret", "short"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    for message in [
        "This field is required.",
        "such as https:&#x2F;&#x2F;meet.example.org",
        "Use at least 32 random characters",
    ] {
        assert!(html.contains(message), "{message}: {html}");
    }
    assert!(
        !html.contains("value=\"short\""),
        "a typed secret is not echoed"
    );

    let organizer = app.api_client("organizer@city-a.test", false);
    plan_soon(&organizer, 10).await;
    let id: String = app.with_db(|conn| {
        jitsi_servers::table
            .select(jitsi_servers::id)
            .first(conn)
            .unwrap()
    });
    let remove = admin
        .post_form(&format!("/admin/servers/{id}/remove"), &[])
        .await;
    assert_eq!(remove.status(), 409, "meetings use it");
    let retire = admin
        .post_form(&format!("/admin/servers/{id}/retire"), &[])
        .await;
    assert_eq!(retire.status(), 303);
    let (status, refused) = organizer
        .post(
            "/api/v1/meetings",
            serde_json::json!({"title": "Neu", "starts_at": crate::join::in_minutes(60),
                               "duration_minutes": 30, "server_id": id}),
        )
        .await;
    assert_eq!(
        status, 422,
        "a retired server takes no new meetings: {refused}"
    );
}

#[test]
fn the_command_line_adds_lists_and_retires_servers_without_showing_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path());
    let added = with_stdin(
        treffpunkt(dir.path(), Some(&database)).args([
            "server",
            "add",
            "--name",
            "Stadt B",
            "--url",
            "https://meet.city-b.test",
            "--token-mode",
            "shared-secret",
            "--app-id",
            "city-b",
            "--secret-file",
            "-",
        ]),
        &format!("{SECRET}\n"),
    );
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(stdout(&added).contains("Added Stadt B (https://meet.city-b.test), the default"));

    let short = with_stdin(
        treffpunkt(dir.path(), Some(&database)).args([
            "server",
            "add",
            "--name",
            "Kurz",
            "--url",
            "https://k.test",
            "--token-mode",
            "shared-secret",
            "--app-id",
            "k",
            "--secret-file",
            "-",
        ]),
        "short",
    );
    assert_eq!(short.status.code(), Some(1));
    assert!(
        stderr(&short).contains("--secret-file: Use at least 32 random characters"),
        "{}",
        stderr(&short)
    );

    let list = treffpunkt(dir.path(), Some(&database))
        .args(["server", "list"])
        .output()
        .unwrap();
    let listed = stdout(&list);
    assert!(
        listed.contains("Stadt B") && listed.contains("default"),
        "{listed}"
    );
    assert!(!listed.contains(SECRET));

    let removed = treffpunkt(dir.path(), Some(&database))
        .args(["server", "remove", "Stadt B"])
        .output()
        .unwrap();
    assert!(
        removed.status.success(),
        "an unused server can go: {}",
        stderr(&removed)
    );
    let unknown = treffpunkt(dir.path(), Some(&database))
        .args(["server", "retire", "Stadt B"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr(&unknown).contains("no Jitsi server has the name or id \"Stadt B\""));
}

#[tokio::test]
async fn a_server_that_jitsi_or_8x8_would_refuse_is_refused_with_reasons() {
    let app = TestApp::spawn().await;
    app.add_user("admin@city-a.test", PASSWORD, true);
    let admin = app.signed_in("admin@city-a.test", PASSWORD).await;
    let refused = admin
        .post_form(
            "/admin/servers",
            &[
                ("name", "JaaS, wrongly"),
                ("base_url", "https://8x8.vc/vpaas-magic-cookie-1234"),
                ("token_mode", "shared_secret"),
                ("algorithm", "HS512"),
                ("app_id", "chat"),
                ("secret", &"s".repeat(40)),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    for reason in [
        "accepts RS256 tokens only",
        "grants only the features a token names",
        "at least 64 random characters",
    ] {
        assert!(page.contains(reason), "{reason}: {page}");
    }
    let nested = admin
        .post_form(
            "/admin/servers",
            &[
                ("name", "Zu tief"),
                ("base_url", "https://meet.city-a.test/a/b"),
                ("token_mode", "none"),
            ],
        )
        .await;
    assert_eq!(nested.status(), 422);
    assert!(
        nested
            .text()
            .await
            .unwrap()
            .contains("Jitsi knows one tenant level")
    );
}
