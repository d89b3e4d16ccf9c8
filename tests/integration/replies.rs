//! Who is coming: invitees answer on the reply page behind their link (a GET only shows the
//! choice; the confirm button records it) or through the API, and the organizer reads answers,
//! counts and what became of each mail.

use std::time::Duration;

use serde_json::{Value, json};

use crate::api_client::ApiClient;
use crate::helpers::{Browser, TestApp, csrf_token_in};
use crate::join::link_of;
use crate::mail::{app_sending_to, to};
use crate::smtp::SmtpServer;

const PASSWORD: &str = "correct horse battery staple";

fn path_of(link: &str) -> String {
    reqwest::Url::parse(link).unwrap().path().to_owned()
}

fn participant<'a>(meeting: &'a Value, email: &str) -> &'a Value {
    meeting["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == email)
        .unwrap_or_else(|| panic!("{email} is not on {meeting}"))
}

/// Opens the reply page for `answer` and presses the confirm button with `comment` (and, for
/// a series, `scope`): the answer to the POST.
async fn confirm(
    browser: &Browser,
    link: &str,
    query: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let reply = format!("{}/reply", path_of(link));
    let page = browser.get(&format!("{reply}?{query}")).await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    let csrf = csrf_token_in(&page).expect("a reply form");
    let date = page
        .split(r#"name="date" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("")
        .to_owned();
    let mut form = vec![("csrf_token", csrf.as_str()), ("date", date.as_str())];
    form.extend_from_slice(fields);
    browser.post_raw(&reply, &form).await
}

/// The meeting page as the signed-in `organizer` sees it.
async fn meeting_page(organizer: &Browser, id: &str) -> String {
    let page = organizer.get(&format!("/meetings/{id}")).await;
    assert_eq!(page.status(), 200);
    page.text().await.unwrap()
}

async fn meeting(organizer: &ApiClient, id: &str) -> Value {
    let (status, meeting) = organizer.get(&format!("/api/v1/meetings/{id}")).await;
    assert_eq!(status, 200, "{meeting}");
    meeting
}

#[tokio::test]
async fn an_invitee_answers_on_the_reply_page_and_following_the_link_records_nothing() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let planned = alice
        .plan("Jour fixe", &["bob@city-b.test", "carol@city-c.test"])
        .await;
    let id = planned["id"].as_str().unwrap();
    let bob_link = link_of(&planned, "bob@city-b.test");
    let bob = app.browser();

    // What a mail scanner does: follow the link. The page preselects the answer, asks to
    // confirm, and nothing is recorded.
    let shown = bob
        .get(&format!("{}/reply?answer=declined", path_of(&bob_link)))
        .await;
    assert_eq!(shown.status(), 200);
    let html = shown.text().await.unwrap();
    assert!(
        html.contains(r#"value="declined" required checked"#),
        "{html}"
    );
    assert!(html.contains("Send answer"), "{html}");
    let before = meeting(&alice, id).await;
    assert_eq!(
        participant(&before, "bob@city-b.test")["response"],
        Value::Null
    );

    // A form from elsewhere (no CSRF token of this browser) changes nothing.
    let forged = app
        .browser()
        .post_raw(
            &format!("{}/reply", path_of(&bob_link)),
            &[("answer", "accepted")],
        )
        .await;
    assert_eq!(forged.status(), 403);

    // Confirming records it, with the comment, and the page says so.
    let sent = confirm(
        &bob,
        &bob_link,
        "answer=declined",
        &[
            ("answer", "declined"),
            ("comment", "Ich bin im Urlaub, Vertretung: Frau Kaya."),
        ],
    )
    .await;
    assert_eq!(sent.status(), 303);
    let back = sent.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.contains("recorded=1"), "{back}");
    let thanks = bob.get(&back).await.text().await.unwrap();
    assert!(thanks.contains("your answer has been recorded"), "{thanks}");
    assert!(thanks.contains("Your answer so far: Declined"), "{thanks}");

    let after = meeting(&alice, id).await;
    let response = &participant(&after, "bob@city-b.test")["response"];
    assert_eq!(response["partstat"], "DECLINED", "{after}");
    assert_eq!(
        response["comment"],
        "Ich bin im Urlaub, Vertretung: Frau Kaya."
    );
    assert!(
        response["at"].as_str().unwrap().ends_with('Z'),
        "{response}"
    );
    assert_eq!(
        participant(&after, "carol@city-c.test")["response"],
        Value::Null
    );

    // The organizer sees the answer beside the person and the counts at the top.
    let organizer = app.signed_in("alice@city-a.test", PASSWORD).await;
    let page = meeting_page(&organizer, id).await;
    assert!(
        page.contains("0 accepted, 0 maybe, 1 declined, 1 open"),
        "{page}"
    );
    assert!(page.contains("Vertretung: Frau Kaya"), "{page}");

    // A second answer replaces the first.
    let changed = confirm(
        &bob,
        &bob_link,
        "answer=accepted",
        &[("answer", "accepted")],
    )
    .await;
    assert_eq!(changed.status(), 303);
    let again = meeting(&alice, id).await;
    let response = &participant(&again, "bob@city-b.test")["response"];
    assert_eq!(response["partstat"], "ACCEPTED");
    assert_eq!(response["comment"], Value::Null);
    let page = meeting_page(&organizer, id).await;
    assert!(
        page.contains("1 accepted, 0 maybe, 0 declined, 1 open"),
        "{page}"
    );
}

