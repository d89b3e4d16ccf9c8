//! Date polls end to end: people get a mail with a personal link, answer on its page (the
//! page, not the GET, records), change their answers, get one reminder before the deadline,
//! and closing plans the meeting at the chosen time with normal invitations.

use std::time::Duration;

use chrono::{DateTime, Days, Utc};
use diesel::prelude::*;
use serde_json::{Value, json};
use treffpunkt::db::schema::polls;

use crate::api_client::ApiClient;
use crate::helpers::{Browser, csrf_token_in};
use crate::mail::{app_sending_to, eventually, to};
use crate::replies::{set_zone, zone_past_seven};
use crate::smtp::{Received, SmtpServer};

/// `days` from today at `time` UTC, as RFC 3339.
pub fn days_ahead_at(days: u64, time: &str) -> String {
    let day = Utc::now()
        .date_naive()
        .checked_add_days(Days::new(days))
        .unwrap();
    format!("{day}T{time}Z")
}

/// Makes a poll through the API; the answer body.
pub async fn make_poll(organizer: &ApiClient, body: Value) -> Value {
    let (status, poll) = organizer.post("/api/v1/polls", body).await;
    assert_eq!(status, 201, "{poll}");
    poll
}

/// The text part of a mail.
pub fn text_of(mail: &Received) -> String {
    fn find(part: &mailparse::ParsedMail<'_>) -> Option<String> {
        if part.ctype.mimetype == "text/plain" {
            return part.get_body().ok();
        }
        part.subparts.iter().find_map(find)
    }
    find(&mail.parsed()).expect("a text/plain part")
}

