//! A script plans, changes and cancels meetings through `/api/v1/meetings`, and every step
//! leaves the mails it causes in the outbox.

use serde_json::{Value, json};

use crate::api_client::tomorrow_at;
use crate::helpers::TestApp;

fn emails(meeting: &Value) -> Vec<String> {
    meeting["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["email"].as_str().unwrap().to_owned())
        .collect()
}

fn participant_id(meeting: &Value, email: &str) -> String {
    meeting["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == email)
        .unwrap_or_else(|| panic!("{email} is not on {meeting}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_meeting_is_planned_changed_and_cancelled_with_every_mail_queued() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);

    // Plan: two invitees (one listed twice in other case), one a moderator.
    let (status, meeting) = alice
        .post(
            "/api/v1/meetings",
            json!({
                "title": "Jour fixe Digitalisierung",
                "description": "1. Begrüßung\n2. https://wiki.example.org/agenda",
                "starts_at": tomorrow_at("09:00"),
                "duration_minutes": 45,
                "timezone": "Europe/Berlin",
                "lobby": true,
                "participants": [
                    {"email": "Bob@Example.org", "name": "Bob"},
                    {"email": "carla@example.org", "role": "moderator", "locale": "en"},
                    {"email": "bob@example.org", "role": "moderator"},
                ],
            }),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    let id = meeting["id"].as_str().unwrap().to_owned();
    assert_eq!(meeting["revision"], 0);
    assert_eq!(meeting["duration_minutes"], 45);
    assert_eq!(meeting["lobby"], true);
    assert_eq!(meeting["join_minutes_before"], 15);
    assert_eq!(meeting["timezone"], "Europe/Berlin");
    assert_eq!(meeting["role"], "moderator");
    assert_eq!(meeting["organizer"]["email"], alice.user.email.as_str());
    assert_eq!(emails(&meeting), ["bob@example.org", "carla@example.org"]);
    // Duplicates merge, and the higher role wins.
    assert_eq!(meeting["participants"][0]["role"], "moderator");
    assert_eq!(meeting["participants"][0]["name"], "Bob");
    let room = meeting["room"].as_str().unwrap();
    assert!(room.len() >= 20 && !room.contains("jour"), "{room}");
    let own_link = meeting["join_url"].as_str().unwrap();
    assert!(
        own_link.starts_with(&format!("{}/j/", app.address)),
        "{own_link}"
    );
    let invitations = app.outbox_of("mail.invitation");
    assert_eq!(invitations.len(), 2);
    assert_eq!(
        app.organizer_copies("mail.invitation").len(),
        1,
        "the organizer's own calendar gets a copy"
    );
    assert!(
        invitations
            .iter()
            .all(|j| j.payload["meeting_id"] == id.as_str() && j.payload["revision"] == 0)
    );

    // Reading it back shows the same links.
    let (status, read) = alice.get(&format!("/api/v1/meetings/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(read["participants"], meeting["participants"]);
    assert_eq!(read["join_url"], meeting["join_url"]);

    // A new title is news for invitees: revision 1, an update each.
    let (status, changed) = alice
        .patch(
            &format!("/api/v1/meetings/{id}"),
            json!({"title": "Jour fixe (verschoben)", "starts_at": tomorrow_at("10:00")}),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["revision"], 1);
    assert_eq!(
        changed["duration_minutes"], 45,
        "the duration is kept when only the start moves"
    );
    let updates = app.outbox_of("mail.update");
    assert_eq!(updates.len(), 2);
    assert!(updates.iter().all(|j| j.payload["revision"] == 1));

    // The lobby is not in anyone's calendar: no new revision, no mail.
    let (status, changed) = alice
        .patch(
            &format!("/api/v1/meetings/{id}"),
            json!({"lobby": false, "join_minutes_before": 30}),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["revision"], 1);
    assert_eq!(changed["join_minutes_before"], 30);
    assert_eq!(app.outbox_of("mail.update").len(), 2);

    // Add one person, change a role, remove someone.
    let (status, dora) = alice
        .post(
            &format!("/api/v1/meetings/{id}/participants"),
            json!({"email": "dora@example.org", "name": "Dora"}),
        )
        .await;
    assert_eq!(status, 201, "{dora}");
    assert_eq!(dora["role"], "participant");
    let invitations = app.outbox_of("mail.invitation");
    assert_eq!(invitations.len(), 3);
    assert_eq!(
        invitations[2].payload["revision"], 2,
        "a newcomer's entry starts above every SEQUENCE sent so far"
    );
    let (status, again) = alice
        .post(
            &format!("/api/v1/meetings/{id}/participants"),
            json!({"email": "DORA@example.org"}),
        )
        .await;
    assert_eq!(
        (status, again["error"]["code"].as_str()),
        (409, Some("participant_exists"))
    );

    let carla = participant_id(&meeting, "carla@example.org");
    let (status, changed) = alice
        .patch(
            &format!("/api/v1/meetings/{id}/participants/{carla}"),
            json!({"role": "participant"}),
        )
        .await;
    assert_eq!(
        (status, changed["role"].as_str()),
        (200, Some("participant"))
    );

    let bob = participant_id(&meeting, "bob@example.org");
    let (status, _) = alice
        .delete(&format!("/api/v1/meetings/{id}/participants/{bob}"))
        .await;
    assert_eq!(status, 204);
    let uninvited = app.outbox_of("mail.uninvitation");
    assert_eq!(uninvited.len(), 1);
    assert_eq!(uninvited[0].payload["email"], "bob@example.org");
    assert_eq!(
        uninvited[0].payload["revision"], 3,
        "a new SEQUENCE for Bob alone"
    );
    assert_eq!(
        app.outbox_of("mail.update").len(),
        2,
        "nobody else hears of it"
    );
    let (_, read) = alice.get(&format!("/api/v1/meetings/{id}")).await;
    assert_eq!(emails(&read), ["carla@example.org", "dora@example.org"]);

    // Send again.
    let (status, _) = alice
        .post(
            &format!("/api/v1/meetings/{id}/participants/{carla}/invitation"),
            json!({}),
        )
        .await;
    assert_eq!(status, 202);
    assert_eq!(app.outbox_of("mail.invitation").len(), 4);

    // Cancel: the meeting stays, marked, with a higher revision; the two left are told.
    let (status, cancelled) = alice.delete(&format!("/api/v1/meetings/{id}")).await;
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["cancelled"], true);
    assert_eq!(
        cancelled["revision"], 4,
        "update, newcomer, removal, cancellation"
    );
    let cancellations = app.outbox_of("mail.cancellation");
    assert_eq!(cancellations.len(), 2);
    // Cancelling twice tells nobody twice; changing a cancelled meeting is refused.
    let (status, _) = alice.delete(&format!("/api/v1/meetings/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(app.outbox_of("mail.cancellation").len(), 2);
    let (status, refused) = alice
        .patch(
            &format!("/api/v1/meetings/{id}"),
            json!({"title": "Zombie"}),
        )
        .await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (409, Some("meeting_cancelled"))
    );

    // It stays in the list, marked.
    let (status, list) = alice.get("/api/v1/meetings").await;
    assert_eq!(status, 200);
    assert_eq!(list["meetings"][0]["id"], id.as_str());
    assert_eq!(list["meetings"][0]["cancelled"], true);
    assert_eq!(list["meetings"][0]["participant_count"], 2);
}

#[tokio::test]
async fn nobody_else_learns_that_a_meeting_exists() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let bob = app.api_client("bob@city-b.test", false);
    let meeting = alice.plan("Personalrat", &["guest@example.org"]).await;
    let path = format!("/api/v1/meetings/{}", meeting["id"].as_str().unwrap());

    let (status, not_yours) = bob.get(&path).await;
    let (unknown_status, unknown) = bob
        .get("/api/v1/meetings/00000000-0000-4000-8000-000000000000")
        .await;
    assert_eq!((status, unknown_status), (404, 404));
    assert_eq!(
        not_yours, unknown,
        "an existing meeting reads like a missing one"
    );
    assert_eq!(bob.patch(&path, json!({"title": "Mine now"})).await.0, 404);
    assert_eq!(bob.delete(&path).await.0, 404);
    let participant = meeting["participants"][0]["id"].as_str().unwrap();
    assert_eq!(
        bob.delete(&format!("{path}/participants/{participant}"))
            .await
            .0,
        404
    );
    assert_eq!(bob.get("/api/v1/meetings").await.1["meetings"], json!([]));
    assert_eq!(app.outbox_of("mail.cancellation").len(), 0);
    assert_eq!(app.outbox_of("mail.uninvitation").len(), 0);

    let (status, _) = alice.get(&path).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn colleagues_see_meetings_they_are_invited_to_and_moderators_may_edit() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let carl = app.api_client("carl@city-b.test", false);
    let mona = app.api_client("mona@city-c.test", false);
    let admin = app.api_client("admin@city-a.test", true);
    let (status, meeting) = alice
        .post(
            "/api/v1/meetings",
            json!({
                "title": "Steuerungsgruppe",
                "starts_at": tomorrow_at("13:00"),
                "ends_at": tomorrow_at("14:30"),
                "participants": [
                    {"email": "CARL@city-b.test"},
                    {"email": "mona@city-c.test", "role": "moderator"},
                ],
            }),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    assert_eq!(meeting["participants"][0]["has_account"], true);
    assert_eq!(
        meeting["participants"][0]["name"], "carl",
        "the account's name is used"
    );
    let path = format!("/api/v1/meetings/{}", meeting["id"].as_str().unwrap());

    // Carl is invited: it is on his list with his own link, but he may not open or edit it.
    let (_, carls) = carl.get("/api/v1/meetings").await;
    assert_eq!(carls["meetings"][0]["title"], "Steuerungsgruppe");
    assert_eq!(carls["meetings"][0]["can_edit"], false);
    assert_eq!(carls["meetings"][0]["role"], "participant");
    assert_eq!(
        carls["meetings"][0]["join_url"],
        meeting["participants"][0]["join_url"]
    );
    assert!(
        carls["meetings"][0].get("participants").is_none(),
        "no other addresses leak"
    );
    assert_eq!(carl.get(&path).await.0, 404);
    assert_eq!(carl.patch(&path, json!({"title": "x"})).await.0, 404);

    // Mona moderates and has an account: she may edit.
    let (status, changed) = mona
        .patch(&path, json!({"description": "Bitte Unterlagen lesen."}))
        .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["join_url"], meeting["participants"][1]["join_url"]);

    // Administrators see every meeting.
    let (status, seen) = admin.get(&path).await;
    assert_eq!(status, 200);
    assert_eq!(
        seen["join_url"],
        Value::Null,
        "an administrator not on the meeting has no link"
    );
}

#[tokio::test]
async fn the_list_is_filtered_by_time_and_paged() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    for hour in ["08:00", "09:00", "10:00"] {
        let (status, _) = alice
            .post(
                "/api/v1/meetings",
                json!({"title": format!("Sprechstunde {hour}"), "starts_at": tomorrow_at(hour), "duration_minutes": 30}),
            )
            .await;
        assert_eq!(status, 201);
    }
    let (status, first) = alice.get("/api/v1/meetings?per_page=2").await;
    assert_eq!(status, 200);
    assert_eq!(first["meetings"].as_array().unwrap().len(), 2);
    assert_eq!(first["meetings"][0]["title"], "Sprechstunde 08:00");
    assert_eq!(first["next_page"], 2);
    let (_, second) = alice.get("/api/v1/meetings?per_page=2&page=2").await;
    assert_eq!(second["meetings"][0]["title"], "Sprechstunde 10:00");
    assert_eq!(second["next_page"], Value::Null);

    let from = tomorrow_at("08:30").replace(':', "%3A");
    let to = tomorrow_at("10:00").replace(':', "%3A");
    let (_, window) = alice
        .get(&format!("/api/v1/meetings?from={from}&to={to}"))
        .await;
    let titles: Vec<&str> = window["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Sprechstunde 09:00"]);

    let (status, refused) = alice
        .get("/api/v1/meetings?from=yesterday&per_page=1000")
        .await;
    assert_eq!(status, 422);
    assert_eq!(refused["error"]["field_codes"]["from"], "datetime_invalid");
    assert_eq!(refused["error"]["field_codes"]["per_page"], "out_of_range");
}

#[tokio::test]
async fn the_api_is_documented_by_an_openapi_document_and_a_page() {
    let app = TestApp::spawn().await;
    let document: Value = app
        .client
        .get(format!("{}/api/v1/openapi.json", app.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/meetings",
        "/api/v1/meetings/{id}",
        "/api/v1/meetings/{id}/participants",
        "/api/v1/meetings/{id}/participants/{participant_id}",
    ] {
        assert!(
            document["paths"].get(path).is_some(),
            "{path} is documented"
        );
    }
    assert!(
        document["components"]["schemas"]["CreateMeeting"]["properties"]["duration_minutes"]
            .is_object()
    );
    let page = app
        .client
        .get(format!("{}/api/docs/", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.text().await.unwrap().contains("swagger"),
        "the interactive page is served"
    );
    // The page asks for the document where the API serves it.
    let initializer = app
        .client
        .get(format!("{}/api/docs/swagger-initializer.js", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        initializer.contains("/api/v1/openapi.json"),
        "{initializer}"
    );
}

#[tokio::test]
async fn meetings_run_on_the_default_server_unless_another_is_chosen() {
    use diesel::connection::SimpleConnection;
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    app.with_db(|conn| {
        conn.batch_execute(
            "INSERT INTO jitsi_servers (id, name, base_url, is_default, retired_at, created_at, updated_at) VALUES \
             ('s-default', 'Stadt A', 'https://meet.stadt-a.example', TRUE, NULL, '2026-11-28 09:00:00', '2026-11-28 09:00:00'), \
             ('s-other', 'Stadt B', 'https://meet.stadt-b.example', FALSE, NULL, '2026-11-28 09:00:00', '2026-11-28 09:00:00'), \
             ('s-retired', 'Alt', 'https://meet.alt.example', FALSE, '2026-11-28 09:00:00', '2026-11-28 09:00:00', '2026-11-28 09:00:00');",
        )
        .unwrap();
    });
    let meeting = alice.plan("Auf dem Standard", &["bob@example.org"]).await;
    assert_eq!(meeting["server_id"], "s-default");
    let path = format!("/api/v1/meetings/{}", meeting["id"].as_str().unwrap());

    // Another server changes nobody's calendar (the join links stay): no revision, no mail.
    let (status, moved) = alice.patch(&path, json!({"server_id": "s-other"})).await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(
        (moved["server_id"].as_str(), moved["revision"].as_i64()),
        (Some("s-other"), Some(0))
    );
    assert!(app.outbox_of("mail.update").is_empty());

    // A retired server takes no meetings.
    let (status, refused) = alice.patch(&path, json!({"server_id": "s-retired"})).await;
    assert_eq!(status, 422);
    assert_eq!(
        refused["error"]["field_codes"]["server_id"],
        "server_unknown"
    );

    // The browser form preselects the default server.
    the_form_preselects_the_default_server(&app).await;
}

async fn the_form_preselects_the_default_server(app: &TestApp) {
    app.add_user("carol@city-c.test", "correct horse battery staple", false);
    let carol = app
        .signed_in("carol@city-c.test", "correct horse battery staple")
        .await;
    let form = carol.get("/meetings/new").await.text().await.unwrap();
    assert!(
        form.contains(r#"<option value="s-default" selected>Stadt A</option>"#),
        "{form}"
    );
    assert!(form.contains(r#"<option value="s-other">Stadt B</option>"#));
    assert!(
        !form.contains("s-retired"),
        "retired servers are not offered"
    );
}

#[tokio::test]
async fn the_organizer_stays_a_moderator_and_on_the_meeting() {
    use diesel::prelude::*;
    use treffpunkt::db::schema::participants;
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let meeting = alice.plan("Eigene Rolle", &["bob@example.org"]).await;
    let id = meeting["id"].as_str().unwrap().to_owned();
    let own: String = app.with_db(|conn| {
        participants::table
            .filter(participants::meeting_id.eq(&id))
            .filter(participants::is_organizer.eq(true))
            .select(participants::id)
            .first(conn)
            .unwrap()
    });
    let path = format!("/api/v1/meetings/{id}/participants/{own}");
    let (status, refused) = alice.patch(&path, json!({"role": "participant"})).await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (409, Some("organizer_is_moderator"))
    );
    let (status, refused) = alice.delete(&path).await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (409, Some("organizer_cannot_be_removed"))
    );
    let (_, read) = alice.get(&format!("/api/v1/meetings/{id}")).await;
    assert_eq!(read["role"], "moderator");
    assert!(app.outbox_of("mail.uninvitation").is_empty());
}

#[tokio::test]
async fn a_moved_meeting_is_listed_at_its_new_time() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let meeting = alice.plan("Umzug", &["bob@example.org"]).await;
    let id = meeting["id"].as_str().unwrap();
    let in_days = |days: i64| {
        (chrono::Utc::now() + chrono::TimeDelta::days(days))
            .format("%Y-%m-%dT09:00:00Z")
            .to_string()
    };
    let (status, _) = alice
        .patch(
            &format!("/api/v1/meetings/{id}"),
            json!({"starts_at": in_days(10)}),
        )
        .await;
    assert_eq!(status, 200);
    let listed = |from: String, to: String| {
        let alice = alice.clone();
        async move {
            let (status, page) = alice
                .get(&format!("/api/v1/meetings?from={from}&to={to}"))
                .await;
            assert_eq!(status, 200, "{page}");
            page["meetings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(listed(in_days(9), in_days(11)).await, [id]);
    assert!(
        listed(in_days(0), in_days(3)).await.is_empty(),
        "not at its old time"
    );
}
