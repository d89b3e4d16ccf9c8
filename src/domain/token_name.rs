//! What a person calls one of their API tokens ("calendar sync", "reporting script").

use super::{DisplayName, FieldError};

/// A trimmed label of 1 to 100 characters without control characters, like a display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenName(String);

impl TokenName {
    /// Validates a label typed by a person.
    pub fn parse(raw: &str) -> Result<TokenName, FieldError> {
        DisplayName::parse(raw).map(|name| TokenName(name.as_str().to_owned()))
    }

    /// The label as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
