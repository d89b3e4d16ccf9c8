//! One e-mail in the layout calendar clients expect (../shared/reference/imip.md):
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
//! A mail without a calendar (a reminder) is the `multipart/alternative` alone. Every message
//! says it was sent automatically (`Auto-Submitted`, RFC 3834; `X-Auto-Response-Suppress` for
//! Exchange), so out-of-office replies do not flood the organizer, and names its language.
//! Addresses are `lettre` mailboxes, so a name or address can never add a header line.

use lettre::Message;
use lettre::message::header::{ContentDisposition, ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};

use super::calendar::Method;

/// Everything one message says, already rendered.
#[derive(Debug, Clone)]
pub struct MailMessage {
    /// The sending system address (`TREFFPUNKT_MAIL_FROM`), named after who invites.
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
    /// The language of the text (`Content-Language`).
    pub language: &'static str,
    /// The calendar text and its method; `None` for a mail that changes no calendar.
    pub calendar: Option<(Method, String)>,
    /// A deterministic id (`<job id@host>`), so a repeat after a crash is recognisable.
    pub message_id: String,
}

/// Why a message could not be built.
#[derive(Debug, thiserror::Error)]
#[error("the message cannot be built: {0}")]
pub struct BuildError(String);

impl MailMessage {
    /// The message with its MIME parts.
    pub fn to_message(&self) -> Result<Message, BuildError> {
        let mut alternative = MultiPart::alternative()
            .singlepart(SinglePart::plain(self.text.clone()))
            .singlepart(SinglePart::html(self.html.clone()));
        let builder = Message::builder()
            .from(one_line_mailbox(&self.from))
            .reply_to(one_line_mailbox(&self.reply_to))
            .to(one_line_mailbox(&self.to))
            .subject(one_line(&self.subject))
            .message_id(Some(self.message_id.clone()))
            .raw_header(raw("Auto-Submitted", "auto-generated"))
            .raw_header(raw("X-Auto-Response-Suppress", "All"))
            .raw_header(raw("Content-Language", self.language));
        let Some((method, calendar)) = &self.calendar else {
            return builder
                .multipart(alternative)
                .map_err(|e| BuildError(e.to_string()));
        };
        let calendar_type = ContentType::parse(&format!(
            "text/calendar; charset=utf-8; method={}",
            method.as_str()
        ))
        .map_err(|e| BuildError(e.to_string()))?;
        let ics_type = ContentType::parse("application/ics; charset=utf-8")
            .map_err(|e| BuildError(e.to_string()))?;
        alternative = alternative.singlepart(
            SinglePart::builder()
                .header(calendar_type)
                .header(ContentDisposition::inline())
                .body(calendar.clone()),
        );
        builder
            .multipart(
                MultiPart::mixed().multipart(alternative).singlepart(
                    Attachment::new("invite.ics".to_owned())
                        .body(calendar.clone().into_bytes(), ics_type),
                ),
            )
            .map_err(|e| BuildError(e.to_string()))
    }
}

/// A header whose name and value are fixed ASCII.
fn raw(name: &'static str, value: &str) -> HeaderValue {
    HeaderValue::new(HeaderName::new_from_ascii_str(name), value.to_owned())
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

    fn invitation(subject: &str, name: &str) -> MailMessage {
        MailMessage {
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
            language: "de",
            calendar: Some((Method::Request, CALENDAR.into())),
            message_id: "<job-0193a1b2@treffpunkt.example.org>".into(),
        }
    }

    fn formatted(invitation: &MailMessage) -> Vec<u8> {
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
        assert_eq!(
            headers.get_first_value("Auto-Submitted").as_deref(),
            Some("auto-generated")
        );
        assert_eq!(
            headers
                .get_first_value("X-Auto-Response-Suppress")
                .as_deref(),
            Some("All")
        );
        assert_eq!(
            headers.get_first_value("Content-Language").as_deref(),
            Some("de")
        );
    }

    #[test]
    fn a_mail_without_a_calendar_is_text_and_html_alone() {
        let mut reminder = invitation("Erinnerung: Jour fixe", "Bernd");
        reminder.calendar = None;
        let bytes = formatted(&reminder);
        let mail = mailparse::parse_mail(&bytes).unwrap();
        assert_eq!(content_type(&mail), "multipart/alternative");
        let kinds: Vec<String> = mail.subparts.iter().map(content_type).collect();
        assert_eq!(kinds, ["text/plain", "text/html"]);
        assert!(!String::from_utf8_lossy(&bytes).contains("text/calendar"));
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
