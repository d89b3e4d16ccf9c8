//! One personal link for the whole series: it opens the current or next date, with that date's
//! join window and a room token that ends with that date.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::api_client::ApiClient;
use crate::helpers::TestApp;
use crate::join::{app_with_jitsi, entered, hs256, in_minutes, link_of};
use crate::prosody;

/// A daily series of three from `start_in` minutes from now, an hour each.
async fn daily_soon(organizer: &ApiClient, start_in: i64) -> Value {
    let (status, meeting) = organizer
        .post(
            "/api/v1/meetings",
            json!({
                "title": "Morgenrunde",
                "starts_at": in_minutes(start_in),
                "duration_minutes": 60,
                "timezone": "Europe/Berlin",
                "participants": [
                    {"email": "guest@example.org"},
                    {"email": "chair@example.org", "role": "moderator"},
                ],
                "recurrence": {"frequency": "daily", "count": 3},
            }),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    meeting
}

/// The dates the API lists for the series: (recurrence id, start, end).
async fn dates(client: &ApiClient, id: &str) -> Vec<(String, i64, i64)> {
    let (_, page) = client.get("/api/v1/meetings?per_page=100").await;
    page["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["id"] == id)
        .map(|m| {
            let at = |v: &Value| {
                DateTime::parse_from_rfc3339(v.as_str().unwrap())
                    .unwrap()
                    .timestamp()
            };
            (
                m["recurrence_id"].as_str().unwrap().to_owned(),
                at(&m["starts_at"]),
                at(&m["ends_at"]),
            )
        })
        .collect()
}

async fn page(app: &TestApp, link: &str) -> String {
    let response = app.browser().get(link).await;
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

#[tokio::test]
async fn the_link_opens_the_next_date_when_todays_is_cancelled_and_its_token_ends_with_it() {
    let app = app_with_jitsi(&[]).await;
    let alice = app.api_client("alice@city-a.test", false);
    let meeting = daily_soon(&alice, 5).await;
    let id = meeting["id"].as_str().unwrap();
    let listed = dates(&alice, id).await;
    assert_eq!(listed.len(), 3, "{listed:?}");

    // Today's date is open (the join window has begun): the link enters it.
    let response = crate::join::join(&app, &link_of(&meeting, "guest@example.org"), "Gast").await;
    let (room, jwt) = entered(&response);
    let admitted = prosody::check(&jwt.unwrap(), &hs256(&room), Utc::now().timestamp()).unwrap();
    assert_eq!(
        admitted.claims["exp"].as_i64().unwrap(),
        listed[0].2 + 3600 + 3600,
        "today's end + grace + margin"
    );

    // Today's date cancelled alone: the page says so and names the next one, which is not
    // open yet for participants.
    let (status, _) = alice
        .delete(&format!(
            "/api/v1/meetings/{id}/occurrences/{}",
            listed[0].0
        ))
        .await;
    assert_eq!(status, 200);
    let html = page(&app, &link_of(&meeting, "guest@example.org")).await;
    assert!(html.contains("is cancelled."), "{html}");
    assert!(html.contains("The next one is"), "{html}");
    assert!(html.contains("The room opens"), "tomorrow's window: {html}");
    let response = crate::join::join(&app, &link_of(&meeting, "guest@example.org"), "Gast").await;
    assert_eq!(response.status(), 403, "not yet open for participants");

    // A moderator may open tomorrow's room now; the token ends with tomorrow's date.
    let response =
        crate::join::join(&app, &link_of(&meeting, "chair@example.org"), "Vorsitz").await;
    let (same_room, jwt) = entered(&response);
    assert_eq!(same_room, room, "one room for the whole series");
    let admitted = prosody::check(&jwt.unwrap(), &hs256(&room), Utc::now().timestamp()).unwrap();
    // Tomorrow's end + grace + margin, but no token lives longer than a day.
    let iat = admitted.claims["iat"].as_i64().unwrap();
    assert_eq!(
        admitted.claims["exp"].as_i64().unwrap(),
        (listed[1].2 + 3600 + 3600).min(iat + 24 * 3600),
    );
    assert!(
        admitted.claims["exp"].as_i64().unwrap() > listed[0].2 + 3600 + 3600,
        "beyond today's cancelled date"
    );

    // The whole series cancelled: the link says so.
    let (status, _) = alice.delete(&format!("/api/v1/meetings/{id}")).await;
    assert_eq!(status, 200);
    let response = app
        .browser()
        .get(&link_of(&meeting, "guest@example.org"))
        .await;
    assert_eq!(response.status(), 410);
}

#[tokio::test]
async fn a_waiting_room_decision_holds_for_one_date_of_a_series() {
    use diesel::prelude::*;
    use treffpunkt::db::schema::lobby_entries;

    let app = app_with_jitsi(&[]).await;
    let alice = app.api_client("alice@city-a.test", false);
    let (status, meeting) = alice
        .post(
            "/api/v1/meetings",
            json!({
                "title": "Sprechstunde",
                "starts_at": in_minutes(5),
                "duration_minutes": 60,
                "timezone": "Europe/Berlin",
                "lobby": true,
                "participants": [{"email": "guest@example.org"}],
                "recurrence": {"frequency": "daily", "count": 3},
            }),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    let id = meeting["id"].as_str().unwrap().to_owned();
    let link = link_of(&meeting, "guest@example.org");
    let organizer = app
        .signed_in("alice@city-a.test", "correct horse battery staple")
        .await;
    let lobby_lists_guest = || async {
        organizer
            .get(&format!("/meetings/{id}/lobby"))
            .await
            .text()
            .await
            .unwrap()
            .contains("Gast aus Rastatt")
    };

    let asked = crate::join::join(&app, &link, "Gast aus Rastatt").await;
    assert!(
        asked.headers()["location"]
            .to_str()
            .unwrap()
            .ends_with("/wait"),
        "waits"
    );
    assert!(lobby_lists_guest().await);

    // As if they had asked at yesterday's date and were never decided: not waiting now.
    let yesterday = Utc::now().naive_utc() - chrono::TimeDelta::days(1);
    let age = |state: &'static str| {
        app.with_db(|conn| {
            diesel::update(lobby_entries::table.filter(lobby_entries::meeting_id.eq(&id)))
                .set((
                    lobby_entries::asked_at.eq(yesterday),
                    lobby_entries::state.eq(state),
                ))
                .execute(conn)
                .unwrap();
        })
    };
    age("waiting");
    assert!(
        !lobby_lists_guest().await,
        "yesterday's request is not today's"
    );

    // Admitted at yesterday's date: today they wait again.
    age("admitted");
    let asked = crate::join::join(&app, &link, "Gast aus Rastatt").await;
    assert!(
        asked.headers()["location"]
            .to_str()
            .unwrap()
            .ends_with("/wait"),
        "admitted yesterday is not admitted today"
    );
    assert!(lobby_lists_guest().await);
}
