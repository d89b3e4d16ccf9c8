use super::*;
use chrono::TimeZone;

const LONG_TITLE: &str = "Bürgerbeteiligung 🏛️ \"Grünflächen\", Radwege; Haushalt \\ Stadt A";

fn event(title: &str, organizer: &'static str, attendee: &'static str) -> CalendarEvent<'static> {
    let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    CalendarEvent {
        uid: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b@treffpunkt.example.org".into(),
        sequence: 2,
        stamp: Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap(),
        starts_at: start,
        ends_at: start + Duration::hours(1),
        title: Box::leak(title.to_owned().into_boxed_str()),
        description: Cow::Borrowed(
            "Tagesordnung:\n1. Begrüßung, Protokoll; Sonstiges\r\nLink: https://treffpunkt.example.org/j/abc",
        ),
        join_url: Some(
            "https://treffpunkt.example.org/j/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        ),
        join_label: "Join the video conference",
        organizer: Person {
            name: organizer,
            email: "ada@stadt-a.example",
        },
        attendees: vec![Person {
            name: attendee,
            email: "bernd@stadt-b.example",
        }],
        cancelled: false,
        alarm_minutes: Some(15),
        zone: None,
        repeats: None,
        recurrence_id: None,
    }
}

/// The calendar as an independent parser (the `ical` crate) reads it.
fn parse(text: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut reader = ical::IcalParser::new(text.as_bytes());
    let calendar = reader.next().expect("one calendar").expect("it parses");
    assert!(reader.next().is_none(), "exactly one calendar");
    calendar
}

fn property<'a>(
    properties: &'a [ical::property::Property],
    name: &str,
) -> &'a ical::property::Property {
    properties
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

fn param<'a>(property: &'a ical::property::Property, name: &str) -> Option<&'a str> {
    property
        .params
        .as_ref()?
        .iter()
        .find(|(key, _)| key == name)
        .and_then(|(_, values)| values.first())
        .map(String::as_str)
}

#[test]
fn an_invitation_carries_everything_clients_need() {
    let title = LONG_TITLE.repeat(5);
    let text = calendar(Method::Request, &event(&title, "Ada Lovelace", "Doe, John"));
    let parsed = parse(&text);
    assert_eq!(
        property(&parsed.properties, "METHOD").value.as_deref(),
        Some("REQUEST")
    );
    assert_eq!(
        property(&parsed.properties, "VERSION").value.as_deref(),
        Some("2.0")
    );
    assert_eq!(parsed.events.len(), 1);
    let vevent = &parsed.events[0].properties;
    let value = |name: &str| property(vevent, name).value.clone().unwrap_or_default();
    assert_eq!(
        value("UID"),
        "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b@treffpunkt.example.org"
    );
    assert_eq!(value("SEQUENCE"), "2");
    assert_eq!(value("DTSTAMP"), "20261128T120000Z");
    assert_eq!(value("DTSTART"), "20261201T090000Z");
    assert_eq!(value("DTEND"), "20261201T100000Z");
    assert_eq!(value("STATUS"), "CONFIRMED");
    assert_eq!(
        value("URL"),
        "https://treffpunkt.example.org/j/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
    );
    assert!(value("LOCATION").starts_with("https://treffpunkt.example.org/j/"));
    // TEXT escaping, read back after unfolding: commas, semicolons, backslashes, new lines.
    // Unfolded by the rule itself (the parser trims a space that ends a folded line).
    let unfolded = text.replace("\r\n ", "");
    let escaped = "Bürgerbeteiligung 🏛️ \"Grünflächen\"\\, Radwege\\; Haushalt \\\\ Stadt A";
    assert!(
        unfolded.contains(&format!("\r\nSUMMARY:{}\r\n", escaped.repeat(5))),
        "{unfolded}"
    );
    assert!(
        value("DESCRIPTION")
            .contains("Tagesordnung:\\n1. Begrüßung\\, Protokoll\\; Sonstiges\\nLink:")
    );
    let organizer = property(vevent, "ORGANIZER");
    assert_eq!(
        organizer.value.as_deref(),
        Some("mailto:ada@stadt-a.example")
    );
    assert_eq!(param(organizer, "CN"), Some("Ada Lovelace"));
    let attendee = property(vevent, "ATTENDEE");
    assert_eq!(
        attendee.value.as_deref(),
        Some("mailto:bernd@stadt-b.example")
    );
    assert_eq!(param(attendee, "ROLE"), Some("REQ-PARTICIPANT"));
    assert_eq!(param(attendee, "PARTSTAT"), Some("NEEDS-ACTION"));
    assert_eq!(param(attendee, "RSVP"), Some("TRUE"));
    assert!(
        text.contains("CN=\"Doe, John\""),
        "a comma in a name is quoted: {text}"
    );
    assert_eq!(parsed.events[0].alarms.len(), 1, "a reminder");
}

