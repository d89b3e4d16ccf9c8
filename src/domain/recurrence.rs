//! How a series repeats: the parts of RFC 5545's RRULE that Treffpunkt offers, checked, and
//! written back in one normal form (../shared/reference/series.md).
//!
//! Accepted: daily (optionally on chosen weekdays: "workdays"), weekly on chosen weekdays every
//! N weeks, monthly on a day of the month (`-1` is the last) or on the n-th weekday ("the 2nd
//! Tuesday", "the last Friday"), yearly on the first meeting's date; ending on a date, after a
//! number of meetings, or never. Anything else in an RRULE is refused by name.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};

use super::FieldError;

/// The most meetings a series with an end may hold.
pub const MAX_OCCURRENCES: u32 = 500;
/// The longest span a series with an end may cover, in years from its first meeting.
pub const MAX_SERIES_YEARS: u32 = 5;
/// The largest "every N" we accept (every 99 weeks is already a curiosity).
pub const MAX_INTERVAL: u16 = 99;

/// How often the rule's period comes round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

impl Frequency {
    /// `daily`, `weekly`, `monthly` or `yearly` (any case, as the API and RRULE write it).
    pub fn parse(raw: &str) -> Result<Frequency, FieldError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "daily" => Ok(Frequency::Daily),
            "weekly" => Ok(Frequency::Weekly),
            "monthly" => Ok(Frequency::Monthly),
            "yearly" => Ok(Frequency::Yearly),
            _ => Err(FieldError::new("recurrence_frequency").with("value", raw.trim())),
        }
    }

    /// The API's name: `daily`, `weekly`, `monthly`, `yearly`.
    pub fn name(self) -> &'static str {
        match self {
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::Monthly => "monthly",
            Frequency::Yearly => "yearly",
        }
    }
}

/// When a series stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesEnd {
    /// It goes on; it is expanded up to a horizon for pages and mails.
    Never,
    /// The last meeting is on this day (in the meeting's zone) or before.
    Until(NaiveDate),
    /// After this many meetings.
    Count(u32),
}

/// A checked rule. Made by [`Recurrence::new`] or [`Recurrence::parse_rrule`], then checked
/// against the first meeting with [`Recurrence::check_start`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurrence {
    frequency: Frequency,
    interval: u16,
    /// Daily: the weekdays kept; weekly: the weekdays; monthly: the one weekday of "the n-th".
    by_weekday: Vec<Weekday>,
    /// Monthly: the day of the month (1–31, or -1 for the last).
    by_month_day: Option<i8>,
    /// Monthly: which of the month's `by_weekday` (1–4, or -1 for the last).
    by_set_position: Option<i8>,
    end: SeriesEnd,
}

/// The weekday of an API or RRULE code: `mo`, `TU`, …
pub fn parse_weekday(raw: &str) -> Result<Weekday, FieldError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "mo" => Ok(Weekday::Mon),
        "tu" => Ok(Weekday::Tue),
        "we" => Ok(Weekday::Wed),
        "th" => Ok(Weekday::Thu),
        "fr" => Ok(Weekday::Fri),
        "sa" => Ok(Weekday::Sat),
        "su" => Ok(Weekday::Sun),
        _ => Err(FieldError::new("recurrence_weekday").with("value", raw.trim())),
    }
}

/// The two-letter code of a weekday, lower case as the API writes it.
pub fn weekday_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mo",
        Weekday::Tue => "tu",
        Weekday::Wed => "we",
        Weekday::Thu => "th",
        Weekday::Fri => "fr",
        Weekday::Sat => "sa",
        Weekday::Sun => "su",
    }
}

impl Recurrence {
    /// A rule from its parts, as the API's structured form and the meeting form give them.
    pub fn new(
        frequency: Frequency,
        interval: u16,
        by_weekday: Vec<Weekday>,
        by_month_day: Option<i8>,
        by_set_position: Option<i8>,
        end: SeriesEnd,
    ) -> Result<Recurrence, FieldError> {
        if !(1..=MAX_INTERVAL).contains(&interval) {
            return Err(FieldError::new("recurrence_interval").with("max", MAX_INTERVAL));
        }
        let mut by_weekday = by_weekday;
        by_weekday.sort_by_key(|d| d.num_days_from_monday());
        by_weekday.dedup();
        match frequency {
            Frequency::Daily | Frequency::Weekly => {
                if by_month_day.is_some() || by_set_position.is_some() {
                    return Err(FieldError::new("recurrence_monthly_only"));
                }
            }
            Frequency::Monthly => match (by_month_day, by_set_position) {
                (Some(day), None) if by_weekday.is_empty() => {
                    if !(day == -1 || (1..=31).contains(&day)) {
                        return Err(FieldError::new("recurrence_month_day"));
                    }
                }
                (None, Some(position)) if by_weekday.len() == 1 => {
                    if !(position == -1 || (1..=4).contains(&position)) {
                        return Err(FieldError::new("recurrence_set_position"));
                    }
                }
                (None, None) if by_weekday.is_empty() => {}
                _ => return Err(FieldError::new("recurrence_monthly_choice")),
            },
            Frequency::Yearly => {
                if !by_weekday.is_empty() || by_month_day.is_some() || by_set_position.is_some() {
                    return Err(FieldError::new("recurrence_yearly_plain"));
                }
            }
        }
        match end {
            SeriesEnd::Count(0) => return Err(FieldError::new("recurrence_count_zero")),
            SeriesEnd::Count(count) if count > MAX_OCCURRENCES => {
                return Err(FieldError::new("recurrence_too_many").with("max", MAX_OCCURRENCES));
            }
            _ => {}
        }
        Ok(Recurrence {
            frequency,
            interval,
            by_weekday,
            by_month_day,
            by_set_position,
            end,
        })
    }

