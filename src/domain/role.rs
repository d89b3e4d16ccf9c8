//! What a person may do in a meeting's room.

use std::fmt;

use super::FieldError;

/// A participant's role in the Jitsi room; moderators can also edit the meeting if they have an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord)]
pub enum Role {
    /// Joins the room; waits in the lobby if it is on.
    #[default]
    Participant,
    /// Runs the room: admits from the lobby, mutes, ends the meeting.
    Moderator,
}

impl Role {
    /// Accepts `participant` or `moderator` (any case).
    pub fn parse(raw: &str) -> Result<Role, FieldError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "participant" => Ok(Role::Participant),
            "moderator" => Ok(Role::Moderator),
            "" => Err(FieldError::new("required")),
            _ => Err(FieldError::new("role_unknown")),
        }
    }

    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Participant => "participant",
            Role::Moderator => "moderator",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_unknown_ones_are_refused() {
        for role in [Role::Participant, Role::Moderator] {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
        }
        assert_eq!(Role::parse(" Moderator "), Ok(Role::Moderator));
        assert_eq!(Role::parse("owner").unwrap_err().code, "role_unknown");
    }
}
