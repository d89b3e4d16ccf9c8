use base64::Engine;

use super::*;

const TO: &str = "rsvp+0b8f6c1e4d2a4f519a3e2c7d9e1f5a6012345678abcdef01@treffpunkt.example.org";
const UID: &str = "7f1c2a9e-0000-4000-8000-000000000001@treffpunkt.example.org";

/// A fixture with its placeholders filled.
fn fixture(raw: &str) -> Vec<u8> {
    let calendar = include_str!("../../../../tests/fixtures/imip/gmail-declined.ics.txt")
        .replace("{{TO}}", TO)
        .replace("{{UID}}", UID)
        .replace("{{SEQUENCE}}", "1")
        .replace("{{TITLE}}", "Jour fixe");
    let encoded = base64::engine::general_purpose::STANDARD.encode(calendar);
    let wrapped: Vec<&str> = encoded
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    raw.replace("{{TO}}", TO)
        .replace("{{UID}}", UID)
        .replace("{{SEQUENCE}}", "1")
        .replace("{{TITLE}}", "Jour fixe")
        .replace("{{NONCE}}", "n1")
        .replace("{{RECURRENCE_LOCAL}}", "20261208T090000")
        .replace("{{BASE64_CALENDAR}}", &wrapped.join("\r\n"))
        .into_bytes()
}

fn reply(raw: &str) -> (Envelope, Vec<Answered>) {
    match read(&fixture(raw)).unwrap() {
        (envelope, Incoming::Reply(answers)) => (envelope, answers),
        (_, other) => panic!("not read as a reply: {other:?}"),
    }
}

#[test]
fn outlook_single_part_reply_with_comment() {
    let (envelope, answers) = reply(include_str!(
        "../../../../tests/fixtures/imip/outlook-accepted.eml"
    ));
    assert!(envelope.recipients.iter().any(|r| r == TO), "{envelope:?}");
    assert_eq!(envelope.from.as_deref(), Some("bob@city-b.test"));
    let answer = &answers[0];
    assert_eq!(answer.uid, UID);
    assert_eq!(answer.partstat, "ACCEPTED");
    assert_eq!(answer.attendee.as_deref(), Some("bob@city-b.test"));
    assert_eq!(answer.comment.as_deref(), Some("Gerne, bis dann."));
    assert_eq!(answer.sequence, Some(1));
    assert_eq!(answer.recurrence_id, None);
}

#[test]
fn thunderbird_multipart_mixed_reply() {
    let (_, answers) = reply(include_str!(
        "../../../../tests/fixtures/imip/thunderbird-tentative.eml"
    ));
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].partstat, "TENTATIVE");
    assert_eq!(answers[0].attendee.as_deref(), Some("bob@city-b.test"));
}

#[test]
fn gmail_base64_reply_with_its_comment_parameter() {
    let (_, answers) = reply(include_str!(
        "../../../../tests/fixtures/imip/gmail-declined.eml"
    ));
    assert_eq!(answers[0].partstat, "DECLINED");
    assert_eq!(
        answers[0].comment.as_deref(),
        Some("Leider verhindert – Vertretung kommt")
    );
}

#[test]
fn one_date_of_a_series_keeps_its_recurrence_id_as_written() {
    let (_, answers) = reply(include_str!(
        "../../../../tests/fixtures/imip/outlook-occurrence-declined.eml"
    ));
    assert_eq!(
        answers[0].recurrence_id,
        Some(Written {
            value: "20261208T090000".to_owned(),
            tzid: Some("W. Europe Standard Time".to_owned()),
        })
    );
}

#[test]
fn a_counter_proposal_and_a_mail_without_calendar() {
    let (_, counter) = read(&fixture(include_str!(
        "../../../../tests/fixtures/imip/thunderbird-counter.eml"
    )))
    .unwrap();
    let Incoming::Counter(proposals) = counter else {
        panic!("not a counter: {counter:?}")
    };
    assert_eq!(
        proposals[0].comment.as_deref(),
        Some("Geht es am Nachmittag?")
    );
    assert_eq!(
        proposals[0].starts_at.as_ref().map(|w| w.value.as_str()),
        Some("20261201T130000Z")
    );
    let (envelope, plain) = read(&fixture(include_str!(
        "../../../../tests/fixtures/imip/out-of-office.eml"
    )))
    .unwrap();
    assert_eq!(plain, Incoming::NotCalendar);
    assert!(envelope.subject.starts_with("Abwesenheitsnotiz"));
}
