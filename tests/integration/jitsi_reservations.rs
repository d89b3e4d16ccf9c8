//! Jitsi's reservation hook as `mod_reservations` calls it (jitsi-meet
//! resources/prosody-plugins/mod_reservations.lua and the handbook's reservation.md): a form
//! POST before a room is created, GET after a 409, DELETE when the room goes.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::jitsi_hooks::{RESERVATIONS_TOKEN, app_with_hooks, move_meeting};
use crate::join::plan_soon;

/// `POST {prefix}/conference` with the form fields the module sends.
async fn reserve(app: &TestApp, room: &str, token: &str) -> (u16, Value) {
    let now = Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    let response = app
        .client
        .post(format!("{}/jitsi/reservations/conference", app.address))
        .header("Authorization", format!("Bearer {token}"))
        .form(&[
            ("name", room),
            ("start_time", now.as_str()),
            (
                "mail_owner",
                "c0ffee11-2222-3333-4444-555566667777@meet.city-a.test",
            ),
        ])
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn call(app: &TestApp, method: reqwest::Method, id: &Value) -> (u16, Value) {
    let response = app
        .client
        .request(
            method,
            format!("{}/jitsi/reservations/conference/{id}", app.address),
        )
        .header("Authorization", format!("Bearer {RESERVATIONS_TOKEN}"))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn instant(value: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(value.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

#[tokio::test]
async fn a_planned_room_opens_in_its_window_and_jitsi_closes_it_after_the_grace() {
    let app = app_with_hooks("refuse-unplanned", &[]).await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    let id = meeting["id"].as_str().unwrap();
    let room = meeting["room"].as_str().unwrap();

    let (status, body) = reserve(&app, room, RESERVATIONS_TOKEN).await;
    assert_eq!(status, 200, "{body}");
    // Every field the module requires, and nothing it would misread.
    let fields: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        fields,
        ["duration", "id", "mail_owner", "name", "start_time"],
        "{body}"
    );
    assert_eq!(body["name"], room);
    assert!(body["id"].as_i64().unwrap() > 0);
    assert_eq!(
        body["mail_owner"],
        "c0ffee11-2222-3333-4444-555566667777@meet.city-a.test"
    );
    // The planned start, and room for the hour plus the hour of grace.
    assert_eq!(instant(&body["start_time"]), instant(&meeting["starts_at"]));
    assert!(body["start_time"].as_str().unwrap().ends_with(".000Z"));
    assert_eq!(body["duration"], 2 * 3600);

    // Jitsi holds it: a second request for the room is a conflict naming it, and the module's
    // follow-up GET answers the same body.
    let (status, conflict) = reserve(&app, room, RESERVATIONS_TOKEN).await;
    assert_eq!(status, 409);
    assert_eq!(conflict, json!({"conflict_id": body["id"]}));
    let (status, again) = call(&app, reqwest::Method::GET, &body["id"]).await;
    assert_eq!(status, 200);
    assert_eq!(again, body);

    // The room goes; the next request gets the same number (stable per meeting).
    let (status, _) = call(&app, reqwest::Method::DELETE, &body["id"]).await;
    assert_eq!(status, 200);
    let (status, next) = reserve(&app, room, RESERVATIONS_TOKEN).await;
    assert_eq!(status, 200);
    assert_eq!(next["id"], body["id"]);
    let (status, _) = call(&app, reqwest::Method::DELETE, &json!(12345)).await;
    assert_eq!(status, 404);

    // Outside the window: refused with words for the organizer's calendar, in their language.
    app.with_db(|conn| {
        use treffpunkt::db::schema::users;
        diesel::update(users::table.filter(users::email.eq("organizer@city-a.test")))
            .set(users::locale.eq("de"))
            .execute(conn)
            .unwrap();
    });
    let (_, _) = call(&app, reqwest::Method::DELETE, &body["id"]).await;
    move_meeting(&app, id, TimeDelta::hours(3), TimeDelta::hours(1));
    let (status, refused) = reserve(&app, room, RESERVATIONS_TOKEN).await;
    assert_eq!(status, 403);
    let message = refused["message"].as_str().unwrap();
    assert!(
        message.starts_with("Der Raum dieses Termins öffnet am "),
        "{message}"
    );
    move_meeting(&app, id, TimeDelta::hours(-3), TimeDelta::hours(1));
    let (status, refused) = reserve(&app, room, RESERVATIONS_TOKEN).await;
    assert_eq!(status, 403);
    assert_eq!(refused["message"], "Dieser Termin ist vorbei.");
    // A GET for a held reservation whose window closed says so too.
    move_meeting(&app, id, TimeDelta::minutes(5), TimeDelta::hours(1));
    let (status, _) = reserve(&app, room, RESERVATIONS_TOKEN).await;
    assert_eq!(status, 200);
    move_meeting(&app, id, TimeDelta::hours(-3), TimeDelta::hours(1));
    let (status, _) = call(&app, reqwest::Method::GET, &body["id"]).await;
    assert_eq!(status, 403);
    let (_, _) = call(&app, reqwest::Method::DELETE, &body["id"]).await;

    move_meeting(&app, id, TimeDelta::minutes(5), TimeDelta::hours(1));
    let (status, _) = organizer.delete(&format!("/api/v1/meetings/{id}")).await;
    assert!(status == 200 || status == 204);
    let (status, refused) = reserve(&app, room, RESERVATIONS_TOKEN).await;
    assert_eq!(status, 403);
    assert_eq!(refused["message"], "Dieser Termin wurde abgesagt.");
}

#[tokio::test]
async fn unplanned_rooms_follow_the_servers_policy() {
    let refusing = app_with_hooks("refuse-unplanned", &[]).await;
    let (status, body) = reserve(&refusing, "kaffeeklatsch", RESERVATIONS_TOKEN).await;
    assert_eq!(status, 403);
    assert!(
        body["message"].as_str().unwrap().contains("Treffpunkt"),
        "{body}"
    );

    let allowing = app_with_hooks("allow-unplanned", &[]).await;
    let (status, body) = reserve(&allowing, "Kaffeeklatsch", RESERVATIONS_TOKEN).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["name"], "Kaffeeklatsch");
    assert_eq!(body["duration"], 24 * 3600);
    assert!(instant(&body["start_time"]) <= Utc::now());

    // A planned meeting on the allowing server still keeps its window.
    let organizer = allowing.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    move_meeting(
        &allowing,
        meeting["id"].as_str().unwrap(),
        TimeDelta::hours(3),
        TimeDelta::hours(1),
    );
    let (status, _) = reserve(
        &allowing,
        meeting["room"].as_str().unwrap(),
        RESERVATIONS_TOKEN,
    )
    .await;
    assert_eq!(status, 403);

    let (status, _) = reserve(&allowing, "x", "not-the-reservations-token-0123456789abc").await;
    assert_eq!(status, 401);
    let off = app_with_hooks("off", &[]).await;
    let (status, body) = reserve(&off, "kaffeeklatsch", RESERVATIONS_TOKEN).await;
    assert_eq!(status, 403, "{body}");
}

#[tokio::test]
async fn a_meeting_with_a_waiting_room_asks_for_jitsis_lobby_where_the_server_runs_it() {
    let app = app_with_hooks("refuse-unplanned", &[]).await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let (status, meeting) = organizer
        .post(
            "/api/v1/meetings",
            json!({"title": "Bürgersprechstunde", "starts_at": crate::join::in_minutes(10),
                   "duration_minutes": 60, "lobby": true, "participants": []}),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    let room = meeting["room"].as_str().unwrap();
    let (_, body) = reserve(&app, room, RESERVATIONS_TOKEN).await;
    assert_eq!(
        body.get("lobby"),
        None,
        "the server does not run Jitsi's lobby modules"
    );
    let (_, _) = call(&app, reqwest::Method::DELETE, &body["id"]).await;

    let output = app
        .command()
        .args([
            "server",
            "update",
            "meet.city-a.test",
            "--reservations-lobby",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (status, body) = reserve(&app, room, RESERVATIONS_TOKEN).await;
    assert_eq!(status, 200);
    assert_eq!(body["lobby"], true);
}
