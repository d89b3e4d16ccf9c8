//! `Idempotency-Key` on `POST /api/v1/meetings`: a retry after a lost answer never creates a
//! second meeting or a second round of invitations.

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{Value, json};
use treffpunkt::db::schema::meetings;

use crate::api_client::{ApiClient, tomorrow_at};
use crate::helpers::TestApp;

fn body(title: &str) -> Value {
    json!({
        "title": title,
        "starts_at": tomorrow_at("10:00"),
        "duration_minutes": 60,
        "participants": [{"email": "bob@example.org"}, {"email": "carla@example.org"}],
    })
}

/// Posts `body` with the key; the status, the `Idempotent-Replayed` header and the JSON.
async fn post_with_key(client: &ApiClient, key: &str, body: &Value) -> (u16, bool, Value) {
    let response = client
        .raw(Method::POST, "/api/v1/meetings")
        .header("Idempotency-Key", key)
        .header("Accept-Language", "en")
        .json(body)
        .send()
        .await
        .expect("the server answers");
    let status = response.status().as_u16();
    let replayed = response.headers().get("idempotent-replayed").is_some();
    (
        status,
        replayed,
        response.json().await.unwrap_or(Value::Null),
    )
}

fn meeting_count(app: &TestApp) -> i64 {
    app.with_db(|conn| meetings::table.count().get_result(conn).unwrap())
}

#[tokio::test]
async fn the_same_key_and_body_create_one_meeting_however_often_they_are_sent() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let key = "8e03978e-40d5-43e8-bc93-6894a57f9324";
    let (status, replayed, first) = post_with_key(&alice, key, &body("Jour fixe")).await;
    assert_eq!((status, replayed), (201, false), "{first}");
    let (status, replayed, again) = post_with_key(&alice, key, &body("Jour fixe")).await;
    assert_eq!((status, replayed), (201, true), "{again}");
    assert_eq!(again["id"], first["id"]);
    assert_eq!(
        again["participants"], first["participants"],
        "the same links"
    );
    assert_eq!(meeting_count(&app), 1);
    assert_eq!(
        app.outbox_of("mail.invitation").len(),
        2,
        "two invitations, once"
    );
    assert_eq!(app.organizer_copies("mail.invitation").len(), 1);

    // Ten retries at the same moment: still one meeting.
    let racing = "f2b7c5b0-0a4e-4f0e-9d55-3f6e2b1c9a77";
    let mut sends = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let client = alice.clone();
        sends.spawn(async move { post_with_key(&client, racing, &body("Rat der Städte")).await });
    }
    let answers = sends.join_all().await;
    assert!(
        answers.iter().all(|(status, _, _)| *status == 201),
        "{answers:?}"
    );
    let ids: std::collections::HashSet<String> = answers
        .iter()
        .map(|(_, _, meeting)| meeting["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 1, "{ids:?}");
    assert_eq!(
        answers.iter().filter(|(_, replayed, _)| !replayed).count(),
        1
    );
    assert_eq!(meeting_count(&app), 2);
    assert_eq!(app.outbox_of("mail.invitation").len(), 4);
}

#[tokio::test]
async fn a_key_reused_for_another_request_or_malformed_is_refused_and_keys_are_per_account() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let key = "one-key";
    assert_eq!(post_with_key(&alice, key, &body("Jour fixe")).await.0, 201);
    let (status, _, refused) = post_with_key(&alice, key, &body("Something else")).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(
        refused["error"]["field_codes"]["Idempotency-Key"],
        "idempotency_key_reused"
    );
    let (status, _, refused) = post_with_key(&alice, "with space", &body("Jour fixe")).await;
    assert_eq!(status, 422);
    assert_eq!(
        refused["error"]["field_codes"]["Idempotency-Key"],
        "idempotency_key_invalid"
    );
    assert_eq!(meeting_count(&app), 1);

    // Another account's key of the same text is its own.
    let bea = app.api_client("bea@city-b.test", false);
    let (status, replayed, theirs) = post_with_key(&bea, key, &body("Jour fixe")).await;
    assert_eq!((status, replayed), (201, false), "{theirs}");
    assert_eq!(meeting_count(&app), 2);
}
