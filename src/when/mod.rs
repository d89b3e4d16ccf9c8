//! Meeting times as people read them, in their language and time zone.

mod rule;

use chrono::{Datelike, NaiveDateTime};

pub use rule::rule;

use crate::domain::{Locale, TimeZone};

const WEEKDAYS_DE: [&str; 7] = ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `Di., 01.12.2026, 10:00–11:00 (CET)` / `Tue, 1 Dec 2026, 10:00–11:00 (CET)`; a span over
/// midnight names both days. The zone abbreviation makes daylight saving visible; when start and
/// end fall on different offsets (the night clocks change), each time carries its own:
/// `01:30 CET – 04:30 CEST`.
pub fn span(locale: Locale, starts: NaiveDateTime, ends: NaiveDateTime, zone: TimeZone) -> String {
    let start = starts.and_utc().with_timezone(&zone.tz());
    let end = ends.and_utc().with_timezone(&zone.tz());
    let day = |t: &chrono::DateTime<chrono_tz::Tz>| {
        let weekday = t.weekday().num_days_from_monday() as usize;
        match locale {
            Locale::De => format!("{} {}", WEEKDAYS_DE[weekday], t.format("%d.%m.%Y")),
            Locale::En => format!(
                "{}, {} {} {}",
                WEEKDAYS_EN[weekday],
                t.day(),
                MONTHS_EN[t.month0() as usize],
                t.year()
            ),
        }
    };
    if start.offset() != end.offset() {
        let end_day = if start.date_naive() == end.date_naive() {
            String::new()
        } else {
            format!("{}, ", day(&end))
        };
        return format!(
            "{}, {} – {end_day}{}",
            day(&start),
            start.format("%H:%M %Z"),
            end.format("%H:%M %Z")
        );
    }
    if start.date_naive() == end.date_naive() {
        format!(
            "{}, {}–{} ({})",
            day(&start),
            start.format("%H:%M"),
            end.format("%H:%M"),
            end.format("%Z")
        )
    } else {
        format!(
            "{}, {} – {}, {} ({})",
            day(&start),
            start.format("%H:%M"),
            day(&end),
            end.format("%H:%M"),
            end.format("%Z")
        )
    }
}

/// One moment, such as `Di. 01.12.2026, 09:45 (CET)` / `Tue, 1 Dec 2026, 09:45 (CET)`.
pub fn moment(locale: Locale, at: NaiveDateTime, zone: TimeZone) -> String {
    let local = at.and_utc().with_timezone(&zone.tz());
    let weekday = local.weekday().num_days_from_monday() as usize;
    let day = match locale {
        Locale::De => format!("{} {}", WEEKDAYS_DE[weekday], local.format("%d.%m.%Y")),
        Locale::En => format!(
            "{}, {} {} {}",
            WEEKDAYS_EN[weekday],
            local.day(),
            MONTHS_EN[local.month0() as usize],
            local.year()
        ),
    };
    format!("{day}, {}", local.format("%H:%M (%Z)"))
}

/// The time of day alone, such as `11:00 (CET)`.
pub fn clock(at: NaiveDateTime, zone: TimeZone) -> String {
    at.and_utc()
        .with_timezone(&zone.tz())
        .format("%H:%M (%Z)")
        .to_string()
}

/// How long until something, in the largest whole unit that fits: the fluent key and count
/// (`wait-days`, `wait-hours`, `wait-minutes`), rounded up so "in 0 minutes" never shows.
pub fn wait(seconds: i64) -> (&'static str, i64) {
    let minutes = (seconds.max(0) + 59) / 60;
    match minutes {
        m if m >= 2 * 24 * 60 => ("wait-days", m / (24 * 60)),
        m if m >= 2 * 60 => ("wait-hours", m / 60),
        m => ("wait-minutes", m.max(1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn spans_read_naturally_in_both_languages() {
        let berlin = TimeZone::parse("Europe/Berlin").unwrap();
        let (start, end) = (at("2026-12-01 09:00"), at("2026-12-01 10:00"));
        assert_eq!(
            span(Locale::De, start, end, berlin),
            "Di. 01.12.2026, 10:00–11:00 (CET)"
        );
        assert_eq!(
            span(Locale::En, start, end, berlin),
            "Tue, 1 Dec 2026, 10:00–11:00 (CET)"
        );
        let summer = span(
            Locale::En,
            at("2027-07-01 08:00"),
            at("2027-07-01 09:00"),
            berlin,
        );
        assert_eq!(summer, "Thu, 1 Jul 2027, 10:00–11:00 (CEST)");
    }

    #[test]
    fn a_span_across_a_clock_change_names_both_offsets() {
        let berlin = TimeZone::parse("Europe/Berlin").unwrap();
        // 28 March 2027: clocks go from 02:00 CET to 03:00 CEST.
        let (start, end) = (at("2027-03-28 00:30"), at("2027-03-28 02:30"));
        assert_eq!(
            span(Locale::En, start, end, berlin),
            "Sun, 28 Mar 2027, 01:30 CET – 04:30 CEST"
        );
        assert_eq!(
            span(
                Locale::De,
                at("2027-10-30 21:30"),
                at("2027-10-31 02:00"),
                berlin
            ),
            "Sa. 30.10.2027, 23:30 CEST – So. 31.10.2027, 03:00 CET"
        );
    }

    #[test]
    fn a_moment_and_a_wait_read_naturally() {
        let berlin = TimeZone::parse("Europe/Berlin").unwrap();
        assert_eq!(
            moment(Locale::De, at("2026-12-01 08:45"), berlin),
            "Di. 01.12.2026, 09:45 (CET)"
        );
        assert_eq!(wait(1), ("wait-minutes", 1));
        assert_eq!(wait(90 * 60), ("wait-minutes", 90));
        assert_eq!(wait(3 * 3600 + 1), ("wait-hours", 3));
        assert_eq!(wait(5 * 86400), ("wait-days", 5));
    }

    #[test]
    fn a_span_over_midnight_names_both_days() {
        let utc = TimeZone::parse("UTC").unwrap();
        let text = span(
            Locale::En,
            at("2026-12-01 23:00"),
            at("2026-12-02 01:00"),
            utc,
        );
        assert_eq!(
            text,
            "Tue, 1 Dec 2026, 23:00 – Wed, 2 Dec 2026, 01:00 (UTC)"
        );
    }
}
