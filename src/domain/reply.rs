//! An invitee's answer: the iCalendar participation status (RFC 5545 §3.2.12) they chose, and
//! what they wrote with it.

use super::FieldError;

/// The answers a person can give (`PARTSTAT` of an ATTENDEE in a REPLY).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartStat {
    Accepted,
    /// "Maybe".
    Tentative,
    Declined,
}

impl PartStat {
    /// Every answer, in the order pages offer them.
    pub const ALL: [PartStat; 3] = [PartStat::Accepted, PartStat::Tentative, PartStat::Declined];

    /// The iCalendar and API name: `ACCEPTED`, `TENTATIVE`, `DECLINED`.
    pub fn as_str(self) -> &'static str {
        match self {
            PartStat::Accepted => "ACCEPTED",
            PartStat::Tentative => "TENTATIVE",
            PartStat::Declined => "DECLINED",
        }
    }

    /// The lower-case name in links and message keys: `accepted`, `tentative`, `declined`.
    pub fn slug(self) -> &'static str {
        match self {
            PartStat::Accepted => "accepted",
            PartStat::Tentative => "tentative",
            PartStat::Declined => "declined",
        }
    }

    /// Either name, in any case; other statuses (`NEEDS-ACTION`, `DELEGATED`) are no answer
    /// Treffpunkt records.
    pub fn parse(raw: &str) -> Result<PartStat, FieldError> {
        let raw = raw.trim();
        PartStat::ALL
            .into_iter()
            .find(|p| raw.eq_ignore_ascii_case(p.as_str()))
            .ok_or_else(|| FieldError::new("partstat_unknown"))
    }
}

/// Stored answers come from `parse`; anything else is a damaged row.
impl TryFrom<String> for PartStat {
    type Error = FieldError;

    fn try_from(stored: String) -> Result<PartStat, FieldError> {
        PartStat::parse(&stored)
    }
}

const MAX_COMMENT_CHARS: usize = 1_000;

/// What someone wrote with their answer: plain text of at most 1,000 characters, line breaks
/// kept; empty means none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyComment(String);

impl ReplyComment {
    /// Checks a comment typed on the reply page or sent in a REPLY; `None` when empty.
    pub fn parse(raw: &str) -> Result<Option<ReplyComment>, FieldError> {
        let text = raw.replace("\r\n", "\n").replace('\r', "\n");
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        if text.chars().count() > MAX_COMMENT_CHARS {
            return Err(FieldError::new("too_long").with("max", MAX_COMMENT_CHARS));
        }
        if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(FieldError::new("control_characters_in_text"));
        }
        super::text::no_bidi_controls(text)?;
        Ok(Some(ReplyComment(text.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_in_any_case_and_others_refused() {
        assert_eq!(PartStat::parse("accepted"), Ok(PartStat::Accepted));
        assert_eq!(PartStat::parse(" TENTATIVE "), Ok(PartStat::Tentative));
        assert_eq!(
            PartStat::parse("NEEDS-ACTION").unwrap_err().code,
            "partstat_unknown"
        );
    }

    #[test]
    fn comments_are_trimmed_bounded_and_empty_is_none() {
        assert_eq!(ReplyComment::parse("  \r\n "), Ok(None));
        let comment = ReplyComment::parse("Ich komme später.\r\nBis dann").unwrap();
        assert_eq!(comment.unwrap().as_str(), "Ich komme später.\nBis dann");
        assert_eq!(
            ReplyComment::parse(&"x".repeat(1_001)).unwrap_err().code,
            "too_long"
        );
    }
}
