//! What people ask for, checked: a new meeting, changes to one, invitees.

use super::model::Meeting;
use crate::domain::{
    Description, DisplayName, Email, FieldError, Locale, MeetingTitle, Recurrence, Role, Schedule,
    Series,
};
use crate::jitsi::RoomSettings;

/// People may join this many minutes before the start unless the organizer says otherwise.
pub const DEFAULT_JOIN_MINUTES: i32 = 15;
/// The most minutes before the start a room may open (a day).
pub const MAX_JOIN_MINUTES: i32 = 1440;
/// The most people one meeting may invite; far above any video conference, far below abuse.
pub const MAX_INVITEES: usize = 500;

/// A new meeting, every part checked.
#[derive(Debug, Clone)]
pub struct MeetingPlan {
    /// What it is called.
    pub title: MeetingTitle,
    /// The agenda.
    pub description: Description,
    /// When.
    pub schedule: Schedule,
    /// The Jitsi server chosen; `None` picks the default server.
    pub server_id: Option<String>,
    /// Whether people wait in a lobby.
    pub lobby: bool,
    /// Minutes before the start people may join.
    pub join_minutes_before: i32,
    /// Who is invited (distinct addresses).
    pub invitees: Vec<Invitee>,
    /// How it repeats; `schedule` is then its first meeting.
    pub series: Option<Series>,
    /// Room settings beyond the server's defaults.
    pub room: RoomSettings,
}

/// Someone to invite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitee {
    /// Where the invitation goes.
    pub email: Email,
    /// Their name, if known.
    pub name: Option<DisplayName>,
    /// Their role in the room.
    pub role: Role,
    /// The language of their mails; `None` takes their account's language, else the organizer's.
    pub locale: Option<Locale>,
}

/// Changes to a meeting; `None` leaves a part as it is.
#[derive(Debug, Clone, Default)]
pub struct MeetingChanges {
    /// A new title.
    pub title: Option<MeetingTitle>,
    /// A new agenda.
    pub description: Option<Description>,
    /// A new time or zone.
    pub schedule: Option<Schedule>,
    /// Another server (`Some(None)` removes it).
    pub server_id: Option<Option<String>>,
    /// Lobby on or off.
    pub lobby: Option<bool>,
    /// Another join window.
    pub join_minutes_before: Option<i32>,
    /// The whole series' new rule (checked against the new first meeting), or `Some(None)`:
    /// no longer a series.
    pub series: Option<Option<Series>>,
    /// New room settings.
    pub room: Option<RoomSettings>,
}

/// Changes to one participant; `None` leaves a part as it is.
#[derive(Debug, Clone, Default)]
pub struct ParticipantChanges {
    /// A new role.
    pub role: Option<Role>,
    /// A new name (`Some(None)` removes it).
    pub name: Option<Option<DisplayName>>,
    /// Another language for their mails.
    pub locale: Option<Locale>,
}

/// The series after `meeting` changes: `rule` is a new rule (`Some(None)`: no longer a
/// series); without one, a series keeps its rule, checked again when `schedule` moves its first
/// meeting (a weekly Tuesday rule cannot start on a Wednesday). `None`: the series stays.
pub fn series_after(
    meeting: &Meeting,
    schedule: Option<&Schedule>,
    rule: Option<Option<Recurrence>>,
) -> Result<Option<Option<Series>>, FieldError> {
    let (zone, starts_at, ends_at) = match schedule {
        Some(s) => (s.time_zone(), s.starts_at(), s.ends_at()),
        None => (
            meeting.zone(),
            meeting.starts_at_utc(),
            meeting.ends_at_utc(),
        ),
    };
    let rule = match (rule, &meeting.recurrence) {
        (Some(None), _) => return Ok(Some(None)),
        (Some(Some(rule)), _) => rule,
        (None, Some(rrule)) if schedule.is_some() => Recurrence::parse_rrule(rrule, zone.tz())?,
        (None, _) => return Ok(None),
    };
    Series::new(rule, zone, starts_at, ends_at - starts_at).map(|series| Some(Some(series)))
}

/// Accepts 0 to `MAX_JOIN_MINUTES` minutes.
pub fn parse_join_minutes(minutes: i64) -> Result<i32, FieldError> {
    i32::try_from(minutes)
        .ok()
        .filter(|m| (0..=MAX_JOIN_MINUTES).contains(m))
        .ok_or_else(join_minutes_out_of_range)
}

/// The same, typed into a form field.
pub fn parse_join_minutes_text(raw: &str) -> Result<i32, FieldError> {
    raw.trim()
        .parse::<i64>()
        .map_err(|_| join_minutes_out_of_range())
        .and_then(parse_join_minutes)
}

fn join_minutes_out_of_range() -> FieldError {
    FieldError::new("out_of_range")
        .with("min", 0)
        .with("max", MAX_JOIN_MINUTES)
}

/// Merges invitees with the same address (moderator wins, first name and language kept),
/// so a list with duplicates invites each person once.
pub fn merge_invitees(invitees: Vec<Invitee>) -> Vec<Invitee> {
    let mut merged: Vec<Invitee> = Vec::with_capacity(invitees.len());
    for invitee in invitees {
        match merged.iter_mut().find(|known| known.email == invitee.email) {
            Some(known) => {
                known.role = known.role.max(invitee.role);
                known.name = known.name.take().or(invitee.name);
                known.locale = known.locale.or(invitee.locale);
            }
            None => merged.push(invitee),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invitee(email: &str, role: Role) -> Invitee {
        Invitee {
            email: Email::parse(email).unwrap(),
            name: None,
            role,
            locale: None,
        }
    }

    #[test]
    fn duplicate_invitees_merge_and_the_higher_role_wins() {
        let merged = merge_invitees(vec![
            invitee("Ada@example.org", Role::Participant),
            invitee("bob@example.org", Role::Participant),
            invitee("ada@EXAMPLE.org", Role::Moderator),
        ]);
        assert_eq!(
            merged,
            vec![
                invitee("ada@example.org", Role::Moderator),
                invitee("bob@example.org", Role::Participant)
            ]
        );
    }

    #[test]
    fn the_join_window_is_zero_to_a_day() {
        assert_eq!(parse_join_minutes(0), Ok(0));
        assert_eq!(parse_join_minutes(1440), Ok(1440));
        assert_eq!(parse_join_minutes(-1).unwrap_err().code, "out_of_range");
        assert_eq!(
            parse_join_minutes(1_000_000_000_000).unwrap_err().code,
            "out_of_range"
        );
    }
}
