//! The mail worker against a real SMTP server: what arrives, in which MIME layout, and that
//! nothing is lost or sent twice when the server refuses, goes away, or the worker is killed.

use std::collections::HashSet;
use std::time::Duration;

use serde_json::{Value, json};

use crate::api_client::{ApiClient, tomorrow_at};
use crate::helpers::TestApp;
use crate::smtp::{Received, SmtpServer, free_port};

/// The server with the mail worker on, sending to `smtp_url`, retrying quickly.
pub async fn app_sending_to(smtp_url: &str, extra: &[(&'static str, String)]) -> TestApp {
    let mut settings = vec![
        ("TREFFPUNKT_MAIL_WORKER", "true".to_owned()),
        ("TREFFPUNKT_SMTP_URL", smtp_url.to_owned()),
        (
            "TREFFPUNKT_MAIL_FROM",
            "Treffpunkt <noreply@treffpunkt.test>".to_owned(),
        ),
        ("TREFFPUNKT_MAIL_RETRY_SECONDS", "1".to_owned()),
        ("TREFFPUNKT_MAIL_POLL_SECONDS", "1".to_owned()),
        ("TREFFPUNKT_MAIL_REMINDER_MINUTES", "0".to_owned()),
    ];
    settings.extend(extra.iter().cloned());
    TestApp::spawn_with(&settings).await
}

/// Waits (polling) until `done()` holds; fails with `what` after `within`.
pub async fn eventually(what: &str, within: Duration, mut done: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + within;
    while !done() {
        assert!(tokio::time::Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn plan(organizer: &ApiClient, participants: Value) -> Value {
    let (status, meeting) = organizer
        .post(
            "/api/v1/meetings",
            json!({
                "title": "Jour fixe, \"Haushalt\"; Straßen 🚧",
                "description": "1. Zahlen\n2. Fragen",
                "starts_at": tomorrow_at("09:00"),
                "duration_minutes": 60,
                "timezone": "Europe/Berlin",
                "participants": participants,
            }),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    meeting
}

pub fn to(messages: &[Received], address: &str) -> Vec<Received> {
    messages
        .iter()
        .filter(|m| m.recipients == [address])
        .cloned()
        .collect()
}

fn property(calendar: &str, name: &str) -> Option<String> {
    let unfolded = calendar.replace("\r\n ", "");
    unfolded.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key == name || key.starts_with(&format!("{name};"))).then(|| value.to_owned())
    })
}

fn count_lines(calendar: &str, prefix: &str) -> usize {
    calendar
        .replace("\r\n ", "")
        .lines()
        .filter(|l| l.starts_with(prefix))
        .count()
}

/// The layout calendar clients expect, checked on what the SMTP server received.
fn assert_imip_layout(message: &Received, method: &str) {
    let parsed = message.parsed();
    assert_eq!(parsed.ctype.mimetype, "multipart/mixed");
    assert_eq!(parsed.subparts.len(), 2);
    let alternative = &parsed.subparts[0];
    assert_eq!(alternative.ctype.mimetype, "multipart/alternative");
    let types: Vec<&str> = alternative
        .subparts
        .iter()
        .map(|p| p.ctype.mimetype.as_str())
        .collect();
    assert_eq!(types, ["text/plain", "text/html", "text/calendar"]);
    let calendar_part = &alternative.subparts[2];
    assert_eq!(
        calendar_part.ctype.params.get("method").map(String::as_str),
        Some(method),
        "method= equals METHOD"
    );
    assert_eq!(calendar_part.ctype.charset.to_ascii_lowercase(), "utf-8");
    let attachment = &parsed.subparts[1];
    assert_eq!(attachment.ctype.mimetype, "application/ics");
    let disposition = attachment.get_content_disposition();
    assert_eq!(
        disposition.disposition,
        mailparse::DispositionType::Attachment
    );
    assert_eq!(
        disposition.params.get("filename").map(String::as_str),
        Some("invite.ics")
    );
    let calendar = message.calendar();
    assert_eq!(property(&calendar, "METHOD").as_deref(), Some(method));
    assert_eq!(
        attachment.get_body().unwrap(),
        calendar,
        "the attachment is the same calendar"
    );
    let independent = ical::IcalParser::new(calendar.as_bytes())
        .next()
        .expect("a calendar")
        .expect("the ical crate parses it");
    assert_eq!(independent.events.len(), 1);
}

#[tokio::test]
async fn invitation_update_and_cancellation_arrive_with_one_uid_and_a_rising_sequence() {
    let smtp = SmtpServer::start();
    let app = app_sending_to(&smtp.url(), &[]).await;
    let alice = app.api_client("alice@city-a.test", false);
    let meeting = plan(
        &alice,
        json!([
            {"email": "bob@city-b.test", "name": "Bob Bäcker, Amt 3", "role": "moderator", "locale": "de"},
            {"email": "carla@city-c.test", "locale": "en"},
        ]),
    )
    .await;
    let id = meeting["id"].as_str().unwrap();
    let link_of = |email: &str| {
        meeting["participants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["email"] == email)
            .unwrap()["join_url"]
            .as_str()
            .unwrap()
            .to_owned()
    };

    // Two invitations and the organizer's own copy.
    let received = smtp.wait_for(3, Duration::from_secs(20)).await;
    let bob = to(&received, "bob@city-b.test");
    assert_eq!(bob.len(), 1, "one message to Bob alone");
    let invitation = &bob[0];
    assert_imip_layout(invitation, "REQUEST");
    // Named after who invites, sent from our own address (DMARC holds).
    let from = invitation.header("From").unwrap();
    assert!(
        from.contains(" via Treffpunkt") && from.ends_with("<noreply@treffpunkt.test>"),
        "{from}"
    );
    assert_eq!(
        invitation.header("Auto-Submitted").as_deref(),
        Some("auto-generated")
    );
    assert_eq!(
        invitation.header("X-Auto-Response-Suppress").as_deref(),
        Some("All")
    );
    assert_eq!(invitation.header("Content-Language").as_deref(), Some("de"));
    assert!(
        invitation
            .header("Reply-To")
            .unwrap()
            .contains("alice@city-a.test")
    );
    assert!(invitation.header("To").unwrap().contains("bob@city-b.test"));
    assert!(
        !invitation.header("To").unwrap().contains("carla"),
        "invitees do not see each other"
    );
    let message_id = invitation.header("Message-ID").unwrap();
    assert!(message_id.ends_with("@127.0.0.1>"), "{message_id}");
    assert!(
        invitation
            .header("Subject")
            .unwrap()
            .starts_with("Einladung: Jour fixe")
    );
    let calendar = invitation.calendar();
    let uid = property(&calendar, "UID").unwrap();
    assert_eq!(uid, format!("{id}@127.0.0.1"));
    assert_eq!(property(&calendar, "SEQUENCE").as_deref(), Some("0"));
    assert_eq!(
        property(&calendar, "URL").unwrap(),
        link_of("bob@city-b.test")
    );
    assert_eq!(count_lines(&calendar, "ATTENDEE"), 1);
    assert!(
        property(&calendar, "ATTENDEE")
            .unwrap()
            .ends_with("mailto:bob@city-b.test")
    );
    assert!(
        property(&calendar, "ORGANIZER")
            .unwrap()
            .ends_with("mailto:alice@city-a.test")
    );
    let text = invitation.parsed().subparts[0].subparts[0]
        .get_body()
        .unwrap();
    assert!(text.contains(&link_of("bob@city-b.test")), "{text}");

    let carla = to(&received, "carla@city-c.test");
    assert!(
        carla[0]
            .header("Subject")
            .unwrap()
            .starts_with("Invitation: "),
        "her language"
    );
    assert_eq!(
        property(&carla[0].calendar(), "URL").unwrap(),
        link_of("carla@city-c.test")
    );
    let own = to(&received, "alice@city-a.test");
    assert_imip_layout(&own[0], "PUBLISH");
    assert_eq!(property(&own[0].calendar(), "UID").unwrap(), uid);

    // Moved by an hour: an update with the same UID and a higher SEQUENCE.
    let (status, _) = alice
        .patch(
            &format!("/api/v1/meetings/{id}"),
            json!({"starts_at": tomorrow_at("10:00")}),
        )
        .await;
    assert_eq!(status, 200);
    let received = smtp.wait_for(6, Duration::from_secs(20)).await;
    let update = to(&received, "bob@city-b.test").pop().unwrap();
    assert_imip_layout(&update, "REQUEST");
    assert!(update.header("Subject").unwrap().starts_with("Geändert: "));
    let calendar = update.calendar();
    assert_eq!(property(&calendar, "UID").unwrap(), uid);
    assert_eq!(property(&calendar, "SEQUENCE").as_deref(), Some("1"));
    assert_ne!(update.header("Message-ID").unwrap(), message_id);

    // Carla is taken off: a CANCEL to her alone.
    let carla_id = meeting["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == "carla@city-c.test")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = alice
        .delete(&format!("/api/v1/meetings/{id}/participants/{carla_id}"))
        .await;
    assert_eq!(status, 204);
    let received = smtp.wait_for(7, Duration::from_secs(20)).await;
    let notice = to(&received, "carla@city-c.test").pop().unwrap();
    assert_imip_layout(&notice, "CANCEL");
    let calendar = notice.calendar();
    assert_eq!(property(&calendar, "UID").unwrap(), uid);
    assert_eq!(count_lines(&calendar, "ATTENDEE"), 1);
    assert!(
        property(&calendar, "ATTENDEE")
            .unwrap()
            .ends_with("mailto:carla@city-c.test")
    );
    assert!(!calendar.contains("/j/"), "her old link is not repeated");
    assert_eq!(
        property(&calendar, "STATUS"),
        None,
        "the meeting goes on: no STATUS in a CANCEL to one attendee (RFC 5546 3.2.5)"
    );
    assert_eq!(property(&calendar, "SEQUENCE").as_deref(), Some("2"));
    assert!(!calendar.contains("BEGIN:VALARM"));

    // Cancelled: CANCEL with STATUS:CANCELLED and the highest SEQUENCE yet.
    let (status, _) = alice.delete(&format!("/api/v1/meetings/{id}")).await;
    assert_eq!(status, 200);
    let received = smtp.wait_for(9, Duration::from_secs(20)).await;
    let cancellation = to(&received, "bob@city-b.test").pop().unwrap();
    assert_imip_layout(&cancellation, "CANCEL");
    let calendar = cancellation.calendar();
    assert_eq!(property(&calendar, "UID").unwrap(), uid);
    assert_eq!(property(&calendar, "STATUS").as_deref(), Some("CANCELLED"));
    assert_eq!(property(&calendar, "SEQUENCE").as_deref(), Some("3"));
    assert!(
        !calendar.contains("BEGIN:VALARM"),
        "no alarm for a meeting that is off"
    );
    assert_eq!(to(&received, "bob@city-b.test").len(), 3);

    // Nothing went out twice.
    assert!(smtp.by_message_id().values().all(|n| *n == 1));
}

#[tokio::test]
async fn a_sequence_moves_only_for_those_a_change_concerns() {
    let smtp = SmtpServer::start();
    let app = app_sending_to(&smtp.url(), &[]).await;
    let alice = app.api_client("alice@city-a.test", false);
    let meeting = plan(
        &alice,
        json!([{"email": "bob@city-b.test"}, {"email": "carla@city-c.test"}]),
    )
    .await;
    let id = meeting["id"].as_str().unwrap();
    let id_of = |email: &str| {
        meeting["participants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["email"] == email)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    smtp.wait_for(3, Duration::from_secs(20)).await;
    let sequence = |message: &Received| property(&message.calendar(), "SEQUENCE").unwrap();

    // A new link for Bob: his entry alone gets it, at a higher SEQUENCE; Carla hears nothing.
    let (status, _) = alice
        .post(
            &format!(
                "/api/v1/meetings/{id}/participants/{}/link",
                id_of("bob@city-b.test")
            ),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    let received = smtp.wait_for(4, Duration::from_secs(20)).await;
    let update = to(&received, "bob@city-b.test").pop().unwrap();
    assert_eq!(sequence(&update), "1");
    let (_, read) = alice.get(&format!("/api/v1/meetings/{id}")).await;
    let bob_link = read["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == "bob@city-b.test")
        .unwrap()["join_url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(property(&update.calendar(), "URL").unwrap(), bob_link);
    assert_eq!(
        to(&received, "carla@city-c.test").len(),
        1,
        "only her invitation"
    );

    // The lobby is in nobody's calendar: nothing is sent.
    let (status, _) = alice
        .patch(&format!("/api/v1/meetings/{id}"), json!({"lobby": true}))
        .await;
    assert_eq!(status, 200);

    // Carla is removed (CANCEL), then invited again: the new REQUEST outranks the CANCEL.
    let (status, _) = alice
        .delete(&format!(
            "/api/v1/meetings/{id}/participants/{}",
            id_of("carla@city-c.test")
        ))
        .await;
    assert_eq!(status, 204);
    let received = smtp.wait_for(5, Duration::from_secs(20)).await;
    let cancel = to(&received, "carla@city-c.test").pop().unwrap();
    assert_imip_layout(&cancel, "CANCEL");
    let cancelled_at: u32 = sequence(&cancel).parse().unwrap();
    let (status, _) = alice
        .post(
            &format!("/api/v1/meetings/{id}/participants"),
            json!({"email": "carla@city-c.test"}),
        )
        .await;
    assert_eq!(status, 201);
    let received = smtp.wait_for(6, Duration::from_secs(20)).await;
    let again = to(&received, "carla@city-c.test").pop().unwrap();
    assert_imip_layout(&again, "REQUEST");
    let invited_at: u32 = sequence(&again).parse().unwrap();
    assert!(
        invited_at > cancelled_at,
        "{invited_at} after {cancelled_at}"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        smtp.received().len(),
        6,
        "nobody else was told of a link, a removal or an addition"
    );
}

#[tokio::test]
async fn a_busy_server_is_tried_again_and_a_refusal_is_shown_to_administrators() {
    let smtp = SmtpServer::start();
    let app = app_sending_to(&smtp.url(), &[]).await;
    let alice = app.api_client("alice@city-a.test", true);
    smtp.fail_temporarily(true);
    plan(
        &alice,
        json!([{"email": "bob@city-b.test"}, {"email": "reject-me@city-b.test"}]),
    )
    .await;

    // 451 for a while: nothing arrives, the jobs wait with their error and a next try.
    eventually(
        "the worker does not try again",
        Duration::from_secs(20),
        || smtp.refused() >= 4,
    )
    .await;
    assert!(smtp.received().is_empty());
    let waiting = app.with_db(|conn| treffpunkt::outbox::counts(conn).unwrap());
    assert!(waiting.contains(&("pending".to_owned(), 3)), "{waiting:?}");

    // Back to normal: both good messages arrive once; the refused address fails for good.
    smtp.fail_temporarily(false);
    let received = smtp.wait_for(2, Duration::from_secs(20)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let failed = app.with_db(|conn| treffpunkt::outbox::failed_jobs(conn, 10).unwrap());
    assert_eq!(failed.len(), 1);
    assert!(
        failed[0].last_error.as_deref().unwrap().contains("550"),
        "{failed:?}"
    );
    assert_eq!(smtp.received().len(), received.len());
    assert!(smtp.by_message_id().values().all(|n| *n == 1));

    // The administrators see it, with the error and the address, and can act on it.
    let admin = app
        .signed_in("alice@city-a.test", "correct horse battery staple")
        .await;
    let page = admin.get("/admin/outbox").await.text().await.unwrap();
    assert!(page.contains("reject-me@city-b.test"), "{page}");
    assert!(page.contains("(550): 5.1.1 No such mailbox here"), "{page}");
    let job = &failed[0].id;
    let refused = smtp.refused();
    let response = admin
        .post_form(&format!("/admin/outbox/{job}/retry"), &[])
        .await;
    assert_eq!(response.status(), 303);
    // Tried once more at once, and refused again.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let failed = app.with_db(|conn| treffpunkt::outbox::failed_jobs(conn, 10).unwrap());
        if smtp.refused() > refused && failed.len() == 1 {
            assert_eq!(failed[0].attempts, 1, "a retry starts counting afresh");
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the retried job did not run"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let response = admin
        .post_form(&format!("/admin/outbox/{job}/discard"), &[])
        .await;
    assert_eq!(response.status(), 303);
    let counts = app.with_db(|conn| treffpunkt::outbox::counts(conn).unwrap());
    assert!(counts.contains(&("discarded".to_owned(), 1)), "{counts:?}");
    let page = admin.get("/admin/outbox").await.text().await.unwrap();
    assert!(!page.contains("reject-me@city-b.test"));
}

#[tokio::test]
async fn mail_waits_while_the_smtp_server_is_down_and_goes_out_once_it_is_back() {
    let port = free_port();
    let app = app_sending_to(&format!("smtp://127.0.0.1:{port}"), &[]).await;
    let alice = app.api_client("alice@city-a.test", false);
    let invitees: Vec<Value> = (0..5)
        .map(|n| json!({"email": format!("person{n}@city-b.test")}))
        .collect();
    plan(&alice, Value::Array(invitees)).await;

    // Connection refused: the jobs stay, with the error and at least one attempt.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let tried = app.with_db(|conn| {
            use diesel::prelude::*;
            use treffpunkt::db::schema::outbox_jobs;
            outbox_jobs::table
                .filter(outbox_jobs::attempts.ge(2))
                .filter(outbox_jobs::last_error.is_not_null())
                .count()
                .get_result::<i64>(conn)
                .unwrap()
        });
        if tried == 6 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the worker does not retry"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let smtp = SmtpServer::start_on(port);
    smtp.wait_for(6, Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let ids = smtp.by_message_id();
    assert_eq!(ids.len(), 6);
    assert!(ids.values().all(|n| *n == 1), "none twice: {ids:?}");
}

#[tokio::test]
async fn the_meeting_page_offers_its_calendar_file() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let meeting = plan(&alice, json!([{"email": "bob@city-b.test"}])).await;
    let id = meeting["id"].as_str().unwrap();
    let response = alice
        .raw(
            reqwest::Method::GET,
            &format!("/api/v1/meetings/{id}/invite.ics"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/calendar; charset=utf-8; method=PUBLISH"
    );
    let calendar = response.text().await.unwrap();
    assert_eq!(
        property(&calendar, "UID").unwrap(),
        format!("{id}@127.0.0.1")
    );
    assert_eq!(
        property(&calendar, "URL").unwrap(),
        meeting["join_url"].as_str().unwrap()
    );

    let browser = app
        .signed_in("alice@city-a.test", "correct horse battery staple")
        .await;
    let page = browser
        .get(&format!("/meetings/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("/meetings/{id}/invite.ics")));
    let file = browser.get(&format!("/meetings/{id}/invite.ics")).await;
    assert_eq!(file.status(), 200);

    // Someone else's meeting: the same 404 as the page.
    let mallory = app.api_client("mallory@city-z.test", false);
    let (status, _) = mallory
        .get(&format!("/api/v1/meetings/{id}/invite.ics"))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn metrics_show_the_outbox_and_only_to_whom_may_see_them() {
    let app = TestApp::spawn_with(&[(
        "TREFFPUNKT_METRICS_TOKEN",
        "metrics-secret-0123456789".to_owned(),
    )])
    .await;
    let alice = app.api_client("alice@city-a.test", false);
    let meeting = plan(&alice, json!([{"email": "bob@city-b.test"}])).await;
    let meeting_id = meeting["id"].as_str().unwrap().to_owned();
    alice.get(&format!("/api/v1/meetings/{meeting_id}")).await;
    let response = app.get("/metrics", "en").await;
    assert_eq!(response.status(), 404, "no token, no numbers");
    let response = app
        .client
        .get(format!("{}/metrics", app.address))
        .bearer_auth("metrics-secret-0123456789")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(
        text.contains("treffpunkt_outbox_jobs{state=\"pending\"} 2"),
        "{text}"
    );
    assert!(
        text.contains("# TYPE treffpunkt_mail_send_seconds histogram"),
        "{text}"
    );
    // Requests by route pattern: ids and join tokens never become labels.
    assert!(
        text.contains(
            "treffpunkt_http_requests_total{method=\"POST\",route=\"/api/v1/meetings\",status=\"201\"} 1"
        ),
        "{text}"
    );
    assert!(
        text.contains("treffpunkt_http_requests_total{method=\"GET\",route=\"/api/v1/meetings/{id}\",status=\"200\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("treffpunkt_http_request_duration_seconds_bucket{"),
        "{text}"
    );
    assert!(
        text.contains("treffpunkt_db_pool_max_connections 4"),
        "{text}"
    );
    // Every database visit so far was timed in its three stages.
    for stage in ["thread_wait", "checkout", "work"] {
        let count = text
            .lines()
            .find_map(|line| line.strip_prefix(&format!("treffpunkt_db_{stage}_seconds_count ")))
            .and_then(|n| n.trim().parse::<u64>().ok());
        assert!(count.is_some_and(|n| n >= 2), "{stage}: {text}");
    }
    assert!(!text.contains(meeting_id.as_str()), "{text}");

    // Without a token configured, this machine may read them.
    let local = TestApp::spawn().await;
    assert_eq!(local.get("/metrics", "en").await.status(), 200);
}

/// The jobs of the outbox that are not done yet.
fn unsent(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use treffpunkt::db::schema::outbox_jobs;
    app.with_db(|conn| {
        outbox_jobs::table
            .filter(outbox_jobs::state.ne("sent"))
            .count()
            .get_result(conn)
            .unwrap()
    })
}

/// The Message-IDs the worker will use, one per job.
fn job_message_ids(app: &TestApp) -> HashSet<String> {
    message_ids(app, false)
}

/// The Message-IDs of jobs in flight: claimed and not recorded as sent.
fn in_flight_message_ids(app: &TestApp) -> HashSet<String> {
    message_ids(app, true)
}

fn message_ids(app: &TestApp, only_in_flight: bool) -> HashSet<String> {
    use diesel::prelude::*;
    use treffpunkt::db::schema::outbox_jobs;
    app.with_db(|conn| {
        let mut jobs = outbox_jobs::table.select(outbox_jobs::id).into_boxed();
        if only_in_flight {
            jobs = jobs
                .filter(outbox_jobs::state.eq("pending"))
                .filter(outbox_jobs::locked_by.is_not_null());
        }
        jobs.load::<String>(conn)
            .unwrap()
            .into_iter()
            .map(|id| format!("<{id}@127.0.0.1>"))
            .collect()
    })
}

/// `treffpunkt worker` as its own process on the test's database.
struct WorkerProcess(std::process::Child);

impl WorkerProcess {
    fn spawn(app: &TestApp, smtp: &SmtpServer, data_dir: &std::path::Path) -> WorkerProcess {
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_treffpunkt"))
            .arg("worker")
            .env_clear()
            .env("DATABASE_URL", &app.database.url)
            .env("TREFFPUNKT_DATA_DIR", data_dir)
            .env("TREFFPUNKT_BASE_URL", "http://127.0.0.1")
            .env("TREFFPUNKT_SMTP_URL", smtp.url())
            .env("TREFFPUNKT_MAIL_LEASE_SECONDS", "3")
            .env("TREFFPUNKT_MAIL_POLL_SECONDS", "1")
            .env("TREFFPUNKT_MAIL_CONCURRENCY", "8")
            .env("TREFFPUNKT_MAIL_REMINDER_MINUTES", "0")
            .env("TREFFPUNKT_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("the worker starts");
        WorkerProcess(child)
    }

    /// SIGKILL: no chance to give anything back.
    fn kill(&mut self) {
        self.0.kill().unwrap();
        self.0.wait().unwrap();
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Plans meetings with 1,000 invitations in all.
async fn thousand_invitations(alice: &ApiClient) {
    for meeting in 0..2 {
        let invitees: Vec<Value> = (0..500)
            .map(|n| json!({"email": format!("p{meeting}-{n}@city-b.test")}))
            .collect();
        plan(alice, Value::Array(invitees)).await;
    }
}

async fn wait_until_all_sent(app: &TestApp, within: Duration) {
    eventually("jobs are still unsent", within, || unsent(app) == 0).await;
}

#[tokio::test]
async fn a_worker_killed_in_the_middle_of_a_batch_loses_nothing() {
    let smtp = SmtpServer::start();
    smtp.slow_down(Duration::from_millis(10));
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    thousand_invitations(&alice).await;
    let expected = job_message_ids(&app);
    assert_eq!(
        expected.len(),
        1002,
        "1,000 invitations and two organizer copies"
    );
    let dir = tempfile::tempdir().unwrap();

    // Killed after some mail went out. A kill can land in the moment between one batch marked
    // sent and the next claimed, with nothing in flight; then the worker is started again and
    // killed later, until a kill hits a batch (it almost always does at once).
    let mut in_flight = HashSet::new();
    for round in 1..=5 {
        let mut worker = WorkerProcess::spawn(&app, &smtp, dir.path());
        smtp.wait_for(150 * round + 50, Duration::from_secs(60))
            .await;
        worker.kill();
        in_flight = in_flight_message_ids(&app);
        if !in_flight.is_empty() {
            break;
        }
    }
    assert!(
        !in_flight.is_empty(),
        "no kill came in the middle of a batch"
    );
    let before = smtp.received().len();
    assert!(before < 1002, "the kill came before the end");

    let _restarted = WorkerProcess::spawn(&app, &smtp, dir.path());
    wait_until_all_sent(&app, Duration::from_secs(120)).await;
    let counts = smtp.by_message_id();
    let arrived: HashSet<String> = counts.keys().cloned().collect();
    assert_eq!(arrived, expected, "every message arrived at least once");
    for (id, n) in &counts {
        if *n > 1 {
            assert_eq!(*n, 2, "{id}");
            assert!(
                in_flight.contains(id),
                "{id} repeated but was not in flight"
            );
        }
    }
}

#[tokio::test]
async fn two_workers_on_one_postgresql_send_nothing_twice() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    if !app.database.is_postgres() {
        return; // SQLite has one writer; several workers are a PostgreSQL matter.
    }
    let alice = app.api_client("alice@city-a.test", false);
    thousand_invitations(&alice).await;
    let dir = tempfile::tempdir().unwrap();
    let _one = WorkerProcess::spawn(&app, &smtp, dir.path());
    let _two = WorkerProcess::spawn(&app, &smtp, dir.path());
    wait_until_all_sent(&app, Duration::from_secs(120)).await;
    let counts = smtp.by_message_id();
    assert_eq!(counts.len(), 1002);
    let twice: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "sent twice: {twice:?}");
}

#[tokio::test]
async fn mail_still_goes_out_after_the_listening_connection_is_terminated() {
    let smtp = SmtpServer::start();
    // Polling only once an hour: only a notification can make the worker look.
    let app = app_sending_to(
        &smtp.url(),
        &[("TREFFPUNKT_MAIL_POLL_SECONDS", "3600".to_owned())],
    )
    .await;
    if !app.database.is_postgres() {
        return; // LISTEN/NOTIFY is PostgreSQL's.
    }
    let alice = app.api_client("alice@city-a.test", false);
    plan(&alice, json!([{"email": "bob@city-b.test"}])).await;
    smtp.wait_for(2, Duration::from_secs(20)).await;

    // Every connection of the server to its database is cut, the listening one included.
    app.with_db(|conn| {
        use diesel::prelude::*;
        diesel::sql_query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .execute(conn)
        .unwrap();
    });
    tokio::time::sleep(Duration::from_secs(1)).await;
    plan(&alice, json!([{"email": "carla@city-c.test"}])).await;
    let received = smtp.wait_for(4, Duration::from_secs(30)).await;
    assert_eq!(to(&received, "carla@city-c.test").len(), 1);
}

#[tokio::test]
async fn reminders_are_plain_mail_once_per_start_never_late_and_never_when_cancelled() {
    use diesel::prelude::*;
    use treffpunkt::db::schema::participants;

    let smtp = SmtpServer::start();
    let app = app_sending_to(
        &smtp.url(),
        &[("TREFFPUNKT_MAIL_REMINDER_MINUTES", "15".to_owned())],
    )
    .await;
    let alice = app.api_client("alice@city-a.test", false);
    let starts_in = |minutes| {
        (chrono::Utc::now() + chrono::TimeDelta::minutes(minutes))
            .format("%Y-%m-%dT%H:%M:00Z")
            .to_string()
    };
    let (status, meeting) = alice
        .post(
            "/api/v1/meetings",
            json!({
                "title": "Kurzfristig",
                "starts_at": starts_in(11),
                "duration_minutes": 30,
                "participants": [{"email": "bob@city-b.test", "locale": "de"}],
            }),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    let id = meeting["id"].as_str().unwrap().to_owned();
    let reminders_to = |who: &'static str| {
        let smtp = &smtp;
        move || {
            to(&smtp.received(), who)
                .into_iter()
                .filter(|m| {
                    let subject = m.header("Subject").unwrap();
                    subject.starts_with("Erinnerung: ") || subject.starts_with("Reminder: ")
                })
                .collect::<Vec<_>>()
        }
    };
    let bob_reminders = reminders_to("bob@city-b.test");
    // Invited ten minutes before a fifteen-minute lead: the invitation is reminder enough.
    smtp.wait_for(2, Duration::from_secs(20)).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        bob_reminders().is_empty(),
        "no reminder right after the invitation"
    );

    // Had Bob been invited yesterday, he is reminded (of a new start, since this one is done
    // with): plain mail, no calendar, the real time left.
    let yesterday = chrono::Utc::now().naive_utc() - chrono::TimeDelta::days(1);
    app.with_db(|conn| {
        diesel::update(participants::table.filter(participants::meeting_id.eq(&id)))
            .set(participants::created_at.eq(yesterday))
            .execute(conn)
            .unwrap();
    });
    let (status, _) = alice
        .patch(
            &format!("/api/v1/meetings/{id}"),
            json!({"starts_at": starts_in(12)}),
        )
        .await;
    assert_eq!(status, 200);
    eventually("no reminder", Duration::from_secs(20), || {
        !bob_reminders().is_empty()
    })
    .await;
    let reminder = bob_reminders().pop().unwrap();
    let parsed = reminder.parsed();
    assert_eq!(parsed.ctype.mimetype, "multipart/alternative");
    let types: Vec<&str> = parsed
        .subparts
        .iter()
        .map(|p| p.ctype.mimetype.as_str())
        .collect();
    assert_eq!(types, ["text/plain", "text/html"], "no calendar, no RSVP");
    let subject = reminder.header("Subject").unwrap();
    assert!(
        subject.starts_with("Erinnerung: Kurzfristig beginnt in 1")
            && subject.ends_with(" Minuten"),
        "the real time left: {subject}"
    );
    let text = parsed.subparts[0].get_body().unwrap();
    assert!(
        text.contains("/j/"),
        "the reminder carries the link: {text}"
    );

    // A new title is no new start: an update, and no second reminder.
    let (status, _) = alice
        .patch(
            &format!("/api/v1/meetings/{id}"),
            json!({"title": "Kurzfristig, neuer Titel"}),
        )
        .await;
    assert_eq!(status, 200);
    eventually("no update", Duration::from_secs(20), || {
        to(&smtp.received(), "bob@city-b.test")
            .iter()
            .any(|m| m.header("Subject").unwrap().starts_with("Geändert: "))
    })
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(bob_reminders().len(), 1, "one reminder per start");

    // A new start is: reminded again.
    let (status, _) = alice
        .patch(
            &format!("/api/v1/meetings/{id}"),
            json!({"starts_at": starts_in(13)}),
        )
        .await;
    assert_eq!(status, 200);
    eventually(
        "no reminder of the new start",
        Duration::from_secs(20),
        || bob_reminders().len() == 2,
    )
    .await;

    // Cancelled: the cancellation goes out, no reminder ever again.
    let (status, _) = alice.delete(&format!("/api/v1/meetings/{id}")).await;
    assert_eq!(status, 200);
    eventually("no cancellation", Duration::from_secs(20), || {
        to(&smtp.received(), "bob@city-b.test")
            .iter()
            .any(|m| m.header("Subject").unwrap().starts_with("Abgesagt: "))
    })
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(bob_reminders().len(), 2);
    assert!(smtp.by_message_id().values().all(|n| *n == 1));
}

#[tokio::test]
async fn a_worker_stopped_with_sigterm_finishes_its_batch_and_gives_back_the_rest() {
    let smtp = SmtpServer::start();
    smtp.slow_down(Duration::from_millis(10));
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    thousand_invitations(&alice).await;
    let dir = tempfile::tempdir().unwrap();
    let mut worker = WorkerProcess::spawn(&app, &smtp, dir.path());
    smtp.wait_for(100, Duration::from_secs(60)).await;
    let stopped = std::process::Command::new("kill")
        .args(["-TERM", &worker.0.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let status = worker.0.wait().unwrap();
    assert!(status.success(), "a clean exit: {status}");

    // Everything the server accepted is recorded as sent; everything else is free for others,
    // with no attempt counted for the release.
    use diesel::prelude::*;
    use treffpunkt::db::schema::outbox_jobs;
    let (sent, held, attempted): (Vec<String>, i64, i64) = app.with_db(|conn| {
        let sent = outbox_jobs::table
            .filter(outbox_jobs::state.eq("sent"))
            .select(outbox_jobs::id)
            .load::<String>(conn)
            .unwrap();
        let held = outbox_jobs::table
            .filter(outbox_jobs::locked_by.is_not_null())
            .count()
            .get_result(conn)
            .unwrap();
        let attempted = outbox_jobs::table
            .filter(outbox_jobs::state.eq("pending"))
            .filter(outbox_jobs::attempts.gt(0))
            .count()
            .get_result(conn)
            .unwrap();
        (sent, held, attempted)
    });
    assert!(sent.len() < 1002, "stopped before the end");
    let sent: HashSet<String> = sent.iter().map(|id| format!("<{id}@127.0.0.1>")).collect();
    let arrived: HashSet<String> = smtp.by_message_id().into_keys().collect();
    assert_eq!(arrived, sent, "nothing accepted and left unrecorded");
    assert_eq!(held, 0, "no job stays leased");
    assert_eq!(attempted, 0, "a released job was not tried");
}

#[tokio::test]
async fn the_organizer_sees_a_refused_invitation_beside_the_person() {
    let smtp = SmtpServer::start();
    let app = app_sending_to(&smtp.url(), &[]).await;
    let alice = app.api_client("alice@city-a.test", false);
    let meeting = plan(
        &alice,
        json!([{"email": "bob@city-b.test"}, {"email": "reject-me@city-b.test"}]),
    )
    .await;
    let failed = || app.with_db(|conn| treffpunkt::outbox::failed_jobs(conn, 10).unwrap());
    eventually(
        "the refusal is not recorded",
        Duration::from_secs(20),
        || failed().len() == 1,
    )
    .await;
    let id = meeting["id"].as_str().unwrap();
    let browser = app
        .signed_in("alice@city-a.test", "correct horse battery staple")
        .await;
    let page = browser
        .get(&format!("/meetings/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        page.matches("Could not be delivered").count(),
        1,
        "beside the one refused person only: {page}"
    );
    assert!(page.contains("No such mailbox here"), "{page}");
    let bob_at = page.find("bob@city-b.test").unwrap();
    let reject_at = page.find("reject-me@city-b.test").unwrap();
    let note_at = page.find("Could not be delivered").unwrap();
    assert!(
        note_at > reject_at && (bob_at < reject_at || note_at < bob_at),
        "the note sits with reject-me, not with bob"
    );

    // Sending again sets the old failure aside; the new attempt is refused again and shown once.
    let refused_id = meeting["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == "reject-me@city-b.test")
        .and_then(|p| p["id"].as_str())
        .unwrap()
        .to_owned();
    let first = failed()[0].id.clone();
    let resent = browser
        .post_form(
            &format!("/meetings/{id}/participants/{refused_id}/resend"),
            &[],
        )
        .await;
    assert_eq!(resent.status(), 303);
    eventually(
        "the invitation sent again was not refused again",
        Duration::from_secs(20),
        || failed().iter().any(|job| job.id != first),
    )
    .await;
    let counts = app.with_db(|conn| treffpunkt::outbox::counts(conn).unwrap());
    assert!(counts.contains(&("discarded".to_owned(), 1)), "{counts:?}");
    let page = browser
        .get(&format!("/meetings/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(page.matches("Could not be delivered").count(), 1, "{page}");
}
