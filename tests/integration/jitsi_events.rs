//! Room events as the jitsi-contrib `event_sync` component posts them
//! (event_sync/mod_event_sync_component.lua: bodies built by `room_created`, `occupant_joined`,
//! `occupant_left`, `room_destroyed`, with `event_sync_extra_payload` merged in; retried on 5xx).

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::jitsi_hooks::{EVENTS_TOKEN, MUC, app_with_hooks};
use crate::join::plan_soon;

/// Posts one event as the component does: JSON, `Authorization: Bearer <token>`.
pub async fn post_event(app: &TestApp, path: &str, token: Option<&str>, body: &Value) -> u16 {
    let mut request = app
        .client
        .post(format!("{}/jitsi/events/{path}", app.address))
        .header("Content-Type", "application/json")
        .header("User-Agent", "Prosody (0.12.4; posix)");
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    request
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The attributes `handle_main_room_created` puts on every event of a main room.
fn main_room(room: &str) -> Value {
    json!({"is_breakout": false, "room_jid": format!("{room}@{MUC}"), "room_name": room})
}

fn with(mut base: Value, more: Value) -> Value {
    let (Some(base_map), Value::Object(more)) = (base.as_object_mut(), more) else {
        unreachable!("objects")
    };
    base_map.extend(more);
    base
}

/// An occupant as `EventData:on_occupant_joined` describes it (token users carry `context.user`).
fn occupant(jid: &str, joined_at: i64, user: Option<(&str, &str, &str)>) -> Value {
    let mut occupant = json!({"occupant_jid": jid, "joined_at": joined_at});
    if let Some((id, name, email)) = user {
        occupant["id"] = json!(id);
        occupant["name"] = json!(name);
        occupant["email"] = json!(email);
    }
    occupant
}

pub async fn joined(app: &TestApp, room: &str, occupant: Value, count: u32) -> u16 {
    let body = with(
        main_room(room),
        json!({"event_name": "muc-occupant-joined", "occupant": occupant, "active_occupants_count": count}),
    );
    post_event(app, "occupant/joined", Some(EVENTS_TOKEN), &body).await
}

async fn left(app: &TestApp, room: &str, mut occupant: Value, left_at: i64) -> u16 {
    occupant["left_at"] = json!(left_at);
    let body = with(
        main_room(room),
        json!({"event_name": "muc-occupant-left", "occupant": occupant, "active_occupants_count": 0}),
    );
    post_event(app, "occupant/left", Some(EVENTS_TOKEN), &body).await
}

fn participant_id(meeting: &Value, email: &str) -> String {
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

#[tokio::test]
async fn events_without_the_servers_token_are_refused() {
    let app = app_with_hooks("off", &[]).await;
    let body = with(
        main_room("abc"),
        json!({"event_name": "muc-room-created", "created_at": 1_700_000_000}),
    );
    assert_eq!(post_event(&app, "room/created", None, &body).await, 401);
    assert_eq!(
        post_event(
            &app,
            "room/created",
            Some("wrong-token-0123456789-0123456789-0123"),
            &body
        )
        .await,
        401
    );
    assert_eq!(
        post_event(&app, "room/created", Some(EVENTS_TOKEN), &body).await,
        200,
        "a room no meeting is held in is accepted and ignored"
    );
    // Not an event: 400, which the component does not retry.
    let response = app
        .client
        .post(format!("{}/jitsi/events/occupant/joined", app.address))
        .header("Authorization", format!("Bearer {EVENTS_TOKEN}"))
        .body("{\"event_name\": 1}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn who_is_in_the_room_counts_people_once_and_the_attendance_follows_the_invitation() {
    let app = app_with_hooks("off", &[]).await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 5).await;
    let id = meeting["id"].as_str().unwrap();
    let room = meeting["room"].as_str().unwrap();
    let guest = participant_id(&meeting, "guest@example.org");
    let chair = participant_id(&meeting, "chair@example.org");
    let t0 = chrono::Utc::now().timestamp() - 30 * 60;

    let created = with(
        main_room(room),
        json!({"event_name": "muc-room-created", "created_at": t0}),
    );
    assert_eq!(
        post_event(&app, "room/created", Some(EVENTS_TOKEN), &created).await,
        200
    );
    let guest_occupant = occupant(
        "f3a1@meet.city-a.test/aB1x",
        t0 + 10,
        Some((&guest, "Gast Gästin", "guest@example.org")),
    );
    let chair_occupant = occupant(
        "9c2e@meet.city-a.test/Zq7w",
        t0 + 20,
        Some((&chair, "Vorsitz", "chair@example.org")),
    );
    // A citizen on the public room link without a token of ours: no id, a name only.
    let citizen = json!({"occupant_jid": "77aa@meet.city-a.test/k9", "joined_at": t0 + 30, "name": "Bürgerin"});
    let recorder = occupant("recorder@recorder.meet.city-a.test/jibri-1", t0 + 40, None);
    // Someone whose token claims an id that is no invitee of this meeting.
    let forged = occupant(
        "5b5b@meet.city-a.test/x",
        t0 + 50,
        Some((
            "00000000-0000-0000-0000-000000000000",
            "Forged",
            "x@evil.test",
        )),
    );
    for (n, person) in [
        &guest_occupant,
        &chair_occupant,
        &citizen,
        &recorder,
        &forged,
    ]
    .into_iter()
    .enumerate()
    {
        assert_eq!(joined(&app, room, person.clone(), n as u32 + 1).await, 200);
    }
    // The component retries after a time-out: the same event again changes nothing.
    assert_eq!(joined(&app, room, guest_occupant.clone(), 1).await, 200);

    let (status, attendance) = organizer
        .get(&format!("/api/v1/meetings/{id}/attendance"))
        .await;
    assert_eq!(status, 200, "{attendance}");
    assert_eq!(
        attendance["present_now"], 4,
        "recorders are no people: {attendance}"
    );

    // The meeting page and the dashboard say so.
    let browser = app
        .signed_in("organizer@city-a.test", "correct horse battery staple")
        .await;
    let page = browser.page_in(&format!("/meetings/{id}"), "en").await;
    assert!(page.contains("Running now · 4 people"), "{page}");
    let dashboard = browser.page_in("/", "en").await;
    assert!(dashboard.contains("Running now · 4 people"), "{dashboard}");
    // The dashboard's script asks again: the same words, by meeting.
    let live: Value = browser.get("/presence").await.json().await.unwrap();
    assert_eq!(live[id], "Running now · 4 people");

    // The guest drops and comes back; the chair moves to a breakout room and back.
    assert_eq!(
        left(&app, room, guest_occupant.clone(), t0 + 600).await,
        200
    );
    assert_eq!(
        left(&app, room, guest_occupant.clone(), t0 + 600).await,
        200,
        "retried"
    );
    let back = occupant(
        "f3a1@meet.city-a.test/aB1x",
        t0 + 660,
        Some((&guest, "Gast Gästin", "guest@example.org")),
    );
    assert_eq!(joined(&app, room, back.clone(), 4).await, 200);
    let breakout_id = "2c4ba6f5-breakout";
    let breakout = |event: &str, body: Value| {
        with(
            json!({"is_breakout": true, "breakout_room_id": breakout_id,
                   "room_jid": format!("{room}@{MUC}"), "room_name": room, "event_name": event}),
            body,
        )
    };
    let in_breakout = occupant(
        "9c2e@meet.city-a.test/Zq7w",
        t0 + 900,
        Some((&chair, "Vorsitz", "chair@example.org")),
    );
    assert_eq!(
        left(&app, room, chair_occupant.clone(), t0 + 900).await,
        200
    );
    let status = post_event(
        &app,
        "occupant/joined",
        Some(EVENTS_TOKEN),
        &breakout(
            "muc-occupant-joined",
            json!({"occupant": in_breakout, "active_occupants_count": 1}),
        ),
    )
    .await;
    assert_eq!(status, 200);
    let (_, attendance) = organizer
        .get(&format!("/api/v1/meetings/{id}/attendance"))
        .await;
    assert_eq!(
        attendance["present_now"], 4,
        "a breakout room counts toward its room"
    );
    // The breakout room closes (its occupants' left events were lost): they are out of it.
    let status = post_event(
        &app,
        "room/destroyed",
        Some(EVENTS_TOKEN),
        &breakout(
            "muc-room-destroyed",
            json!({"created_at": t0 + 900, "destroyed_at": t0 + 1500, "all_occupants": {}}),
        ),
    )
    .await;
    assert_eq!(status, 200);

    // The main room ends: everyone still in it leaves then.
    let destroyed = with(
        main_room(room),
        json!({"event_name": "muc-room-destroyed", "created_at": t0, "destroyed_at": t0 + 1800,
               "all_occupants": [guest_occupant, back, citizen]}),
    );
    assert_eq!(
        post_event(&app, "room/destroyed", Some(EVENTS_TOKEN), &destroyed).await,
        200
    );

    let (_, attendance) = organizer
        .get(&format!("/api/v1/meetings/{id}/attendance"))
        .await;
    assert_eq!(attendance["present_now"], 0, "{attendance}");
    let people = attendance["attendees"].as_array().unwrap();
    assert_eq!(
        people.len(),
        4,
        "guest, chair, citizen, forged; no recorder: {attendance}"
    );
    let guest_line = &people[0];
    assert_eq!(guest_line["participant_id"], guest.as_str());
    assert_eq!(guest_line["email"], "guest@example.org");
    assert_eq!(guest_line["stays"], 2);
    // 10 s → 600 s, then 660 s → 1800 s: 9:50 + 19:00 minutes.
    assert_eq!(guest_line["minutes"], 29);
    let chair_line = &people[1];
    assert_eq!(
        chair_line["minutes"], 25,
        "20 s → 1500 s, main and breakout: {chair_line}"
    );
    assert_eq!(people[2]["name"], "Bürgerin");
    assert_eq!(people[2]["participant_id"], Value::Null);
    assert_eq!(people[2]["email"], Value::Null);
    assert_eq!(
        people[3]["participant_id"],
        Value::Null,
        "a forged id is nobody's"
    );

    // The organizer's CSV, as a spreadsheet reads it.
    let csv = browser
        .get(&format!("/meetings/{id}/attendance.csv"))
        .await
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4, "{csv}");
    assert_eq!(&rows[0][0], "Gast Gästin");
    assert_eq!(&rows[0][1], "guest@example.org");
    assert_eq!(&rows[0][6], "29");
    assert_eq!(&rows[2][1], "", "no address for someone not invited");

    // Nobody else's meeting.
    let stranger = app.api_client("stranger@city-a.test", false);
    let (status, _) = stranger
        .get(&format!("/api/v1/meetings/{id}/attendance"))
        .await;
    assert_eq!(status, 404);
    let other = app
        .signed_in("stranger@city-a.test", "correct horse battery staple")
        .await;
    assert_eq!(
        other
            .get(&format!("/meetings/{id}/attendance.csv"))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn a_servers_token_speaks_only_for_its_own_rooms() {
    let app = app_with_hooks("off", &[]).await;
    // A second server with its own events token.
    let output = app
        .command()
        .args([
            "server",
            "add",
            "--name",
            "Stadt B",
            "--url",
            "https://meet.city-b.test",
            "--muc-domain",
            "conference.meet.city-b.test",
            "--events-token-file",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(b"events-token-of-city-b-0123456789-abcdefgh")?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 5).await;
    let id = meeting["id"].as_str().unwrap();
    let room = meeting["room"].as_str().unwrap();
    let body = with(
        main_room(room),
        json!({"event_name": "muc-occupant-joined", "active_occupants_count": 1,
               "occupant": occupant("a@meet.city-b.test/1", chrono::Utc::now().timestamp(), None)}),
    );
    let status = post_event(
        &app,
        "occupant/joined",
        Some("events-token-of-city-b-0123456789-abcdefgh"),
        &body,
    )
    .await;
    assert_eq!(status, 200);
    let (_, attendance) = organizer
        .get(&format!("/api/v1/meetings/{id}/attendance"))
        .await;
    assert_eq!(
        attendance["attendees"],
        json!([]),
        "city B's server cannot fill city A's list"
    );
}
