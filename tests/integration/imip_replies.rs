//! Replies from calendar programs, end to end: the invitation names `rsvp+<token>@…` as its
//! organizer, a REPLY shaped as Outlook, Thunderbird or Gmail send it lands in a real IMAP
//! server (Dovecot), and the reader records it, files it, and carries on across a restart of
//! the server. Fixtures: tests/fixtures/imip/.

use std::time::Duration;

use base64::Engine;
use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::api_client::ApiClient;
use crate::dovecot::Dovecot;
use crate::helpers::TestApp;
use crate::mail::{app_sending_to, to};
use crate::smtp::SmtpServer;

const REPLY_ADDRESS: &str = "rsvp@treffpunkt.test";

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/imip/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// What a calendar program needs to answer: the invitation's reply address and UID.
#[derive(Clone)]
struct Invitation {
    reply_to: String,
    uid: String,
    sequence: String,
    title: String,
}

impl Invitation {
    /// The fixture `name` as this invitee's calendar would send it.
    fn answer(&self, name: &str, nonce: &str, recurrence_local: &str) -> Vec<u8> {
        let fill = |text: String| {
            text.replace("{{TO}}", &self.reply_to)
                .replace("{{UID}}", &self.uid)
                .replace("{{SEQUENCE}}", &self.sequence)
                .replace("{{TITLE}}", &self.title)
                .replace("{{NONCE}}", nonce)
                .replace("{{RECURRENCE_LOCAL}}", recurrence_local)
        };
        let calendar = fill(fixture("gmail-declined.ics.txt"));
        let encoded = base64::engine::general_purpose::STANDARD.encode(calendar);
        let lines: Vec<&str> = encoded
            .as_bytes()
            .chunks(76)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        fill(fixture(name))
            .replace("{{BASE64_CALENDAR}}", &lines.join("\r\n"))
            .into_bytes()
    }
}

/// Treffpunkt reading replies from `dovecot` and sending to `smtp`.
async fn app_reading(dovecot: &Dovecot, smtp: &SmtpServer) -> TestApp {
    app_sending_to(
        &smtp.url(),
        &[
            ("TREFFPUNKT_REPLY_MAILBOX", dovecot.url()),
            ("TREFFPUNKT_REPLY_ADDRESS", REPLY_ADDRESS.to_owned()),
            ("TREFFPUNKT_REPLY_POLL_SECONDS", "2".to_owned()),
        ],
    )
    .await
}

/// Bob's invitation to the meeting titled `title` as it arrived: its ORGANIZER (the reply
/// address) and UID.
async fn invitation_of(smtp: &SmtpServer, title: &str) -> Invitation {
    let mut found = None;
    for _ in 0..200 {
        found = to(&smtp.received(), "bob@city-b.test")
            .into_iter()
            .find(|m| m.calendar().contains(&format!("SUMMARY:{title}\r\n")));
        if found.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mail = found.unwrap_or_else(|| panic!("bob's invitation to {title} did not arrive"));
    let calendar = mail.calendar().replace("\r\n ", "");
    let line = |name: &str| {
        calendar
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} in {calendar}"))
            .to_owned()
    };
    let organizer = line("ORGANIZER");
    assert!(
        organizer.contains("CN=alice"),
        "the organizer's name stays: {organizer}"
    );
    let reply_to = organizer.rsplit("mailto:").next().unwrap().to_owned();
    assert!(reply_to.starts_with("rsvp+"), "{organizer}");
    assert!(reply_to.ends_with("@treffpunkt.test"), "{organizer}");
    assert!(
        mail.header("From").unwrap().contains("alice via"),
        "From stays the organizer via Treffpunkt"
    );
    Invitation {
        reply_to,
        uid: line("UID:").trim_start_matches("UID:").to_owned(),
        sequence: line("SEQUENCE:").trim_start_matches("SEQUENCE:").to_owned(),
        title: title.to_owned(),
    }
}

