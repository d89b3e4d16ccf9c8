//! What a meeting is called, as shown in calendars, mail subjects and pages.

use std::fmt;

use super::FieldError;

const MAX_CHARS: usize = 200;

/// A trimmed title of 1 to 200 characters on one line (it becomes a mail subject and an iCal SUMMARY).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingTitle(String);

impl MeetingTitle {
    /// Validates a title typed by a person.
    pub fn parse(raw: &str) -> Result<MeetingTitle, FieldError> {
        super::text::one_line(raw, MAX_CHARS).map(MeetingTitle)
    }

    /// The title as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MeetingTitle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_trimmed_and_kept_as_typed() {
        let title = MeetingTitle::parse("  <b>Jour fixe</b> & Co ").unwrap();
        assert_eq!(title.as_str(), "<b>Jour fixe</b> & Co");
    }

    #[test]
    fn empty_long_and_multi_line_titles_are_refused() {
        assert_eq!(MeetingTitle::parse("  ").unwrap_err().code, "required");
        assert_eq!(
            MeetingTitle::parse(&"x".repeat(201)).unwrap_err().code,
            "too_long"
        );
        assert!(MeetingTitle::parse(&"ä".repeat(200)).is_ok());
        assert_eq!(
            MeetingTitle::parse("Jour fixe\r\nBcc: eve@example.org")
                .unwrap_err()
                .code,
            "control_characters"
        );
    }
}
