//! The `text/calendar` part of an invitation (../shared/reference/imip.md), built with the
//! `icalendar` crate, which folds at 75 octets on UTF-8 boundaries, escapes TEXT values, quotes
//! parameters and ends lines with CRLF. Added here: `METHOD`, our `PRODID`, a `UID` that never
//! changes, and RFC 6868 caret encoding for names in parameters (the crate leaves `"` as is).

use chrono::{DateTime, Duration, Utc};
use icalendar::{
    Alarm, Attendee, Calendar, CalendarComponent, Component, Event, EventLike, EventStatus,
    Property, Trigger,
};

/// What the calendar asks of its receiver (the iTIP method).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// An invitation or an update: put it in the calendar, answer if you like.
    Request,
    /// The meeting is off (for everyone, or for this receiver).
    Cancel,
    /// For the organizer's own calendar: no answer expected.
    Publish,
}

impl Method {
    /// The value of `METHOD` and of the MIME type's `method=` parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
            Method::Publish => "PUBLISH",
        }
    }
}

/// Someone in the calendar: a name and an address.
#[derive(Debug, Clone, Copy)]
pub struct Person<'a> {
    /// Shown by calendar programs.
    pub name: &'a str,
    /// Where replies go.
    pub email: &'a str,
}

/// One meeting as one calendar event.
#[derive(Debug, Clone)]
pub struct CalendarEvent<'a> {
    /// `<meeting id>@<host>`: the same in the invitation, every update and the cancellation.
    pub uid: String,
    /// The meeting's revision; calendars ignore updates whose SEQUENCE is not higher.
    pub sequence: u32,
    /// When this message was made.
    pub stamp: DateTime<Utc>,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// The meeting's title.
    pub title: &'a str,
    /// The text, ending with the receiver's join link.
    pub description: &'a str,
    /// The receiver's personal join link (`URL` and `LOCATION`).
    pub join_url: Option<&'a str>,
    /// Who planned it.
    pub organizer: Person<'a>,
    /// Who the message is for (only the receiver: invitees do not see each other).
    pub attendees: Vec<Person<'a>>,
    /// Whether the meeting is cancelled (`STATUS:CANCELLED`).
    pub cancelled: bool,
    /// A reminder this many minutes before the start.
    pub alarm_minutes: Option<i64>,
}

/// The crate writes a `DTSTAMP` (the current time) into every component, VALARM included,
/// where RFC 5545 does not allow one; strict parsers complain and it makes output vary.
fn without_alarm_stamp(text: String) -> String {
    const BEGIN: &str = "BEGIN:VALARM\r\nDTSTAMP:";
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find(BEGIN) {
        out.push_str(&rest[..at + "BEGIN:VALARM\r\n".len()]);
        let stamp = &rest[at + "BEGIN:VALARM\r\n".len()..];
        rest = stamp.find("\r\n").map_or("", |end| &stamp[end + 2..]);
    }
    out.push_str(rest);
    out
}

/// Our product identifier (RFC 5545 §3.7.3).
const PRODID: &str = "-//Treffpunkt//Treffpunkt//EN";

/// The calendar text: CRLF lines folded at 75 octets.
pub fn calendar(method: Method, event: &CalendarEvent<'_>) -> String {
    let mut vevent = Event::new();
    vevent
        .uid(&event.uid)
        .sequence(event.sequence)
        .timestamp(event.stamp)
        .starts(event.starts_at)
        .ends(event.ends_at)
        .summary(&one_line(event.title))
        .description(&one_paragraph_breaks(event.description))
        .status(if event.cancelled || method == Method::Cancel {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    if let Some(url) = event.join_url {
        vevent.url(url).location(url);
    }
    vevent.append_property(
        Property::new("ORGANIZER", format!("mailto:{}", event.organizer.email))
            .add_parameter("CN", &parameter_text(event.organizer.name))
            .done(),
    );
    for person in &event.attendees {
        vevent.attendee(
            Attendee::new(format!("mailto:{}", person.email))
                .cn(parameter_text(person.name))
                .role(icalendar::Role::ReqParticipant)
                .partstat(icalendar::PartStat::NeedsAction)
                .rsvp(method == Method::Request),
        );
    }
    if let (Some(minutes), false) = (event.alarm_minutes, method == Method::Cancel) {
        // A UID of its own (RFC 9074) that stays the same, so repeats are byte-identical.
        vevent.alarm(
            Alarm::display(
                &one_line(event.title),
                Trigger::before_start(Duration::minutes(minutes)),
            )
            .uid(&format!("{}-alarm", event.uid))
            .done(),
        );
    }
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", PRODID))
        .append_property(Property::new("METHOD", method.as_str()))
        .push(CalendarComponent::Event(vevent.done()));
    without_alarm_stamp(calendar.done().to_string())
}

/// Parameter values cannot hold `"` or line breaks; RFC 6868 writes them as `^'` and `^n`
/// (and `^` itself as `^^`). Control characters are dropped.
fn parameter_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '^' => out.push_str("^^"),
            '"' => out.push_str("^'"),
            '\n' => out.push_str("^n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Line breaks as LF only: the crate escapes LF as `\n` but would leave a CR in the line.
fn one_paragraph_breaks(raw: &str) -> String {
    raw.replace("\r\n", "\n").replace('\r', "\n")
}

/// A title or name as one line (they cannot hold line breaks, but never trust that here).
fn one_line(raw: &str) -> String {
    raw.split(|c: char| c.is_control())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const LONG_TITLE: &str = "Bürgerbeteiligung 🏛️ \"Grünflächen\", Radwege; Haushalt \\ Stadt A";

    fn event(
        title: &str,
        organizer: &'static str,
        attendee: &'static str,
    ) -> CalendarEvent<'static> {
        let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        CalendarEvent {
            uid: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b@treffpunkt.example.org".into(),
            sequence: 2,
            stamp: Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap(),
            starts_at: start,
            ends_at: start + Duration::hours(1),
            title: Box::leak(title.to_owned().into_boxed_str()),
            description: "Tagesordnung:\n1. Begrüßung, Protokoll; Sonstiges\r\nLink: https://treffpunkt.example.org/j/abc",
            join_url: Some(
                "https://treffpunkt.example.org/j/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
            ),
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
        let text = calendar(Method::Cancel, &event("Jour fixe", "Ada", "Bernd"));
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
}
