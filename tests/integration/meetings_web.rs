//! A staff member plans, changes and cancels a meeting with the browser forms, and the
//! dashboard and meeting page show what they expect.

use chrono::{Datelike, TimeDelta, Utc};
use diesel::prelude::*;
use treffpunkt::db::schema::meetings;

use crate::helpers::{Browser, TestApp};

const PASSWORD: &str = "correct horse battery staple";

async fn staff(app: &TestApp, email: &str) -> Browser {
    app.add_user(email, PASSWORD, false);
    app.signed_in(email, PASSWORD).await
}

fn tomorrow() -> String {
    (Utc::now() + TimeDelta::days(1))
        .format("%Y-%m-%d")
        .to_string()
}

/// Submits the meeting form; answers the meeting's page path.
async fn plan(browser: &Browser, title: &str, invitees: &str) -> String {
    let date = tomorrow();
    let response = browser
        .post_form(
            "/meetings",
            &[
                ("title", title),
                ("date", &date),
                ("start_time", "10:00"),
                ("end_time", "11:30"),
                ("time_zone", "Europe/Berlin"),
                ("description", "Unterlagen: https://wiki.example.org/rat"),
                ("join_minutes_before", "15"),
                ("invitees", invitees),
                ("invitee_role", "participant"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    location(&response)
}

/// Moves a meeting as a change through the service would: the meeting's times and the
/// participant rows' copies the agenda reads in time order.
fn move_meeting(
    conn: &mut treffpunkt::db::AnyConnection,
    id: &str,
    start: chrono::NaiveDateTime,
    end: chrono::NaiveDateTime,
) {
    use treffpunkt::db::schema::participants;
    diesel::update(meetings::table.find(id))
        .set((meetings::starts_at.eq(start), meetings::ends_at.eq(end)))
        .execute(conn)
        .unwrap();
    diesel::update(participants::table.filter(participants::meeting_id.eq(id)))
        .set((
            participants::meeting_starts_at.eq(start),
            participants::meeting_ends_at.eq(end),
        ))
        .execute(conn)
        .unwrap();
}

/// The page as a browser reads attribute values (tera escapes `/` in them).
fn decoded(html: &str) -> String {
    html.replace("&#x2F;", "/").replace("&amp;", "&")
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

fn participant_ids(html: &str) -> Vec<String> {
    html.match_indices("id=\"link-")
        .map(|(at, _)| {
            let rest = &html[at + "id=\"link-".len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect()
}

#[tokio::test]
async fn a_meeting_is_planned_changed_and_cancelled_in_the_browser() {
    let app = TestApp::spawn().await;
    let alice = staff(&app, "alice@city-a.test").await;

    let form = alice.get("/meetings/new").await.text().await.unwrap();
    assert!(
        form.contains(r#"type="date""#) && decoded(&form).contains(r#"value="Europe/Berlin""#),
        "{form}"
    );
    assert!(
        decoded(&form).contains(r#"<option value="America/New_York">"#),
        "the zone field suggests IANA names"
    );

    let path = plan(
        &alice,
        "Ältestenrat",
        "Bob <bob@example.org>; carla@example.org\nBOB@example.org",
    )
    .await;
    assert!(path.starts_with("/meetings/"), "{path}");
    let page = decoded(&alice.get(&path).await.text().await.unwrap());
    assert!(
        page.contains("The meeting is planned."),
        "a confirmation is shown"
    );
    assert!(page.contains("Ältestenrat"));
    assert!(
        page.contains("10:00–11:30 (CET)") || page.contains("10:00–11:30 (CEST)"),
        "{page}"
    );
    assert!(page.contains("2 invitees"), "duplicates merged: {page}");
    assert!(page.contains("bob@example.org") && page.contains("carla@example.org"));
    let links: std::collections::HashSet<&str> = page
        .match_indices(&format!("{}/j/", app.address))
        .map(|(at, _)| &page[at..at + page[at..].find('"').unwrap()])
        .collect();
    assert_eq!(links.len(), 3, "own link + two invitees: {links:?}");
    assert!(
        page.contains(
            r#"<a href="https://wiki.example.org/rat" rel="noopener noreferrer nofollow">"#
        ),
        "links in the description are clickable"
    );
    assert_eq!(app.outbox_of("mail.invitation").len(), 2);

    // The dashboard lists it with its time, organizer, invitees and a join button.
    let dashboard = alice.get("/").await.text().await.unwrap();
    assert!(
        dashboard.contains("Ältestenrat") && dashboard.contains("2 invitees"),
        "{dashboard}"
    );
    assert!(dashboard.contains("Organized by alice"));

    // Move it by an hour: invitees get an update with the next revision.
    let edit = alice
        .get(&format!("{path}/edit"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        edit.contains(r#"value="10:00""#),
        "the form shows the meeting's times"
    );
    let date = tomorrow();
    let response = alice
        .post_form(
            &path,
            &[
                ("title", "Ältestenrat"),
                ("date", &date),
                ("start_time", "11:00"),
                ("end_time", "12:30"),
                ("time_zone", "Europe/Berlin"),
                ("description", "Unterlagen: https://wiki.example.org/rat"),
                ("join_minutes_before", "15"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let updates = app.outbox_of("mail.update");
    assert_eq!(updates.len(), 2);
    assert_eq!(updates[0].payload["revision"], 1);

    // Paste a list with a typo: the valid address is invited, the typo comes back to fix.
    let response = alice
        .post_form(
            &format!("{path}/participants"),
            &[
                ("invitees", "dora@example.org, not-an-address"),
                ("invitee_role", "moderator"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("These are not e-mail addresses: not-an-address"),
        "{page}"
    );
    assert!(
        page.contains(">not-an-address</textarea>"),
        "only the entry to fix stays in the box"
    );
    assert!(
        page.contains("dora@example.org"),
        "the valid one is invited"
    );
    assert_eq!(app.outbox_of("mail.invitation").len(), 3);

    // Change a role, send again, remove someone.
    let page = alice.get(&path).await.text().await.unwrap();
    let ids = participant_ids(&page);
    assert_eq!(ids.len(), 3);
    let response = alice
        .post_form(
            &format!("{path}/participants/{}/role", ids[0]),
            &[("role", "moderator")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let response = alice
        .post_form(&format!("{path}/participants/{}/resend", ids[1]), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.outbox_of("mail.invitation").len(), 4);
    let response = alice
        .post_form(&format!("{path}/participants/{}/remove", ids[2]), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.outbox_of("mail.uninvitation").len(), 1);
    let page = alice.get(&path).await.text().await.unwrap();
    assert!(page.contains("2 invitees"));
    assert!(page.contains("Removed. Their link no longer works"));

    // Cancel, with a confirmation step first.
    let confirm = alice
        .get(&format!("{path}/cancel"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        confirm.contains("all 2 invitees receive a cancellation"),
        "{confirm}"
    );
    assert!(
        app.outbox_of("mail.cancellation").is_empty(),
        "showing the question cancels nothing"
    );
    let response = alice.post_form(&format!("{path}/cancel"), &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.outbox_of("mail.cancellation").len(), 2);
    let page = alice.get(&path).await.text().await.unwrap();
    assert!(page.contains("This meeting was cancelled"));
    assert!(
        !page.contains(&format!("action=\"{path}/participants\"")),
        "no more invitations"
    );
    assert_eq!(alice.get(&format!("{path}/edit")).await.status(), 409);
}

#[tokio::test]
async fn a_refused_form_comes_back_with_every_reason_and_plans_nothing() {
    let app = TestApp::spawn().await;
    let alice = staff(&app, "alice@city-a.test").await;
    let response = alice
        .post_form(
            "/meetings",
            &[
                ("title", ""),
                ("date", "2027-03-28"),
                ("start_time", "02:30"),
                ("end_time", "04:00"),
                ("time_zone", "Europe/Berlin"),
                ("join_minutes_before", "many"),
                ("invitees", "ok@example.org; broken@"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("This field is required."), "title");
    assert!(
        page.contains(
            "02:30 does not exist on this day in Europe&#x2F;Berlin: the clocks go forward."
        ),
        "the daylight-saving gap is named, not silently shifted: {page}"
    );
    assert!(page.contains("Please enter a number from 0 to 1440."));
    assert!(page.contains("These are not e-mail addresses: broken@"));
    assert!(
        page.contains(">ok@example.org; broken@</textarea>"),
        "what was typed stays"
    );
    let count: i64 = app.with_db(|conn| meetings::table.count().get_result(conn).unwrap());
    assert_eq!(count, 0);
    assert!(app.outbox().is_empty());

    let response = alice
        .post_form(
            "/meetings",
            &[
                ("title", "Herbst"),
                ("date", "2027-10-31"),
                ("start_time", "02:30"),
                ("end_time", "03:30"),
                ("time_zone", "Europe/Berlin"),
                ("join_minutes_before", "15"),
            ],
        )
        .await;
    let page = response.text().await.unwrap();
    assert!(
        page.contains("occurs twice on this day"),
        "the repeated hour is named: {page}"
    );
}

#[tokio::test]
async fn other_people_cannot_open_change_or_cancel_a_meeting() {
    let app = TestApp::spawn().await;
    let alice = staff(&app, "alice@city-a.test").await;
    let path = plan(&alice, "Personalrat", "guest@example.org").await;
    let bob = staff(&app, "bob@city-b.test").await;

    assert_eq!(bob.get(&path).await.status(), 404);
    assert_eq!(bob.get(&format!("{path}/edit")).await.status(), 404);
    assert_eq!(bob.get(&format!("{path}/cancel")).await.status(), 404);
    assert_eq!(
        bob.post_form(&format!("{path}/cancel"), &[]).await.status(),
        404
    );
    assert_eq!(
        bob.post_form(
            &format!("{path}/participants"),
            &[("invitees", "eve@example.org")]
        )
        .await
        .status(),
        404
    );
    assert!(app.outbox_of("mail.cancellation").is_empty());
    assert_eq!(app.outbox_of("mail.invitation").len(), 1);
    let dashboard = bob.get("/").await.text().await.unwrap();
    assert!(!dashboard.contains("Personalrat"));

    // A forged form (no CSRF token) changes nothing either, even for the organizer.
    let response = alice.post_raw(&format!("{path}/cancel"), &[]).await;
    assert_eq!(response.status(), 403);
    assert!(app.outbox_of("mail.cancellation").is_empty());
}

#[tokio::test]
async fn an_invited_colleague_sees_the_meeting_on_their_dashboard_with_their_own_link() {
    let app = TestApp::spawn().await;
    let alice = staff(&app, "alice@city-a.test").await;
    let carl = staff(&app, "carl@city-b.test").await;
    let path = plan(
        &alice,
        "<script>alert(1)</script> Klausur",
        "Carl@City-B.test",
    )
    .await;

    let dashboard = decoded(&carl.get("/").await.text().await.unwrap());
    assert!(
        dashboard.contains("&lt;script&gt;alert(1)&lt;/script&gt; Klausur"),
        "escaped: {dashboard}"
    );
    assert!(!dashboard.contains("<script>alert(1)"));
    assert!(dashboard.contains("Organized by alice"));
    let page = decoded(&alice.get(&path).await.text().await.unwrap());
    let carls_link = page
        .split("value=\"")
        .skip(1)
        .map(|v| v[..v.find('"').unwrap()].to_owned())
        .filter(|v| v.contains("/j/"))
        .nth(1)
        .expect("carl's link on the organizer's page");
    assert!(
        dashboard.contains(&carls_link),
        "Carl's own link {carls_link} is his join button: {dashboard}"
    );
    assert!(
        !dashboard.contains(&format!("href=\"{path}\"")),
        "a participant cannot open the editor's page"
    );
    assert_eq!(carl.get(&path).await.status(), 404);
}

#[tokio::test]
async fn past_meetings_are_paged_and_times_follow_the_viewers_zone() {
    let app = TestApp::spawn().await;
    let alice = staff(&app, "alice@city-a.test").await;
    for n in 0..23 {
        plan(&alice, &format!("Sprechstunde {n:02}"), "").await;
    }
    // Move them into the past, a day apart (2 to 24 days ago).
    app.with_db(|conn| {
        let ids: Vec<String> = meetings::table
            .order(meetings::title)
            .select(meetings::id)
            .load(conn)
            .unwrap();
        for (n, id) in ids.iter().enumerate() {
            let start = (Utc::now() - TimeDelta::days(2 + n as i64)).naive_utc();
            move_meeting(conn, id, start, start + TimeDelta::hours(1));
        }
    });
    let first = alice.get("/").await.text().await.unwrap();
    assert!(first.contains("Sprechstunde 00") && first.contains("Sprechstunde 19"));
    assert!(!first.contains("Sprechstunde 20"), "20 per page");
    assert!(first.contains("/?past_page=2"));
    let second = alice.get("/?past_page=2").await.text().await.unwrap();
    assert!(second.contains("Sprechstunde 22") && !second.contains("Sprechstunde 05"));

    // A meeting that began before today and is still running counts as today's.
    // (A minute before midnight in Berlin, for 24 hours: the longest a meeting may last.)
    plan(&alice, "Nachtschicht", "").await;
    let berlin = chrono_tz::Europe::Berlin;
    let midnight = Utc::now()
        .with_timezone(&berlin)
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_local_timezone(berlin)
        .earliest()
        .unwrap()
        .naive_utc();
    let start = midnight - TimeDelta::minutes(1);
    app.with_db(|conn| {
        let id: String = meetings::table
            .filter(meetings::title.eq("Nachtschicht"))
            .select(meetings::id)
            .first(conn)
            .unwrap();
        move_meeting(conn, &id, start, start + TimeDelta::hours(24));
    });
    let dashboard = alice.get("/").await.text().await.unwrap();
    let today = &dashboard
        [dashboard.find("today-heading").unwrap()..dashboard.find("upcoming-heading").unwrap()];
    assert!(today.contains("Nachtschicht"), "{today}");
    let past = &dashboard[dashboard.find("past-heading").unwrap()..];
    assert!(!past.contains("Nachtschicht"));

    // The same meeting reads in New York time for a New Yorker.
    plan(&alice, "Transatlantik", "").await;
    app.with_db(|conn| {
        diesel::update(treffpunkt::db::schema::users::table)
            .set(treffpunkt::db::schema::users::time_zone.eq("America/New_York"))
            .execute(conn)
            .unwrap();
    });
    let dashboard = alice.get("/").await.text().await.unwrap();
    let day = (Utc::now() + TimeDelta::days(1)).day();
    assert!(dashboard.contains(&format!(" {day} ")), "{dashboard}");
    assert!(
        dashboard.contains("04:00–05:30 (EST)"),
        "10:00 Berlin is 04:00 in New York: {dashboard}"
    );
}

#[tokio::test]
async fn an_account_created_later_finds_the_invitations_sent_to_its_address() {
    let app = TestApp::spawn().await;
    let alice = staff(&app, "alice@city-a.test").await;
    plan(&alice, "Vor dem Konto", "Dana@City-D.test").await;
    let dana = staff(&app, "dana@city-d.test").await;
    let dashboard = dana.get("/").await.text().await.unwrap();
    assert!(dashboard.contains("Vor dem Konto"), "{dashboard}");
    assert!(dashboard.contains("Organized by alice"));
}

#[tokio::test]
async fn the_form_plans_a_meeting_past_midnight_and_the_edit_form_shows_its_end_date() {
    let app = TestApp::spawn().await;
    let browser = staff(&app, "nachtschicht@city-a.test").await;
    let date = tomorrow();
    let next_day = (Utc::now() + TimeDelta::days(2))
        .format("%Y-%m-%d")
        .to_string();
    let form = browser.get("/meetings/new").await.text().await.unwrap();
    assert!(
        form.contains(r#"id="end_date""#),
        "an end date beside the end time"
    );
    let response = browser
        .post_form(
            "/meetings",
            &[
                ("title", "Leitstelle, Übergabe"),
                ("date", &date),
                ("start_time", "22:00"),
                ("end_date", &next_day),
                ("end_time", "01:30"),
                ("time_zone", "Europe/Berlin"),
                ("join_minutes_before", "15"),
                ("invitee_role", "participant"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let page = location(&response);
    let id = page.trim_start_matches("/meetings/").to_owned();
    let minutes: i64 = app.with_db(|conn| {
        let (starts, ends): (chrono::NaiveDateTime, chrono::NaiveDateTime) = meetings::table
            .find(&id)
            .select((meetings::starts_at, meetings::ends_at))
            .first(conn)
            .unwrap();
        (ends - starts).num_minutes()
    });
    assert_eq!(minutes, 210, "22:00 to 01:30 the next day");
    let edit = browser
        .get(&format!("{page}/edit"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        edit.contains(&format!(
            r#"name="end_date" type="date" required value="{next_day}""#
        )),
        "{edit}"
    );
}

#[tokio::test]
async fn a_similar_meeting_is_planned_from_an_earlier_one_with_its_people_and_their_roles() {
    let app = TestApp::spawn().await;
    let organizer = app.api_client("rat@city-a.test", false);
    let (status, earlier) = organizer
        .post(
            "/api/v1/meetings",
            serde_json::json!({
                "title": "Digitalrat",
                "description": "Tagesordnung folgt",
                "starts_at": format!("{}T09:00:00+01:00", tomorrow()),
                "duration_minutes": 90,
                "timezone": "Europe/Berlin",
                "lobby": true,
                "participants": [
                    {"email": "carla@city-c.test", "name": "Carla", "role": "moderator", "locale": "en"},
                    {"email": "bob@city-b.test", "locale": "de"},
                ],
            }),
        )
        .await;
    assert_eq!(status, 201, "{earlier}");
    let id = earlier["id"].as_str().unwrap();
    let browser = app.signed_in("rat@city-a.test", PASSWORD).await;
    let page = browser
        .get(&format!("/meetings/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(decoded(&page).contains(&format!("/meetings/new?like={id}")));
    let form = decoded(
        &browser
            .get(&format!("/meetings/new?like={id}"))
            .await
            .text()
            .await
            .unwrap(),
    );
    for expected in [
        r#"value="Digitalrat""#,
        "Tagesordnung folgt",
        "Carla &lt;carla@city-c.test&gt;",
        "bob@city-b.test",
        r#"name="lobby" type="checkbox" value="on" checked"#,
        &format!(r#"name="like" value="{id}""#),
        r#"value="09:00""#,
        r#"value="10:30""#,
    ] {
        assert!(form.contains(expected), "{expected}: {form}");
    }
    // A week later, as the form proposes; people and their roles come along.
    let week_later = (Utc::now() + TimeDelta::days(8))
        .format("%Y-%m-%d")
        .to_string();
    let created = browser
        .post_form(
            "/meetings",
            &[
                ("title", "Digitalrat"),
                ("date", &week_later),
                ("start_time", "09:00"),
                ("end_date", &week_later),
                ("end_time", "10:30"),
                ("time_zone", "Europe/Berlin"),
                ("lobby", "on"),
                ("join_minutes_before", "15"),
                (
                    "invitees",
                    "Carla <carla@city-c.test>\nbob@city-b.test\nneu@city-d.test",
                ),
                ("invitee_role", "participant"),
                ("like", id),
            ],
        )
        .await;
    assert_eq!(created.status(), 303, "{}", created.text().await.unwrap());
    let new_id = location(&created)
        .trim_start_matches("/meetings/")
        .to_owned();
    assert_ne!(new_id, id);
    let (_, copy) = organizer.get(&format!("/api/v1/meetings/{new_id}")).await;
    let person = |email: &str| {
        copy["participants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["email"] == email)
            .unwrap_or_else(|| panic!("{email} in {copy}"))
            .clone()
    };
    assert_eq!(person("carla@city-c.test")["role"], "moderator");
    assert_eq!(person("carla@city-c.test")["locale"], "en");
    assert_eq!(person("bob@city-b.test")["role"], "participant");
    assert_eq!(person("neu@city-d.test")["role"], "participant");
    assert_eq!(copy["lobby"], true);

    // Someone else cannot plan "like" a meeting they may not see.
    let other = staff(&app, "fremd@city-b.test").await;
    assert_eq!(
        other
            .get(&format!("/meetings/new?like={id}"))
            .await
            .status(),
        404
    );
}