#[tokio::test]
async fn a_bad_answer_is_refused_in_words_and_the_organizer_has_nothing_to_answer() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let planned = alice.plan("Jour fixe", &["bob@city-b.test"]).await;
    let id = planned["id"].as_str().unwrap();
    let bob_link = link_of(&planned, "bob@city-b.test");

    let refused = confirm(
        &app.browser(),
        &bob_link,
        "answer=accepted",
        &[("answer", "perhaps"), ("comment", &"x".repeat(1_001))],
    )
    .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("Choose ACCEPTED, TENTATIVE or DECLINED"),
        "{html}"
    );
    assert!(html.contains("at most 1000 characters"), "{html}");
    assert_eq!(
        participant(&meeting(&alice, id).await, "bob@city-b.test")["response"],
        Value::Null
    );

    // The organizer's own link offers no answers, and posting one is refused.
    let own = planned["join_url"].as_str().unwrap();
    let join_page = app.browser().get(&path_of(own)).await.text().await.unwrap();
    assert!(!join_page.contains("reply?answer="), "{join_page}");
    let bob_join = app
        .browser()
        .get(&path_of(&bob_link))
        .await
        .text()
        .await
        .unwrap();
    assert!(bob_join.contains("reply?answer=accepted"), "{bob_join}");
    let theirs = confirm(
        &app.browser(),
        own,
        "answer=accepted",
        &[("answer", "accepted")],
    )
    .await;
    assert_eq!(theirs.status(), 409);
}

#[tokio::test]
async fn a_signed_in_invitee_answers_through_the_api() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let bob = app.api_client("bob@city-b.test", false);
    let stranger = app.api_client("eve@city-e.test", false);
    let planned = alice.plan("Jour fixe", &["bob@city-b.test"]).await;
    let id = planned["id"].as_str().unwrap();
    let path = format!("/api/v1/meetings/{id}/response");

    let (status, answer) = bob
        .post(
            &path,
            json!({"partstat": "TENTATIVE", "comment": "Komme evtl. später"}),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["partstat"], "TENTATIVE");
    assert_eq!(answer["comment"], "Komme evtl. später");
    let seen = meeting(&alice, id).await;
    assert_eq!(
        participant(&seen, "bob@city-b.test")["response"]["partstat"],
        "TENTATIVE"
    );

    let (status, error) = bob.post(&path, json!({"partstat": "MAYBE"})).await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(
        error["error"]["field_codes"]["partstat"],
        "partstat_unknown"
    );
    let (status, _) = stranger.post(&path, json!({"partstat": "ACCEPTED"})).await;
    assert_eq!(status, 404, "not invited: as if the meeting did not exist");
    let (status, error) = alice.post(&path, json!({"partstat": "ACCEPTED"})).await;
    assert_eq!(status, 409, "{error}");

    // Cancelled meetings take no answers.
    let (status, _) = alice.delete(&format!("/api/v1/meetings/{id}")).await;
    assert_eq!(status, 200);
    let (status, error) = bob.post(&path, json!({"partstat": "DECLINED"})).await;
    assert_eq!(status, 409, "{error}");
    assert_eq!(error["error"]["code"], "meeting_cancelled");
}