    /// A rule from an RRULE value (`FREQ=WEEKLY;INTERVAL=2;BYDAY=TU`), as clients send it and
    /// as we store it. `UNTIL` (a UTC time or a date) is read as a day in `zone`. A part we do
    /// not support is refused by name.
    pub fn parse_rrule(text: &str, zone: chrono_tz::Tz) -> Result<Recurrence, FieldError> {
        let text = text.trim();
        let text = text.strip_prefix("RRULE:").unwrap_or(text);
        let mut frequency = None;
        let mut interval = 1u16;
        let mut by_weekday = Vec::new();
        let mut nth = None;
        let mut by_month_day = None;
        let mut by_set_position = None;
        let mut until = None;
        let mut count = None;
        for part in text.split(';').filter(|p| !p.trim().is_empty()) {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| FieldError::new("recurrence_rrule_syntax").with("part", part))?;
            let name = name.trim().to_ascii_uppercase();
            let value = value.trim();
            let bad = || FieldError::new("recurrence_rrule_value").with("part", part);
            match name.as_str() {
                "FREQ" => frequency = Some(Frequency::parse(value)?),
                "INTERVAL" => interval = value.parse().map_err(|_| bad())?,
                "BYDAY" => {
                    for day in value.split(',') {
                        let day = day.trim();
                        let split = day.len().saturating_sub(2);
                        let (position, code) = day.split_at(split);
                        by_weekday.push(parse_weekday(code)?);
                        if !position.is_empty() {
                            let position: i8 = position
                                .trim_start_matches('+')
                                .parse()
                                .map_err(|_| bad())?;
                            nth = Some(position);
                        }
                    }
                }
                "BYMONTHDAY" => by_month_day = Some(value.parse().map_err(|_| bad())?),
                "BYSETPOS" => by_set_position = Some(value.parse().map_err(|_| bad())?),
                "UNTIL" => until = Some(until_day(value, zone).ok_or_else(bad)?),
                "COUNT" => count = Some(value.parse().map_err(|_| bad())?),
                // Weeks start on Monday in Europe and in our expansion; another start only
                // changes weekly rules with INTERVAL > 1 and several days, which we then refuse.
                "WKST" if value.eq_ignore_ascii_case("MO") => {}
                _ => {
                    return Err(FieldError::new("recurrence_part_unsupported").with("part", name));
                }
            }
        }
        let frequency = frequency.ok_or_else(|| FieldError::new("recurrence_frequency_missing"))?;
        if nth.is_some() && by_weekday.len() != 1 {
            return Err(FieldError::new("recurrence_monthly_choice"));
        }
        if nth.is_some() && by_set_position.is_some() {
            return Err(FieldError::new("recurrence_monthly_choice"));
        }
        let end = match (until, count) {
            (Some(_), Some(_)) => return Err(FieldError::new("recurrence_until_and_count")),
            (Some(day), None) => SeriesEnd::Until(day),
            (None, Some(count)) => SeriesEnd::Count(count),
            (None, None) => SeriesEnd::Never,
        };
        Recurrence::new(
            frequency,
            interval,
            by_weekday,
            by_month_day,
            nth.or(by_set_position),
            end,
        )
    }

    /// The rule checked against its first meeting (a wall-clock time in the meeting's zone):
    /// the first meeting is one of the series' days, an end date is not before it and lies at
    /// most five years after it.
    pub fn check_start(&self, first: NaiveDateTime) -> Result<(), FieldError> {
        let day = first.date();
        let fits = match self.frequency {
            Frequency::Daily | Frequency::Weekly => {
                self.by_weekday.is_empty() || self.by_weekday.contains(&day.weekday())
            }
            Frequency::Monthly => match (self.by_month_day, self.by_set_position) {
                (Some(-1), _) => day
                    .succ_opt()
                    .is_none_or(|next| next.month() != day.month()),
                (Some(wanted), _) => i64::from(wanted) == i64::from(day.day()),
                (None, Some(position)) => {
                    let (nth, last) = weekday_position(day);
                    self.by_weekday.first() == Some(&day.weekday())
                        && if position < 0 {
                            last
                        } else {
                            i64::from(nth) == i64::from(position)
                        }
                }
                (None, None) => true,
            },
            Frequency::Yearly => true,
        };
        if !fits {
            return Err(FieldError::new("recurrence_start_not_in_rule"));
        }
        if let SeriesEnd::Until(until) = self.end {
            if until < day {
                return Err(FieldError::new("recurrence_until_before_start"));
            }
            let latest = day
                .checked_add_months(chrono::Months::new(12 * MAX_SERIES_YEARS))
                .unwrap_or(NaiveDate::MAX);
            if until > latest {
                return Err(
                    FieldError::new("recurrence_until_too_far").with("years", MAX_SERIES_YEARS)
                );
            }
        }
        Ok(())
    }

    pub fn frequency(&self) -> Frequency {
        self.frequency
    }

    pub fn interval(&self) -> u16 {
        self.interval
    }

    /// The weekdays (Monday first).
    pub fn by_weekday(&self) -> &[Weekday] {
        &self.by_weekday
    }

    pub fn by_month_day(&self) -> Option<i8> {
        self.by_month_day
    }

    pub fn by_set_position(&self) -> Option<i8> {
        self.by_set_position
    }

    pub fn end(&self) -> SeriesEnd {
        self.end
    }

    /// The same rule with another end (a series split at an occurrence ends the day before).
    pub fn with_end(&self, end: SeriesEnd) -> Recurrence {
        Recurrence {
            end,
            ..self.clone()
        }
    }

    /// The RRULE value in our normal form. `until_utc` is the instant `UNTIL` names: the end of
    /// the last day in the meeting's zone, in UTC (RFC 5545: UTC when DTSTART has a TZID).
    pub fn to_rrule(&self, until_utc: Option<NaiveDateTime>) -> String {
        let mut parts = vec![format!("FREQ={}", self.frequency.name().to_uppercase())];
        if self.interval != 1 {
            parts.push(format!("INTERVAL={}", self.interval));
        }
        let codes: Vec<String> = self
            .by_weekday
            .iter()
            .map(|d| weekday_code(*d).to_uppercase())
            .collect();
        match (self.by_set_position, codes.as_slice()) {
            (Some(position), [code]) => parts.push(format!("BYDAY={position}{code}")),
            (_, []) => {}
            (_, codes) => parts.push(format!("BYDAY={}", codes.join(","))),
        }
        if let Some(day) = self.by_month_day {
            parts.push(format!("BYMONTHDAY={day}"));
        }
        match (self.end, until_utc) {
            (SeriesEnd::Count(count), _) => parts.push(format!("COUNT={count}")),
            (SeriesEnd::Until(_), Some(until)) => {
                parts.push(format!("UNTIL={}", until.format("%Y%m%dT%H%M%SZ")));
            }
            _ => {}
        }
        parts.join(";")
    }
}

