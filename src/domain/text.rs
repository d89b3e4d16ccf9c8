//! Rules every text a person types shares, before it reaches a page, a mail or a calendar.

use super::FieldError;

/// Characters that reorder the text around them (Unicode bidi embeddings, overrides and
/// isolates): in a name or title they can make `gpj.exe` read as `exe.jpg`, or turn the
/// organizer's name around in someone else's calendar.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that take no room on the screen.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{034F}'
    )
}

/// A trimmed single line of 1 to `max_chars` characters that can be seen: no control
/// characters, no bidi controls, not only invisible characters.
pub(super) fn one_line(raw: &str, max_chars: usize) -> Result<String, FieldError> {
    let text = raw.trim();
    if text.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
        return Err(FieldError::new("required"));
    }
    if text.chars().count() > max_chars {
        return Err(FieldError::new("too_long").with("max", max_chars));
    }
    if text.chars().any(char::is_control) {
        return Err(FieldError::new("control_characters"));
    }
    no_bidi_controls(text)?;
    Ok(text.to_owned())
}

/// Refuses bidi controls anywhere in `text`.
pub(super) fn no_bidi_controls(text: &str) -> Result<(), FieldError> {
    if text.chars().any(is_bidi_control) {
        Err(FieldError::new("bidi_controls"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_must_be_visible_and_keep_its_direction() {
        assert_eq!(one_line("  Jour fixe ", 20).unwrap(), "Jour fixe");
        assert_eq!(
            one_line("\u{200B}\u{200D} ", 20).unwrap_err().code,
            "required"
        );
        assert_eq!(
            one_line("Rechnung\u{202E}gpj.exe", 40).unwrap_err().code,
            "bidi_controls"
        );
        assert_eq!(
            one_line("a\u{2066}b\u{2069}", 40).unwrap_err().code,
            "bidi_controls"
        );
        assert_eq!(
            one_line("a\u{7}b", 40).unwrap_err().code,
            "control_characters"
        );
        // Right-to-left text itself is welcome.
        assert!(one_line("اجتماع الفريق", 40).is_ok());
    }
}
