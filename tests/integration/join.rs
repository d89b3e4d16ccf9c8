//! The invitee's moment: a personal link opens the join page, "join" leads into the right room
//! with a token Prosody accepts — and nobody without a valid link gets anywhere.

use chrono::{TimeDelta, Timelike, Utc};
use serde_json::{Value, json};

use crate::api_client::ApiClient;
use crate::helpers::{Browser, TestApp, csrf_token_in};
use crate::prosody::{self, Expected, ServerKey};

pub const JITSI_URL: &str = "https://meet.city-a.test";
pub const APP_ID: &str = "treffpunkt-city-a";
pub const SECRET: &str = "this-shared-secret-is-only-for-tests-0123456789";

/// A server whose first start added `JITSI_URL` with an HS256 secret as the default.
pub async fn app_with_jitsi(extra: &[(&'static str, String)]) -> TestApp {
    let mut settings = vec![
        ("TREFFPUNKT_JITSI_URL", JITSI_URL.to_owned()),
        ("TREFFPUNKT_JITSI_APP_ID", APP_ID.to_owned()),
        ("TREFFPUNKT_JITSI_SECRET", SECRET.to_owned()),
    ];
    settings.extend(extra.iter().cloned());
    TestApp::spawn_with(&settings).await
}

/// RFC 3339 for `minutes` from now, on a whole minute.
pub fn in_minutes(minutes: i64) -> String {
    let at = Utc::now() + TimeDelta::minutes(minutes);
    at.format("%Y-%m-%dT%H:%M:00Z").to_string()
}

/// Plans a meeting starting in `start_in` minutes for an hour, with a participant and a moderator.
pub async fn plan_soon(organizer: &ApiClient, start_in: i64) -> Value {
    let (status, meeting) = organizer
        .post(
            "/api/v1/meetings",
            json!({
                "title": "Bauausschuss",
                "starts_at": in_minutes(start_in),
                "duration_minutes": 60,
                "participants": [
                    {"email": "guest@example.org", "name": "Gast Gästin"},
                    {"email": "chair@example.org", "role": "moderator"},
                ],
            }),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    meeting
}

/// The personal link of the invitee with this address.
pub fn link_of(meeting: &Value, email: &str) -> String {
    meeting["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == email)
        .and_then(|p| p["join_url"].as_str())
        .unwrap_or_else(|| panic!("{email} is not on {meeting}"))
        .to_owned()
}

/// Opens `link` in a fresh browser (no session), types `name`, presses "join".
pub async fn join(app: &TestApp, link: &str, name: &str) -> reqwest::Response {
    let browser = app.browser();
    join_in(&browser, link, name).await
}

async fn join_in(browser: &Browser, link: &str, name: &str) -> reqwest::Response {
    let page = browser.get(link).await;
    assert_eq!(page.status(), 200, "the join page opens");
    let html = page.text().await.unwrap();
    let csrf = csrf_token_in(&html).expect("the join page has a form");
    browser
        .post_raw(link, &[("csrf_token", &csrf), ("name", name)])
        .await
}

/// The room and the `jwt` of a redirect into Jitsi.
pub fn entered(response: &reqwest::Response) -> (String, Option<String>) {
    assert_eq!(response.status(), 303, "joining leads into the room");
    let location = response.headers()["location"].to_str().unwrap();
    let url = url::Url::parse(location).unwrap();
    let room = url.path().rsplit('/').next().unwrap().to_owned();
    let jwt = url
        .query_pairs()
        .find(|(k, _)| k == "jwt")
        .map(|(_, v)| v.into_owned());
    (room, jwt)
}

/// The settings in a redirect's fragment, decoded as jitsi-meet's `parseURLParams` does:
/// split on `&`, percent-decode each value, parse it as JSON.
pub fn jitsi_config(response: &reqwest::Response) -> serde_json::Map<String, Value> {
    let location = response.headers()["location"].to_str().unwrap();
    let fragment = url::Url::parse(location)
        .unwrap()
        .fragment()
        .expect("the redirect carries settings for Jitsi")
        .to_owned();
    fragment
        .split('&')
        .map(|pair| {
            let (key, value) = pair.split_once('=').expect("key=value");
            let value = percent_encoding::percent_decode_str(value)
                .decode_utf8()
                .expect("UTF-8");
            let value = serde_json::from_str(&value).expect("JSON, as Jitsi parses it");
            (key.to_owned(), value)
        })
        .collect()
}

pub fn hs256(room: &str) -> Expected<'_> {
    Expected {
        alg: "HS256",
        key: ServerKey::Secret(SECRET),
        issuer: APP_ID,
        audience: "jitsi",
        subject: "meet.city-a.test",
        room,
        kid: None,
    }
}

fn timestamp(rfc3339: &Value) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339.as_str().unwrap())
        .unwrap()
        .timestamp()
}

#[tokio::test]
async fn an_invitee_enters_the_right_room_as_participant_and_a_moderator_as_moderator() {
    let app = app_with_jitsi(&[]).await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    let room = meeting["room"].as_str().unwrap();
    let ends_at = timestamp(&meeting["ends_at"]);

    let before = Utc::now().timestamp();
    let response = join(
        &app,
        &link_of(&meeting, "guest@example.org"),
        "Gast aus Rastatt",
    )
    .await;
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("{JITSI_URL}/{room}?jwt=")),
        "{location}"
    );
    let (entered_room, jwt) = entered(&response);
    assert_eq!(entered_room, room);
    let jwt = jwt.expect("a server with a secret gets a token");
    let admitted = prosody::check(&jwt, &hs256(&entered_room), Utc::now().timestamp()).unwrap();
    assert!(
        !admitted.is_moderator(),
        "a participant is no moderator: {admitted:?}"
    );
    let user = &admitted.claims["context"]["user"];
    assert_eq!(user["name"], "Gast aus Rastatt");
    assert_eq!(user["email"], "guest@example.org");
    assert!(user.get("lobby_bypass").is_none() && admitted.claims.get("moderator").is_none());
    let iat = admitted.claims["iat"].as_i64().unwrap();
    assert!((before..=Utc::now().timestamp()).contains(&iat));
    assert_eq!(admitted.claims["nbf"].as_i64().unwrap(), iat - 60);
    assert_eq!(
        admitted.claims["exp"].as_i64().unwrap(),
        ends_at + 3600 + 3600,
        "end + the hour of grace for late joiners + the default hour of margin"
    );
    let wrong_secret = Expected {
        key: ServerKey::Secret("another-secret-another-secret-another"),
        ..hs256(&entered_room)
    };
    assert!(prosody::check(&jwt, &wrong_secret, Utc::now().timestamp()).is_err());
    let after_expiry = admitted.claims["exp"].as_i64().unwrap();
    assert!(
        prosody::check(&jwt, &hs256(&entered_room), after_expiry).is_err(),
        "no leeway"
    );

    let response = join(&app, &link_of(&meeting, "chair@example.org"), "Vorsitz").await;
    let (_, jwt) = entered(&response);
    let admitted = prosody::check(&jwt.unwrap(), &hs256(room), Utc::now().timestamp()).unwrap();
    let user = &admitted.claims["context"]["user"];
    assert_eq!(user["moderator"], true);
    assert_eq!(user["affiliation"], "owner");
    assert_eq!(user["lobby_bypass"], true);
    assert!(
        admitted.claims.get("moderator").is_none(),
        "context only, by default"
    );

    // The organizer's own "join" button is their link on the same path, as moderator.
    let (_, own) = organizer
        .get(&format!(
            "/api/v1/meetings/{}",
            meeting["id"].as_str().unwrap()
        ))
        .await;
    let response = join(&app, own["join_url"].as_str().unwrap(), "Organisatorin").await;
    let (_, jwt) = entered(&response);
    let admitted = prosody::check(&jwt.unwrap(), &hs256(room), Utc::now().timestamp()).unwrap();
    assert!(admitted.is_moderator());
    assert_eq!(
        admitted.claims["context"]["user"]["email"],
        "organizer@city-a.test"
    );
}

