//! A meeting's description or agenda: plain text, shown with its line breaks, never as HTML.

use super::FieldError;

const MAX_CHARS: usize = 10_000;

/// Plain text of at most 10,000 characters; line ends are normalised to `\n`,
/// other control characters (except tabs) are refused.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Description(String);

impl Description {
    /// Validates text typed by a person; an empty description is allowed.
    pub fn parse(raw: &str) -> Result<Description, FieldError> {
        let text = raw.replace("\r\n", "\n").replace('\r', "\n");
        let text = text.trim();
        if text.chars().count() > MAX_CHARS {
            return Err(FieldError::new("too_long").with("max", MAX_CHARS));
        }
        if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(FieldError::new("control_characters_in_text"));
        }
        super::text::no_bidi_controls(text)?;
        Ok(Description(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_are_kept_and_normalised() {
        let text = Description::parse("1. Begrüßung\r\n2. Haushalt\r3. Verschiedenes\n").unwrap();
        assert_eq!(text.as_str(), "1. Begrüßung\n2. Haushalt\n3. Verschiedenes");
    }

    #[test]
    fn html_is_kept_as_text_for_escaping_later() {
        let text = Description::parse("<script>alert(1)</script>").unwrap();
        assert_eq!(text.as_str(), "<script>alert(1)</script>");
    }

    #[test]
    fn overlong_text_and_control_characters_are_refused() {
        assert!(Description::parse(&"a".repeat(10_000)).is_ok());
        assert_eq!(
            Description::parse(&"a".repeat(10_001)).unwrap_err().code,
            "too_long"
        );
        assert_eq!(
            Description::parse("bell\u{7}").unwrap_err().code,
            "control_characters_in_text"
        );
    }
}
