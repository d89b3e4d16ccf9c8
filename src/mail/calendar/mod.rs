//! The `text/calendar` part of an invitation (../shared/reference/imip.md), built with the
//! `icalendar` crate, which escapes TEXT values, quotes parameters and ends lines with CRLF.
//! Added here: `METHOD`, our `PRODID`, a `UID` that never changes, RFC 6868 caret encoding for
//! names in parameters (the crate leaves `"` as is), RFC 7986 `CONFERENCE`, and folding of our
//! own (the crate's lets a last segment reach 76 octets).

mod vtimezone;

use std::borrow::Cow;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::domain::recurrence_id_text;
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
    pub description: Cow<'a, str>,
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
    /// For a meeting of a series: the zone its times are written in (`DTSTART;TZID=`), with
    /// a `VTIMEZONE` for the span it covers.
    pub zone: Option<Tz>,
    /// For a series' master: its rule and exceptions.
    pub repeats: Option<Repeats<'a>>,
    /// For one occurrence alone (a changed one, or a cancellation of one): its original start.
    pub recurrence_id: Option<DateTime<Utc>>,
}

/// How a series repeats, for its master component.
#[derive(Debug, Clone)]
pub struct Repeats<'a> {
    /// The RRULE value.
    pub rrule: String,
    /// The original starts of occurrences cancelled alone.
    pub exdates: Vec<DateTime<Utc>>,
    /// Occurrences changed alone, each its own component (same UID, `RECURRENCE-ID`).
    pub overrides: Vec<CalendarEvent<'a>>,
    /// The end of the span the series covers (for the `VTIMEZONE`).
    pub covers_until: DateTime<Utc>,
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
    document(Some(method), None, std::slice::from_ref(event))
}

/// A subscribed calendar (RFC 5545 without `METHOD`, which marks iTIP messages): every event
/// with a `VTIMEZONE` per zone its series use, under the calendar's display name.
pub fn feed(name: &str, events: &[CalendarEvent<'_>]) -> String {
    document(None, Some(name), events)
}

fn document(method: Option<Method>, name: Option<&str>, events: &[CalendarEvent<'_>]) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", PRODID));
    match (method, name) {
        (Some(method), _) => {
            calendar.append_property(Property::new("METHOD", method.as_str()));
        }
        (None, Some(name)) => {
            calendar
                .append_property(Property::new("CALSCALE", "GREGORIAN"))
                // Apple, Google and Thunderbird read these as the calendar's name and zone.
                .append_property(Property::new("X-WR-CALNAME", one_line(name)));
        }
        (None, None) => {}
    }
    // A feed's events are published, not sent: no RSVP, status as planned.
    let component_method = method.unwrap_or(Method::Publish);
    for event in events {
        calendar.push(CalendarComponent::Event(vevent(component_method, event)));
        for changed in event.repeats.iter().flat_map(|r| &r.overrides) {
            calendar.push(CalendarComponent::Event(vevent(component_method, changed)));
        }
    }
    let mut text = without_alarm_stamp(calendar.done().to_string());
    let zones = zone_spans(events);
    if !zones.is_empty() {
        let at = text.find("BEGIN:VEVENT\r\n").unwrap_or(text.len());
        let blocks: String = zones
            .into_iter()
            .map(|(zone, (from, until))| vtimezone::vtimezone(zone, from, until))
            .collect();
        text.insert_str(at, &blocks);
    }
    fold(&text)
}

/// From when to when a `VTIMEZONE` must describe its zone.
type Span = (DateTime<Utc>, DateTime<Utc>);

/// Each zone the events are written in, with the span its `VTIMEZONE` must cover, in the
/// order the zones first appear.
fn zone_spans(events: &[CalendarEvent<'_>]) -> Vec<(Tz, Span)> {
    let mut spans: Vec<(Tz, Span)> = Vec::new();
    for event in events {
        let Some(zone) = event.zone else { continue };
        let mut starts = vec![event.starts_at];
        starts.extend(event.recurrence_id);
        let repeats = event.repeats.iter();
        starts.extend(
            repeats
                .clone()
                .flat_map(|r| r.overrides.iter().map(|o| o.starts_at)),
        );
        let from = starts.iter().min().copied().unwrap_or(event.starts_at);
        let until = repeats
            .map(|r| r.covers_until)
            .chain(std::iter::once(event.ends_at))
            .max()
            .unwrap_or(event.ends_at);
        match spans.iter_mut().find(|(z, _)| *z == zone) {
            Some((_, span)) => *span = (span.0.min(from), span.1.max(until)),
            None => spans.push((zone, (from, until))),
        }
    }
    spans
}

/// One `VEVENT`: the master of a series, one of its occurrences, or a single meeting.
fn vevent(method: Method, event: &CalendarEvent<'_>) -> Event {
    let mut vevent = Event::new();
    vevent
        .uid(&event.uid)
        .sequence(event.sequence)
        .timestamp(event.stamp)
        .summary(&one_line(event.title));
    match event.zone {
        Some(zone) => {
            vevent.append_property(zoned("DTSTART", zone, &[event.starts_at]));
            vevent.append_property(zoned("DTEND", zone, &[event.ends_at]));
            if let Some(original) = event.recurrence_id {
                vevent.append_property(zoned("RECURRENCE-ID", zone, &[original]));
            }
            if let Some(repeats) = &event.repeats {
                vevent.append_property(Property::new("RRULE", &repeats.rrule));
                if !repeats.exdates.is_empty() {
                    vevent.append_property(zoned("EXDATE", zone, &repeats.exdates));
                }
            }
        }
        None => {
            vevent.starts(event.starts_at).ends(event.ends_at);
        }
    }
    if !event.description.trim().is_empty() {
        vevent.description(&one_paragraph_breaks(&event.description));
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
        let alarm_uid = match event.recurrence_id {
            Some(original) => format!("{}-{}-alarm", event.uid, recurrence_id_text(original)),
            None => format!("{}-alarm", event.uid),
        };
        vevent.alarm(
            Alarm::display(
                &one_line(event.title),
                Trigger::before_start(Duration::minutes(minutes)),
            )
            .uid(&alarm_uid)
            .done(),
        );
    }
    vevent.done()
}

/// A date-time property in `zone`'s wall-clock time (`NAME;TZID=Europe/Berlin:20270105T100000`),
/// several values comma-separated (EXDATE).
fn zoned(name: &str, zone: Tz, instants: &[DateTime<Utc>]) -> Property {
    let values: Vec<String> = instants
        .iter()
        .map(|at| at.with_timezone(&zone).format("%Y%m%dT%H%M%S").to_string())
        .collect();
    Property::new(name, values.join(","))
        .add_parameter("TZID", zone.name())
        .done()
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
mod tests;
