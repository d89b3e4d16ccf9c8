//! What a person may do in a meeting's room.

use std::fmt;

use super::FieldError;

/// A participant's role in the Jitsi room; moderators can also edit the meeting if they have an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
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

/// Reading a stored role: the column's CHECK constraint admits only the two names, so any
/// other value is a damaged row and an error, never a silent downgrade.
impl TryFrom<String> for Role {
    type Error = UnknownRole;

    fn try_from(stored: String) -> Result<Role, UnknownRole> {
        Role::parse(&stored).map_err(|_| UnknownRole(stored))
    }
}

impl From<Role> for String {
    fn from(role: Role) -> String {
        role.as_str().to_owned()
    }
}

/// A stored role that is neither `participant` nor `moderator`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown stored role {0:?}")]
pub struct UnknownRole(pub String);

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
