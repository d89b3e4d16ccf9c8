//! The meeting form's "Repeats" part: the choices people know from their calendar ("every
//! week on Tuesday", "monthly on the 2nd Tuesday"), turned into a checked rule; and the
//! preview of a series before it is saved (its rule in words and its next dates).

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use serde::Serialize;

use super::form::MeetingForm;
use crate::domain::{
    FieldError, Frequency, Locale, OPEN_ENDED_HORIZON, Recurrence, Schedule, Series, SeriesEnd,
    TimeZone, weekday_position,
};
use crate::error::FieldErrors;
use crate::meetings::{Meeting, series_after};
use crate::when;

/// How many dates the preview and the meeting page list.
pub const DATES_SHOWN: usize = 6;

const WORKDAYS: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];

/// Which field shows a refused rule: the end's own fields for problems with the end.
fn field_of(error: &FieldError, form: &MeetingForm) -> &'static str {
    match error.code {
        "recurrence_interval" => "repeat_interval",
        "recurrence_until_before_start" | "recurrence_until_too_far" => "repeat_until",
        "recurrence_count_zero" => "repeat_count",
        "recurrence_too_many" if form.repeat_end == "count" => "repeat_count",
        "recurrence_too_many" => "repeat_until",
        // A moved first meeting that no longer fits a kept rule: the date is the problem.
        _ if form.repeat.trim().is_empty() => "date",
        _ => "repeat",
    }
}

impl MeetingForm {
    /// The rule the "Repeats" fields describe for the first meeting of `schedule`: `Some(None)`
    /// for a single meeting, `None` when a field is refused (named in `errors`).
    pub(super) fn rule(
        &self,
        schedule: &Schedule,
        errors: &mut FieldErrors,
    ) -> Option<Option<Recurrence>> {
        let first = schedule
            .starts_at()
            .with_timezone(&schedule.time_zone().tz())
            .date_naive();
        let (frequency, by_weekday, by_month_day, by_set_position) = match self.repeat.trim() {
            "" => return Some(None),
            "daily" => (Frequency::Daily, Vec::new(), None, None),
            "workdays" => (Frequency::Daily, WORKDAYS.to_vec(), None, None),
            "weekly" => (Frequency::Weekly, self.weekdays(), None, None),
            "monthly_day" => (
                Frequency::Monthly,
                Vec::new(),
                i8::try_from(first.day()).ok(),
                None,
            ),
            "monthly_weekday" => (
                Frequency::Monthly,
                vec![first.weekday()],
                None,
                i8::try_from(weekday_position(first).0.min(4)).ok(),
            ),
            "monthly_last_weekday" => (Frequency::Monthly, vec![first.weekday()], None, Some(-1)),
            "yearly" => (Frequency::Yearly, Vec::new(), None, None),
            other => {
                errors.add(
                    "repeat",
                    FieldError::new("recurrence_frequency").with("value", other),
                );
                return None;
            }
        };
        let interval = match self.repeat_interval.trim() {
            "" => Some(1),
            raw => errors.check(
                "repeat_interval",
                raw.parse::<u16>()
                    .map_err(|_| FieldError::new("recurrence_interval").with("max", 99)),
            ),
        };
        let end = match self.repeat_end.trim() {
            "until" => errors
                .check(
                    "repeat_until",
                    NaiveDate::parse_from_str(self.repeat_until.trim(), "%Y-%m-%d")
                        .map_err(|_| FieldError::new("recurrence_until_invalid")),
                )
                .map(SeriesEnd::Until),
            "count" => errors
                .check(
                    "repeat_count",
                    self.repeat_count
                        .trim()
                        .parse::<u32>()
                        .map_err(|_| FieldError::new("recurrence_count_zero")),
                )
                .map(SeriesEnd::Count),
            _ => Some(SeriesEnd::Never),
        };
        let rule = Recurrence::new(
            frequency,
            interval?,
            by_weekday,
            by_month_day,
            by_set_position,
            end?,
        );
        match rule {
            Ok(rule) => Some(Some(rule)),
            Err(error) => {
                errors.add(field_of(&error, self), error);
                None
            }
        }
    }

    /// The series the form describes from the first meeting of `schedule` (`Some(None)`: a
    /// single meeting), checked; `None` when refused.
    pub(super) fn series(
        &self,
        schedule: &Schedule,
        errors: &mut FieldErrors,
    ) -> Option<Option<Series>> {
        let rule = self.rule(schedule, errors)?;
        let Some(rule) = rule else {
            return Some(None);
        };
        let duration = schedule.ends_at() - schedule.starts_at();
        match Series::new(rule, schedule.time_zone(), schedule.starts_at(), duration) {
            Ok(series) => Some(Some(series)),
            Err(error) => {
                errors.add(field_of(&error, self), error);
                None
            }
        }
    }