#[tokio::test]
async fn the_join_page_shows_the_meeting_and_suggests_the_invited_name() {
    let app = app_with_jitsi(&[]).await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    let response = app
        .browser()
        .get(&link_of(&meeting, "guest@example.org"))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["referrer-policy"], "no-referrer");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.contains(&format!("form-action 'self' {JITSI_URL}")),
        "{policy}"
    );
    let html = response.text().await.unwrap();
    assert!(html.contains("Bauausschuss"), "title");
    assert!(html.contains("organizer"), "the organizer's name");
    assert!(
        html.contains("value=\"Gast Gästin\""),
        "the invited name is suggested"
    );
    assert!(
        html.contains("(CET)") || html.contains("(CEST)"),
        "the meeting's zone: {html}"
    );

    let empty = {
        let browser = app.browser();
        let link = link_of(&meeting, "guest@example.org");
        let html = browser.get(&link).await.text().await.unwrap();
        let csrf = csrf_token_in(&html).unwrap();
        browser
            .post_raw(&link, &[("csrf_token", &csrf), ("name", "  ")])
            .await
    };
    assert_eq!(empty.status(), 422, "a name is needed");
    assert!(empty.headers().get("location").is_none());
    assert!(
        empty
            .text()
            .await
            .unwrap()
            .contains("This field is required.")
    );

    let forged = app
        .browser()
        .post_raw(&link_of(&meeting, "guest@example.org"), &[("name", "X")])
        .await;
    assert_eq!(forged.status(), 403, "no CSRF token, no join");
}

