//! Date polls in the browser and what each person may see: times in the reader's zone across
//! a clock change, hidden answers, the organizer's form, closing and CSV export, refused input
//! and other people's polls. Guests: poll_guests.rs.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, csrf_token_in};
use crate::polls::{answer, days_ahead_at, make_poll};

const PASSWORD: &str = "correct horse battery staple";

/// The personal link of `email` on a poll, as its mail carries it (read from the outbox's
/// job and made the way the worker makes it: through the organizer's results page, which
/// leads someone asked to their own link).
async fn personal_link(app: &TestApp, poll_id: &str, email: &str) -> String {
    let browser = app.signed_in(email, PASSWORD).await;
    let page = browser.get(&format!("/polls/{poll_id}")).await;
    assert_eq!(page.status(), 303, "{email} is led to their link");
    let location = page.headers()["location"].to_str().unwrap().to_owned();
    reqwest::Url::parse(&location).unwrap().path().to_owned()
}

#[tokio::test]
async fn times_across_a_clock_change_read_right_in_two_zones() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let bob = app.api_client("bob@city-b.test", false);
    app.api_client("carol@city-c.test", false);
    app.with_db(|conn| {
        use diesel::prelude::*;
        use treffpunkt::db::schema::users;
        diesel::update(users::table.find(&bob.user.id))
            .set(users::time_zone.eq("America/New_York"))
            .execute(conn)
            .unwrap()
    });
    // Europe leaves summer time on 31 October 2027, the United States on 7 November.
    let poll = make_poll(
        &alice,
        json!({
            "title": "Städtepartnerschaft",
            "timezone": "Europe/Berlin",
            "proposals": [
                { "starts_at": "2027-10-29T10:00:00+02:00", "duration_minutes": 60 },
                { "starts_at": "2027-11-01T10:00:00+01:00", "duration_minutes": 60 },
            ],
            "participants": [{ "email": "bob@city-b.test" }, { "email": "carol@city-c.test" }],
        }),
    )
    .await;
    let starts: Vec<&str> = poll["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["starts_at"].as_str().unwrap())
        .collect();
    assert_eq!(starts, ["2027-10-29T08:00:00Z", "2027-11-01T09:00:00Z"]);
    let id = poll["id"].as_str().unwrap();

    // Carol's page opened without signing in: the poll's zone, both at 10:00 local, each
    // with its offset's name.
    let carol_path = personal_link(&app, id, "carol@city-c.test").await;
    let page = app.browser().get(&carol_path).await.text().await.unwrap();
    assert!(
        page.contains("Fri, 29 Oct 2027, 10:00–11:00 (CEST)"),
        "{page}"
    );
    assert!(
        page.contains("Mon, 1 Nov 2027, 10:00–11:00 (CET)"),
        "{page}"
    );

    // Shown in New York (asked for on the page), still on summer time there: 04:00, then
    // 05:00 EDT.
    let page = app
        .browser()
        .get(&format!("{carol_path}?tz=America/New_York"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Fri, 29 Oct 2027, 04:00–05:00 (EDT)"),
        "{page}"
    );
    assert!(
        page.contains("Mon, 1 Nov 2027, 05:00–06:00 (EDT)"),
        "{page}"
    );
    assert!(page.contains("proposed in Europe&#x2F;Berlin"), "{page}");

    // Bob lives in New York: his page shows his zone without asking.
    let bob_path = personal_link(&app, id, "bob@city-b.test").await;
    let bob_browser = app.signed_in("bob@city-b.test", PASSWORD).await;
    let page = bob_browser.get(&bob_path).await.text().await.unwrap();
    assert!(page.contains("04:00–05:00 (EDT)"), "{page}");
    assert!(page.contains("05:00–06:00 (EDT)"), "{page}");
}

#[tokio::test]
async fn hidden_answers_are_not_shown_to_participants_in_pages_or_the_api() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let bob = app.api_client("bob@city-b.test", false);
    let carol = app.api_client("carol@city-c.test", false);
    let body = |show: bool| {
        json!({
            "title": if show { "Offen" } else { "Geheim" },
            "show_answers": show,
            "proposals": [
                { "starts_at": days_ahead_at(8, "09:00:00"), "duration_minutes": 60 },
                { "starts_at": days_ahead_at(9, "09:00:00"), "duration_minutes": 60 }],
            "participants": [{ "email": "bob@city-b.test", "name": "Bob Brandt" },
                             { "email": "carol@city-c.test", "name": "Carol Cordes" }],
        })
    };
    for show in [false, true] {
        let poll = make_poll(&alice, body(show)).await;
        let id = poll["id"].as_str().unwrap();
        let bob_link = personal_link(&app, id, "bob@city-b.test").await;
        let bob_browser = app.browser();
        assert_eq!(
            answer(&bob_browser, &bob_link, &["yes", "no"], &[])
                .await
                .status(),
            303
        );

        let carol_link = personal_link(&app, id, "carol@city-c.test").await;
        let page = app.browser().get(&carol_link).await.text().await.unwrap();
        let (status, read) = carol.get(&format!("/api/v1/polls/{id}")).await;
        assert_eq!(status, 200, "{read}");
        assert_eq!(read["role"], "participant");
        assert_eq!(read["own_answers"], json!({}));
        if show {
            assert!(page.contains("Bob Brandt"), "{page}");
            assert_eq!(read["participants"][0]["name"], "Bob Brandt");
            assert!(read["participants"][0].get("email").is_none(), "{read}");
            assert_eq!(read["proposals"][0]["counts"]["yes"], 1);
        } else {
            assert!(!page.contains("Bob Brandt"), "{page}");
            assert!(!page.contains("poll-people"), "{page}");
            assert!(read.get("participants").is_none(), "{read}");
            assert!(read["proposals"][0].get("counts").is_none(), "{read}");
            assert!(!read.to_string().contains("Bob"), "{read}");
        }
        // Bob sees his own answers in the API.
        let (_, own) = bob.get(&format!("/api/v1/polls/{id}")).await;
        let first = poll["proposals"][0]["id"].as_str().unwrap();
        assert_eq!(own["own_answers"][first], "yes", "{own}");
        // The organizer always sees everything.
        let (_, full) = alice.get(&format!("/api/v1/polls/{id}")).await;
        assert_eq!(full["participants"].as_array().unwrap().len(), 2);
        assert_eq!(full["participants"][0]["email"], "bob@city-b.test");
    }
}