#[tokio::test]
async fn a_series_takes_answers_for_one_date_which_count_for_that_date() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let planned = alice
        .plan_weekly(
            "Jour fixe",
            "09:00",
            60,
            5,
            &["bob@city-b.test", "carol@city-c.test"],
        )
        .await;
    let id = planned["id"].as_str().unwrap();
    let dates: Vec<String> = planned["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["recurrence_id"].as_str().unwrap().to_owned())
        .collect();
    let bob_link = link_of(&planned, "bob@city-b.test");
    let carol_link = link_of(&planned, "carol@city-c.test");

    // Carol accepts the whole series; Bob declines the first date only.
    let all = confirm(
        &app.browser(),
        &carol_link,
        "answer=accepted",
        &[("answer", "accepted")],
    )
    .await;
    assert_eq!(all.status(), 303);
    let one = confirm(
        &app.browser(),
        &bob_link,
        &format!("answer=declined&date={}", dates[0]),
        &[("answer", "declined"), ("scope", "date")],
    )
    .await;
    assert_eq!(one.status(), 303);

    let seen = meeting(&alice, id).await;
    let bob = participant(&seen, "bob@city-b.test");
    assert_eq!(
        bob["response"],
        Value::Null,
        "no answer for the whole series"
    );
    assert_eq!(bob["occurrence_responses"][0]["recurrence_id"], dates[0]);
    assert_eq!(bob["occurrence_responses"][0]["partstat"], "DECLINED");
    assert_eq!(
        participant(&seen, "carol@city-c.test")["response"]["partstat"],
        "ACCEPTED"
    );

    // The page counts the next date: Carol's series answer and Bob's answer for that date.
    let organizer = app.signed_in("alice@city-a.test", PASSWORD).await;
    let page = meeting_page(&organizer, id).await;
    assert!(page.contains("Next date ("), "{page}");
    assert!(
        page.contains("1 accepted, 0 maybe, 1 declined, 0 open"),
        "{page}"
    );

    // A date that is not the series' is refused.
    let bob_api = app.api_client("bob@city-b.test", false);
    let (status, error) = bob_api
        .post(
            &format!("/api/v1/meetings/{id}/response"),
            json!({"partstat": "ACCEPTED", "recurrence_id": "20990105T090000Z"}),
        )
        .await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(error["error"]["field_codes"]["date"], "date_not_in_series");
}

