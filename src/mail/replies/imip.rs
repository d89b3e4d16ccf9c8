//! Reading one message from the reply mailbox: who it was sent to (the reply token is in the
//! address) and what it says: an iMIP `REPLY` (RFC 5546 §3.2.3, RFC 6047), a `COUNTER`, a
//! `REFRESH`, or no calendar at all (an out-of-office note, a person writing back).
//! `mailparse` undoes the MIME layers; `ical` reads the calendar, as others write it
//! (`icalendar` stays our writer). Message shapes: ../shared/reference/imip-replies.md.

use mailparse::{MailHeaderMap, ParsedMail, addrparse_header};

/// The envelope facts of a message.
#[derive(Debug, Clone, Default)]
pub struct Envelope {
    /// Every address it was sent to (`To`, `Cc`, `Delivered-To`, `X-Original-To`).
    pub recipients: Vec<String>,
    /// Who sent it.
    pub from: Option<String>,
    pub subject: String,
    pub message_id: Option<String>,
}

/// What a message says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    /// Answers, one per answered component (the series, or one date of it).
    Reply(Vec<Answered>),
    /// Proposals of another time: shown to the organizer, never applied.
    Counter(Vec<Proposed>),
    /// The sender's calendar asks for the current version.
    Refresh(Vec<String>),
    /// A calendar with another method (nothing a reply address should receive).
    OtherMethod(String),
    /// No calendar in it.
    NotCalendar,
}

/// A date-time as a calendar wrote it; resolved against the meeting's zone later (Outlook
/// writes Windows zone names, which mean the wall-clock time of the invitation's zone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub value: String,
    pub tzid: Option<String>,
}

/// One answered component of a REPLY.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub uid: String,
    /// The answering attendee's address.
    pub attendee: Option<String>,
    /// As written (`ACCEPTED`, `TENTATIVE`, `DECLINED`, `DELEGATED`, …).
    pub partstat: String,
    /// `COMMENT`, or Google's `X-RESPONSE-COMMENT` on the attendee.
    pub comment: Option<String>,
    /// The SEQUENCE answered.
    pub sequence: Option<i32>,
    /// For one date of a series: its RECURRENCE-ID.
    pub recurrence_id: Option<Written>,
}

/// One proposed component of a COUNTER.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposed {
    pub uid: String,
    pub attendee: Option<String>,
    pub starts_at: Option<Written>,
    pub ends_at: Option<Written>,
    pub comment: Option<String>,
    pub recurrence_id: Option<Written>,
}

/// Reads a raw message; `Err` says why it cannot be read at all.
pub fn read(raw: &[u8]) -> Result<(Envelope, Incoming), String> {
    let mail = mailparse::parse_mail(raw).map_err(|e| format!("not a readable message: {e}"))?;
    let envelope = envelope(&mail);
    let Some((calendar_text, content_method)) = calendar_part(&mail)? else {
        return Ok((envelope, Incoming::NotCalendar));
    };
    let mut parser = ical::IcalParser::new(calendar_text.as_bytes());
    let calendar = match parser.next() {
        Some(Ok(calendar)) => calendar,
        Some(Err(e)) => return Err(format!("the calendar cannot be read: {e}")),
        None => return Ok((envelope, Incoming::NotCalendar)),
    };
    // Without METHOD inside, the MIME type's method= says it (Outlook reads it so too).
    let method = calendar
        .properties
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case("METHOD"))
        .and_then(|p| p.value.clone())
        .or(content_method)
        .unwrap_or_default()
        .to_ascii_uppercase();
    let events = &calendar.events;
    let incoming = match method.as_str() {
        "REPLY" => Incoming::Reply(events.iter().map(|e| answered(&e.properties)).collect()),
        "COUNTER" => Incoming::Counter(events.iter().map(|e| proposed(&e.properties)).collect()),
        "REFRESH" => Incoming::Refresh(
            events
                .iter()
                .filter_map(|e| value(&e.properties, "UID"))
                .collect(),
        ),
        "" => Incoming::OtherMethod("none".to_owned()),
        other => Incoming::OtherMethod(other.to_owned()),
    };
    Ok((envelope, incoming))
}