#[tokio::test]
async fn the_organizer_makes_a_poll_in_the_form_closes_it_there_and_exports_csv() {
    let app = TestApp::spawn().await;
    app.add_user("alice@city-a.test", PASSWORD, false);
    let alice = app.signed_in("alice@city-a.test", PASSWORD).await;
    let form = alice.get("/polls/new").await.text().await.unwrap();
    let csrf = csrf_token_in(&form).unwrap();
    let day = |n: u64| days_ahead_at(n, "00:00:00")[..10].to_owned();
    let (d1, d2) = (day(12), day(13));

    // The fields every post below shares: title, zone, one time on `d1`, the reminder.
    let first_row = |extra: &[(&'static str, &str)]| -> Vec<(String, String)> {
        let mut fields = vec![
            ("csrf_token", csrf.as_str()),
            ("title", "Haushaltsklausur"),
            ("time_zone", "Europe/Berlin"),
            ("date", d1.as_str()),
            ("start", "09:30"),
            ("duration", "120"),
            ("reminder_hours", "24"),
        ];
        fields.extend_from_slice(extra);
        fields
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    };
    let post = |fields: Vec<(String, String)>| {
        let alice = &alice;
        async move {
            let pairs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            alice.post_raw("/polls", &pairs).await
        }
    };

    // "Copy for another date" gives the form back with the row repeated, date blank.
    let copied = post(first_row(&[("action", "copy:0")])).await;
    assert_eq!(copied.status(), 200);
    let html = copied.text().await.unwrap();
    assert!(
        html.contains(r#"id="start-1" name="start" value="09:30""#),
        "{html}"
    );
    assert!(
        html.contains(r#"id="date-1" name="date" value="""#),
        "{html}"
    );

    // One time only: refused, naming the rows.
    let one = post(first_row(&[])).await;
    assert_eq!(one.status(), 422);
    assert!(
        one.text()
            .await
            .unwrap()
            .contains("Propose at least 2 times.")
    );

    let made = post(first_row(&[
        ("date", &d2),
        ("start", "09:30"),
        ("duration", "120"),
        ("date", ""),
        ("start", ""),
        ("duration", "60"),
        ("invitees", "Bob Brandt <bob@city-b.test>, =cmd@city-x.test"),
        ("show_answers", "on"),
        ("action", "create"),
    ]))
    .await;
    assert_eq!(made.status(), 303);
    let poll_path = made.headers()["location"].to_str().unwrap().to_owned();
    let page = alice.get(&poll_path).await.text().await.unwrap();
    assert!(page.contains("The poll was created"), "{page}");
    assert!(page.contains("0 of 2 answered"), "{page}");

    let csv = alice.get(&format!("{poll_path}/results.csv")).await;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = csv.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("Name,E-mail,"), "{csv}");
    assert!(lines[1].starts_with("Bob Brandt,bob@city-b.test"), "{csv}");
    assert!(
        lines[2].contains(",'=cmd@city-x.test"),
        "a formula is made text: {csv}"
    );

    // Closing from the page, with the first time: the meeting page opens.
    let csrf = csrf_token_in(&page).unwrap();
    let proposal = page
        .split(r#"name="proposal_id" value=""#)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let closed = alice
        .post_raw(
            &format!("{poll_path}/close"),
            &[
                ("csrf_token", &csrf),
                ("outcome", "meeting"),
                ("proposal_id", &proposal),
            ],
        )
        .await;
    assert_eq!(closed.status(), 303);
    let meeting = closed.headers()["location"].to_str().unwrap().to_owned();
    assert!(meeting.starts_with("/meetings/"), "{meeting}");
    let meeting_page = alice.get(&meeting).await.text().await.unwrap();
    assert!(meeting_page.contains("Haushaltsklausur"), "{meeting_page}");
    assert!(meeting_page.contains("bob@city-b.test"), "{meeting_page}");
    let page = alice.get(&poll_path).await.text().await.unwrap();
    assert!(
        page.contains("The poll is closed. The meeting takes place on"),
        "{page}"
    );
}

#[tokio::test]
async fn bad_polls_are_refused_by_field_and_other_peoples_polls_do_not_exist() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let mallory = app.api_client("mallory@city-m.test", false);
    let (status, body) = alice
        .post(
            "/api/v1/polls",
            json!({
                "title": "",
                "timezone": "Mars/Olympus",
                "proposals": [{ "starts_at": "tomorrow", "duration_minutes": 60 }],
                "deadline": "2020-01-01T00:00:00Z",
                "reminder_hours_before": 500,
            }),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let fields = &body["error"]["fields"];
    for field in ["title", "timezone", "deadline", "reminder_hours_before"] {
        assert!(fields.get(field).is_some(), "{field}: {body}");
    }
    let (status, body) = alice
        .post(
            "/api/v1/polls",
            json!({ "title": "x", "proposals": [
                { "starts_at": days_ahead_at(3, "09:00:00"), "duration_minutes": 60 },
                { "starts_at": days_ahead_at(3, "09:00:00"), "duration_minutes": 60 },
                { "starts_at": "2020-01-01T09:00:00Z", "duration_minutes": 60 },
                { "starts_at": days_ahead_at(4, "09:00:00") }] }),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let fields = &body["error"]["fields"];
    assert!(
        fields["proposals.2.starts_at"]
            .as_str()
            .unwrap()
            .contains("past"),
        "{body}"
    );
    assert!(
        fields.get("proposals.3.duration_minutes").is_some(),
        "{body}"
    );
    let (status, body) = alice
        .post(
            "/api/v1/polls",
            json!({ "title": "x", "proposals": [
                { "starts_at": days_ahead_at(3, "09:00:00"), "duration_minutes": 60 },
                { "starts_at": days_ahead_at(3, "09:00:00"), "duration_minutes": 60 }] }),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["error"]["fields"]["proposals"],
        "The same time is proposed twice."
    );
    let (status, _) = alice
        .send(
            Method::POST,
            "/api/v1/polls",
            Some(json!({ "title": "x", "colour": "red" })),
        )
        .await;
    assert_eq!(status, 422);

    let poll = make_poll(
        &alice,
        json!({ "title": "Nur für uns", "proposals": [
            { "starts_at": days_ahead_at(3, "09:00:00"), "duration_minutes": 60 },
            { "starts_at": days_ahead_at(4, "09:00:00"), "duration_minutes": 60 }] }),
    )
    .await;
    let id = poll["id"].as_str().unwrap();
    let (status, _) = mallory.get(&format!("/api/v1/polls/{id}")).await;
    assert_eq!(status, 404);
    let (status, _) = mallory
        .post(&format!("/api/v1/polls/{id}/close"), json!({}))
        .await;
    assert_eq!(status, 404);
    let (_, list) = mallory.get("/api/v1/polls").await;
    assert_eq!(list["polls"], json!([]));
    let (_, list) = alice.get("/api/v1/polls").await;
    assert_eq!(list["polls"][0]["role"], "organizer");
    let (status, body) = alice
        .post(
            &format!("/api/v1/polls/{id}/close"),
            json!({ "proposal_id": "nope" }),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let browser = app.signed_in("mallory@city-m.test", PASSWORD).await;
    assert_eq!(browser.get(&format!("/polls/{id}")).await.status(), 404);
    assert_eq!(
        browser
            .get(&format!("/polls/{id}/results.csv"))
            .await
            .status(),
        404
    );
    let _: Value = list;
}
