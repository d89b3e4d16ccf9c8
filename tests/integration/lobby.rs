//! The waiting room: with the lobby on, participants wait on the join page until a moderator
//! lets them in, and only then get a room token; moderators never wait.

use std::time::Duration;

use chrono::Utc;
use serde_json::{Value, json};

use crate::api_client::ApiClient;
use crate::helpers::{Browser, csrf_token_in};
use crate::join::{app_with_jitsi, entered, hs256, in_minutes, link_of};
use crate::prosody;

const PASSWORD: &str = "correct horse battery staple";

/// A meeting with the lobby on, open now, with a participant and a moderator.
async fn meeting_with_lobby(organizer: &ApiClient) -> Value {
    let (status, meeting) = organizer
        .post(
            "/api/v1/meetings",
            json!({
                "title": "Bürgersprechstunde",
                "starts_at": in_minutes(5),
                "duration_minutes": 60,
                "lobby": true,
                "participants": [
                    {"email": "guest@example.org", "name": "Gast"},
                    {"email": "chair@example.org", "role": "moderator"},
                ],
            }),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    meeting
}

fn id_of(meeting: &Value, email: &str) -> String {
    meeting["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == email)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn path_of(link: &str) -> String {
    reqwest::Url::parse(link).unwrap().path().to_owned()
}

/// Opens the link, types `name`, presses *Join*: the answer.
async fn press_join(browser: &Browser, link: &str, name: &str) -> reqwest::Response {
    let page = browser.get(link).await.text().await.unwrap();
    let csrf = csrf_token_in(&page).expect("a join form");
    browser
        .post_raw(link, &[("csrf_token", &csrf), ("name", name)])
        .await
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn participants_wait_until_a_moderator_lets_them_in_and_moderators_never_wait() {
    let app = app_with_jitsi(&[]).await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = meeting_with_lobby(&organizer).await;
    let id = meeting["id"].as_str().unwrap().to_owned();
    let guest_link = path_of(&link_of(&meeting, "guest@example.org"));

    // The moderator goes straight in.
    let chair = press_join(
        &app.browser(),
        &link_of(&meeting, "chair@example.org"),
        "Vorsitz",
    )
    .await;
    entered(&chair);

    // The participant is sent to the waiting page, which holds no token.
    let guest = app.browser();
    let asked = press_join(&guest, &guest_link, "Gast aus Rastatt").await;
    assert_eq!(asked.status(), 303);
    assert_eq!(location(&asked), format!("{guest_link}/wait"));
    let waiting = guest.get(&format!("{guest_link}/wait")).await;
    assert_eq!(waiting.status(), 200);
    let html = waiting.text().await.unwrap();
    assert!(
        html.contains(r#"<noscript><meta http-equiv="refresh" content="3"></noscript>"#),
        "reloads without script"
    );
    assert!(
        html.contains("The moderator will let you in shortly"),
        "{html}"
    );
    assert!(!html.contains("jwt="), "no token while waiting");
    let again = press_join(&guest, &guest_link, "Gast aus Rastatt").await;
    assert_eq!(
        location(&again),
        format!("{guest_link}/wait"),
        "asking twice still waits"
    );

    // The organizer sees who waits, on the compact page and on the meeting page.
    let organizer_browser = app.signed_in("organizer@city-a.test", PASSWORD).await;
    let lobby = organizer_browser
        .get(&format!("/meetings/{id}/lobby"))
        .await
        .text()
        .await
        .unwrap();
    assert!(lobby.contains("Gast aus Rastatt"), "{lobby}");
    let meeting_page = organizer_browser
        .get(&format!("/meetings/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(meeting_page.contains("Gast aus Rastatt"));

    // The waiting page's question is held open and answered when the organizer decides.
    let asking = app.client.clone();
    let state_url = format!("{}{guest_link}/wait/state", app.address);
    let answer = tokio::spawn(async move {
        asking
            .get(state_url)
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!answer.is_finished(), "held open while waiting");
    let admitted = organizer_browser
        .post_form(
            &format!("/meetings/{id}/lobby/admit"),
            &[
                ("participant_id", &id_of(&meeting, "guest@example.org")),
                ("back", "lobby"),
            ],
        )
        .await;
    assert_eq!(admitted.status(), 303);
    let answer = tokio::time::timeout(Duration::from_secs(10), answer)
        .await
        .expect("woken by the decision, not by the 20 s hold running out")
        .unwrap();
    assert_eq!(answer["state"], "admitted");

    // Now the waiting page leads into the room, with a token for the name typed.
    let inside = guest.get(&format!("{guest_link}/wait")).await;
    let (room, jwt) = entered(&inside);
    let admitted = prosody::check(&jwt.unwrap(), &hs256(&room), Utc::now().timestamp()).unwrap();
    assert_eq!(
        admitted.claims["context"]["user"]["name"],
        "Gast aus Rastatt"
    );
    assert!(!admitted.is_moderator());
    let later = press_join(&app.browser(), &guest_link, "Gast").await;
    entered(&later);
}

#[tokio::test]
async fn a_declined_participant_is_told_and_only_moderators_decide() {
    let app = app_with_jitsi(&[]).await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = meeting_with_lobby(&organizer).await;
    let id = meeting["id"].as_str().unwrap().to_owned();
    let guest_link = path_of(&link_of(&meeting, "guest@example.org"));
    let guest = app.browser();
    assert_eq!(press_join(&guest, &guest_link, "Gast").await.status(), 303);

    // Someone who does not moderate the meeting sees nothing and decides nothing.
    app.add_user("eve@city-b.test", PASSWORD, false);
    let eve = app.signed_in("eve@city-b.test", PASSWORD).await;
    assert_eq!(
        eve.get(&format!("/meetings/{id}/lobby")).await.status(),
        404
    );
    let refused = eve
        .post_form(&format!("/meetings/{id}/lobby/admit"), &[("back", "lobby")])
        .await;
    assert_eq!(refused.status(), 404);
    assert_eq!(
        app.client
            .get(format!("{}{guest_link}/wait", app.address))
            .send()
            .await
            .unwrap()
            .status(),
        200,
        "still waiting"
    );

    // Everyone waiting is declined at once: the page says so, and joining again changes nothing.
    let organizer_browser = app.signed_in("organizer@city-a.test", PASSWORD).await;
    let declined = organizer_browser
        .post_form(
            &format!("/meetings/{id}/lobby/decline"),
            &[("back", "meeting")],
        )
        .await;
    assert_eq!(declined.status(), 303);
    let page = guest.get(&format!("{guest_link}/wait")).await;
    assert_eq!(page.status(), 403);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("did not let you into this meeting")
    );
    let again = press_join(&guest, &guest_link, "Gast").await;
    assert_eq!(again.status(), 403);
    assert!(
        again.headers().get("location").is_none(),
        "no way into the room"
    );
}

#[tokio::test]
async fn a_decision_on_one_instance_wakes_a_waiting_page_on_another() {
    let app = app_with_jitsi(&[]).await;
    if !app.database.is_postgres() {
        // SQLite runs one instance; PostgreSQL's NOTIFY is what instances share.
        return;
    }
    let second = app.another_instance().await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = meeting_with_lobby(&organizer).await;
    let id = meeting["id"].as_str().unwrap().to_owned();
    let guest_link = path_of(&link_of(&meeting, "guest@example.org"));
    assert_eq!(
        press_join(&Browser::at(&second), &guest_link, "Gast")
            .await
            .status(),
        303
    );
    let state_url = format!("{second}{guest_link}/wait/state");
    let asking = app.client.clone();
    let answer = tokio::spawn(async move {
        asking
            .get(state_url)
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let organizer_browser = app.signed_in("organizer@city-a.test", PASSWORD).await;
    organizer_browser
        .post_form(&format!("/meetings/{id}/lobby/admit"), &[("back", "lobby")])
        .await;
    let answer = tokio::time::timeout(Duration::from_secs(10), answer)
        .await
        .expect("the other instance heard the decision")
        .unwrap();
    assert_eq!(answer["state"], "admitted");
}

#[tokio::test]
async fn a_server_set_for_the_lobby_plugins_gets_their_claims_in_every_token() {
    use diesel::prelude::*;
    use treffpunkt::db::schema::jitsi_servers;

    let app = app_with_jitsi(&[]).await;
    let admin = app.api_client("admin@city-a.test", true);
    let server_id: String = app.with_db(|conn| {
        jitsi_servers::table
            .select(jitsi_servers::id)
            .first(conn)
            .unwrap()
    });
    let browser = app.signed_in("admin@city-a.test", PASSWORD).await;
    let saved = browser
        .post_form(
            &format!("/admin/servers/{server_id}"),
            &[
                ("name", "Stadt A"),
                ("base_url", "https://meet.city-a.test"),
                ("token_mode", "shared_secret"),
                ("algorithm", "HS256"),
                ("app_id", crate::join::APP_ID),
                ("token_margin_minutes", "60"),
                ("lobby_claims", "on"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
    let form = browser
        .get(&format!("/admin/servers/{server_id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(form.contains(r#"name="lobby_claims" checked"#), "{form}");

    let meeting = meeting_with_lobby(&admin).await;
    let chair = press_join(
        &app.browser(),
        &link_of(&meeting, "chair@example.org"),
        "Vorsitz",
    )
    .await;
    let (room, jwt) = entered(&chair);
    let claims = prosody::check(&jwt.unwrap(), &hs256(&room), Utc::now().timestamp())
        .unwrap()
        .claims;
    assert_eq!(claims["context"]["room"]["lobby_autostart"], true);
    assert_eq!(claims["context"]["user"]["lobby_bypass"], true);
}
