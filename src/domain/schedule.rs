//! When a meeting happens: a start and an end in UTC, and the zone people planned it in.

use chrono::{
    DateTime, FixedOffset, LocalResult, NaiveDate, NaiveTime, Offset as _, TimeDelta,
    TimeZone as _, Utc,
};

use super::{FieldError, TimeZone};

/// Shorter than this (in minutes) is a typo, not a meeting.
pub const MIN_DURATION_MINUTES: i64 = 5;
/// Longer than this (a day, in minutes) is not a video conference; Jitsi tokens are capped at a
/// day too.
pub const MAX_DURATION_MINUTES: i64 = 24 * 60;
const MIN_DURATION: TimeDelta = TimeDelta::minutes(MIN_DURATION_MINUTES);
const MAX_DURATION: TimeDelta = TimeDelta::minutes(MAX_DURATION_MINUTES);
/// Further ahead than this is an absurd date (year 9999), not a plan.
const MAX_YEARS_AHEAD: i64 = 5;
/// A start a few minutes in the past is "now": the form took a moment to fill in.
const PAST_GRACE: TimeDelta = TimeDelta::minutes(10);

/// Which end of the schedule a problem belongs to, so each form can name its own field
/// (`FieldErrors::check_schedule` does, for the form and the API alike).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleError {
    /// The start is refused.
    Start(FieldError),
    /// The end (or duration) is refused.
    End(FieldError),
}

/// A checked time span: 5 minutes to 24 hours, not in the past, not absurdly far ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    time_zone: TimeZone,
}

impl Schedule {
    /// Checks a span planned in `time_zone`. `keep_past_start` allows a start in the past,
    /// for meetings whose start is not being changed.
    pub fn new(
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
        time_zone: TimeZone,
        now: DateTime<Utc>,
        keep_past_start: bool,
    ) -> Result<Schedule, ScheduleError> {
        if !keep_past_start && starts_at < now - PAST_GRACE {
            return Err(ScheduleError::Start(FieldError::new("starts_in_past")));
        }
        if starts_at > now + TimeDelta::days(366 * MAX_YEARS_AHEAD) {
            return Err(ScheduleError::Start(
                FieldError::new("too_far_ahead").with("years", MAX_YEARS_AHEAD),
            ));
        }
        let duration = ends_at - starts_at;
        if duration <= TimeDelta::zero() {
            return Err(ScheduleError::End(FieldError::new("ends_before_start")));
        }
        if duration < MIN_DURATION {
            return Err(ScheduleError::End(
                FieldError::new("duration_too_short").with("minutes", MIN_DURATION.num_minutes()),
            ));
        }
        if duration > MAX_DURATION {
            return Err(ScheduleError::End(
                FieldError::new("duration_too_long").with("hours", MAX_DURATION.num_hours()),
            ));
        }
        Ok(Schedule {
            starts_at,
            ends_at,
            time_zone,
        })
    }

    /// The start (UTC).
    pub fn starts_at(&self) -> DateTime<Utc> {
        self.starts_at
    }

    /// The end (UTC).
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.ends_at
    }

    /// The zone the meeting was planned in; pages and invitations show times in it.
    pub fn time_zone(&self) -> TimeZone {
        self.time_zone
    }
}

/// The instant a wall-clock time in `zone` names.
///
/// A time that does not exist (the hour skipped when clocks go forward) or exists twice
/// (the hour repeated when they go back) is refused with a message that says so, rather
/// than silently moved to a neighbouring hour.
pub fn local_instant(
    date: NaiveDate,
    time: NaiveTime,
    zone: TimeZone,
) -> Result<DateTime<Utc>, FieldError> {
    let wall_clock = date.and_time(time);
    match zone.tz().from_local_datetime(&wall_clock) {
        LocalResult::Single(instant) => Ok(instant.with_timezone(&Utc)),
        LocalResult::None => Err(FieldError::new("time_in_gap")
            .with("time", time.format("%H:%M"))
            .with("zone", zone.name())),
        LocalResult::Ambiguous(..) => Err(FieldError::new("time_ambiguous")
            .with("time", time.format("%H:%M"))
            .with("zone", zone.name())),
    }
}

