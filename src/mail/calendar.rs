//! The `text/calendar` part of an invitation (../shared/reference/imip.md), built with the
//! `icalendar` crate, which escapes TEXT values, quotes parameters and ends lines with CRLF.
//! Added here: `METHOD`, our `PRODID`, a `UID` that never changes, RFC 6868 caret encoding for
//! names in parameters (the crate leaves `"` as is), RFC 7986 `CONFERENCE`, and folding of our
//! own (the crate's lets a last segment reach 76 octets).

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
    /// The receiver's personal join link (`URL`, `LOCATION` and `CONFERENCE`).
    pub join_url: Option<&'a str>,
    /// The label calendars show on the join button (`CONFERENCE;LABEL=`).
    pub join_label: &'a str,
    /// Who planned it.
    pub organizer: Person<'a>,
    /// Who the message is for (only the receiver: invitees do not see each other).
    pub attendees: Vec<Person<'a>>,
    /// Whether the meeting is cancelled (`STATUS:CANCELLED`). A CANCEL to one removed attendee
    /// of a meeting that goes on carries no `STATUS` at all (RFC 5546 §3.2.5).
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

/// The longest line RFC 5545 §3.1 allows, in octets, CRLF not counted.
const MAX_LINE_OCTETS: usize = 75;

/// The calendar text: CRLF lines folded at 75 octets.
pub fn calendar(method: Method, event: &CalendarEvent<'_>) -> String {
    let mut vevent = Event::new();
    vevent
        .uid(&event.uid)
        .sequence(event.sequence)
        .timestamp(event.stamp)
        .starts(event.starts_at)
        .ends(event.ends_at)
        .summary(&one_line(event.title));
    if !event.description.trim().is_empty() {
        vevent.description(&one_paragraph_breaks(event.description));
    }
    if event.cancelled {
        vevent.status(EventStatus::Cancelled);
    } else if method != Method::Cancel {
        vevent.status(EventStatus::Confirmed);
    }
    if let Some(url) = event.join_url {
        vevent.url(url).location(url);
        // RFC 7986: clients that know it show a join button.
        vevent.append_property(
            Property::new("CONFERENCE", url)
                .add_parameter("VALUE", "URI")
                .add_parameter("FEATURE", "VIDEO")
                .add_parameter("LABEL", &parameter_text(event.join_label))
                .done(),
        );
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
    let off = event.cancelled || method == Method::Cancel;
    if let (Some(minutes), false) = (event.alarm_minutes, off) {
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
    fold(&without_alarm_stamp(calendar.done().to_string()))
}

/// Unfolds the text and folds every line again so that each physical line, the last segment
/// included, has at most 75 octets and never splits a UTF-8 character.
fn fold(text: &str) -> String {
    let unfolded = text.replace("\r\n ", "").replace("\r\n\t", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 64 * 3);
    for line in unfolded.split_terminator("\r\n") {
        let mut rest = line;
        // The first segment may use all 75 octets; each continuation starts with a space.
        let mut room = MAX_LINE_OCTETS;
        loop {
            if rest.len() <= room {
                out.push_str(rest);
                out.push_str("\r\n");
                break;
            }
            let mut cut = room;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            rest = &rest[cut..];
            room = MAX_LINE_OCTETS - 1;
        }
    }
    out
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
        empty.description = "  ";
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
}