/// The path of the poll link in a mail (`/p/<token>`).
pub fn poll_link_in(mail: &Received) -> String {
    let text = text_of(mail);
    let start = text.find("/p/").expect("a poll link in the mail");
    let token: String = text[start + 3..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    format!("/p/{token}")
}

/// The proposal ids of an answer page, in its order.
fn proposal_ids(page: &str) -> Vec<String> {
    page.split(r#"name="a."#)
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .fold(Vec::new(), |mut ids, id| {
            if !ids.contains(&id) {
                ids.push(id);
            }
            ids
        })
}

/// Opens the poll page at `link` and saves `choices` (one per proposal, in order) with the
/// page's own form, plus `extra` fields: the answer to the POST.
pub async fn answer(
    browser: &Browser,
    link: &str,
    choices: &[&str],
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let page = browser.get(link).await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    let csrf = csrf_token_in(&page).expect("a form");
    let ids = proposal_ids(&page);
    assert_eq!(ids.len(), choices.len(), "{page}");
    let names: Vec<String> = ids.iter().map(|id| format!("a.{id}")).collect();
    let mut form: Vec<(&str, &str)> = vec![("csrf_token", &csrf)];
    form.extend(
        names
            .iter()
            .map(String::as_str)
            .zip(choices.iter().copied()),
    );
    form.extend_from_slice(extra);
    browser.post_raw(link, &form).await
}

fn three_times() -> Value {
    json!([
        { "starts_at": days_ahead_at(9, "09:00:00"), "duration_minutes": 60 },
        { "starts_at": days_ahead_at(10, "13:00:00"), "duration_minutes": 90 },
        { "starts_at": days_ahead_at(11, "08:30:00"), "duration_minutes": 60 },
    ])
}

fn counts(poll: &Value) -> Vec<(i64, i64, i64)> {
    poll["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let c = &p["counts"];
            (
                c["yes"].as_i64().unwrap(),
                c["maybe"].as_i64().unwrap(),
                c["no"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn four_people_answer_one_is_reminded_once_and_closing_plans_the_meeting_at_the_chosen_time()
{
    let smtp = SmtpServer::start();
    let app = app_sending_to(&smtp.url(), &[]).await;
    let alice = app.api_client("alice@city-a.test", false);
    let people = [
        "bob@city-b.test",
        "carol@city-c.test",
        "dave@city-d.test",
        "erin@city-e.test",
    ];
    let poll = make_poll(
        &alice,
        json!({
            "title": "Digitalrat: Frühjahrssitzung",
            "description": "Bitte bis Freitag antworten.",
            "timezone": "Europe/Berlin",
            "proposals": three_times(),
            "participants": people.iter().map(|e| json!({ "email": e })).collect::<Vec<_>>(),
            "deadline": days_ahead_at(5, "16:00:00"),
            "reminder_hours_before": 24,
        }),
    )
    .await;
    let id = poll["id"].as_str().unwrap().to_owned();
    let proposals = poll["proposals"].as_array().unwrap().clone();
    assert_eq!(proposals.len(), 3);
    assert_eq!(proposals[1]["starts_at"], days_ahead_at(10, "13:00:00"));
    assert_eq!(proposals[1]["ends_at"], days_ahead_at(10, "14:30:00"));

    // Everyone asked gets one mail with their own link.
    let asked = smtp.wait_for(4, Duration::from_secs(10)).await;
    let mut links = Vec::new();
    for email in people {
        let mails = to(&asked, email);
        assert_eq!(mails.len(), 1, "{email}");
        assert!(
            mails[0].header("Subject").unwrap().contains("Digitalrat"),
            "{:?}",
            mails[0].header("Subject")
        );
        links.push(poll_link_in(&mails[0]));
    }
    assert_eq!(links.len(), 4);
    assert_ne!(links[0], links[1]);

    // Opening a link (what a mail scanner does) records nothing.
    let scanner = app.browser();
    assert_eq!(scanner.get(&links[0]).await.status(), 200);
    let (_, before) = alice.get(&format!("/api/v1/polls/{id}")).await;
    assert_eq!(counts(&before), vec![(0, 0, 0); 3]);

    // A form without this browser's token is refused and changes nothing.
    let forged = app.browser().post_raw(&links[0], &[("a.x", "yes")]).await;
    assert_eq!(forged.status(), 403);

    // Bob, Carol and Dave answer; Bob changes his mind.
    let bob = app.browser();
    assert_eq!(
        answer(&bob, &links[0], &["yes", "no", "no"], &[])
            .await
            .status(),
        303
    );
    let carol = app.browser();
    assert_eq!(
        answer(&carol, &links[1], &["maybe", "yes", "no"], &[])
            .await
            .status(),
        303
    );
    let dave = app.browser();
    assert_eq!(
        answer(&dave, &links[2], &["yes", "no", "yes"], &[])
            .await
            .status(),
        303
    );
    let changed = answer(&bob, &links[0], &["yes", "yes", "no"], &[]).await;
    assert_eq!(changed.status(), 303);
    let saved = changed.headers()["location"].to_str().unwrap().to_owned();
    let page = bob.get(&saved).await.text().await.unwrap();
    assert!(page.contains("Your answers are saved"), "{page}");
    assert!(
        page.contains(r#"value="yes" required aria-labelledby"#),
        "{page}"
    );

    let (_, now) = alice.get(&format!("/api/v1/polls/{id}")).await;
    assert_eq!(counts(&now), vec![(2, 1, 0), (2, 0, 1), (1, 0, 2)], "{now}");
    let best: Vec<bool> = now["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["best"].as_bool().unwrap())
        .collect();
    assert_eq!(best, vec![true, false, false]);
    let bobs = now["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == "bob@city-b.test")
        .unwrap();
    assert_eq!(bobs["answers"][proposals[1]["id"].as_str().unwrap()], "yes");

    // The deadline comes within a day: one reminder, to Erin only, once.
    app.with_db(|conn| {
        diesel::update(polls::table.find(&id))
            .set(polls::deadline.eq(Some((Utc::now() + chrono::Duration::hours(2)).naive_utc())))
            .execute(conn)
            .unwrap()
    });
    let reminded = smtp.wait_for(5, Duration::from_secs(15)).await;
    let reminders: Vec<&Received> = reminded[4..].iter().collect();
    assert_eq!(reminders[0].recipients, ["erin@city-e.test"]);
    assert!(
        reminders[0]
            .header("Subject")
            .unwrap()
            .starts_with("Reminder"),
        "{:?}",
        reminders[0].header("Subject")
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(smtp.received().len(), 5, "the reminder goes once");
    assert_eq!(
        app.outbox()
            .iter()
            .filter(|j| j.kind == "poll.reminder")
            .count(),
        1
    );

    // Alice's digest of answers is due today: the answer carried over from the poll (Dave's
    // "no") must not be news in it.
    set_zone(&app, "alice@city-a.test", &zone_past_seven());

    // Alice closes with the second time: a meeting at exactly that time, everyone invited.
    let chosen = proposals[1]["id"].as_str().unwrap();
    let (status, closed) = alice
        .post(
            &format!("/api/v1/polls/{id}/close"),
            json!({ "proposal_id": chosen }),
        )
        .await;
    assert_eq!(status, 200, "{closed}");
    let meeting_id = closed["meeting_id"].as_str().unwrap();
    let (_, meeting) = alice.get(&format!("/api/v1/meetings/{meeting_id}")).await;
    assert_eq!(meeting["title"], "Digitalrat: Frühjahrssitzung");
    let starts: DateTime<Utc> = meeting["starts_at"].as_str().unwrap().parse().unwrap();
    let ends: DateTime<Utc> = meeting["ends_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        starts.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        proposals[1]["starts_at"]
    );
    assert_eq!(
        ends.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        proposals[1]["ends_at"]
    );
    assert_eq!(meeting["timezone"], "Europe/Berlin");
    // Dave said no to this time: invited, marked as probably absent.
    let entry = |email: &str| -> Value {
        meeting["participants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["email"] == email)
            .unwrap_or_else(|| panic!("{email} not invited: {meeting}"))
            .clone()
    };
    assert_eq!(
        entry("dave@city-d.test")["response"]["partstat"],
        "DECLINED"
    );
    assert_eq!(entry("bob@city-b.test")["response"], Value::Null);
    assert_eq!(entry("erin@city-e.test")["response"], Value::Null);

    // Each person gets the outcome and the meeting's invitation, whose time is the chosen one.
    let all = smtp.wait_for(5 + 8, Duration::from_secs(15)).await;
    for email in people {
        let mails = to(&all, email);
        let outcome = mails
            .iter()
            .find(|m| m.header("Subject").unwrap().starts_with("Date found"))
            .unwrap_or_else(|| panic!("no outcome for {email}"));
        assert!(text_of(outcome).contains("The meeting takes place on"));
        let invitation = mails
            .iter()
            .find(|m| m.calendar_opt().is_some())
            .unwrap_or_else(|| panic!("no invitation for {email}"));
        let calendar = invitation.calendar();
        let (start, end) = (
            starts.format("%Y%m%dT%H%M%SZ"),
            ends.format("%Y%m%dT%H%M%SZ"),
        );
        assert!(calendar.contains(&format!("DTSTART:{start}")), "{calendar}");
        assert!(calendar.contains(&format!("DTEND:{end}")), "{calendar}");
    }

    tokio::time::sleep(Duration::from_secs(3)).await;
    let digests: Vec<Received> = to(&smtp.received(), "alice@city-a.test")
        .into_iter()
        .filter(|m| m.header("Subject").unwrap().contains("new answer"))
        .collect();
    assert!(digests.is_empty(), "no digest of the poll's own answers");

    // The poll stays readable, closed: no more answers.
    let closed_page = carol.get(&links[1]).await.text().await.unwrap();
    assert!(
        closed_page.contains("The meeting takes place on"),
        "{closed_page}"
    );
    assert!(!closed_page.contains(r#"name="a."#), "no more answer form");
    let csrf = csrf_token_in(&closed_page).unwrap();
    let field = format!("a.{chosen}");
    let late = carol
        .post_raw(
            &links[1],
            &[("csrf_token", csrf.as_str()), (field.as_str(), "no")],
        )
        .await;
    assert_eq!(late.status(), 409);
    let (_, again) = alice
        .post(&format!("/api/v1/polls/{id}/close"), json!({}))
        .await;
    assert_eq!(again["error"]["code"], "poll_closed", "{again}");
    let (_, read) = alice.get(&format!("/api/v1/polls/{id}")).await;
    assert_eq!(read["closed"], true);
    assert_eq!(read["chosen_proposal_id"], chosen);
}

#[tokio::test]
async fn closing_without_a_date_tells_everyone_and_plans_nothing() {
    let smtp = SmtpServer::start();
    let app = app_sending_to(&smtp.url(), &[]).await;
    let alice = app.api_client("alice@city-a.test", false);
    let poll = make_poll(
        &alice,
        json!({ "title": "Klausur", "proposals": three_times(),
                "participants": [{ "email": "bob@city-b.test" }] }),
    )
    .await;
    smtp.wait_for(1, Duration::from_secs(10)).await;
    let id = poll["id"].as_str().unwrap();
    let (status, closed) = alice
        .post(&format!("/api/v1/polls/{id}/close"), json!({}))
        .await;
    assert_eq!(status, 200, "{closed}");
    assert_eq!(closed, json!({ "meeting_id": null }));
    let mails = smtp.wait_for(2, Duration::from_secs(10)).await;
    assert!(
        mails[1]
            .header("Subject")
            .unwrap()
            .starts_with("Poll closed")
    );
    assert!(text_of(&mails[1]).contains("without choosing a date"));
    let (_, meetings) = alice.get("/api/v1/meetings").await;
    assert_eq!(meetings["meetings"], json!([]));
    eventually("no invitation goes", Duration::from_secs(2), || {
        smtp.received().len() == 2
    })
    .await;
}
