//! Series through the API: planned by rule, listed as occurrences, changed or cancelled one date
//! at a time — and the calendar file Treffpunkt writes, expanded by an independent expander
//! (Python's `recurring-ical-events`, tests/series/expand.py), gives the same dates as the API.

use std::process::Command;

use reqwest::Method;
use serde_json::{Value, json};

use crate::api_client::ApiClient;
use crate::helpers::TestApp;

/// Plans a series; panics unless 201.
async fn plan_series(
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
async fn listed(
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
async fn calendar_file(client: &ApiClient, id: &str) -> String {
    let response = client
        .raw(Method::GET, &format!("/api/v1/meetings/{id}/invite.ics"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

/// What the independent expander makes of `calendar` in `[from, to)`: (start, end, title).
fn expanded(calendar: &str, from: &str, to: &str) -> Vec<(String, String, String)> {
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
async fn api_and_expander_agree(client: &ApiClient, id: &str, from: &str, to: &str) -> Vec<String> {
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
async fn one_date_moved_and_another_cancelled_reach_the_outbox_and_every_calendar() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let meeting = plan_series(
        &alice,
        "2027-03-09T10:00:00+01:00",
        "Europe/Berlin",
        json!({"rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=6"}),
    )
    .await;
    let id = meeting["id"].as_str().unwrap();
    let (from, to) = ("2027-03-01T00:00:00Z", "2027-07-01T00:00:00Z");
    let listed_before = listed(&alice, id, from, to).await;
    assert_eq!(listed_before.len(), 6);

    // Cancel the second date: iTIP CANCEL for that date only, to each person.
    let (status, cancelled) = alice
        .delete(&format!(
            "/api/v1/meetings/{id}/occurrences/20270323T090000Z"
        ))
        .await;
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["cancelled"], true);
    let cancellations = app.outbox_of("mail.cancellation");
    assert_eq!(cancellations.len(), 1);
    assert_eq!(
        cancellations[0].payload["recurrence_id"],
        "20270323T090000Z"
    );
    assert_eq!(
        cancellations[0].payload["revision"], 1,
        "above the master's SEQUENCE 0"
    );
    // Again: nothing new.
    let (status, _) = alice
        .delete(&format!(
            "/api/v1/meetings/{id}/occurrences/20270323T090000Z"
        ))
        .await;
    assert_eq!(status, 200);
    assert_eq!(app.outbox_of("mail.cancellation").len(), 1);

    // Move the third date by a day and give it its own title (RFC 3339 identity accepted too).
    let (status, moved) = alice
        .patch(
            &format!("/api/v1/meetings/{id}/occurrences/2027-04-06T10:00:00%2B02:00"),
            json!({"starts_at": "2027-04-07T11:00:00+02:00", "title": "Jour fixe (Mittwoch)"}),
        )
        .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["starts_at"], "2027-04-07T11:00:00+02:00");
    assert_eq!(moved["ends_at"], "2027-04-07T12:00:00+02:00");
    assert_eq!(moved["recurrence_id"], "20270406T080000Z");
    let updates = app.outbox_of("mail.update");
    assert_eq!(updates.len(), 1);
    assert_eq!(updates[0].payload["recurrence_id"], "20270406T080000Z");

    // The master is unchanged (revision 0); the calendar file carries both exceptions and the
    // independent expander agrees with the API.
    let (_, read) = alice.get(&format!("/api/v1/meetings/{id}")).await;
    assert_eq!(read["revision"], 0);
    let dates = read["occurrences"].as_array().unwrap();
    assert!(
        dates
            .iter()
            .any(|d| d["recurrence_id"] == "20270323T090000Z" && d["cancelled"] == true)
    );
    assert!(
        dates
            .iter()
            .any(|d| d["recurrence_id"] == "20270406T080000Z" && d["changed"] == true)
    );
    let starts = api_and_expander_agree(&alice, id, from, to).await;
    assert_eq!(starts.len(), 5);
    assert!(starts.contains(&"2027-04-07T09:00:00Z".to_owned()));
    let listed_after = listed(&alice, id, from, to).await;
    assert!(listed_after.iter().any(|(start, _, title, _)| {
        start == "2027-04-07T09:00:00Z" && title == "Jour fixe (Mittwoch)"
    }));
    assert!(
        listed_after
            .iter()
            .any(|(start, _, _, cancelled)| { start == "2027-03-23T09:00:00Z" && *cancelled })
    );

    // A cancelled date cannot be changed; a date the series does not have is not found.
    let (status, refused) = alice
        .patch(
            &format!("/api/v1/meetings/{id}/occurrences/20270323T090000Z"),
            json!({"title": "Doch"}),
        )
        .await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["error"]["code"], "occurrence_cancelled");
    let (status, _) = alice
        .delete(&format!(
            "/api/v1/meetings/{id}/occurrences/20270324T090000Z"
        ))
        .await;
    assert_eq!(status, 404);
    // Nobody else's to change.
    let mallory = app.api_client("mallory@city-b.test", false);
    let (status, _) = mallory
        .delete(&format!(
            "/api/v1/meetings/{id}/occurrences/20270309T090000Z"
        ))
        .await;
    assert_eq!(status, 404);
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
async fn this_and_all_following_ends_the_series_and_starts_a_new_one_as_outlook_does() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let meeting = plan_series(
        &alice,
        "2027-03-09T10:00:00+01:00",
        "Europe/Berlin",
        json!({"frequency": "weekly", "by_weekday": ["tu"], "count": 6}),
    )
    .await;
    let id = meeting["id"].as_str().unwrap();
    let (status, rest) = alice
        .patch(
            &format!("/api/v1/meetings/{id}?scope=following&recurrence_id=20270330T080000Z"),
            json!({"starts_at": "2027-03-30T11:00:00+02:00", "title": "Jour fixe (neu)"}),
        )
        .await;
    assert_eq!(status, 200, "{rest}");
    let rest_id = rest["id"].as_str().unwrap();
    assert_ne!(rest_id, id, "a new series with a new UID");
    assert_eq!(rest["recurrence"]["rrule"], "FREQ=WEEKLY;BYDAY=TU;COUNT=3");
    assert_eq!(rest["starts_at"], "2027-03-30T11:00:00+02:00");
    assert_ne!(rest["room"], meeting["room"]);
    assert_eq!(rest["participants"][0]["email"], "bob@example.org");
    assert_ne!(
        rest["participants"][0]["join_url"], meeting["participants"][0]["join_url"],
        "new personal links"
    );

    let (_, old) = alice.get(&format!("/api/v1/meetings/{id}")).await;
    assert_eq!(old["recurrence"]["until"], "2027-03-29");
    assert_eq!(
        old["recurrence"]["rrule"],
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270329T215959Z"
    );
    assert_eq!(old["revision"], 1);
    // The old series: an update with the higher SEQUENCE; the new one: invitations.
    let updates = app.outbox_of("mail.update");
    assert_eq!(updates.len(), 1);
    assert_eq!(updates[0].payload["meeting_id"], id);
    assert_eq!(updates[0].payload["revision"], 1);
    let invitations: Vec<_> = app
        .outbox_of("mail.invitation")
        .into_iter()
        .filter(|j| j.payload["meeting_id"] == rest_id)
        .collect();
    assert_eq!(invitations.len(), 1);

    let (from, to) = ("2027-03-01T00:00:00Z", "2027-06-01T00:00:00Z");
    let before = api_and_expander_agree(&alice, id, from, to).await;
    assert_eq!(
        before,
        [
            "2027-03-09T09:00:00Z",
            "2027-03-16T09:00:00Z",
            "2027-03-23T09:00:00Z"
        ]
    );
    let after = api_and_expander_agree(&alice, rest_id, from, to).await;
    assert_eq!(
        after,
        [
            "2027-03-30T09:00:00Z",
            "2027-04-06T09:00:00Z",
            "2027-04-13T09:00:00Z"
        ]
    );

    // A date cancelled after a split point goes with the rest when the rest still has it.
    let (status, _) = alice
        .delete(&format!(
            "/api/v1/meetings/{rest_id}/occurrences/20270413T090000Z"
        ))
        .await;
    assert_eq!(status, 200);
    let (status, third) = alice
        .patch(
            &format!("/api/v1/meetings/{rest_id}?scope=following&recurrence_id=20270406T090000Z"),
            json!({"title": "Jour fixe (Frühjahr)"}),
        )
        .await;
    assert_eq!(status, 200, "{third}");
    let third_id = third["id"].as_str().unwrap();
    let dates = listed(&alice, third_id, from, to).await;
    assert_eq!(dates.len(), 2, "{dates:?}");
    assert!(
        dates
            .iter()
            .any(|(start, _, _, cancelled)| start == "2027-04-13T09:00:00Z" && *cancelled),
        "{dates:?}"
    );
    let after = api_and_expander_agree(&alice, third_id, from, to).await;
    assert_eq!(after, ["2027-04-06T09:00:00Z"]);
    assert_eq!(
        listed(&alice, rest_id, from, to).await.len(),
        1,
        "the rest now ends before 6 April"
    );

    // From the first date on is simply the whole series.
    let (status, same) = alice
        .patch(
            &format!("/api/v1/meetings/{rest_id}?scope=following&recurrence_id=20270330T090000Z"),
            json!({"title": "Jour fixe"}),
        )
        .await;
    assert_eq!(status, 200, "{same}");
    assert_eq!(same["id"], rest_id);
    let (status, refused) = alice
        .patch(
            &format!("/api/v1/meetings/{id}?scope=some"),
            json!({"title": "x"}),
        )
        .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["field_codes"]["scope"], "scope_unknown");
}

#[tokio::test]
async fn a_new_rule_for_the_whole_series_drops_dates_it_no_longer_has_and_null_makes_it_single() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let meeting = plan_series(
        &alice,
        "2027-03-09T10:00:00+01:00",
        "Europe/Berlin",
        json!({"frequency": "weekly", "count": 6}),
    )
    .await;
    let id = meeting["id"].as_str().unwrap();
    // One date cancelled that the new rule keeps, one that it drops.
    for date in ["20270323T090000Z", "20270316T090000Z"] {
        let (status, _) = alice
            .delete(&format!("/api/v1/meetings/{id}/occurrences/{date}"))
            .await;
        assert_eq!(status, 200);
    }
    let (status, changed) = alice
        .patch(
            &format!("/api/v1/meetings/{id}"),
            json!({"recurrence": {"rrule": "FREQ=WEEKLY;INTERVAL=2;COUNT=3"}}),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(
        changed["revision"], 1,
        "a new rule is news for every calendar"
    );
    assert_eq!(
        changed["recurrence"]["rrule"],
        "FREQ=WEEKLY;INTERVAL=2;COUNT=3"
    );
    let exceptions: Vec<&str> = changed["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["cancelled"] == true)
        .map(|d| d["recurrence_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        exceptions,
        ["20270323T090000Z"],
        "16 March is no date of the new rule"
    );
    assert_eq!(app.outbox_of("mail.update").len(), 1);
    let starts =
        api_and_expander_agree(&alice, id, "2027-03-01T00:00:00Z", "2027-05-01T00:00:00Z").await;
    assert_eq!(starts, ["2027-03-09T09:00:00Z", "2027-04-06T08:00:00Z"]);

    // Moving the first meeting to a day the rule has not is refused at `recurrence`.
    let (status, refused) = alice
        .patch(
            &format!("/api/v1/meetings/{id}"),
            json!({"recurrence": {"frequency": "weekly", "by_weekday": ["tu"], "count": 3},
                   "starts_at": "2027-03-10T10:00:00+01:00"}),
        )
        .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(
        refused["error"]["field_codes"]["recurrence"],
        "recurrence_start_not_in_rule"
    );

    // `null`: a single meeting again, its first date.
    let (status, single) = alice
        .patch(
            &format!("/api/v1/meetings/{id}"),
            json!({"recurrence": null}),
        )
        .await;
    assert_eq!(status, 200, "{single}");
    assert!(single.get("recurrence").is_none(), "{single}");
    assert!(single.get("occurrences").is_none(), "{single}");
    let listed = listed(&alice, id, "2027-03-01T00:00:00Z", "2027-05-01T00:00:00Z").await;
    assert_eq!(listed.len(), 1);
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
