//! A series' rule as people read it, in their language: "every 2 weeks on Tuesday, until
//! 30 June 2027" / "alle 2 Wochen am Dienstag, bis 30. Juni 2027".

use chrono::{Datelike, NaiveDate, Weekday};

use crate::domain::{Frequency, Locale, Recurrence, SeriesEnd};

const DAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const DAYS_DE: [&str; 7] = [
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const WORKDAYS: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];

/// The rule of a series whose first meeting is on `first`, in words.
pub fn rule(locale: Locale, rule: &Recurrence, first: NaiveDate) -> String {
    let repeats = match locale {
        Locale::En => english(rule, first),
        Locale::De => german(rule, first),
    };
    let end = match (rule.end(), locale) {
        (SeriesEnd::Never, _) => String::new(),
        (SeriesEnd::Until(day), Locale::En) => format!(
            ", until {} {} {}",
            day.day(),
            MONTHS_EN[day.month0() as usize],
            day.year()
        ),
        (SeriesEnd::Until(day), Locale::De) => format!(
            ", bis {}. {} {}",
            day.day(),
            MONTHS_DE[day.month0() as usize],
            day.year()
        ),
        (SeriesEnd::Count(count), Locale::En) => format!(", {count} times"),
        (SeriesEnd::Count(count), Locale::De) => format!(", {count} Mal"),
    };
    format!("{repeats}{end}")
}

/// The rule's weekdays; none chosen means the first meeting's (as RFC 5545 reads it).
fn chosen_days(rule: &Recurrence, first: NaiveDate) -> Vec<Weekday> {
    if rule.by_weekday().is_empty() {
        vec![first.weekday()]
    } else {
        rule.by_weekday().to_vec()
    }
}

fn day_names(days: &[Weekday], names: &[&str; 7], and: &str) -> String {
    let named: Vec<&str> = days
        .iter()
        .map(|d| names[d.num_days_from_monday() as usize])
        .collect();
    match named.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} {and} {last}", rest.join(", ")),
    }
}

fn english(rule: &Recurrence, first: NaiveDate) -> String {
    let n = rule.interval();
    let every = |one: &str, many: &str| {
        if n == 1 {
            format!("every {one}")
        } else {
            format!("every {n} {many}")
        }
    };
    let days = day_names(&chosen_days(rule, first), &DAYS_EN, "and");
    match rule.frequency() {
        Frequency::Daily if rule.by_weekday() == WORKDAYS && n == 1 => {
            "every weekday (Monday to Friday)".to_owned()
        }
        Frequency::Daily if !rule.by_weekday().is_empty() => {
            format!("{} on {}", every("day", "days"), days)
        }
        Frequency::Daily => every("day", "days"),
        Frequency::Weekly => format!("{} on {}", every("week", "weeks"), days),
        Frequency::Monthly => {
            let on = match (rule.by_month_day(), rule.by_set_position()) {
                (Some(-1), _) => "the last day".to_owned(),
                (Some(day), _) => format!("day {day}"),
                (None, Some(position)) => {
                    let nth = match position {
                        -1 => "last".to_owned(),
                        1 => "1st".to_owned(),
                        2 => "2nd".to_owned(),
                        3 => "3rd".to_owned(),
                        n => format!("{n}th"),
                    };
                    format!("the {nth} {}", days)
                }
                (None, None) => format!("day {}", first.day()),
            };
            format!("{} on {on}", every("month", "months"))
        }
        Frequency::Yearly => format!(
            "{} on {} {}",
            every("year", "years"),
            first.day(),
            MONTHS_EN[first.month0() as usize]
        ),
    }
}

fn german(rule: &Recurrence, first: NaiveDate) -> String {
    let n = rule.interval();
    let days = day_names(&chosen_days(rule, first), &DAYS_DE, "und");
    let every = |one: &str, many: &str| {
        if n == 1 {
            one.to_owned()
        } else {
            format!("alle {n} {many}")
        }
    };
    match rule.frequency() {
        Frequency::Daily if rule.by_weekday() == WORKDAYS && n == 1 => {
            "werktags (Montag bis Freitag)".to_owned()
        }
        Frequency::Daily if !rule.by_weekday().is_empty() => {
            format!("{} am {}", every("täglich", "Tage"), days)
        }
        Frequency::Daily => every("täglich", "Tage"),
        Frequency::Weekly => format!("{} am {}", every("jede Woche", "Wochen"), days),
        Frequency::Monthly => {
            let on = match (rule.by_month_day(), rule.by_set_position()) {
                (Some(-1), _) => "letzten Tag".to_owned(),
                (Some(day), _) => format!("{day}."),
                (None, Some(-1)) => format!("letzten {}", days),
                (None, Some(position)) => format!("{position}. {}", days),
                (None, None) => format!("{}.", first.day()),
            };
            format!("{} am {on}", every("jeden Monat", "Monate"))
        }
        Frequency::Yearly => format!(
            "{} am {}. {}",
            every("jedes Jahr", "Jahre"),
            first.day(),
            MONTHS_DE[first.month0() as usize]
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(rrule: &str, first: (i32, u32, u32)) -> (String, String) {
        let rule = Recurrence::parse_rrule(rrule, chrono_tz::Europe::Berlin).unwrap();
        let first = NaiveDate::from_ymd_opt(first.0, first.1, first.2).unwrap();
        (rule_en(&rule, first), rule_de(&rule, first))
    }

    fn rule_en(r: &Recurrence, first: NaiveDate) -> String {
        rule(Locale::En, r, first)
    }

    fn rule_de(r: &Recurrence, first: NaiveDate) -> String {
        rule(Locale::De, r, first)
    }

    #[test]
    fn rules_read_naturally_in_both_languages() {
        for (rrule, first, en, de) in [
            (
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270630T215959Z",
                (2027, 1, 5),
                "every 2 weeks on Tuesday, until 30 June 2027",
                "alle 2 Wochen am Dienstag, bis 30. Juni 2027",
            ),
            (
                "FREQ=WEEKLY;BYDAY=MO,WE,FR",
                (2027, 1, 4),
                "every week on Monday, Wednesday and Friday",
                "jede Woche am Montag, Mittwoch und Freitag",
            ),
            (
                "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=10",
                (2027, 1, 4),
                "every weekday (Monday to Friday), 10 times",
                "werktags (Montag bis Freitag), 10 Mal",
            ),
            ("FREQ=DAILY", (2027, 1, 4), "every day", "täglich"),
            (
                "FREQ=MONTHLY;BYDAY=-1FR",
                (2027, 1, 29),
                "every month on the last Friday",
                "jeden Monat am letzten Freitag",
            ),
            (
                "FREQ=MONTHLY;BYDAY=2TU",
                (2027, 1, 12),
                "every month on the 2nd Tuesday",
                "jeden Monat am 2. Dienstag",
            ),
            (
                "FREQ=MONTHLY;BYMONTHDAY=31",
                (2027, 1, 31),
                "every month on day 31",
                "jeden Monat am 31.",
            ),
            (
                "FREQ=YEARLY",
                (2028, 2, 29),
                "every year on 29 February",
                "jedes Jahr am 29. Februar",
            ),
        ] {
            let (got_en, got_de) = words(rrule, first);
            assert_eq!(got_en, en, "{rrule}");
            assert_eq!(got_de, de, "{rrule}");
        }
    }
}