#[tokio::test]
async fn participants_wait_for_the_join_window_and_moderators_do_not() {
    let app = app_with_jitsi(&[]).await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 30).await;
    let guest = link_of(&meeting, "guest@example.org");

    let waiting = app.browser().get(&guest).await;
    assert_eq!(waiting.status(), 200);
    let refresh: i64 = waiting.headers()["refresh"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&refresh), "reloads itself: {refresh}");
    let html = waiting.text().await.unwrap();
    assert!(
        html.contains("The room opens in 15 minutes")
            || html.contains("The room opens in 14 minutes"),
        "{html}"
    );
    assert!(html.contains("This page reloads by itself."));

    let early = join(&app, &guest, "Gast").await;
    assert_eq!(early.status(), 403, "too early for a participant");
    assert!(early.headers().get("location").is_none());

    let chair = join(&app, &link_of(&meeting, "chair@example.org"), "Vorsitz").await;
    entered(&chair);

    // Opening the window further lets the participant in.
    let id = meeting["id"].as_str().unwrap();
    let (status, _) = organizer
        .patch(
            &format!("/api/v1/meetings/{id}"),
            json!({"join_minutes_before": 45}),
        )
        .await;
    assert_eq!(status, 200);
    entered(&join(&app, &guest, "Gast").await);
}

#[tokio::test]
async fn cancelled_meetings_are_gone_and_ended_ones_say_so() {
    let app = app_with_jitsi(&[]).await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    let guest = link_of(&meeting, "guest@example.org");
    let browser = app.browser();
    let csrf = csrf_token_in(&browser.get(&guest).await.text().await.unwrap()).unwrap();

    let id = meeting["id"].as_str().unwrap();
    assert_eq!(
        organizer.delete(&format!("/api/v1/meetings/{id}")).await.0,
        200
    );
    let page = browser.get(&guest).await;
    assert_eq!(page.status(), 410);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("This meeting was cancelled.")
    );
    let late = browser
        .post_raw(&guest, &[("csrf_token", &csrf), ("name", "Gast")])
        .await;
    assert_eq!(late.status(), 410);
    assert!(late.headers().get("location").is_none());

    let other = plan_soon(&organizer, 10).await;
    let other_id = other["id"].as_str().unwrap().to_owned();
    app.with_db(|conn| {
        use diesel::prelude::*;
        use treffpunkt::db::schema::meetings;
        // Ended two hours ago: past the hour of grace for late joiners.
        let past = Utc::now().naive_utc() - TimeDelta::hours(3);
        diesel::update(meetings::table.find(&other_id))
            .set((
                meetings::starts_at.eq(past),
                meetings::ends_at.eq(past + TimeDelta::hours(1)),
            ))
            .execute(conn)
            .unwrap();
    });
    let chair = link_of(&other, "chair@example.org");
    let page = browser.get(&chair).await;
    assert_eq!(page.status(), 410);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("This meeting has ended.")
    );
    let late = browser
        .post_raw(&chair, &[("csrf_token", &csrf), ("name", "Vorsitz")])
        .await;
    assert_eq!(
        late.status(),
        410,
        "not even a moderator enters after the end"
    );
}

