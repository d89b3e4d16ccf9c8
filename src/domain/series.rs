//! A series as it happens: its rule, its first meeting and its zone, expanded into the starts
//! of its meetings with the `rrule` crate. Expansion runs in the meeting's zone, so 10:00 in
//! Berlin stays 10:00 in winter and in summer (09:00Z and 08:00Z).

use chrono::{DateTime, NaiveDateTime, NaiveTime, TimeDelta, TimeZone as _, Utc, Weekday};
use rrule::{NWeekday, RRule, RRuleSet, Tz};

use super::recurrence::{Frequency, MAX_OCCURRENCES, Recurrence, SeriesEnd};
use super::{FieldError, TimeZone};

/// How far ahead an open-ended series is expanded for pages, lists and mails.
pub const OPEN_ENDED_HORIZON: TimeDelta = TimeDelta::days(2 * 366);

/// A checked series: every meeting lasts as long as the first, at the same local time.
#[derive(Debug, Clone)]
pub struct Series {
    rule: Recurrence,
    zone: TimeZone,
    first_start: DateTime<Utc>,
    duration: TimeDelta,
}

impl Series {
    /// The series `rule` makes from the first meeting at `first_start` (held against `zone`).
    /// Refused: a first meeting that is not one of the rule's days, an end before it or more
    /// than five years after it, more than 500 meetings, or a rule that makes no meeting.
    pub fn new(
        rule: Recurrence,
        zone: TimeZone,
        first_start: DateTime<Utc>,
        duration: TimeDelta,
    ) -> Result<Series, FieldError> {
        rule.check_start(first_start.with_timezone(&zone.tz()).naive_local())?;
        let series = Series {
            rule,
            zone,
            first_start,
            duration,
        };
        if let SeriesEnd::Until(_) = series.rule.end() {
            // One beyond the limit is enough to know the limit is passed.
            let starts = series.starts_from(series.first_start, MAX_OCCURRENCES as usize + 1);
            if starts.len() > MAX_OCCURRENCES as usize {
                return Err(FieldError::new("recurrence_too_many").with("max", MAX_OCCURRENCES));
            }
        }
        Ok(series)
    }

    /// A stored series: its RRULE was checked when it was saved; `None` if it no longer parses
    /// (the meeting is then shown as a single meeting rather than not at all).
    pub fn stored(
        rrule: &str,
        zone: TimeZone,
        first_start: DateTime<Utc>,
        duration: TimeDelta,
    ) -> Option<Series> {
        let rule = Recurrence::parse_rrule(rrule, zone.tz()).ok()?;
        Some(Series {
            rule,
            zone,
            first_start,
            duration,
        })
    }

    pub fn rule(&self) -> &Recurrence {
        &self.rule
    }

    pub fn zone(&self) -> TimeZone {
        self.zone
    }

    /// The first meeting's start.
    pub fn first_start(&self) -> DateTime<Utc> {
        self.first_start
    }

    /// How long each meeting lasts (unless one is moved on its own).
    pub fn duration(&self) -> TimeDelta {
        self.duration
    }

    /// The instant `UNTIL` names: the end of the last day in the meeting's zone.
    pub fn until_utc(&self) -> Option<DateTime<Utc>> {
        let SeriesEnd::Until(day) = self.rule.end() else {
            return None;
        };
        let last_second = day.and_time(NaiveTime::from_hms_opt(23, 59, 59)?);
        // `latest`: a zone whose clocks change at midnight still has a last second that day.
        self.zone
            .tz()
            .from_local_datetime(&last_second)
            .latest()
            .map(|at| at.to_utc())
    }

    /// The RRULE value as calendars get it (`UNTIL` in UTC).
    pub fn rrule(&self) -> String {
        self.rule
            .to_rrule(self.until_utc().map(|until| until.naive_utc()))
    }

