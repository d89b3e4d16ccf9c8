//! One invitation e-mail in the layout calendar clients expect (../shared/reference/imip.md):
//!
//! ```text
//! multipart/mixed
//!  ├─ multipart/alternative
//!  │   ├─ text/plain; charset=utf-8
//!  │   ├─ text/html; charset=utf-8
//!  │   └─ text/calendar; charset=utf-8; method=REQUEST   (inline, no file name)
//!  └─ application/ics; name="invite.ics"                 (attachment)
//! ```
//!
//! Addresses are `lettre` mailboxes, so a name or address can never add a header line.

use lettre::Message;
use lettre::message::header::{ContentDisposition, ContentType};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};

use super::calendar::Method;

/// Everything one message says, already rendered.
#[derive(Debug, Clone)]
pub struct Invitation {
    /// The sending system address (`TREFFPUNKT_MAIL_FROM`).
    pub from: Mailbox,
    /// The organizer, so replies reach a person.
    pub reply_to: Mailbox,
    /// The one receiver.
    pub to: Mailbox,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body.
    pub html: String,
    /// The calendar text and its method.
    pub calendar: (Method, String),
    /// A deterministic id (`<job id@host>`), so a repeat after a crash is recognisable.
    pub message_id: String,
}

/// Why a message could not be built.
#[derive(Debug, thiserror::Error)]
#[error("the message cannot be built: {0}")]
pub struct BuildError(String);

impl Invitation {
    /// The message with its MIME parts.
    pub fn to_message(&self) -> Result<Message, BuildError> {
        let (method, calendar) = &self.calendar;
        let calendar_type = ContentType::parse(&format!(
            "text/calendar; charset=utf-8; method={}",
            method.as_str()
        ))
        .map_err(|e| BuildError(e.to_string()))?;
        let ics_type = ContentType::parse("application/ics; charset=utf-8")
            .map_err(|e| BuildError(e.to_string()))?;
        let calendar_part = SinglePart::builder()
            .header(calendar_type)
            .header(ContentDisposition::inline())
            .body(calendar.clone());
        Message::builder()
            .from(one_line_mailbox(&self.from))
            .reply_to(one_line_mailbox(&self.reply_to))
            .to(one_line_mailbox(&self.to))
            .subject(one_line(&self.subject))
            .message_id(Some(self.message_id.clone()))
            .multipart(
                MultiPart::mixed()
                    .multipart(
                        MultiPart::alternative()
                            .singlepart(SinglePart::plain(self.text.clone()))
                            .singlepart(SinglePart::html(self.html.clone()))
                            .singlepart(calendar_part),
                    )
                    .singlepart(
                        Attachment::new("invite.ics".to_owned())
                            .body(calendar.clone().into_bytes(), ics_type),
                    ),
            )
            .map_err(|e| BuildError(e.to_string()))
    }
}

/// Header text as one line. Names and titles are checked long before they get here, but a
/// line break that slipped through must neither add a header nor make `lettre` panic.
fn one_line(raw: &str) -> String {
    raw.split(|c: char| c.is_control())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn one_line_mailbox(mailbox: &Mailbox) -> Mailbox {
    Mailbox::new(mailbox.name.as_deref().map(one_line), mailbox.email.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use mailparse::{MailHeaderMap, ParsedMail};

    const CALENDAR: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";

    fn invitation(subject: &str, name: &str) -> Invitation {
        Invitation {
            from: "Treffpunkt <noreply@treffpunkt.example.org>"
                .parse()
                .unwrap(),
            reply_to: Mailbox::new(
                Some("Ada Lövelace".into()),
                "ada@stadt-a.example".parse().unwrap(),
            ),
            to: Mailbox::new(Some(name.into()), "bernd@stadt-b.example".parse().unwrap()),
            subject: subject.into(),
            text: "Hallo Bernd,\nder Link: https://treffpunkt.example.org/j/abc\n".into(),
            html: "<p>Hallo Bernd,</p>".into(),
            calendar: (Method::Request, CALENDAR.into()),
            message_id: "<job-0193a1b2@treffpunkt.example.org>".into(),
        }
    }

    fn formatted(invitation: &Invitation) -> Vec<u8> {
        invitation.to_message().unwrap().formatted()
    }

    fn content_type(part: &ParsedMail<'_>) -> String {
        part.ctype.mimetype.clone()
    }

    #[test]
    fn the_parts_are_laid_out_as_calendar_clients_expect() {
        let bytes = formatted(&invitation(
            "Einladung: Bürgerdialog, Di. 01.12.2026",
            "Bernd Müller",
        ));
        let mail = mailparse::parse_mail(&bytes).unwrap();
        assert_eq!(content_type(&mail), "multipart/mixed");
        assert_eq!(mail.subparts.len(), 2);
        let alternative = &mail.subparts[0];
        assert_eq!(content_type(alternative), "multipart/alternative");
        let kinds: Vec<String> = alternative.subparts.iter().map(content_type).collect();
        assert_eq!(kinds, ["text/plain", "text/html", "text/calendar"]);
        let calendar = &alternative.subparts[2];
        assert_eq!(
            calendar.ctype.params.get("method").map(String::as_str),
            Some("REQUEST")
        );
        assert_eq!(calendar.ctype.charset.to_lowercase(), "utf-8");
        assert_eq!(
            calendar.get_body().unwrap().replace("\r\n", "\n"),
            CALENDAR.replace("\r\n", "\n")
        );
        let attachment = &mail.subparts[1];
        assert_eq!(content_type(attachment), "application/ics");
        let disposition = attachment.get_content_disposition();
        assert_eq!(
            disposition.params.get("filename").map(String::as_str),
            Some("invite.ics")
        );
        assert_eq!(attachment.get_body_raw().unwrap(), CALENDAR.as_bytes());

        let headers = &mail.headers;
        assert_eq!(
            headers.get_first_value("Subject").unwrap(),
            "Einladung: Bürgerdialog, Di. 01.12.2026"
        );
        assert_eq!(
            headers.get_first_value("Message-ID").unwrap(),
            "<job-0193a1b2@treffpunkt.example.org>"
        );
        assert!(
            headers
                .get_first_value("Reply-To")
                .unwrap()
                .contains("ada@stadt-a.example")
        );
        assert!(
            headers
                .get_first_value("To")
                .unwrap()
                .contains("bernd@stadt-b.example")
        );
        assert!(!bytes.windows(3).any(|w| w == b"\r\r\n"), "no CR CR LF");
    }

    #[test]
    fn line_breaks_in_a_subject_or_name_cannot_add_a_header() {
        let bytes = formatted(&invitation(
            "Jour fixe\r\nBcc: evil@example.org",
            "Eve\r\nBcc: evil@example.org",
        ));
        let mail = mailparse::parse_mail(&bytes).unwrap();
        assert!(mail.headers.get_first_value("Bcc").is_none());
        assert_eq!(mail.headers.get_all_values("To").len(), 1);
        assert!(
            mail.headers
                .get_first_value("To")
                .unwrap()
                .contains("bernd@stadt-b.example")
        );
    }
}