/// The instant an RFC 3339 time names, held against the meeting's `zone`. A UTC time (`Z`,
/// `+00:00`) is an instant and taken as it is. A time with another offset is a wall-clock time
/// in some zone: its offset must be the one `zone` has at that moment, or the client meant a
/// time `zone` does not have (the hour skipped in spring) or another zone's; shifting it
/// silently would plan the meeting at a time nobody asked for.
pub fn zoned_instant(
    at: DateTime<FixedOffset>,
    zone: TimeZone,
) -> Result<DateTime<Utc>, FieldError> {
    let instant = at.to_utc();
    if at.offset().local_minus_utc() == 0 {
        return Ok(instant);
    }
    let zone_offset = zone
        .tz()
        .offset_from_utc_datetime(&instant.naive_utc())
        .fix();
    if zone_offset == *at.offset() {
        return Ok(instant);
    }
    let wall_clock = at.naive_local();
    match zone.tz().from_local_datetime(&wall_clock) {
        LocalResult::None => Err(FieldError::new("time_in_gap")
            .with("time", wall_clock.format("%H:%M"))
            .with("zone", zone.name())),
        _ => Err(FieldError::new("offset_mismatch")
            .with("offset", at.offset())
            .with("zone", zone.name())
            .with("zone_offset", zone_offset)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn berlin() -> TimeZone {
        TimeZone::parse("Europe/Berlin").unwrap()
    }

    #[test]
    fn an_offset_the_zone_does_not_have_is_refused_not_shifted() {
        let fixed = |text: &str| DateTime::parse_from_rfc3339(text).unwrap();
        // 28 March 2027, 02:30 in Berlin: skipped when the clocks go forward.
        let gap = zoned_instant(fixed("2027-03-28T02:30:00+01:00"), berlin()).unwrap_err();
        assert_eq!(gap.code, "time_in_gap");
        // Summer time with the winter offset: a time Berlin has, but at another instant.
        let wrong = zoned_instant(fixed("2027-07-01T10:00:00+01:00"), berlin()).unwrap_err();
        assert_eq!(wrong.code, "offset_mismatch");
        assert_eq!(
            zoned_instant(fixed("2027-07-01T10:00:00+02:00"), berlin()).unwrap(),
            utc("2027-07-01T08:00:00Z")
        );
        assert_eq!(
            zoned_instant(fixed("2027-03-28T01:30:00Z"), berlin()).unwrap(),
            utc("2027-03-28T01:30:00Z"),
            "UTC is an instant"
        );
        // The hour that exists twice in autumn: the offset says which one.
        assert_eq!(
            zoned_instant(fixed("2027-10-31T02:30:00+02:00"), berlin()).unwrap(),
            utc("2027-10-31T00:30:00Z")
        );
        assert_eq!(
            zoned_instant(fixed("2027-10-31T02:30:00+01:00"), berlin()).unwrap(),
            utc("2027-10-31T01:30:00Z")
        );
    }

    #[test]
    fn an_ordinary_hour_tomorrow_is_accepted() {
        let now = utc("2026-11-28T08:00:00Z");
        let schedule = Schedule::new(
            utc("2026-11-29T09:00:00Z"),
            utc("2026-11-29T10:00:00Z"),
            berlin(),
            now,
            false,
        )
        .unwrap();
        assert_eq!(
            schedule.ends_at() - schedule.starts_at(),
            TimeDelta::hours(1)
        );
    }

    #[test]
    fn durations_outside_five_minutes_to_a_day_are_refused() {
        let now = utc("2026-11-28T08:00:00Z");
        let start = utc("2026-11-29T09:00:00Z");
        let check = |end: &str| Schedule::new(start, utc(end), berlin(), now, false);
        assert!(check("2026-11-29T09:05:00Z").is_ok());
        assert!(check("2026-11-30T09:00:00Z").is_ok());
        let code = |end: &str| match check(end) {
            Err(ScheduleError::End(e)) => e.code,
            other => panic!("{other:?}"),
        };
        assert_eq!(code("2026-11-29T09:04:00Z"), "duration_too_short");
        assert_eq!(code("2026-11-30T09:01:00Z"), "duration_too_long");
        assert_eq!(code("2026-11-29T08:00:00Z"), "ends_before_start");
        assert_eq!(code("2026-11-29T09:00:00Z"), "ends_before_start");
    }

    #[test]
    fn past_and_absurd_starts_are_refused() {
        let now = utc("2026-11-28T08:00:00Z");
        let start_code = |start: &str, keep: bool| {
            let start = utc(start);
            match Schedule::new(start, start + TimeDelta::hours(1), berlin(), now, keep) {
                Err(ScheduleError::Start(e)) => Some(e.code),
                Err(other) => panic!("{other:?}"),
                Ok(_) => None,
            }
        };
        assert_eq!(
            start_code("2026-11-27T08:00:00Z", false),
            Some("starts_in_past")
        );
        assert_eq!(start_code("2026-11-27T08:00:00Z", true), None);
        assert_eq!(start_code("2026-11-28T07:55:00Z", false), None);
        assert_eq!(
            start_code("9999-12-31T10:00:00Z", false),
            Some("too_far_ahead")
        );
    }

    #[test]
    fn wall_clock_times_become_instants_in_their_zone() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let time = NaiveTime::from_hms_opt(10, 0, 0).unwrap();
        assert_eq!(
            local_instant(date, time, berlin()).unwrap(),
            utc("2026-12-01T09:00:00Z")
        );
        let summer = NaiveDate::from_ymd_opt(2027, 7, 1).unwrap();
        assert_eq!(
            local_instant(summer, time, berlin()).unwrap(),
            utc("2027-07-01T08:00:00Z")
        );
    }

    #[test]
    fn times_skipped_or_repeated_by_daylight_saving_are_refused_not_shifted() {
        // Germany: 2027-03-28 02:00 → 03:00 (gap); 2027-10-31 03:00 → 02:00 (overlap).
        let gap = local_instant(
            NaiveDate::from_ymd_opt(2027, 3, 28).unwrap(),
            NaiveTime::from_hms_opt(2, 30, 0).unwrap(),
            berlin(),
        )
        .unwrap_err();
        assert_eq!(gap.code, "time_in_gap");
        assert!(gap.params.contains(&("time", "02:30".to_owned())));
        let overlap = local_instant(
            NaiveDate::from_ymd_opt(2027, 10, 31).unwrap(),
            NaiveTime::from_hms_opt(2, 30, 0).unwrap(),
            berlin(),
        )
        .unwrap_err();
        assert_eq!(overlap.code, "time_ambiguous");
    }
}