    /// When the last meeting ends; `None` for a series without end.
    pub fn last_end(&self) -> Option<DateTime<Utc>> {
        match self.rule.end() {
            SeriesEnd::Never => None,
            _ => self
                .starts_from(self.first_start, MAX_OCCURRENCES as usize)
                .last()
                .map(|start| *start + self.duration),
        }
    }

    /// At most `limit` starts, from `from` on (a start at `from` included), in order.
    pub fn starts_from(&self, from: DateTime<Utc>, limit: usize) -> Vec<DateTime<Utc>> {
        let Some(set) = self.rule_set() else {
            return vec![self.first_start]
                .into_iter()
                .filter(|s| *s >= from)
                .collect();
        };
        (&set)
            .into_iter()
            .map(|start| start.with_timezone(&Utc))
            .filter(|start| *start >= from)
            .take(limit)
            .collect()
    }

    /// The starts of the meetings that overlap `from..to`, in order, at most `limit`.
    pub fn starts_overlapping(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: usize,
    ) -> Vec<DateTime<Utc>> {
        let Some(set) = self.rule_set() else {
            return Vec::new();
        };
        (&set)
            .into_iter()
            .map(|start| start.with_timezone(&Utc))
            .skip_while(|start| *start + self.duration <= from)
            .take_while(|start| *start < to)
            .take(limit)
            .collect()
    }

    /// Whether `start` is one of the series' starts by its rule (an occurrence's identity,
    /// its RECURRENCE-ID).
    pub fn has_start(&self, start: DateTime<Utc>) -> bool {
        self.starts_from(start, 1).first() == Some(&start)
    }

    /// The rule as the `rrule` crate expands it.
    fn rule_set(&self) -> Option<RRuleSet> {
        let rule = &self.rule;
        let frequency = match rule.frequency() {
            Frequency::Daily => rrule::Frequency::Daily,
            Frequency::Weekly => rrule::Frequency::Weekly,
            Frequency::Monthly => rrule::Frequency::Monthly,
            Frequency::Yearly => rrule::Frequency::Yearly,
        };
        let mut built = RRule::new(frequency)
            .interval(rule.interval())
            .week_start(Weekday::Mon);
        let days = rule.by_weekday();
        if !days.is_empty() {
            built = built.by_weekday(match rule.by_set_position() {
                Some(position) => vec![NWeekday::Nth(i16::from(position), days[0])],
                None => days.iter().copied().map(NWeekday::Every).collect(),
            });
        }
        if let Some(day) = rule.by_month_day() {
            built = built.by_month_day(vec![day]);
        }
        match rule.end() {
            SeriesEnd::Count(count) => built = built.count(count),
            SeriesEnd::Until(_) => built = built.until(self.until_utc()?.with_timezone(&Tz::UTC)),
            SeriesEnd::Never => {}
        }
        let start = self.first_start.with_timezone(&Tz::Tz(self.zone.tz()));
        built.build(start).ok()
    }
}

/// The stored form of an occurrence's identity: its original start, to the second.
pub fn recurrence_id_text(start: DateTime<Utc>) -> String {
    start.format("%Y%m%dT%H%M%SZ").to_string()
}

