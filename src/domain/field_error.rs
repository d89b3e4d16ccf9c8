//! Why one input value was refused, as a stable code plus the numbers a message needs.

/// A refused value: `code` is stable for API clients and doubles as the message key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Machine-readable reason, such as `email_invalid` or `too_long`.
    pub code: &'static str,
    /// Values the human message mentions, such as the maximum length.
    pub params: Vec<(&'static str, String)>,
}

impl FieldError {
    /// A reason without parameters.
    pub fn new(code: &'static str) -> FieldError {
        FieldError {
            code,
            params: Vec::new(),
        }
    }

    /// Adds a value the message can mention (`{ $max }` in the translation).
    pub fn with(mut self, name: &'static str, value: impl ToString) -> FieldError {
        self.params.push((name, value.to_string()));
        self
    }
}
