//! What a person says to one proposed time.

use crate::domain::FieldError;

/// Yes, if need be, or no.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Choice {
    Yes,
    /// "If need be": possible, but not preferred.
    Maybe,
    No,
}

impl Choice {
    /// In the order pages offer them.
    pub const ALL: [Choice; 3] = [Choice::Yes, Choice::Maybe, Choice::No];

    /// The stored and API name: `yes`, `maybe`, `no`.
    pub fn as_str(self) -> &'static str {
        match self {
            Choice::Yes => "yes",
            Choice::Maybe => "maybe",
            Choice::No => "no",
        }
    }

    /// Reads the stored or posted name.
    pub fn parse(raw: &str) -> Result<Choice, FieldError> {
        match raw.trim() {
            "yes" => Ok(Choice::Yes),
            "maybe" => Ok(Choice::Maybe),
            "no" => Ok(Choice::No),
            _ => Err(FieldError::new("poll_choice_unknown")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_reads_back_from_its_name() {
        for choice in Choice::ALL {
            assert_eq!(Choice::parse(choice.as_str()), Ok(choice));
        }
        assert!(Choice::parse("perhaps").is_err());
    }
}