/// An occurrence's identity from its text (`20270105T090000Z` or RFC 3339).
pub fn parse_recurrence_id(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if let Some(basic) = raw.strip_suffix('Z')
        && let Ok(at) = NaiveDateTime::parse_from_str(basic, "%Y%m%dT%H%M%S")
    {
        return Some(at.and_utc());
    }
    DateTime::parse_from_rfc3339(raw).ok().map(|at| at.to_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn berlin() -> TimeZone {
        TimeZone::parse("Europe/Berlin").unwrap()
    }

    fn series(rrule: &str, zone: TimeZone, local_start: NaiveDateTime) -> Series {
        let rule = Recurrence::parse_rrule(rrule, zone.tz()).unwrap();
        let start = zone
            .tz()
            .from_local_datetime(&local_start)
            .unwrap()
            .to_utc();
        Series::new(rule, zone, start, TimeDelta::hours(1)).unwrap()
    }

    fn local(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn weekly_keeps_the_wall_clock_across_daylight_saving() {
        let s = series("FREQ=WEEKLY;COUNT=6", berlin(), local(2027, 3, 16, 10));
        let starts: Vec<String> = s
            .starts_from(s.first_start(), 10)
            .iter()
            .map(|t| t.format("%m-%dT%H:%MZ").to_string())
            .collect();
        assert_eq!(
            starts,
            [
                "03-16T09:00Z",
                "03-23T09:00Z",
                "03-30T08:00Z",
                "04-06T08:00Z",
                "04-13T08:00Z",
                "04-20T08:00Z"
            ]
        );
    }

    #[test]
    fn until_is_the_end_of_the_last_day_in_the_zone() {
        let s = series(
            "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629",
            berlin(),
            local(2027, 1, 5, 10),
        );
        assert_eq!(
            s.rrule(),
            "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629T215959Z",
            "23:59:59 CEST"
        );
        let starts = s.starts_from(s.first_start(), 100);
        assert_eq!(starts.len(), 26);
        assert_eq!(
            starts.last().unwrap().to_rfc3339(),
            "2027-06-29T08:00:00+00:00"
        );
        assert_eq!(
            s.last_end().unwrap().to_rfc3339(),
            "2027-06-29T09:00:00+00:00"
        );
    }

    #[test]
    fn more_than_500_meetings_are_refused() {
        let zone = berlin();
        let rule = Recurrence::parse_rrule("FREQ=DAILY;UNTIL=20281231", zone.tz()).unwrap();
        let start = Utc.with_ymd_and_hms(2027, 1, 1, 9, 0, 0).unwrap();
        let error = Series::new(rule, zone, start, TimeDelta::hours(1)).unwrap_err();
        assert_eq!(error.code, "recurrence_too_many");
    }

    #[test]
    fn the_31st_skips_short_months_and_29_february_waits_for_leap_years() {
        let s = series("FREQ=MONTHLY;COUNT=4", berlin(), local(2027, 1, 31, 10));
        let months: Vec<u32> = s
            .starts_from(s.first_start(), 10)
            .iter()
            .map(chrono::Datelike::month)
            .collect();
        assert_eq!(months, [1, 3, 5, 7]);
        let s = series("FREQ=YEARLY;COUNT=3", berlin(), local(2028, 2, 29, 10));
        let years: Vec<i32> = s
            .starts_from(s.first_start(), 10)
            .iter()
            .map(chrono::Datelike::year)
            .collect();
        assert_eq!(years, [2028, 2032, 2036]);
    }

    #[test]
    fn overlapping_a_window_finds_the_running_and_the_next_meetings() {
        let s = series("FREQ=DAILY", berlin(), local(2027, 1, 4, 10));
        let from = Utc.with_ymd_and_hms(2027, 1, 6, 9, 30, 0).unwrap();
        let to = from + TimeDelta::days(2);
        let starts = s.starts_overlapping(from, to, 10);
        // The running one, the next day's, and the one starting before the window closes.
        assert_eq!(starts.len(), 3);
        assert_eq!(starts[0].to_rfc3339(), "2027-01-06T09:00:00+00:00");
        assert_eq!(starts[2].to_rfc3339(), "2027-01-08T09:00:00+00:00");
        assert!(s.has_start(starts[1]));
        assert!(!s.has_start(starts[1] + TimeDelta::minutes(1)));
    }

    #[test]
    fn recurrence_ids_read_both_forms() {
        let at = Utc.with_ymd_and_hms(2027, 1, 5, 9, 0, 0).unwrap();
        assert_eq!(recurrence_id_text(at), "20270105T090000Z");
        assert_eq!(parse_recurrence_id("20270105T090000Z"), Some(at));
        assert_eq!(parse_recurrence_id("2027-01-05T10:00:00+01:00"), Some(at));
        assert_eq!(parse_recurrence_id("tomorrow"), None);
    }
}
