//! Series through the API: planned by rule, listed as occurrences, changed or cancelled one date
//! at a time — and the calendar file Treffpunkt writes, expanded by an independent expander
//! (Python's `recurring-ical-events`, tests/series/expand.py), gives the same dates as the API.

use std::process::Command;

use reqwest::Method;
use serde_json::{Value, json};

use crate::api_client::ApiClient;
use crate::helpers::TestApp;

/// Plans a series; panics unless 201.
pub(crate) async fn plan_series(
    organizer: &ApiClient,
    starts_at: &str,
    timezone: &str,
    recurrence: Value,
) -> Value {
    let (status, meeting) = organizer
        .post(
            "/api/v1/meetings",
            json!({
                "title": "Jour fixe",
                "starts_at": starts_at,
                "duration_minutes": 60,
                "timezone": timezone,
                "participants": [{"email": "bob@example.org"}],
                "recurrence": recurrence,
            }),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    meeting
}

/// The occurrences the API lists in `[from, to)`: (start UTC, end UTC, title, cancelled).
pub(crate) async fn listed(
    client: &ApiClient,
    id: &str,
    from: &str,
    to: &str,
) -> Vec<(String, String, String, bool)> {
    let (status, page) = client
        .get(&format!(
            "/api/v1/meetings?from={from}&to={to}&per_page=100"
        ))
        .await;
    assert_eq!(status, 200, "{page}");
    page["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["id"] == id)
        .map(|m| {
            (
                utc(&m["starts_at"]),
                utc(&m["ends_at"]),
                m["title"].as_str().unwrap().to_owned(),
                m["cancelled"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn utc(value: &Value) -> String {
    chrono::DateTime::parse_from_rfc3339(value.as_str().unwrap())
        .unwrap()
        .to_utc()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// The meeting's calendar file, as the API serves it.
pub(crate) async fn calendar_file(client: &ApiClient, id: &str) -> String {
    let response = client
        .raw(Method::GET, &format!("/api/v1/meetings/{id}/invite.ics"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

/// What the independent expander makes of `calendar` in `[from, to)`: (start, end, title).
pub(crate) fn expanded(calendar: &str, from: &str, to: &str) -> Vec<(String, String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("invite.ics");
    std::fs::write(&file, calendar).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/series/expand.py");
    let output = Command::new("python3")
        .args([script, file.to_str().unwrap(), from, to])
        .output()
        .expect("python3 runs (.ci/run installs recurring-ical-events)");
    assert!(
        output.status.success(),
        "the expander failed: {}\n{calendar}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The API's dates (not cancelled) equal the expander's, for the calendar file.
pub(crate) async fn api_and_expander_agree(
    client: &ApiClient,
    id: &str,
    from: &str,
    to: &str,
) -> Vec<String> {
    let api: Vec<(String, String, String)> = listed(client, id, from, to)
        .await
        .into_iter()
        .filter(|(.., cancelled)| !cancelled)
        .map(|(start, end, title, _)| (start, end, title))
        .collect();
    let calendar = calendar_file(client, id).await;
    let independent = expanded(&calendar, from, to);
    assert_eq!(api, independent, "{calendar}");
    assert!(!api.is_empty());
    api.into_iter().map(|(start, ..)| start).collect()
}

#[tokio::test]
async fn weekly_across_both_daylight_saving_changes_keeps_the_wall_clock_in_berlin_and_new_york() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let berlin = plan_series(
        &alice,
        "2027-03-09T10:00:00+01:00",
        "Europe/Berlin",
        json!({"frequency": "weekly", "by_weekday": ["tu"], "until": "2027-11-09"}),
    )
    .await;
    assert_eq!(
        berlin["recurrence"]["rrule"],
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20271109T225959Z"
    );
    assert_eq!(berlin["recurrence"]["until"], "2027-11-09");
    let id = berlin["id"].as_str().unwrap();
    let starts =
        api_and_expander_agree(&alice, id, "2027-03-01T00:00:00Z", "2027-12-01T00:00:00Z").await;
    assert_eq!(starts.len(), 36);
    assert_eq!(starts[0], "2027-03-09T09:00:00Z", "10:00 CET");
    assert_eq!(
        starts[3], "2027-03-30T08:00:00Z",
        "10:00 CEST after 28 March"
    );
    assert_eq!(
        starts[35], "2027-11-09T09:00:00Z",
        "10:00 CET after 31 October"
    );

    let new_york = plan_series(
        &alice,
        "2027-03-01T09:30:00-05:00",
        "America/New_York",
        json!({"rrule": "FREQ=WEEKLY;BYDAY=MO;COUNT=40"}),
    )
    .await;
    let id = new_york["id"].as_str().unwrap();
    let starts =
        api_and_expander_agree(&alice, id, "2027-02-01T00:00:00Z", "2028-02-01T00:00:00Z").await;
    assert_eq!(starts.len(), 40);
    assert_eq!(starts[1], "2027-03-08T14:30:00Z", "EST");
    assert_eq!(starts[2], "2027-03-15T13:30:00Z", "EDT after 14 March");
    assert!(
        starts.contains(&"2027-11-08T14:30:00Z".to_owned()),
        "EST after 7 November"
    );
}

#[tokio::test]
async fn the_last_friday_the_31st_and_29_february_expand_as_rfc_5545_says() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let (from, to) = ("2027-01-01T00:00:00Z", "2033-01-01T00:00:00Z");

    let last_friday = plan_series(
        &alice,
        "2027-01-29T14:00:00+01:00",
        "Europe/Berlin",
        json!({"frequency": "monthly", "by_weekday": ["fr"], "by_set_position": -1, "count": 12}),
    )
    .await;
    assert_eq!(
        last_friday["recurrence"]["rrule"],
        "FREQ=MONTHLY;BYDAY=-1FR;COUNT=12"
    );
    let starts =
        api_and_expander_agree(&alice, last_friday["id"].as_str().unwrap(), from, to).await;
    assert_eq!(starts.len(), 12);
    assert_eq!(starts[1], "2027-02-26T13:00:00Z");

    let the_31st = plan_series(
        &alice,
        "2027-01-31T10:00:00+01:00",
        "Europe/Berlin",
        json!({"frequency": "monthly", "by_month_day": 31, "count": 7}),
    )
    .await;
    let starts = api_and_expander_agree(&alice, the_31st["id"].as_str().unwrap(), from, to).await;
    let months: Vec<&str> = starts.iter().map(|s| &s[..7]).collect();
    assert_eq!(
        months,
        [
            "2027-01", "2027-03", "2027-05", "2027-07", "2027-08", "2027-10", "2027-12"
        ],
        "months without a 31st are skipped"
    );

    let leap_day = plan_series(
        &alice,
        "2028-02-29T10:00:00+01:00",
        "Europe/Berlin",
        json!({"frequency": "yearly", "until": "2032-12-31"}),
    )
    .await;
    let starts = api_and_expander_agree(&alice, leap_day["id"].as_str().unwrap(), from, to).await;
    assert_eq!(starts, ["2028-02-29T09:00:00Z", "2032-02-29T09:00:00Z"]);
}

#[tokio::test]
async fn rules_we_do_not_offer_are_refused_by_name_and_nothing_is_planned() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    for (recurrence, code) in [
        (
            json!({"rrule": "FREQ=WEEKLY;BYHOUR=10"}),
            "recurrence_part_unsupported",
        ),
        (
            json!({"frequency": "weekly", "by_weekday": ["we"]}),
            "recurrence_start_not_in_rule",
        ),
        (json!({"frequency": "hourly"}), "recurrence_frequency"),
        (
            json!({"frequency": "daily", "count": 501}),
            "recurrence_too_many",
        ),
        (
            json!({"frequency": "daily", "until": "2032-03-10"}),
            "recurrence_until_too_far",
        ),
        (
            json!({"frequency": "daily", "until": "2028-12-31"}),
            "recurrence_too_many",
        ),
    ] {
        let (status, refused) = alice
            .post(
                "/api/v1/meetings",
                json!({
                    "title": "Serie",
                    "starts_at": "2027-03-09T10:00:00+01:00",
                    "duration_minutes": 30,
                    "timezone": "Europe/Berlin",
                    "recurrence": recurrence,
                }),
            )
            .await;
        assert_eq!(status, 422, "{recurrence}: {refused}");
        assert_eq!(
            refused["error"]["field_codes"]["recurrence"], code,
            "{refused}"
        );
        let message = refused["error"]["fields"]["recurrence"].as_str().unwrap();
        assert!(
            !message.is_empty() && !message.contains("field-"),
            "{message}"
        );
    }
    assert!(app.outbox().is_empty(), "nothing was planned");
    let (_, page) = alice.get("/api/v1/meetings").await;
    assert_eq!(page["meetings"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn a_date_in_the_hour_the_clocks_skip_moves_as_the_independent_expander_moves_it() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    // 02:30 does not exist on 28 March 2027 in Berlin: RFC 5545 takes the offset before the
    // gap, so that date is at 03:30 CEST (01:30Z), like the others at 01:30Z.
    let meeting = plan_series(
        &alice,
        "2027-03-26T02:30:00+01:00",
        "Europe/Berlin",
        json!({"frequency": "daily", "count": 4}),
    )
    .await;
    let id = meeting["id"].as_str().unwrap();
    let (from, to) = ("2027-03-25T00:00:00Z", "2027-04-01T00:00:00Z");
    let api = listed(&alice, id, from, to).await;
    let independent = expanded(&calendar_file(&alice, id).await, from, to);
    let starts: Vec<&str> = api.iter().map(|(start, ..)| start.as_str()).collect();
    let their_starts: Vec<&str> = independent
        .iter()
        .map(|(start, ..)| start.as_str())
        .collect();
    assert_eq!(starts, their_starts);
    assert_eq!(starts[2], "2027-03-28T01:30:00Z");
    assert_eq!(starts[3], "2027-03-29T00:30:00Z", "02:30 CEST again");
    // RFC 5545 §3.8.5.3: each date lasts exactly as long as the first. (The expander adds the
    // hour in wall-clock time there and ends that date at its start; calendars keep the hour.)
    for (start, end, ..) in &api {
        let at = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap();
        assert_eq!((at(end) - at(start)).num_minutes(), 60, "{start}");
    }
}
