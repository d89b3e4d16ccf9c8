//! A checked new poll, whatever it was typed into (the form or the API).

use chrono::{DateTime, TimeDelta, Utc};

use crate::domain::{Description, FieldError, MeetingTitle, Schedule, TimeZone};
use crate::error::FieldErrors;
use crate::meetings::Invitee;

/// Fewer than this is no choice.
pub const MIN_PROPOSALS: usize = 2;
/// More than this is no poll anyone answers.
pub const MAX_PROPOSALS: usize = 60;
/// Hours before the deadline the reminder goes unless the organizer says otherwise.
pub const DEFAULT_REMINDER_HOURS: i32 = 24;
/// New guests on public poll links one client address (an IPv6 /64) may add per hour.
pub const GUESTS_PER_ADDRESS_PER_HOUR: u32 = 30;
/// The reminder goes at most this long (a week, in hours) before the deadline.
pub const MAX_REMINDER_HOURS: i32 = 24 * 7;

/// A poll ready to be stored.
#[derive(Debug, Clone)]
pub struct PollPlan {
    pub title: MeetingTitle,
    pub description: Description,
    /// The zone the times are proposed in (the meeting's zone at closing).
    pub zone: TimeZone,
    /// Distinct times, each checked as a meeting's time, sorted by start.
    pub proposals: Vec<Schedule>,
    /// Who is asked (distinct addresses).
    pub invitees: Vec<Invitee>,
    /// Whether guests may answer through a public link.
    pub public_link: bool,
    pub deadline: Option<DateTime<Utc>>,
    /// Whether participants see who answered what.
    pub show_answers: bool,
    /// Hours before the deadline the one reminder goes; `None`: no reminder.
    pub reminder_hours: Option<i32>,
}

/// Checks the proposals as a whole (each was checked as a schedule under `field.N`): at least
/// two, at most 60, no time twice. Sorted by start.
pub fn check_proposals(
    mut proposals: Vec<Schedule>,
    field: &'static str,
    errors: &mut FieldErrors,
) -> Vec<Schedule> {
    if proposals.len() > MAX_PROPOSALS {
        errors.add(
            field,
            FieldError::new("too_many").with("max", MAX_PROPOSALS),
        );
    }
    proposals.sort_by_key(|s| (s.starts_at(), s.ends_at()));
    let before = proposals.len();
    proposals.dedup_by_key(|s| (s.starts_at(), s.ends_at()));
    if proposals.len() < before {
        errors.add(field, FieldError::new("poll_proposal_twice"));
    } else if proposals.len() < MIN_PROPOSALS {
        errors.add(
            field,
            FieldError::new("poll_too_few_proposals").with("min", MIN_PROPOSALS),
        );
    }
    proposals
}

/// A deadline must lie ahead.
pub fn check_deadline(deadline: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), FieldError> {
    if deadline <= now {
        Err(FieldError::new("poll_deadline_past"))
    } else if deadline - now > TimeDelta::days(5 * 366) {
        Err(FieldError::new("too_far_ahead").with("years", 5))
    } else {
        Ok(())
    }
}

/// Hours of the reminder before the deadline: 1 to a week, or 0 for none.
pub fn parse_reminder_hours(hours: i64) -> Result<Option<i32>, FieldError> {
    match hours {
        0 => Ok(None),
        1..=168 => Ok(Some(hours as i32)),
        _ => Err(FieldError::new("out_of_range")
            .with("min", 0)
            .with("max", MAX_REMINDER_HOURS)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    fn at(day: u32, hour: u32) -> Schedule {
        let now = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
        let start = Utc.with_ymd_and_hms(2027, 1, day, hour, 0, 0).unwrap();
        Schedule::new(
            start,
            start + TimeDelta::hours(1),
            TimeZone::default(),
            now,
            false,
        )
        .unwrap()
    }

    #[test]
    fn proposals_come_sorted_and_need_two_distinct_times() {
        let mut errors = FieldErrors::new();
        let sorted = check_proposals(vec![at(5, 9), at(4, 9)], "proposals", &mut errors);
        assert!(errors.is_empty());
        assert_eq!(sorted, vec![at(4, 9), at(5, 9)]);

        let mut errors = FieldErrors::new();
        check_proposals(vec![at(4, 9)], "proposals", &mut errors);
        assert_eq!(errors.codes_json()["proposals"], "poll_too_few_proposals");

        let mut errors = FieldErrors::new();
        check_proposals(vec![at(4, 9), at(4, 9), at(5, 9)], "proposals", &mut errors);
        assert_eq!(errors.codes_json()["proposals"], "poll_proposal_twice");
    }

    #[test]
    fn more_than_sixty_proposals_are_refused() {
        let many: Vec<Schedule> = (0..61).map(|i| at(2 + i / 12, 8 + i % 12)).collect();
        let mut errors = FieldErrors::new();
        check_proposals(many, "proposals", &mut errors);
        assert_eq!(errors.codes_json()["proposals"], "too_many");
    }

    #[test]
    fn reminder_hours_are_bounded_and_zero_means_none() {
        assert_eq!(parse_reminder_hours(0), Ok(None));
        assert_eq!(parse_reminder_hours(24), Ok(Some(24)));
        assert!(parse_reminder_hours(169).is_err());
        assert!(parse_reminder_hours(-1).is_err());
    }
}
