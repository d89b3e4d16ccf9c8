//! The `recurrence` of a meeting in the API: the structured form or an RRULE, checked against
//! the meeting's first start.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::{
    FieldError, Frequency, Recurrence, Series, SeriesEnd, TimeZone, parse_weekday, weekday_code,
};

/// How a series repeats: either `rrule` alone, or the structured fields.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecurrenceInput {
    /// An RRULE value, e.g. `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU`; only FREQ, INTERVAL, BYDAY,
    /// BYMONTHDAY, BYSETPOS, UNTIL, COUNT and WKST=MO are accepted.
    #[schema(example = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")]
    pub rrule: Option<String>,
    /// `daily`, `weekly`, `monthly` or `yearly`.
    #[schema(example = "weekly")]
    pub frequency: Option<String>,
    /// Every N days, weeks, months or years (1–99, default 1).
    pub interval: Option<i64>,
    /// Weekdays as `mo` … `su`: weekly, daily (only these days), or monthly with
    /// `by_set_position` (one day).
    pub by_weekday: Option<Vec<String>>,
    /// Monthly on this day (1–31, or -1 for the last day).
    pub by_month_day: Option<i64>,
    /// Monthly on the n-th `by_weekday` (1–4, or -1 for the last).
    pub by_set_position: Option<i64>,
    /// The last day (`2027-06-30`, in the meeting's zone); not with `count`.
    pub until: Option<String>,
    /// This many meetings (at most 500); not with `until`.
    pub count: Option<i64>,
}

impl RecurrenceInput {
    /// The rule this input names, in the meeting's `zone` (for an RRULE's `UNTIL`).
    pub fn rule(&self, zone: TimeZone) -> Result<Recurrence, FieldError> {
        if let Some(rrule) = &self.rrule {
            let structured = self.frequency.is_some()
                || self.interval.is_some()
                || self.by_weekday.is_some()
                || self.by_month_day.is_some()
                || self.by_set_position.is_some()
                || self.until.is_some()
                || self.count.is_some();
            if structured {
                return Err(FieldError::new("recurrence_rrule_or_fields"));
            }
            return Recurrence::parse_rrule(rrule, zone.tz());
        }
        let frequency = Frequency::parse(
            self.frequency
                .as_deref()
                .ok_or_else(|| FieldError::new("recurrence_frequency_missing"))?,
        )?;
        let small = |value: Option<i64>, code: &'static str| {
            value
                .map(|v| i8::try_from(v).map_err(|_| FieldError::new(code)))
                .transpose()
        };
        let interval = u16::try_from(self.interval.unwrap_or(1))
            .map_err(|_| FieldError::new("recurrence_interval").with("max", 99))?;
        let by_weekday = self
            .by_weekday
            .iter()
            .flatten()
            .map(|day| parse_weekday(day))
            .collect::<Result<Vec<_>, _>>()?;
        let end = match (&self.until, self.count) {
            (Some(_), Some(_)) => return Err(FieldError::new("recurrence_until_and_count")),
            (Some(until), None) => SeriesEnd::Until(
                NaiveDate::parse_from_str(until.trim(), "%Y-%m-%d")
                    .map_err(|_| FieldError::new("recurrence_until_invalid"))?,
            ),
            (None, Some(count)) => SeriesEnd::Count(
                u32::try_from(count).map_err(|_| FieldError::new("recurrence_count_zero"))?,
            ),
            (None, None) => SeriesEnd::Never,
        };
        Recurrence::new(
            frequency,
            interval,
            by_weekday,
            small(self.by_month_day, "recurrence_month_day")?,
            small(self.by_set_position, "recurrence_set_position")?,
            end,
        )
    }
}

/// The series `input` makes from the first meeting `starts_at..ends_at` in `zone`.
pub fn series_of(
    input: &RecurrenceInput,
    zone: TimeZone,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
) -> Result<Series, FieldError> {
    Series::new(input.rule(zone)?, zone, starts_at, ends_at - starts_at)
}

/// A series as the API answers it: the structured form and the RRULE.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecurrenceView {
    pub frequency: &'static str,
    pub interval: u16,
    pub by_weekday: Vec<&'static str>,
    pub by_month_day: Option<i8>,
    pub by_set_position: Option<i8>,
    /// The last day, in the meeting's zone.
    pub until: Option<NaiveDate>,
    pub count: Option<u32>,
    /// The same as an RRULE value (`UNTIL` in UTC).
    pub rrule: String,
}

impl RecurrenceView {
    pub fn of(series: &Series) -> RecurrenceView {
        let rule = series.rule();
        let (until, count) = match rule.end() {
            SeriesEnd::Until(day) => (Some(day), None),
            SeriesEnd::Count(count) => (None, Some(count)),
            SeriesEnd::Never => (None, None),
        };
        RecurrenceView {
            frequency: rule.frequency().name(),
            interval: rule.interval(),
            by_weekday: rule.by_weekday().iter().map(|d| weekday_code(*d)).collect(),
            by_month_day: rule.by_month_day(),
            by_set_position: rule.by_set_position(),
            until,
            count,
            rrule: series.rrule(),
        }
    }
}
