//! Series changed after planning: one date moved or cancelled alone, this date and all
//! following, a new rule for the whole series — checked in the outbox, through the API and
//! against the independent expander (see `series.rs`).

use serde_json::json;

use crate::helpers::TestApp;
use crate::series::{api_and_expander_agree, listed, plan_series};

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
