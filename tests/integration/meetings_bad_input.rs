//! Bad input to the meetings API gets a clear answer, and nothing half-written stays behind.

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{Value, json};
use treffpunkt::db::schema::{meetings, participants};

use crate::api_client::{ApiClient, tomorrow_at};
use crate::helpers::TestApp;

fn meeting_count(app: &TestApp) -> i64 {
    app.with_db(|conn| meetings::table.count().get_result(conn).unwrap())
}

async fn refused(alice: &ApiClient, body: Value) -> Value {
    let (status, answer) = alice.post("/api/v1/meetings", body).await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["error"]["code"], "validation");
    answer["error"].clone()
}

#[tokio::test]
async fn every_bad_field_is_named_at_once_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let error = refused(
        &alice,
        json!({
            "title": "Jour fixe\r\nBcc: eve@example.org",
            "starts_at": "9999-12-31T10:00:00+01:00",
            "duration_minutes": 60,
            "timezone": "Mars/Olympus_Mons",
            "join_minutes_before": -5,
            "server_id": "no-such-server",
            "participants": [{"email": "ok@example.org"}, {"email": "bob@example.org\r\nBcc: eve@example.org"}, {"email": "x@y.z", "role": "owner"}, {"email": "carla@example.org", "name": "Carla\nBcc: eve@example.org", "locale": "fr"}],
        }),
    )
    .await;
    let codes = &error["field_codes"];
    assert_eq!(codes["title"], "control_characters");
    assert_eq!(codes["timezone"], "time_zone_unknown");
    assert_eq!(codes["join_minutes_before"], "out_of_range");
    assert_eq!(codes["participants.1.email"], "email_invalid");
    assert_eq!(codes["participants.2.role"], "role_unknown");
    assert_eq!(codes["participants.3.name"], "control_characters");
    assert_eq!(codes["participants.3.locale"], "language_unknown");
    assert_eq!(
        error["fields"]["title"],
        "Line breaks and control characters are not allowed here."
    );
    assert_eq!(meeting_count(&app), 0);
    assert!(app.outbox().is_empty());

    // With a known zone, the absurd year is the complaint.
    let error = refused(
        &alice,
        json!({"title": "T", "starts_at": "9999-12-31T10:00:00+01:00", "duration_minutes": 60}),
    )
    .await;
    assert_eq!(error["field_codes"]["starts_at"], "too_far_ahead");

    // A server that does not exist is named too (it is checked against the database).
    let error = refused(&alice, json!({"title": "T", "starts_at": tomorrow_at("10:00"), "duration_minutes": 60, "server_id": "no-such-server"})).await;
    assert_eq!(error["field_codes"]["server_id"], "server_unknown");
    assert_eq!(meeting_count(&app), 0);
}

#[tokio::test]
async fn a_participant_id_only_works_with_its_own_meeting() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let first = alice.plan("Erste", &["bob@example.org"]).await;
    let second = alice.plan("Zweite", &["carla@example.org"]).await;
    let bob = first["participants"][0]["id"].as_str().unwrap();
    let path = format!(
        "/api/v1/meetings/{}/participants/{bob}",
        second["id"].as_str().unwrap()
    );
    assert_eq!(alice.delete(&path).await.0, 404);
    assert_eq!(
        alice.patch(&path, json!({"role": "moderator"})).await.0,
        404
    );
    assert!(app.outbox_of("mail.uninvitation").is_empty());
}

