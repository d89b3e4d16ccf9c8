//! An e-mail address that is safe to store, compare and put into a mail header.

use std::fmt;

use super::FieldError;

/// The longest address SMTP can carry (RFC 5321 path limit minus the brackets).
const MAX_LEN: usize = 254;

/// A trimmed, lower-cased address with one `@`, a dotted domain and no whitespace or control characters.
///
/// Lower-casing the whole address lets the database compare addresses case-insensitively
/// with a plain unique index; no mail system we deliver to treats local parts by case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    /// Validates and normalizes an address typed by a person.
    pub fn parse(raw: &str) -> Result<Email, FieldError> {
        let address = raw.trim();
        if address.is_empty() {
            return Err(FieldError::new("required"));
        }
        if address.chars().count() > MAX_LEN {
            return Err(FieldError::new("too_long").with("max", MAX_LEN));
        }
        let invalid = || FieldError::new("email_invalid");
        if address.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"')
        }) {
            return Err(invalid());
        }
        let (local, domain) = address.split_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.contains('@')
            && domain
                .split('.')
                .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
        if local.is_empty() || !domain_ok {
            return Err(invalid());
        }
        // What the mail library will refuse in the worker (`a(b):c@y.example`), refused here,
        // where the person who typed it can still fix it.
        if address.parse::<lettre::Address>().is_err() {
            return Err(invalid());
        }
        Ok(Email(address.to_lowercase()))
    }

    /// The normalized address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_and_lower_cased() {
        let email = Email::parse("  Ada.Lovelace@Karlsruhe.DE \n").unwrap();
        assert_eq!(email.as_str(), "ada.lovelace@karlsruhe.de");
    }

    #[test]
    fn header_injection_and_malformed_addresses_are_refused() {
        for raw in [
            "ada@example.org\r\nBcc: eve@example.org",
            "ada example@example.org",
            "ada@@example.org",
            "ada@example",
            "@example.org",
            "ada@",
            "ada@.example.org",
            "ada@example..org",
            "ada@-example.org",
            "Ada <ada@example.org>",
            "ada@example.org, bob@example.org",
            // Passes a naive check, fails in the mail library (and so in the worker).
            "a(b):c@y.example",
        ] {
            assert_eq!(
                Email::parse(raw),
                Err(FieldError::new("email_invalid")),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn empty_and_overlong_addresses_say_why() {
        assert_eq!(Email::parse("   ").unwrap_err().code, "required");
        let long = format!("{}@example.org", "a".repeat(250));
        assert_eq!(Email::parse(&long).unwrap_err().code, "too_long");
    }

    #[test]
    fn international_domains_are_kept() {
        assert_eq!(
            Email::parse("info@stadt-baden-baden.de").unwrap().as_str(),
            "info@stadt-baden-baden.de"
        );
        assert_eq!(
            Email::parse("Jürgen@Bühl.de").unwrap().as_str(),
            "jürgen@bühl.de"
        );
    }
}