#[test]
fn lines_are_crlf_and_folded_at_75_octets_never_inside_a_character() {
    let title = LONG_TITLE.repeat(5);
    let text = calendar(Method::Request, &event(&title, "Zoë Ünal 🎉", "Doe, John"));
    assert!(text.ends_with("\r\n"));
    assert!(!text.contains("\r\r"), "no CR CR LF");
    assert!(!text.replace("\r\n", "").contains('\n'), "no bare LF");
    assert!(!text.replace("\r\n", "").contains('\r'), "no bare CR");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    // Each physical line is whole UTF-8 by itself: no fold splits a character.
    for line in text.as_bytes().split(|b| *b == b'\n') {
        assert!(
            std::str::from_utf8(line).is_ok(),
            "a fold split a character"
        );
    }
    assert!(
        text.lines().filter(|l| l.starts_with(' ')).count() > 5,
        "long values fold"
    );
}

#[test]
fn every_line_fits_75_octets_the_last_segment_too() {
    for length in 1..=400 {
        let title = "x".repeat(length);
        let text = calendar(Method::Request, &event(&title, "Ada", "Bernd"));
        for line in text.split("\r\n") {
            assert!(
                line.len() <= 75,
                "title of {length}: {} octets: {line}",
                line.len()
            );
        }
        let parsed = parse(&text);
        let summary = property(&parsed.events[0].properties, "SUMMARY");
        assert_eq!(summary.value.as_deref(), Some(title.as_str()));
    }
    let title = "x".repeat(142);
    let text = calendar(Method::Request, &event(&title, "Ada", "Bernd"));
    assert!(text.split("\r\n").all(|line| line.len() <= 75), "{text}");
}

#[test]
fn the_join_link_is_a_conference_and_an_empty_agenda_no_description() {
    let mut empty = event("Jour fixe", "Ada", "Bernd");
    empty.description = Cow::Borrowed("  ");
    let text = calendar(Method::Request, &empty);
    let parsed = parse(&text);
    let vevent = &parsed.events[0].properties;
    assert!(vevent.iter().all(|p| p.name != "DESCRIPTION"), "{text}");
    let conference = property(vevent, "CONFERENCE");
    assert_eq!(
        conference.value.as_deref(),
        Some("https://treffpunkt.example.org/j/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")
    );
    assert_eq!(param(conference, "VALUE"), Some("URI"));
    assert_eq!(param(conference, "FEATURE"), Some("VIDEO"));
    assert_eq!(
        param(conference, "LABEL"),
        Some("Join the video conference")
    );
}

#[test]
fn removing_one_attendee_cancels_for_them_without_a_status() {
    let mut removed = event("Jour fixe", "Ada", "Bernd");
    removed.join_url = None;
    let text = calendar(Method::Cancel, &removed);
    let parsed = parse(&text);
    let vevent = &parsed.events[0];
    assert!(
        vevent.properties.iter().all(|p| p.name != "STATUS"),
        "{text}"
    );
    assert!(vevent.alarms.is_empty());
}

#[test]
fn nothing_cancelled_carries_an_alarm() {
    let mut cancelled = event("Jour fixe", "Ada", "Bernd");
    cancelled.cancelled = true;
    let text = calendar(Method::Publish, &cancelled);
    assert!(!text.contains("BEGIN:VALARM"), "{text}");
    assert!(text.contains("STATUS:CANCELLED"));
}

#[test]
fn line_breaks_in_names_cannot_make_properties() {
    let text = calendar(
        Method::Request,
        &event(
            "Jour fixe\r\nATTENDEE:mailto:evil@example.org",
            "Eve\r\nORGANIZER:mailto:evil@example.org",
            "Mallory \"the\" ^ one",
        ),
    );
    let parsed = parse(&text);
    let vevent = &parsed.events[0].properties;
    assert_eq!(vevent.iter().filter(|p| p.name == "ATTENDEE").count(), 1);
    assert_eq!(vevent.iter().filter(|p| p.name == "ORGANIZER").count(), 1);
    let organizer = property(vevent, "ORGANIZER");
    assert_eq!(
        organizer.value.as_deref(),
        Some("mailto:ada@stadt-a.example")
    );
    assert_eq!(
        property(vevent, "ATTENDEE").value.as_deref(),
        Some("mailto:bernd@stadt-b.example")
    );
    assert!(
        text.contains("CN=Mallory ^'the^' ^^ one"),
        "RFC 6868: {text}"
    );
}

#[test]
fn a_cancellation_says_cancelled_and_asks_for_no_answer() {
    let mut cancelled = event("Jour fixe", "Ada", "Bernd");
    cancelled.cancelled = true;
    let text = calendar(Method::Cancel, &cancelled);
    let parsed = parse(&text);
    assert_eq!(
        property(&parsed.properties, "METHOD").value.as_deref(),
        Some("CANCEL")
    );
    let vevent = &parsed.events[0];
    assert_eq!(
        property(&vevent.properties, "STATUS").value.as_deref(),
        Some("CANCELLED")
    );
    assert_eq!(
        param(property(&vevent.properties, "ATTENDEE"), "RSVP"),
        Some("FALSE")
    );
    assert!(
        vevent.alarms.is_empty(),
        "no reminder for a meeting that is off"
    );
}
