//! A person's name as shown in pages, mails and the Jitsi room.

use std::fmt;

use super::FieldError;

const MAX_CHARS: usize = 100;

/// A trimmed, visible name of 1 to 100 characters without control or bidi characters (so it is
/// safe in mail headers and reads the same everywhere).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    /// Validates a name typed by a person.
    pub fn parse(raw: &str) -> Result<DisplayName, FieldError> {
        super::text::one_line(raw, MAX_CHARS).map(DisplayName)
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DisplayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed() {
        assert_eq!(
            DisplayName::parse("  Ada Lovelace ").unwrap().as_str(),
            "Ada Lovelace"
        );
    }

    #[test]
    fn empty_long_and_multi_line_names_are_refused() {
        assert_eq!(DisplayName::parse(" ").unwrap_err().code, "required");
        assert_eq!(
            DisplayName::parse(&"x".repeat(101)).unwrap_err().code,
            "too_long"
        );
        assert_eq!(
            DisplayName::parse("Ada\r\nBcc: x").unwrap_err().code,
            "control_characters"
        );
        assert!(DisplayName::parse(&"ü".repeat(100)).is_ok());
    }
}