fn envelope(mail: &ParsedMail<'_>) -> Envelope {
    let headers = &mail.headers;
    let mut recipients = Vec::new();
    for name in ["To", "Cc"] {
        for header in headers.get_all_headers(name) {
            if let Ok(list) = addrparse_header(header) {
                for address in list.iter() {
                    match address {
                        mailparse::MailAddr::Single(single) => {
                            recipients.push(single.addr.clone());
                        }
                        mailparse::MailAddr::Group(group) => {
                            recipients.extend(group.addrs.iter().map(|a| a.addr.clone()));
                        }
                    }
                }
            }
        }
    }
    for name in ["Delivered-To", "X-Original-To", "Envelope-To"] {
        recipients.extend(headers.get_all_values(name));
    }
    let from = headers
        .get_all_headers("From")
        .first()
        .and_then(|h| addrparse_header(h).ok())
        .and_then(|list| list.extract_single_info())
        .map(|single| single.addr);
    Envelope {
        recipients,
        from,
        subject: headers.get_first_value("Subject").unwrap_or_default(),
        message_id: headers.get_first_value("Message-ID"),
    }
}

/// The calendar text of the message (a `text/calendar` part, else an `.ics` attachment) and
/// the `method=` its content type names.
fn calendar_part(mail: &ParsedMail<'_>) -> Result<Option<(String, Option<String>)>, String> {
    let mut parts = Vec::new();
    collect(mail, &mut parts);
    let chosen = parts
        .iter()
        .find(|p| p.ctype.mimetype.eq_ignore_ascii_case("text/calendar"))
        .or_else(|| {
            parts.iter().find(|p| {
                p.ctype.mimetype.eq_ignore_ascii_case("application/ics")
                    || p.get_content_disposition()
                        .params
                        .get("filename")
                        .is_some_and(|f| f.to_ascii_lowercase().ends_with(".ics"))
            })
        });
    let Some(part) = chosen else {
        return Ok(None);
    };
    let text = part
        .get_body()
        .map_err(|e| format!("the calendar part cannot be decoded: {e}"))?;
    Ok(Some((text, part.ctype.params.get("method").cloned())))
}

fn collect<'a>(mail: &'a ParsedMail<'a>, into: &mut Vec<&'a ParsedMail<'a>>) {
    if mail.subparts.is_empty() {
        into.push(mail);
    }
    for part in &mail.subparts {
        collect(part, into);
    }
}

type Properties = [ical::property::Property];

fn value(properties: &Properties, name: &str) -> Option<String> {
    properties
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name))
        .and_then(|p| p.value.clone())
}

fn param<'a>(property: &'a ical::property::Property, name: &str) -> Option<&'a str> {
    property
        .params
        .as_ref()?
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .and_then(|(_, values)| values.first())
        .map(String::as_str)
}

fn written(properties: &Properties, name: &str) -> Option<Written> {
    let property = properties
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name))?;
    Some(Written {
        value: property.value.clone()?.trim().to_owned(),
        tzid: param(property, "TZID").map(|z| z.trim_matches('"').to_owned()),
    })
}

/// `mailto:` (any case) taken off an address.
fn mailto(raw: &str) -> String {
    let raw = raw.trim();
    match raw.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => raw[7..].to_owned(),
        _ => raw.to_owned(),
    }
}

fn comment(properties: &Properties, attendee: Option<&ical::property::Property>) -> Option<String> {
    value(properties, "COMMENT")
        .or_else(|| {
            attendee
                .and_then(|a| param(a, "X-RESPONSE-COMMENT"))
                .map(str::to_owned)
        })
        .map(|c| unescape(&c))
        .filter(|c| !c.trim().is_empty())
}

/// TEXT escapes of RFC 5545 §3.3.11, which the parser leaves in.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn answered(properties: &Properties) -> Answered {
    let attendee = properties
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case("ATTENDEE"));
    Answered {
        uid: value(properties, "UID").unwrap_or_default(),
        attendee: attendee.and_then(|a| a.value.as_deref()).map(mailto),
        partstat: attendee
            .and_then(|a| param(a, "PARTSTAT"))
            .unwrap_or("NEEDS-ACTION")
            .to_ascii_uppercase(),
        comment: comment(properties, attendee),
        sequence: value(properties, "SEQUENCE").and_then(|s| s.trim().parse().ok()),
        recurrence_id: written(properties, "RECURRENCE-ID"),
    }
}

fn proposed(properties: &Properties) -> Proposed {
    let attendee = properties
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case("ATTENDEE"));
    Proposed {
        uid: value(properties, "UID").unwrap_or_default(),
        attendee: attendee.and_then(|a| a.value.as_deref()).map(mailto),
        starts_at: written(properties, "DTSTART"),
        ends_at: written(properties, "DTEND"),
        comment: comment(properties, attendee),
        recurrence_id: written(properties, "RECURRENCE-ID"),
    }
}

#[cfg(test)]
mod tests;
