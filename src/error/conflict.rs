//! The ways a request can contradict the current state (409), each with a stable code.

use std::fmt;

/// Why a request conflicts with what is stored. The code is the API's `error.code` and the
/// message key `error-<code>` in every locale (a test checks both languages have each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// Another account already has this address.
    EmailTaken,
    /// Cancelled meetings can no longer be changed.
    MeetingCancelled,
    /// Nobody can join: no Jitsi server is configured for the meeting.
    NoServer,
    /// This date of a series was cancelled; it can no longer be changed.
    OccurrenceCancelled,
    /// The organizer's own entry must stay a moderator.
    OrganizerIsModerator,
    OrganizerCannotBeRemoved,
    /// The organizer gets their own copy, not an invitation.
    OrganizerNotInvited,
    /// Admins cannot disable themselves or take away their own admin role.
    OwnAccount,
    ParticipantExists,
    /// Meetings use the server; it can be retired, not removed.
    ServerInUse,
    /// Retired servers take no new meetings and cannot become the default.
    ServerRetired,
    /// More than `MAX_INVITEES` people on one meeting.
    TooManyParticipants,
    /// A closed poll takes no answers and cannot be closed again.
    PollClosed,
    /// A poll holds at most `MAX_INVITEES` people; its public link takes no more guests.
    PollFull,
}

impl Conflict {
    /// Every conflict, for the check that each has a message.
    pub const ALL: [Conflict; 14] = [
        Conflict::EmailTaken,
        Conflict::MeetingCancelled,
        Conflict::NoServer,
        Conflict::OccurrenceCancelled,
        Conflict::OrganizerIsModerator,
        Conflict::OrganizerCannotBeRemoved,
        Conflict::OrganizerNotInvited,
        Conflict::OwnAccount,
        Conflict::ParticipantExists,
        Conflict::ServerInUse,
        Conflict::ServerRetired,
        Conflict::TooManyParticipants,
        Conflict::PollClosed,
        Conflict::PollFull,
    ];

    /// The stable machine code clients match on.
    pub fn code(self) -> &'static str {
        match self {
            Conflict::EmailTaken => "email_taken",
            Conflict::MeetingCancelled => "meeting_cancelled",
            Conflict::NoServer => "no_server",
            Conflict::OccurrenceCancelled => "occurrence_cancelled",
            Conflict::OrganizerIsModerator => "organizer_is_moderator",
            Conflict::OrganizerCannotBeRemoved => "organizer_cannot_be_removed",
            Conflict::OrganizerNotInvited => "organizer_not_invited",
            Conflict::OwnAccount => "own_account",
            Conflict::ParticipantExists => "participant_exists",
            Conflict::ServerInUse => "server_in_use",
            Conflict::ServerRetired => "server_retired",
            Conflict::TooManyParticipants => "too_many_participants",
            Conflict::PollClosed => "poll_closed",
            Conflict::PollFull => "poll_full",
        }
    }
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_conflict_has_a_message_in_both_languages() {
        for lang in ["de", "en"] {
            let path = format!("{}/locales/{lang}/main.ftl", env!("CARGO_MANIFEST_DIR"));
            let source = std::fs::read_to_string(path).unwrap();
            for conflict in Conflict::ALL {
                let key = format!("error-{} =", conflict.code());
                assert!(
                    source.lines().any(|line| line.starts_with(&key)),
                    "{lang} has no message {key}"
                );
            }
        }
    }

    #[test]
    fn codes_are_distinct() {
        let mut codes: Vec<&str> = Conflict::ALL.iter().map(|c| c.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Conflict::ALL.len());
    }
}