/// Which of its month's same weekdays `day` is: the n-th counted from the start (1–5), and
/// whether it is the last one ("the 2nd Tuesday", "the last Friday").
pub fn weekday_position(day: NaiveDate) -> (u32, bool) {
    let last = day
        .checked_add_days(chrono::Days::new(7))
        .is_none_or(|week_later| week_later.month() != day.month());
    ((day.day() - 1) / 7 + 1, last)
}

/// The day an RRULE `UNTIL` names in `zone`: a date as it is, a UTC time as its local day.
fn until_day(value: &str, zone: chrono_tz::Tz) -> Option<NaiveDate> {
    if let Ok(day) = NaiveDate::parse_from_str(value, "%Y%m%d") {
        return Some(day);
    }
    let utc = NaiveDateTime::parse_from_str(value.strip_suffix('Z')?, "%Y%m%dT%H%M%S").ok()?;
    Some(utc.and_utc().with_timezone(&zone).date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BERLIN: chrono_tz::Tz = chrono_tz::Europe::Berlin;

    fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
    }

    #[test]
    fn the_rrule_forms_round_trip_in_one_normal_form() {
        for (input, normal) in [
            (
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            ),
            ("RRULE:freq=weekly;byday=fr,mo", "FREQ=WEEKLY;BYDAY=MO,FR"),
            ("FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR"),
            ("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2", "FREQ=MONTHLY;BYDAY=2TU"),
            (
                "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=12",
                "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=12",
            ),
            (
                "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;WKST=MO",
                "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
            ),
            ("FREQ=YEARLY", "FREQ=YEARLY"),
        ] {
            let rule = Recurrence::parse_rrule(input, BERLIN).unwrap();
            assert_eq!(rule.to_rrule(None), normal, "{input}");
        }
    }

    #[test]
    fn until_is_a_local_day_and_written_back_in_utc() {
        let rule = Recurrence::parse_rrule("FREQ=WEEKLY;UNTIL=20270630T215959Z", BERLIN).unwrap();
        assert_eq!(
            rule.end(),
            SeriesEnd::Until(NaiveDate::from_ymd_opt(2027, 6, 30).unwrap())
        );
        let rule = Recurrence::parse_rrule("FREQ=WEEKLY;UNTIL=20270630", BERLIN).unwrap();
        assert_eq!(
            rule.end(),
            SeriesEnd::Until(NaiveDate::from_ymd_opt(2027, 6, 30).unwrap())
        );
    }

    #[test]
    fn parts_we_do_not_offer_are_refused_by_name() {
        for (input, part) in [
            ("FREQ=WEEKLY;BYHOUR=10", "BYHOUR"),
            ("FREQ=MONTHLY;BYMONTH=3", "BYMONTH"),
            ("FREQ=WEEKLY;WKST=SU", "WKST"),
            ("FREQ=WEEKLY;RDATE=20270101", "RDATE"),
        ] {
            let error = Recurrence::parse_rrule(input, BERLIN).unwrap_err();
            assert_eq!(error.code, "recurrence_part_unsupported", "{input}");
            assert!(format!("{error:?}").contains(part), "{input}: {error:?}");
        }
        let error = Recurrence::parse_rrule("FREQ=HOURLY", BERLIN).unwrap_err();
        assert_eq!(error.code, "recurrence_frequency");
        let error =
            Recurrence::parse_rrule("FREQ=DAILY;COUNT=3;UNTIL=20270101", BERLIN).unwrap_err();
        assert_eq!(error.code, "recurrence_until_and_count");
        let error = Recurrence::parse_rrule("FREQ=DAILY;COUNT=501", BERLIN).unwrap_err();
        assert_eq!(error.code, "recurrence_too_many");
        let error = Recurrence::parse_rrule("INTERVAL=2", BERLIN).unwrap_err();
        assert_eq!(error.code, "recurrence_frequency_missing");
    }

    #[test]
    fn the_first_meeting_must_be_one_of_the_series_days() {
        let tuesdays = Recurrence::parse_rrule("FREQ=WEEKLY;BYDAY=TU", BERLIN).unwrap();
        assert!(tuesdays.check_start(at(2027, 1, 5)).is_ok());
        assert_eq!(
            tuesdays.check_start(at(2027, 1, 6)).unwrap_err().code,
            "recurrence_start_not_in_rule"
        );
        let last_friday = Recurrence::parse_rrule("FREQ=MONTHLY;BYDAY=-1FR", BERLIN).unwrap();
        assert!(last_friday.check_start(at(2027, 1, 29)).is_ok());
        assert!(last_friday.check_start(at(2027, 1, 22)).is_err());
        let second_tuesday = Recurrence::parse_rrule("FREQ=MONTHLY;BYDAY=2TU", BERLIN).unwrap();
        assert!(second_tuesday.check_start(at(2027, 1, 12)).is_ok());
        assert!(second_tuesday.check_start(at(2027, 1, 5)).is_err());
        let last_day = Recurrence::parse_rrule("FREQ=MONTHLY;BYMONTHDAY=-1", BERLIN).unwrap();
        assert!(last_day.check_start(at(2028, 2, 29)).is_ok());
        assert!(last_day.check_start(at(2028, 2, 28)).is_err());
    }

    #[test]
    fn an_end_lies_after_the_start_and_within_five_years() {
        let rule = Recurrence::parse_rrule("FREQ=WEEKLY;UNTIL=20320106", BERLIN).unwrap();
        assert!(rule.check_start(at(2027, 1, 6)).is_ok());
        assert_eq!(
            rule.check_start(at(2027, 1, 5)).unwrap_err().code,
            "recurrence_until_too_far",
            "five years and a day"
        );
        let rule = Recurrence::parse_rrule("FREQ=DAILY;UNTIL=20320107", BERLIN).unwrap();
        assert_eq!(
            rule.check_start(at(2027, 1, 6)).unwrap_err().code,
            "recurrence_until_too_far"
        );
        let rule = Recurrence::parse_rrule("FREQ=DAILY;UNTIL=20270105", BERLIN).unwrap();
        assert_eq!(
            rule.check_start(at(2027, 1, 6)).unwrap_err().code,
            "recurrence_until_before_start"
        );
    }
}