#[tokio::test]
async fn impossible_times_are_refused_with_the_reason() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let cases = [
        (
            json!({"title": "T", "starts_at": tomorrow_at("10:00"), "ends_at": tomorrow_at("09:00")}),
            "ends_at",
            "ends_before_start",
        ),
        (
            json!({"title": "T", "starts_at": tomorrow_at("10:00"), "duration_minutes": 4}),
            "duration_minutes",
            "duration_too_short",
        ),
        (
            json!({"title": "T", "starts_at": tomorrow_at("10:00"), "duration_minutes": 1441}),
            "duration_minutes",
            "duration_too_long",
        ),
        (
            json!({"title": "T", "starts_at": tomorrow_at("10:00"), "duration_minutes": 9_223_372_036_854_775_807i64}),
            "duration_minutes",
            "out_of_range",
        ),
        (
            json!({"title": "T", "starts_at": tomorrow_at("10:00")}),
            "duration_minutes",
            "end_required",
        ),
        (
            json!({"title": "T", "starts_at": tomorrow_at("10:00"), "duration_minutes": 30, "ends_at": tomorrow_at("11:00")}),
            "ends_at",
            "end_twice",
        ),
        (
            json!({"title": "T", "starts_at": "2020-01-01T10:00:00Z", "duration_minutes": 30}),
            "starts_at",
            "starts_in_past",
        ),
        (
            json!({"title": "T", "starts_at": "tomorrow at ten", "duration_minutes": 30}),
            "starts_at",
            "datetime_invalid",
        ),
        (
            json!({"title": "T", "starts_at": "2027-03-01T10:00:00", "duration_minutes": 30}),
            "starts_at",
            "datetime_invalid",
        ),
        (
            json!({"title": "", "starts_at": tomorrow_at("10:00"), "duration_minutes": 30}),
            "title",
            "required",
        ),
        (
            json!({"title": "x".repeat(201), "starts_at": tomorrow_at("10:00"), "duration_minutes": 30}),
            "title",
            "too_long",
        ),
        (
            json!({"title": "T", "description": "d".repeat(10_001), "starts_at": tomorrow_at("10:00"), "duration_minutes": 30}),
            "description",
            "too_long",
        ),
        // 02:30 on 28 March 2027 does not exist in Berlin: refused as the form refuses it,
        // not shifted to 03:30.
        (
            json!({"title": "T", "starts_at": "2027-03-28T02:30:00+01:00", "duration_minutes": 30, "timezone": "Europe/Berlin"}),
            "starts_at",
            "time_in_gap",
        ),
        // Berlin's winter offset on a summer day: some other zone's 10:00.
        (
            json!({"title": "T", "starts_at": "2027-07-01T10:00:00+01:00", "duration_minutes": 30, "timezone": "Europe/Berlin"}),
            "starts_at",
            "offset_mismatch",
        ),
        (
            json!({"title": "T", "starts_at": "2027-07-01T10:00:00+02:00", "ends_at": "2027-07-01T11:00:00+01:00", "timezone": "Europe/Berlin"}),
            "ends_at",
            "offset_mismatch",
        ),
    ];
    for (body, field, code) in cases {
        let error = refused(&alice, body.clone()).await;
        assert_eq!(error["field_codes"][field], code, "{body} → {error}");
    }
    assert_eq!(meeting_count(&app), 0);
}

