//! The calendar feed: a person subscribes once and sees every meeting they organize or are
//! invited to, series with their exceptions, with their own join link; read by three parsers
//! that are not ours (Rust `ical`, Python `icalendar` + `recurring-ical-events`, libical).

use std::process::Command;

use chrono::{Duration, Utc};
use diesel::prelude::*;
use serde_json::{Value, json};

use crate::api_client::ApiClient;
use crate::helpers::{TestApp, csrf_token_in};
use crate::join::link_of;
use crate::series::expanded;

const PASSWORD: &str = "correct horse battery staple";

async fn new_feed(client: &ApiClient) -> String {
    let (status, feed) = client
        .post("/api/v1/me/calendar-feed/rotate", json!({}))
        .await;
    assert_eq!(status, 200, "{feed}");
    assert!(
        feed["webcal_url"]
            .as_str()
            .unwrap()
            .starts_with("webcal://"),
        "{feed}"
    );
    feed["url"].as_str().unwrap().to_owned()
}

/// Fetches the feed like a calendar program: no cookie, no token.
async fn fetch(url: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = reqwest::Client::new().get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

/// libical's view: VEVENT and VTIMEZONE counts and every problem it noted.
fn libical(calendar: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feed.ics");
    std::fs::write(&file, calendar).unwrap();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/calendar/libical_check.py"
    );
    let output = Command::new("/usr/bin/python3")
        .args([script, file.to_str().unwrap()])
        .output()
        .expect("the system Python runs (.ci/run installs python3-gi and gir1.2-ical-3.0)");
    assert!(
        output.status.success(),
        "libical failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The VEVENTs as the `ical` crate reads them: (SUMMARY, URL, RECURRENCE-ID present).
fn events(calendar: &str) -> Vec<(String, String, bool)> {
    let mut parser = ical::IcalParser::new(calendar.as_bytes());
    let parsed = parser.next().expect("one calendar").expect("it parses");
    parsed
        .events
        .iter()
        .map(|event| {
            let value = |name: &str| {
                event
                    .properties
                    .iter()
                    .find(|p| p.name == name)
                    .and_then(|p| p.value.clone())
            };
            (
                value("SUMMARY").unwrap_or_default(),
                value("URL").unwrap_or_default(),
                value("RECURRENCE-ID").is_some(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_subscriber_sees_every_meeting_with_their_own_link_as_other_parsers_read_it() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let bob = app.api_client("bob@city-b.test", false);
    let carol = app.api_client("carol@city-c.test", false);

    let budget = alice.plan("Haushalt", &["bob@city-b.test"]).await;
    let series = alice
        .plan_weekly("Jour fixe", "10:00", 30, 4, &["bob@city-b.test"])
        .await;
    let series_id = series["id"].as_str().unwrap();
    let dates: Vec<&str> = series["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["recurrence_id"].as_str().unwrap())
        .collect();
    let (status, _) = alice
        .delete(&format!(
            "/api/v1/meetings/{series_id}/occurrences/{}",
            dates[1]
        ))
        .await;
    assert_eq!(status, 200);
    let (status, _) = alice
        .patch(
            &format!("/api/v1/meetings/{series_id}/occurrences/{}", dates[2]),
            json!({"title": "Sondersitzung"}),
        )
        .await;
    assert_eq!(status, 200);
    let building = carol.plan("Bauausschuss", &["bob@city-b.test"]).await;
    // Over for more than 30 days: not in the feed.
    let old = carol.plan("Längst vorbei", &["bob@city-b.test"]).await;
    let old_id = old["id"].as_str().unwrap().to_owned();
    app.with_db(|conn| {
        use treffpunkt::db::schema::{meetings, participants};
        let start = (Utc::now() - Duration::days(40)).naive_utc();
        let end = start + Duration::hours(1);
        diesel::update(meetings::table.find(&old_id))
            .set((meetings::starts_at.eq(start), meetings::ends_at.eq(end)))
            .execute(conn)
            .unwrap();
        diesel::update(participants::table.filter(participants::meeting_id.eq(&old_id)))
            .set((
                participants::meeting_starts_at.eq(start),
                participants::meeting_ends_at.eq(end),
            ))
            .execute(conn)
            .unwrap();
    });

    let (status, _) = bob.get("/api/v1/me/calendar-feed").await;
    assert_eq!(status, 404, "no address until one is made");
    let url = new_feed(&bob).await;
    let (status, shown) = bob.get("/api/v1/me/calendar-feed").await;
    assert_eq!((status, shown["url"].as_str()), (200, Some(url.as_str())));

    let response = fetch(&url, &[]).await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let etag = headers["etag"].to_str().unwrap().to_owned();
    let modified = headers["last-modified"].to_str().unwrap().to_owned();
    let feed = response.text().await.unwrap();
    assert!(
        !feed.contains("METHOD:"),
        "a subscription is no iTIP message"
    );
    assert!(feed.contains("X-WR-CALNAME:Treffpunkt · bob"), "{feed}");

    // Rust's `ical`: every event once (the series as its master and its one changed date),
    // each with Bob's own join link, the old meeting gone.
    let mut seen = events(&feed);
    seen.sort();
    let bob_budget = link_of(&budget, "bob@city-b.test");
    let bob_series = link_of(&series, "bob@city-b.test");
    let bob_building = link_of(&building, "bob@city-b.test");
    let mut expected = vec![
        ("Bauausschuss".to_owned(), bob_building, false),
        ("Haushalt".to_owned(), bob_budget, false),
        ("Jour fixe".to_owned(), bob_series.clone(), false),
        ("Sondersitzung".to_owned(), bob_series, true),
    ];
    expected.sort();
    assert_eq!(seen, expected, "{feed}");

    // recurring-ical-events: the dates as planned, the cancelled one left out.
    let from = Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let to = (Utc::now() + Duration::days(40))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let titles: Vec<String> = expanded(&feed, &from, &to)
        .into_iter()
        .map(|(.., title)| title)
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            "Bauausschuss",
            "Haushalt",
            "Jour fixe",
            "Jour fixe",
            "Sondersitzung"
        ],
        "{feed}"
    );

    // libical: nothing it could not read.
    let checked = libical(&feed);
    assert_eq!(checked["errors"], json!([]), "{feed}");
    assert_eq!(checked["events"], 4);
    assert_eq!(checked["timezones"], 1);

    // Nothing changed: 304, by ETag or by date.
    let again = fetch(&url, &[("If-None-Match", &etag)]).await;
    assert_eq!(again.status(), 304);
    let again = fetch(&url, &[("If-Modified-Since", &modified)]).await;
    assert_eq!(again.status(), 304);

    // A change shows at the next fetch.
    let (status, _) = alice
        .patch(
            &format!("/api/v1/meetings/{}", budget["id"].as_str().unwrap()),
            json!({"title": "Haushalt 2027"}),
        )
        .await;
    assert_eq!(status, 200);
    let changed = fetch(&url, &[("If-None-Match", &etag)]).await;
    assert_eq!(changed.status(), 200);
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), etag);
    assert!(
        changed
            .text()
            .await
            .unwrap()
            .contains("SUMMARY:Haushalt 2027")
    );

    // Carol's feed holds only what is hers.
    let carols = fetch(&new_feed(&carol).await, &[])
        .await
        .text()
        .await
        .unwrap();
    let titles: Vec<String> = events(&carols).into_iter().map(|(t, ..)| t).collect();
    assert_eq!(titles, ["Bauausschuss"], "{carols}");

    // A new address: the old one stops at once.
    let renewed = new_feed(&bob).await;
    assert_ne!(renewed, url);
    assert_eq!(fetch(&url, &[]).await.status(), 404);
    assert_eq!(fetch(&renewed, &[]).await.status(), 200);
    let unknown = format!("{}/calendar/{}.ics", app.address, "A".repeat(43));
    assert_eq!(fetch(&unknown, &[]).await.status(), 404);
}

#[tokio::test]
async fn the_settings_page_makes_and_replaces_the_address() {
    let app = TestApp::spawn().await;
    app.add_user("dora@city-d.test", PASSWORD, false);
    let browser = app.signed_in("dora@city-d.test", PASSWORD).await;
    let page = browser
        .get("/settings/calendar")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("You have no subscription address yet"),
        "{page}"
    );

    let csrf = csrf_token_in(&page).unwrap();
    let forged = browser.post_raw("/settings/calendar/rotate", &[]).await;
    assert_eq!(forged.status(), 403);
    let made = browser
        .post_raw("/settings/calendar/rotate", &[("csrf_token", &csrf)])
        .await;
    assert_eq!(made.status(), 303);
    let page = browser
        .get("/settings/calendar")
        .await
        .text()
        .await
        .unwrap();
    let url = page
        .split(r#"id="feed-url" class="token" readonly value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the address is shown")
        .replace("&#x2F;", "/");
    assert!(page.contains("webcal:&#x2F;&#x2F;"), "{page}");
    let feed = fetch(&url, &[]).await;
    assert_eq!(feed.status(), 200);
    assert!(feed.text().await.unwrap().starts_with("BEGIN:VCALENDAR"));
}