    /// The series `meeting` becomes with the rule the form states and its first meeting moved
    /// to `schedule` (`Some(None)`: a single meeting); `None` when refused.
    pub(super) fn series_of(
        &self,
        meeting: &Meeting,
        schedule: &Schedule,
        errors: &mut FieldErrors,
    ) -> Option<Option<Option<Series>>> {
        let rule = self.rule(schedule, errors)?;
        match series_after(meeting, Some(schedule), Some(rule)) {
            Ok(series) => Some(series),
            Err(error) => {
                errors.add(field_of(&error, self), error);
                None
            }
        }
    }

    /// The weekdays ticked, Monday first.
    fn weekdays(&self) -> Vec<Weekday> {
        [
            (&self.repeat_mo, Weekday::Mon),
            (&self.repeat_tu, Weekday::Tue),
            (&self.repeat_we, Weekday::Wed),
            (&self.repeat_th, Weekday::Thu),
            (&self.repeat_fr, Weekday::Fri),
            (&self.repeat_sa, Weekday::Sat),
            (&self.repeat_su, Weekday::Sun),
        ]
        .into_iter()
        .filter(|(ticked, _)| ticked.is_some())
        .map(|(_, day)| day)
        .collect()
    }

    /// The form's "Repeats" fields filled from `meeting`'s rule.
    pub(super) fn with_repeat_of(mut self, meeting: &Meeting) -> MeetingForm {
        let Some(series) = meeting.series() else {
            return self;
        };
        let rule = series.rule();
        self.repeat = match (
            rule.frequency(),
            rule.by_month_day(),
            rule.by_set_position(),
        ) {
            (Frequency::Daily, ..) if rule.by_weekday() == WORKDAYS => "workdays",
            (Frequency::Daily, ..) => "daily",
            (Frequency::Weekly, ..) => "weekly",
            (Frequency::Monthly, _, Some(-1)) => "monthly_last_weekday",
            (Frequency::Monthly, _, Some(_)) => "monthly_weekday",
            (Frequency::Monthly, ..) => "monthly_day",
            (Frequency::Yearly, ..) => "yearly",
        }
        .to_owned();
        self.repeat_interval = rule.interval().to_string();
        if rule.frequency() == Frequency::Weekly {
            let on = |day| rule.by_weekday().contains(&day).then(|| "on".to_owned());
            self.repeat_mo = on(Weekday::Mon);
            self.repeat_tu = on(Weekday::Tue);
            self.repeat_we = on(Weekday::Wed);
            self.repeat_th = on(Weekday::Thu);
            self.repeat_fr = on(Weekday::Fri);
            self.repeat_sa = on(Weekday::Sat);
            self.repeat_su = on(Weekday::Sun);
        }
        match rule.end() {
            SeriesEnd::Never => self.repeat_end = "never".to_owned(),
            SeriesEnd::Until(day) => {
                self.repeat_end = "until".to_owned();
                self.repeat_until = day.format("%Y-%m-%d").to_string();
            }
            SeriesEnd::Count(count) => {
                self.repeat_end = "count".to_owned();
                self.repeat_count = count.to_string();
            }
        }
        self
    }
}

/// A series as people read it: its rule in words and its next dates.
#[derive(Debug, Serialize)]
pub struct SeriesPreview {
    /// "every 2 weeks on Tuesday, until 30 June 2027".
    pub rule: String,
    /// The next dates, in the reader's zone.
    pub dates: Vec<String>,
}

impl SeriesPreview {
    /// The rule of `series` and its dates from `from` on, for a reader in `zone`.
    pub fn of(series: &Series, locale: Locale, zone: TimeZone, from: DateTime<Utc>) -> Self {
        let first = series
            .first_start()
            .with_timezone(&series.zone().tz())
            .date_naive();
        let dates = series
            .starts_overlapping(from, from + OPEN_ENDED_HORIZON, DATES_SHOWN)
            .into_iter()
            .map(|start| {
                when::span(
                    locale,
                    start.naive_utc(),
                    (start + series.duration()).naive_utc(),
                    zone,
                )
            })
            .collect();
        SeriesPreview {
            rule: when::rule(locale, series.rule(), first),
            dates,
        }
    }
}
