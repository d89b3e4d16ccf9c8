//! A note that came to the reply address without a calendar (an out-of-office notice, a
//! person writing back), passed on to the organizer once: the original attached as it came,
//! marked as sent automatically so no out-of-office reply answers it (RFC 3834).

use lettre::Message;
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Body, Mailbox, MultiPart, SinglePart};

use super::apply::Forward;
use super::imip::Envelope;

/// The forward of `raw` (read as `envelope`) to the organizer in `to`, from `from`.
pub fn forward(
    from: &Mailbox,
    to: &Forward,
    envelope: &Envelope,
    raw: &[u8],
) -> Result<Message, String> {
    let organizer = Mailbox::new(
        Some(one_line(&to.organizer_name)).filter(|n| !n.is_empty()),
        to.organizer_email
            .parse()
            .map_err(|e| format!("the organizer's address cannot be used: {e}"))?,
    );
    let sender = envelope.from.as_deref().unwrap_or("?");
    let title = one_line(&to.meeting_title);
    let text = format!(
        "Diese Nachricht kam als Antwort auf Ihre Einladung „{title}“ von {sender}; sie enthält keine Kalenderantwort und steht unten im Original.\n\n\
         This message came as an answer to your invitation \"{title}\" from {sender}; it holds no calendar answer and is attached as it came.\n"
    );
    // message/rfc822 may only travel as 7bit or 8bit (RFC 2046 §5.2.1); a message that
    // cannot (over-long lines) goes as a file.
    let attached = match eight_bit(raw) {
        Some(body) => Attachment::new("original.eml".to_owned()).body(
            body,
            ContentType::parse("message/rfc822").map_err(|e| e.to_string())?,
        ),
        None => Attachment::new("original.eml".to_owned()).body(
            raw.to_vec(),
            ContentType::parse("application/octet-stream").map_err(|e| e.to_string())?,
        ),
    };
    let mut builder = Message::builder()
        .from(from.clone())
        .to(organizer)
        .subject(format!("Fwd: {}", one_line(&envelope.subject)))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".to_owned(),
        ))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("X-Auto-Response-Suppress"),
            "All".to_owned(),
        ));
    if let Some(Ok(reply_to)) = envelope.from.as_deref().map(str::parse::<Mailbox>) {
        // Answering the forward answers the person who wrote.
        builder = builder.reply_to(reply_to);
    }
    builder
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain(text))
                .singlepart(attached),
        )
        .map_err(|e| format!("the forward cannot be built: {e}"))
}

/// `raw` as an 8bit body (RFC 2045 §2.8: CRLF lines of at most 998 octets, no NUL), if it is
/// one; lettre's own choice would base64 anything with lines over 76 characters.
fn eight_bit(raw: &[u8]) -> Option<Body> {
    let mut normal = Vec::with_capacity(raw.len() + raw.len() / 40);
    for line in raw
        .strip_suffix(b"\n")
        .unwrap_or(raw)
        .split(|b| *b == b'\n')
    {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.len() > 998 || line.contains(&0) || line.contains(&b'\r') {
            return None;
        }
        normal.extend_from_slice(line);
        normal.extend_from_slice(b"\r\n");
    }
    Some(Body::dangerous_pre_encoded(
        normal,
        ContentTransferEncoding::EightBit,
    ))
}

fn one_line(raw: &str) -> String {
    raw.split(|c: char| c.is_control())
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_owned()
}
