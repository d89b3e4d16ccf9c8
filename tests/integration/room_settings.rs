//! A meeting's room settings reach Jitsi: in each person's token (`context.features`, by role)
//! and in the link into the room (`config.startWithAudioMuted`); presets fill them in one go.

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::join::{app_with_jitsi, entered, hs256, in_minutes, jitsi_config, join, link_of};
use crate::prosody;

const PRESETS: &str = r#"[
  {"name": "Bürgersprechstunde", "lobby": true, "screen_sharing": "moderators", "recording": "nobody", "start_muted": true}
]"#;

/// The claims of the token a join through `link` carries, and the room's URL settings.
async fn enter(app: &TestApp, link: &str) -> (Value, serde_json::Map<String, Value>) {
    let response = join(app, link, "Ada").await;
    let (room, jwt) = entered(&response);
    let admitted = prosody::check(
        &jwt.expect("a token"),
        &hs256(&room),
        chrono::Utc::now().timestamp(),
    )
    .expect("Prosody accepts it");
    (admitted.claims, jitsi_config(&response))
}

#[tokio::test]
async fn each_role_gets_the_meetings_features_and_everyone_starts_muted() {
    let app = app_with_jitsi(&[]).await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let (status, meeting) = organizer
        .post(
            "/api/v1/meetings",
            json!({
                "title": "Haushaltsberatung", "starts_at": in_minutes(10), "duration_minutes": 60,
                "participants": [{"email": "guest@example.org"}, {"email": "chair@example.org", "role": "moderator"}],
                "room_settings": {"screen_sharing": "moderators", "recording": "nobody",
                                  "private_chat": "moderators", "start_muted": true},
            }),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    assert_eq!(
        meeting["room_settings"],
        json!({"screen_sharing": "moderators", "recording": "nobody", "private_chat": "moderators", "start_muted": true})
    );

    let (guest, config) = enter(&app, &link_of(&meeting, "guest@example.org")).await;
    let features = &guest["context"]["features"];
    assert_eq!(features["screen-sharing"], false, "{guest}");
    assert_eq!(features["recording"], false);
    assert_eq!(features["livestreaming"], false);
    assert_eq!(features["send-private-message"], false);
    assert_eq!(config["config.startWithAudioMuted"], true);

    let (chair, _) = enter(&app, &link_of(&meeting, "chair@example.org")).await;
    let features = &chair["context"]["features"];
    assert_eq!(features["screen-sharing"], true, "{chair}");
    assert_eq!(features["recording"], false, "nobody records");
    assert_eq!(features["send-private-message"], true);

    // Back to the server's defaults: nothing in the token, no muted start.
    let id = meeting["id"].as_str().unwrap();
    let (status, changed) = organizer
        .patch(
            &format!("/api/v1/meetings/{id}"),
            json!({"room_settings": {"screen_sharing": "default", "recording": "default",
                                     "private_chat": "default", "start_muted": false}}),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    let (guest, config) = enter(&app, &link_of(&meeting, "guest@example.org")).await;
    assert!(guest["context"].get("features").is_none(), "{guest}");
    assert!(!config.contains_key("config.startWithAudioMuted"));

    let (status, refused) = organizer
        .patch(
            &format!("/api/v1/meetings/{id}"),
            json!({"room_settings": {"recording": "everyone", "screen_sharing": "sometimes"}}),
        )
        .await;
    assert_eq!(status, 422);
    let fields = &refused["error"]["fields"];
    assert!(fields.get("room_settings.recording").is_some(), "{refused}");
    assert!(
        fields.get("room_settings.screen_sharing").is_some(),
        "{refused}"
    );
}

#[tokio::test]
async fn a_servers_preset_fills_the_waiting_room_and_the_settings() {
    let app = app_with_jitsi(&[]).await;
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets.json");
    std::fs::write(&presets, PRESETS).unwrap();
    let output = app
        .command()
        .args([
            "server",
            "update",
            "meet.city-a.test",
            "--room-presets-file",
        ])
        .arg(&presets)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // Through the API: the preset, with one setting of the body's own.
    let organizer = app.api_client("organizer@city-a.test", false);
    let (status, meeting) = organizer
        .post(
            "/api/v1/meetings",
            json!({"title": "Sprechstunde", "starts_at": in_minutes(10), "duration_minutes": 60,
                   "preset": "Bürgersprechstunde", "room_settings": {"private_chat": "everyone"}}),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    assert_eq!(meeting["lobby"], true);
    assert_eq!(
        meeting["room_settings"],
        json!({"screen_sharing": "moderators", "recording": "nobody", "private_chat": "everyone", "start_muted": true})
    );
    let (status, refused) = organizer
        .post(
            "/api/v1/meetings",
            json!({"title": "X", "starts_at": in_minutes(10), "duration_minutes": 60, "preset": "Ratssitzung"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        refused["error"]["fields"]["preset"]
            .as_str()
            .unwrap()
            .contains("Bürgersprechstunde"),
        "{refused}"
    );

    // In the browser: the preset's button fills the form, nothing is saved until "Plan".
    let browser = app
        .signed_in("organizer@city-a.test", "correct horse battery staple")
        .await;
    let form = browser.page_in("/meetings/new", "de").await;
    assert!(form.contains("Bürgersprechstunde"), "{form}");
    let key = form
        .split("name=\"preset\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        // As a browser reads the attribute.
        .replace("&#x2F;", "/")
        .replace("&amp;", "&");
    let csrf = browser.csrf_token("/meetings/new").await;
    let tomorrow = (chrono::Utc::now() + chrono::TimeDelta::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let fields = |preset: &str| {
        vec![
            ("csrf_token", csrf.clone()),
            ("title", "Sprechstunde".to_owned()),
            ("date", tomorrow.clone()),
            ("start_time", "10:00".to_owned()),
            ("end_date", tomorrow.clone()),
            ("end_time", "11:00".to_owned()),
            ("time_zone", "Europe/Berlin".to_owned()),
            ("join_minutes_before", "15".to_owned()),
            ("screen_sharing", "default".to_owned()),
            ("recording", "default".to_owned()),
            ("private_chat", "default".to_owned()),
            ("preset", preset.to_owned()),
        ]
    };
    let owned = fields(&key);
    let borrowed: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = browser.post_raw("/meetings", &borrowed).await;
    assert_eq!(response.status(), 200, "the form again, filled");
    let filled = response.text().await.unwrap();
    assert!(
        filled.contains(r#"<option value="moderators" selected>"#),
        "{filled}"
    );
    assert!(filled.contains(r#"id="lobby" name="lobby" type="checkbox" value="on" checked"#));
    assert!(
        filled
            .contains(r#"id="start_muted" name="start_muted" type="checkbox" value="on" checked"#)
    );
    let (_, listed) = organizer.get("/api/v1/meetings").await;
    assert_eq!(
        listed["meetings"].as_array().unwrap().len(),
        1,
        "nothing saved: {listed}"
    );
}
