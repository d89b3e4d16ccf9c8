//! The `Idempotency-Key` a client sends so that a retried request takes effect once.

use super::FieldError;

/// Longer keys are no use: a UUID has 36 characters.
const MAX_LEN: usize = 255;

/// 1 to 255 visible ASCII characters, as the client sent them (compared exactly).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Checks a header value.
    pub fn parse(raw: &str) -> Result<IdempotencyKey, FieldError> {
        let visible = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_graphic());
        if !visible || raw.len() > MAX_LEN {
            return Err(FieldError::new("idempotency_key_invalid").with("max", MAX_LEN));
        }
        Ok(IdempotencyKey(raw.to_owned()))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_visible_ascii_of_reasonable_length() {
        assert!(IdempotencyKey::parse("8e03978e-40d5-43e8-bc93-6894a57f9324").is_ok());
        for bad in ["", "with space", "tab\there", "ümlaut", &"k".repeat(256)] {
            assert_eq!(
                IdempotencyKey::parse(bad).unwrap_err().code,
                "idempotency_key_invalid",
                "{bad:?}"
            );
        }
    }
}