#[tokio::test]
async fn deliveries_show_per_person_and_a_refusal_stays_on_the_dashboard_until_looked_at() {
    let smtp = SmtpServer::start();
    let app = app_sending_to(&smtp.url(), &[]).await;
    let alice = app.api_client("alice@city-a.test", false);
    let planned = alice
        .plan("Jour fixe", &["bob@city-b.test", "reject-me@city-b.test"])
        .await;
    let id = planned["id"].as_str().unwrap().to_owned();
    let queued = participant(&planned, "bob@city-b.test")["delivery"].clone();
    assert_eq!(queued["state"], "queued", "{planned}");

    let mut seen = Value::Null;
    for _ in 0..200 {
        seen = meeting(&alice, &id).await;
        let states = [
            participant(&seen, "bob@city-b.test")["delivery"]["state"].clone(),
            participant(&seen, "reject-me@city-b.test")["delivery"]["state"].clone(),
        ];
        if states == [json!("sent"), json!("failed")] {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let sent = &participant(&seen, "bob@city-b.test")["delivery"];
    assert_eq!(sent["state"], "sent", "{seen}");
    assert!(sent["at"].as_str().unwrap().ends_with('Z'));
    let failed = &participant(&seen, "reject-me@city-b.test")["delivery"];
    assert_eq!(failed["state"], "failed", "{seen}");
    assert!(
        failed["detail"]
            .as_str()
            .unwrap()
            .contains("No such mailbox here"),
        "the server's answer in words: {failed}"
    );

    // The invitation that arrived offers the three answers; its link opens the reply page.
    let mails = smtp.wait_for(2, Duration::from_secs(10)).await;
    let mail = to(&mails, "bob@city-b.test").remove(0);
    let text = mail.parsed().subparts[0].subparts[0].get_body().unwrap();
    let accept = text
        .lines()
        .find(|l| l.contains("/reply?answer=accepted"))
        .and_then(|l| l.split(": ").nth(1))
        .unwrap_or_else(|| panic!("no answer link in {text}"));
    let accept = reqwest::Url::parse(accept).unwrap();
    let page = app
        .browser()
        .get(&format!(
            "{}?{}",
            accept.path(),
            accept.query().unwrap_or("")
        ))
        .await;
    let html = page.text().await.unwrap();
    assert!(
        html.contains(r#"value="accepted" required checked"#),
        "{html}"
    );

    // The dashboard names the refusal until the organizer opens the meeting.
    let organizer = app.signed_in("alice@city-a.test", PASSWORD).await;
    let dashboard = organizer.get("/").await.text().await.unwrap();
    assert!(
        dashboard.contains("Mails that could not be delivered"),
        "{dashboard}"
    );
    assert!(dashboard.contains("reject-me@city-b.test"), "{dashboard}");
    let page = meeting_page(&organizer, &id).await;
    assert!(page.contains("Mail failed"), "{page}");
    let dashboard = organizer.get("/").await.text().await.unwrap();
    assert!(
        !dashboard.contains("Mails that could not be delivered"),
        "{dashboard}"
    );
}

/// A zone where it is past the digest hour (07:00) now, so a digest is due today.
pub fn zone_past_seven() -> String {
    let hour = i64::from(chrono::Timelike::hour(&chrono::Utc::now()));
    let offset = (-12..=14)
        .find(|o| (8..=22).contains(&(hour + o).rem_euclid(24)))
        .unwrap();
    // Etc/GMT-3 is three hours ahead of UTC.
    match offset {
        0 => "Etc/GMT".to_owned(),
        o if o > 0 => format!("Etc/GMT-{o}"),
        o => format!("Etc/GMT+{}", -o),
    }
}

pub fn set_zone(app: &TestApp, email: &str, zone: &str) {
    use diesel::prelude::*;
    use treffpunkt::db::schema::users;
    app.with_db(|conn| {
        diesel::update(users::table.filter(users::email.eq(email)))
            .set(users::time_zone.eq(zone))
            .execute(conn)
            .unwrap();
    });
}

#[tokio::test]
async fn organizers_get_one_digest_of_answers_a_day_unless_they_switch_it_off() {
    let smtp = SmtpServer::start();
    let app = app_sending_to(&smtp.url(), &[]).await;
    let alice = app.api_client("alice@city-a.test", false);
    let dora = app.api_client("dora@city-d.test", false);
    let bob = app.api_client("bob@city-b.test", false);
    let zone = zone_past_seven();
    set_zone(&app, "alice@city-a.test", &zone);
    set_zone(&app, "dora@city-d.test", &zone);
    // Dora switches the digest off in her settings.
    let browser = app.signed_in("dora@city-d.test", PASSWORD).await;
    let page = browser.get("/settings").await.text().await.unwrap();
    assert!(
        page.contains(r#"name="reply_digest" value="on" checked"#),
        "on by default"
    );
    let csrf = csrf_token_in(&page).unwrap();
    let saved = browser
        .post_raw("/settings/digest", &[("csrf_token", &csrf)])
        .await;
    assert_eq!(saved.status(), 303);

    let budget = alice.plan("Haushalt", &["bob@city-b.test"]).await;
    let building = dora.plan("Bauausschuss", &["bob@city-b.test"]).await;
    smtp.wait_for(4, Duration::from_secs(20)).await;
    for meeting in [&budget, &building] {
        let (status, _) = bob
            .post(
                &format!(
                    "/api/v1/meetings/{}/response",
                    meeting["id"].as_str().unwrap()
                ),
                json!({"partstat": "ACCEPTED", "comment": "Bis morgen"}),
            )
            .await;
        assert_eq!(status, 200);
    }
    let digests = |mails: &[crate::smtp::Received], to_whom: &str| {
        to(mails, to_whom)
            .into_iter()
            .filter(|m| {
                m.header("Subject")
                    .is_some_and(|s| s.contains("new answer"))
            })
            .collect::<Vec<_>>()
    };
    let mails = smtp.wait_for(5, Duration::from_secs(20)).await;
    let alices = digests(&mails, "alice@city-a.test");
    assert_eq!(alices.len(), 1, "one digest");
    let text = alices[0].parsed().subparts[0].get_body().unwrap();
    assert!(
        text.contains("bob <bob@city-b.test>: Accepted – \"Bis morgen\""),
        "{text}"
    );
    assert!(text.contains("Haushalt"), "{text}");

    // Another answer the same day: no second mail. Dora, switched off, gets none.
    let (status, _) = bob
        .post(
            &format!(
                "/api/v1/meetings/{}/response",
                budget["id"].as_str().unwrap()
            ),
            json!({"partstat": "DECLINED"}),
        )
        .await;
    assert_eq!(status, 200);
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mails = smtp.received();
    assert_eq!(
        digests(&mails, "alice@city-a.test").len(),
        1,
        "never one per answer"
    );
    assert!(
        digests(&mails, "dora@city-d.test").is_empty(),
        "switched off"
    );
}
