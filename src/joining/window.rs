//! When someone may enter a meeting's room.

use chrono::{DateTime, Duration, Utc};

use super::model::JoinMeeting;
use crate::domain::Role;

/// Where a meeting stands for one person at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinState {
    /// They may enter now.
    Open,
    /// Participants wait until the join window opens at this time.
    NotYetOpen {
        /// When the window opens.
        opens_at: DateTime<Utc>,
    },
    /// The planned end and the grace after it have passed.
    Ended,
    /// The organizer cancelled the meeting.
    Cancelled,
}

impl JoinState {
    /// Participants may enter from `join_minutes_before` the start until `grace` after the
    /// planned end (meetings overrun); moderators at any time before that, so they can open the
    /// room and prepare.
    pub fn of(meeting: &JoinMeeting, role: Role, now: DateTime<Utc>, grace: Duration) -> JoinState {
        if meeting.cancelled_at.is_some() {
            return JoinState::Cancelled;
        }
        if now >= meeting.ends_at.and_utc() + grace {
            return JoinState::Ended;
        }
        let opens_at =
            meeting.starts_at.and_utc() - Duration::minutes(i64::from(meeting.join_minutes_before));
        if role == Role::Participant && now < opens_at {
            return JoinState::NotYetOpen { opens_at };
        }
        JoinState::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const NO_GRACE: Duration = Duration::zero();

    fn meeting(join_minutes_before: i32) -> JoinMeeting {
        let start = Utc
            .with_ymd_and_hms(2026, 12, 1, 10, 0, 0)
            .unwrap()
            .naive_utc();
        JoinMeeting {
            id: "m".into(),
            organizer_id: "o".into(),
            title: "t".into(),
            starts_at: start,
            ends_at: start + Duration::hours(1),
            time_zone: "Europe/Berlin".into(),
            room_name: "r".into(),
            lobby_enabled: false,
            join_minutes_before,
            cancelled_at: None,
            recurrence: None,
            dial_in_pin: None,
            room_settings: "{}".into(),
        }
    }

    fn at(hour: u32, minute: u32, second: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, hour, minute, second)
            .unwrap()
    }

    #[test]
    fn participants_wait_for_the_window_and_moderators_do_not() {
        let m = meeting(15);
        let opens_at = at(9, 45, 0);
        assert_eq!(
            JoinState::of(&m, Role::Participant, at(9, 44, 59), NO_GRACE),
            JoinState::NotYetOpen { opens_at }
        );
        assert_eq!(
            JoinState::of(&m, Role::Participant, opens_at, NO_GRACE),
            JoinState::Open
        );
        assert_eq!(
            JoinState::of(&m, Role::Moderator, at(6, 0, 0), NO_GRACE),
            JoinState::Open
        );
    }

    #[test]
    fn the_end_closes_the_room_for_everyone() {
        let m = meeting(0);
        assert_eq!(
            JoinState::of(&m, Role::Participant, at(10, 59, 59), NO_GRACE),
            JoinState::Open
        );
        assert_eq!(
            JoinState::of(&m, Role::Moderator, at(11, 0, 0), NO_GRACE),
            JoinState::Ended
        );
    }

    #[test]
    fn late_joiners_get_in_until_the_grace_ends() {
        let m = meeting(0);
        let grace = Duration::minutes(60);
        assert_eq!(
            JoinState::of(&m, Role::Participant, at(11, 59, 59), grace),
            JoinState::Open
        );
        assert_eq!(
            JoinState::of(&m, Role::Participant, at(12, 0, 0), grace),
            JoinState::Ended
        );
    }

    #[test]
    fn a_cancelled_meeting_says_so_before_anything_else() {
        let mut m = meeting(15);
        m.cancelled_at = Some(m.starts_at);
        assert_eq!(
            JoinState::of(&m, Role::Moderator, at(10, 0, 0), NO_GRACE),
            JoinState::Cancelled
        );
    }
}