async fn bob(alice: &ApiClient, id: &str) -> Value {
    let (status, meeting) = alice.get(&format!("/api/v1/meetings/{id}")).await;
    assert_eq!(status, 200, "{meeting}");
    meeting["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == "bob@city-b.test")
        .unwrap()
        .clone()
}

/// Waits until `done(bob)` holds for Bob's entry in the API.
async fn until(alice: &ApiClient, id: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..300 {
        let entry = bob(alice, id).await;
        if done(&entry) {
            return entry;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what}: {}", bob(alice, id).await);
}

async fn until_filed(dovecot: &Dovecot, folder: &str, count: usize) -> Vec<String> {
    for _ in 0..300 {
        let found = dovecot.messages(folder).await;
        if found.len() >= count {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{folder} holds {:?}", dovecot.messages(folder).await.len());
}

#[tokio::test]
async fn replies_from_three_calendar_programs_are_recorded_and_the_rest_filed_with_a_reason() {
    let dovecot = Dovecot::start();
    let smtp = SmtpServer::start();
    let app = app_reading(&dovecot, &smtp).await;
    let alice = app.api_client("alice@city-a.test", false);
    let planned = alice.plan("Jour fixe", &["bob@city-b.test"]).await;
    let id = planned["id"].as_str().unwrap().to_owned();
    let invitation = invitation_of(&smtp, "Jour fixe").await;

    // Outlook accepts with a comment.
    dovecot
        .deliver(&invitation.answer("outlook-accepted.eml", "1", ""))
        .await;
    let entry = until(&alice, &id, "Outlook's ACCEPTED", |b| {
        b["response"]["partstat"] == "ACCEPTED"
    })
    .await;
    assert_eq!(entry["response"]["comment"], "Gerne, bis dann.");

    // Thunderbird: maybe. Gmail: declined, its comment in X-RESPONSE-COMMENT.
    dovecot
        .deliver(&invitation.answer("thunderbird-tentative.eml", "2", ""))
        .await;
    until(&alice, &id, "Thunderbird's TENTATIVE", |b| {
        b["response"]["partstat"] == "TENTATIVE"
    })
    .await;
    dovecot
        .deliver(&invitation.answer("gmail-declined.eml", "3", ""))
        .await;
    let entry = until(&alice, &id, "Gmail's DECLINED", |b| {
        b["response"]["partstat"] == "DECLINED"
    })
    .await;
    assert_eq!(
        entry["response"]["comment"],
        "Leider verhindert – Vertretung kommt"
    );

    // A proposal of another time is shown, not applied.
    dovecot
        .deliver(&invitation.answer("thunderbird-counter.eml", "4", ""))
        .await;
    let entry = until(&alice, &id, "the COUNTER", |b| {
        b["counter_proposals"]
            .as_array()
            .is_some_and(|p| !p.is_empty())
    })
    .await;
    let proposal = &entry["counter_proposals"][0];
    assert_eq!(proposal["starts_at"], "2026-12-01T13:00:00Z");
    assert_eq!(proposal["comment"], "Geht es am Nachmittag?");
    assert_eq!(entry["response"]["partstat"], "DECLINED", "not applied");
    let (_, meeting) = alice.get(&format!("/api/v1/meetings/{id}")).await;
    assert_eq!(
        meeting["starts_at"], planned["starts_at"],
        "the time is unchanged"
    );

    // A forged token (another MAC) changes nothing and lands in Failed with the reason.
    let mut forged = invitation.clone();
    let at = forged.reply_to.find('@').unwrap();
    let last = &forged.reply_to[at - 1..at];
    let flipped = if last == "0" { "1" } else { "0" };
    forged.reply_to.replace_range(at - 1..at, flipped);
    dovecot
        .deliver(&forged.answer("outlook-accepted.eml", "5", ""))
        .await;
    let failed = until_filed(&dovecot, "Failed", 1).await;
    assert!(
        failed[0].starts_with("X-Treffpunkt-Refused: no reply address with a valid token"),
        "{}",
        failed[0]
    );
    assert_eq!(bob(&alice, &id).await["response"]["partstat"], "DECLINED");

    // An out-of-office note is forwarded to the organizer, marked as automatic.
    dovecot
        .deliver(&invitation.answer("out-of-office.eml", "6", ""))
        .await;
    // (Alice may get her daily digest of the answers above too.)
    let mut forwarded = None;
    for _ in 0..200 {
        forwarded = to(&smtp.received(), "alice@city-a.test")
            .into_iter()
            .find(|m| {
                m.header("Subject")
                    .is_some_and(|s| s.starts_with("Fwd: Abwesenheitsnotiz"))
            });
        if forwarded.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let forwarded = forwarded.expect("the note reached the organizer");
    assert_eq!(
        forwarded.header("Auto-Submitted").as_deref(),
        Some("auto-generated")
    );
    let parsed = forwarded.parsed();
    let original = parsed
        .subparts
        .iter()
        .find(|p| p.ctype.mimetype == "message/rfc822")
        .unwrap_or_else(|| {
            panic!(
                "no original in {}",
                String::from_utf8_lossy(&forwarded.data)
            )
        });
    let text = String::from_utf8_lossy(&original.get_body_raw().unwrap()).into_owned();
    assert!(text.contains("Frau Kaya"), "{text}");

    let processed = until_filed(&dovecot, "Processed", 5).await;
    assert_eq!(processed.len(), 5, "four calendar messages and the note");
    assert!(dovecot.messages("INBOX").await.is_empty());

    // The same reply read again (a crash before it was filed) changes nothing.
    let before = bob(&alice, &id).await["response"].clone();
    dovecot
        .deliver(&invitation.answer("gmail-declined.eml", "3", ""))
        .await;
    until_filed(&dovecot, "Processed", 6).await;
    assert_eq!(bob(&alice, &id).await["response"], before);
}

#[tokio::test]
async fn the_reader_reconnects_after_the_mail_server_restarts_and_misses_nothing() {
    let dovecot = Dovecot::start();
    let smtp = SmtpServer::start();
    let app = app_reading(&dovecot, &smtp).await;
    let alice = app.api_client("alice@city-a.test", false);
    let first = alice.plan("Jour fixe", &["bob@city-b.test"]).await;
    let first_invitation = invitation_of(&smtp, "Jour fixe").await;
    // The reader is connected and idle: it files a first reply.
    dovecot
        .deliver(&first_invitation.answer("outlook-accepted.eml", "a", ""))
        .await;
    until_filed(&dovecot, "Processed", 1).await;

    dovecot.stop();
    tokio::time::sleep(Duration::from_millis(500)).await;
    dovecot.restart();
    let second = alice.plan("Bauausschuss", &["bob@city-b.test"]).await;
    let second_invitation = invitation_of(&smtp, "Bauausschuss").await;
    // Two replies arrive while the reader is still waiting to reconnect.
    dovecot
        .deliver(&first_invitation.answer("gmail-declined.eml", "b", ""))
        .await;
    dovecot
        .deliver(&second_invitation.answer("thunderbird-tentative.eml", "c", ""))
        .await;
    until(
        &alice,
        first["id"].as_str().unwrap(),
        "the first meeting's new answer",
        |b| b["response"]["partstat"] == "DECLINED",
    )
    .await;
    until(
        &alice,
        second["id"].as_str().unwrap(),
        "the second meeting's answer",
        |b| b["response"]["partstat"] == "TENTATIVE",
    )
    .await;
    until_filed(&dovecot, "Processed", 3).await;
}

#[tokio::test]
async fn a_calendar_declines_one_date_of_a_series() {
    let dovecot = Dovecot::start();
    let smtp = SmtpServer::start();
    let app = app_reading(&dovecot, &smtp).await;
    let alice = app.api_client("alice@city-a.test", false);
    let series = alice
        .plan_weekly("Jour fixe", "09:00", 60, 4, &["bob@city-b.test"])
        .await;
    let id = series["id"].as_str().unwrap().to_owned();
    let second = series["occurrences"][1]["recurrence_id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Outlook writes the date in its own zone name with Berlin's wall-clock time.
    let at = DateTime::parse_from_str(&format!("{second}+0000"), "%Y%m%dT%H%M%SZ%z")
        .unwrap()
        .with_timezone(&Utc)
        .with_timezone(&chrono_tz::Europe::Berlin)
        .format("%Y%m%dT%H%M%S")
        .to_string();
    let invitation = invitation_of(&smtp, "Jour fixe").await;
    dovecot
        .deliver(&invitation.answer("outlook-occurrence-declined.eml", "s", &at))
        .await;
    let entry = until(&alice, &id, "the answer for one date", |b| {
        b["occurrence_responses"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    })
    .await;
    assert_eq!(
        entry["occurrence_responses"][0]["recurrence_id"],
        second.as_str()
    );
    assert_eq!(entry["occurrence_responses"][0]["partstat"], "DECLINED");
    assert_eq!(
        entry["occurrence_responses"][0]["comment"],
        "An diesem Tag bin ich im Urlaub."
    );
    assert_eq!(
        entry["response"],
        Value::Null,
        "the series as a whole is unanswered"
    );
}