#[tokio::test]
async fn malformed_oversized_and_unexpected_bodies_are_refused() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let send = |body: String, content_type: &'static str| {
        alice
            .raw(Method::POST, "/api/v1/meetings")
            .header("Content-Type", content_type)
            .body(body)
            .send()
    };

    let response = send(r#"{"title": "Jour fixe", "#.to_owned(), "application/json")
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "malformed_json");

    let response = send(r#"{"title": "x"}"#.to_owned(), "text/plain")
        .await
        .unwrap();
    assert_eq!(response.status(), 415);

    let error = refused(&alice, json!({"title": "T", "starts_at": tomorrow_at("10:00"), "duration_minutes": 30, "colour": "red"})).await;
    assert_eq!(error["field_codes"]["colour"], "unknown_field");
    let error = refused(
        &alice,
        json!({"title": 42, "starts_at": tomorrow_at("10:00"), "duration_minutes": 30}),
    )
    .await;
    assert_eq!(error["field_codes"]["title"], "wrong_type");

    // 10,000 participants: far over the body limit.
    let many: Vec<Value> = (0..10_000)
        .map(|i| json!({"email": format!("person{i}@example.org")}))
        .collect();
    let body = json!({"title": "Townhall", "starts_at": tomorrow_at("10:00"), "duration_minutes": 60, "participants": many});
    let response = send(body.to_string(), "application/json").await.unwrap();
    assert_eq!(response.status(), 413);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["error"]["code"], "payload_too_large");

    // 501 participants fit the limit but not a meeting.
    let many: Vec<Value> = (0..501)
        .map(|i| json!({"email": format!("p{i}@example.org")}))
        .collect();
    let error = refused(&alice, json!({"title": "Townhall", "starts_at": tomorrow_at("10:00"), "duration_minutes": 60, "participants": many})).await;
    assert_eq!(error["field_codes"]["participants"], "too_many");
    assert_eq!(meeting_count(&app), 0);
    assert!(app.outbox().is_empty());
}

#[tokio::test]
async fn html_is_stored_as_text_and_never_interpreted() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let meeting = alice
        .post(
            "/api/v1/meetings",
            json!({"title": "<script>alert(1)</script>", "description": "<img src=x onerror=alert(1)>", "starts_at": tomorrow_at("10:00"), "duration_minutes": 30, "participants": [{"email": "bob@example.org", "name": "<b>Bob</b>"}]}),
        )
        .await
        .1;
    assert_eq!(meeting["title"], "<script>alert(1)</script>");
    assert_eq!(meeting["participants"][0]["name"], "<b>Bob</b>");
}

#[tokio::test]
async fn without_a_valid_token_the_api_answers_401() {
    let app = TestApp::spawn().await;
    let response = reqwest::Client::new()
        .request(Method::POST, format!("{}/api/v1/meetings", app.address))
        .json(&json!({"title": "T"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(meeting_count(&app), 0);
}

#[tokio::test]
async fn a_copy_of_the_database_reveals_no_join_link() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let meeting = alice
        .plan("Vertraulich", &["bob@example.org", "carla@example.org"])
        .await;
    let tokens: Vec<String> = meeting["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["join_url"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_owned()
        })
        .chain([meeting["join_url"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_owned()])
        .collect();
    assert_eq!(tokens.len(), 3);
    for token in &tokens {
        assert!(token.len() >= 22, "at least 128 bits: {token}");
    }
    let stored: Vec<(String, String, String)> = app.with_db(|conn| {
        participants::table
            .select((
                participants::id,
                participants::join_token_hash,
                participants::email,
            ))
            .load(conn)
            .unwrap()
    });
    let dump = format!("{stored:?}");
    for token in &tokens {
        assert!(!dump.contains(token.as_str()), "the token is not stored");
    }
}

#[tokio::test]
async fn text_that_reads_differently_and_addresses_mail_would_refuse_are_named() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let error = refused(
        &alice,
        json!({
            "title": "Rechnung\u{202E}fdp.exe",
            "description": "Agenda \u{2066}isolated\u{2069}",
            "starts_at": tomorrow_at("09:00"),
            "duration_minutes": 30,
            "participants": [
                {"email": "a(b):c@y.example"},
                {"email": "bob@city-b.test", "name": "\u{200B}\u{200D}"},
            ],
        }),
    )
    .await;
    let codes = &error["field_codes"];
    assert_eq!(codes["title"], "bidi_controls", "{error}");
    assert_eq!(codes["description"], "bidi_controls", "{error}");
    assert_eq!(codes["participants.0.email"], "email_invalid", "{error}");
    assert_eq!(codes["participants.1.name"], "required", "{error}");
    assert!(
        error["fields"]["title"]
            .as_str()
            .unwrap()
            .contains("direction"),
        "{error}"
    );
    assert_eq!(meeting_count(&app), 0);
}