#[tokio::test]
async fn jitsi_shows_the_meetings_title_and_skips_its_own_name_screen() {
    let app = app_with_jitsi(&[]).await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let title = r#"Bau & "Verkehr" #3: Übergänge — 50 %"#;
    let (status, meeting) = organizer
        .post(
            "/api/v1/meetings",
            json!({
                "title": title,
                "starts_at": in_minutes(5),
                "duration_minutes": 60,
                "participants": [{"email": "guest@example.org"}],
            }),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    let joined = join(&app, &link_of(&meeting, "guest@example.org"), "Gast").await;
    let (room, jwt) = entered(&joined);
    assert!(jwt.is_some(), "the token stays in the query");
    assert_ne!(room, title);
    let config = jitsi_config(&joined);
    assert_eq!(config["config.subject"], title);
    assert_eq!(config["config.prejoinConfig.enabled"], false);
}

#[tokio::test]
async fn late_joiners_get_in_during_the_grace_and_the_page_says_until_when() {
    let app = app_with_jitsi(&[("TREFFPUNKT_JOIN_GRACE_MINUTES", "60".to_owned())]).await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    let id = meeting["id"].as_str().unwrap().to_owned();
    // Planned 09:00–10:00 UTC today or so: it ended ten minutes ago.
    let ended = (Utc::now() - TimeDelta::minutes(10))
        .naive_utc()
        .with_nanosecond(0)
        .unwrap();
    app.with_db(|conn| {
        use diesel::prelude::*;
        use treffpunkt::db::schema::meetings;
        diesel::update(meetings::table.find(&id))
            .set((
                meetings::starts_at.eq(ended - TimeDelta::hours(1)),
                meetings::ends_at.eq(ended),
            ))
            .execute(conn)
            .unwrap();
    });
    let guest = link_of(&meeting, "guest@example.org");
    let page = app.browser().get(&guest).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let zone = chrono_tz::Europe::Berlin;
    let clock = |at: chrono::NaiveDateTime| {
        at.and_utc()
            .with_timezone(&zone)
            .format("%H:%M")
            .to_string()
    };
    let expected = format!("The meeting was planned until {} (", clock(ended));
    assert!(html.contains(&expected), "{html}");
    assert!(
        html.contains(&format!(
            "you can still join until {} (",
            clock(ended + TimeDelta::hours(1))
        )),
        "{html}"
    );
    let joined = join(&app, &guest, "Spät").await;
    let (room, jwt) = entered(&joined);
    let admitted = prosody::check(&jwt.unwrap(), &hs256(&room), Utc::now().timestamp()).unwrap();
    let exp = admitted.claims["exp"].as_i64().unwrap();
    assert!(
        exp >= (ended + TimeDelta::hours(1)).and_utc().timestamp(),
        "the token lasts until joining closes at least"
    );
}

#[tokio::test]
async fn removed_and_replaced_links_stop_working_at_once() {
    let app = app_with_jitsi(&[]).await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    let id = meeting["id"].as_str().unwrap();
    let unknown = app
        .browser()
        .get("/j/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        .await;
    assert_eq!(unknown.status(), 404);
    let unknown_body = unknown.text().await.unwrap();

    // Replaced: the old link is dead, the new one works, and the guest is sent the new one.
    let guest = &meeting["participants"].as_array().unwrap()[0];
    let old_link = guest["join_url"].as_str().unwrap().to_owned();
    let (status, replaced) = organizer
        .send(
            reqwest::Method::POST,
            &format!(
                "/api/v1/meetings/{id}/participants/{}/link",
                guest["id"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(status, 200, "{replaced}");
    let new_link = replaced["join_url"].as_str().unwrap();
    assert_ne!(new_link, old_link);
    let old = app.browser().get(&old_link).await;
    assert_eq!(old.status(), 404);
    assert_eq!(
        old.text().await.unwrap(),
        unknown_body,
        "a replaced link looks like any unknown one"
    );
    entered(&join(&app, new_link, "Gast").await);
    let updates = app.outbox_of("mail.update");
    assert_eq!(updates.len(), 1, "the guest hears about the new link");
    assert_eq!(updates[0].payload["participant_id"], guest["id"]);
    assert_eq!(
        updates[0].payload["revision"], 1,
        "a new link is a new revision for calendars"
    );

    // Removed: the link is dead at once.
    let chair = meeting["participants"].as_array().unwrap()[1].clone();
    let chair_link = chair["join_url"].as_str().unwrap();
    let browser = app.browser();
    let csrf = csrf_token_in(&browser.get(chair_link).await.text().await.unwrap()).unwrap();
    let path = format!(
        "/api/v1/meetings/{id}/participants/{}",
        chair["id"].as_str().unwrap()
    );
    assert_eq!(organizer.delete(&path).await.0, 204);
    let gone = browser
        .post_raw(chair_link, &[("csrf_token", &csrf), ("name", "Vorsitz")])
        .await;
    assert_eq!(gone.status(), 404);
    assert!(gone.headers().get("location").is_none());
    assert_eq!(gone.text().await.unwrap(), unknown_body);
}

#[tokio::test]
async fn no_token_outlives_a_day_even_for_a_meeting_further_ahead() {
    let app = app_with_jitsi(&[]).await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 5 * 24 * 60).await;
    let response = join(&app, &link_of(&meeting, "chair@example.org"), "Vorsitz").await;
    let (room, jwt) = entered(&response);
    let admitted = prosody::check(&jwt.unwrap(), &hs256(&room), Utc::now().timestamp()).unwrap();
    let iat = admitted.claims["iat"].as_i64().unwrap();
    assert_eq!(admitted.claims["exp"].as_i64().unwrap(), iat + 24 * 3600);
}

#[tokio::test]
async fn guessing_links_is_throttled_but_a_valid_link_always_passes() {
    let app = app_with_jitsi(&[("TREFFPUNKT_JOIN_MAX_FAILURES_PER_IP", "3".to_owned())]).await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    let guest = link_of(&meeting, "guest@example.org");
    for _ in 0..10 {
        assert_eq!(
            app.browser().get(&guest).await.status(),
            200,
            "real links never count"
        );
    }
    for guess in [
        "short",
        "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
        "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC",
    ] {
        assert_eq!(
            app.browser().get(&format!("/j/{guess}")).await.status(),
            404
        );
    }
    let blocked = app
        .browser()
        .get("/j/DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD")
        .await;
    assert_eq!(blocked.status(), 429);
    let retry: u64 = blocked.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=600).contains(&retry));
    assert_eq!(
        app.browser()
            .get("/j/EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE")
            .await
            .status(),
        429,
        "the address stays blocked for unknown links"
    );
    assert_eq!(
        app.browser().get(&guest).await.status(),
        200,
        "a colleague behind the same office address still gets in with a valid link"
    );
    let posted = join(&app, &guest, "Gast").await;
    assert_eq!(posted.status(), 303, "and can join");
}

#[tokio::test]
async fn a_public_server_gets_a_plain_room_link() {
    let app = TestApp::spawn_with(&[(
        "TREFFPUNKT_JITSI_URL",
        "https://meet.public.test".to_owned(),
    )])
    .await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    let response = join(&app, &link_of(&meeting, "guest@example.org"), "Gast").await;
    let location = response.headers()["location"].to_str().unwrap();
    let (room_url, _settings) = location.split_once('#').unwrap();
    assert_eq!(
        room_url,
        format!(
            "https://meet.public.test/{}",
            meeting["room"].as_str().unwrap()
        )
    );
}

#[tokio::test]
async fn without_any_server_the_join_page_says_so() {
    let app = TestApp::spawn().await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    let link = link_of(&meeting, "guest@example.org");
    let html = app.browser().get(&link).await.text().await.unwrap();
    assert!(html.contains("No video server is configured"), "{html}");
    let browser = app.browser();
    let csrf = csrf_token_in(&browser.get(&link).await.text().await.unwrap()).unwrap();
    let response = browser
        .post_raw(&link, &[("csrf_token", &csrf), ("name", "Gast")])
        .await;
    assert_eq!(response.status(), 409);
}

#[tokio::test]
async fn on_a_server_without_tokens_pages_say_so_and_the_organizer_can_move_to_a_new_room() {
    let app = TestApp::spawn_with(&[(
        "TREFFPUNKT_JITSI_URL",
        "https://meet.public.test".to_owned(),
    )])
    .await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    let id = meeting["id"].as_str().unwrap();
    let old_room = meeting["room"].as_str().unwrap().to_owned();
    let guest_link = link_of(&meeting, "guest@example.org");
    let page = app.browser().get(&guest_link).await.text().await.unwrap();
    assert!(
        page.contains("anyone who learns the room&#x27;s name can join")
            || page.contains("anyone who learns the room's name can join"),
        "{page}"
    );

    let browser = app
        .signed_in("organizer@city-a.test", "correct horse battery staple")
        .await;
    let meeting_page = browser
        .get(&format!("/meetings/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(meeting_page.contains("New room"), "{meeting_page}");
    let moved = browser
        .post_form(&format!("/meetings/{id}/room"), &[])
        .await;
    assert_eq!(moved.status(), 303);

    let (_, after) = organizer.get(&format!("/api/v1/meetings/{id}")).await;
    let new_room = after["room"].as_str().unwrap();
    assert_ne!(new_room, old_room);
    assert_eq!(after["revision"], meeting["revision"].as_i64().unwrap() + 1);
    assert_eq!(
        app.outbox_of("mail.update").len(),
        2,
        "both invitees hear of the move"
    );
    // The same personal link now leads into the new room.
    let response = join(&app, &guest_link, "Gast").await;
    let location = response.headers()["location"].to_str().unwrap();
    assert_eq!(
        location.split('#').next().unwrap(),
        format!("https://meet.public.test/{new_room}")
    );

    // A server that checks tokens offers no such thing.
    let signed = app_with_jitsi(&[]).await;
    let organizer = signed.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    let browser = signed
        .signed_in("organizer@city-a.test", "correct horse battery staple")
        .await;
    let page = browser
        .get(&format!("/meetings/{}", meeting["id"].as_str().unwrap()))
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("New room"), "{page}");
}
