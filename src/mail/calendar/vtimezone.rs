//! `VTIMEZONE` from the tz database (chrono-tz), for the span a series covers. The `icalendar`
//! crate writes none, and Outlook needs one for every `TZID`.
//!
//! The offset changes in the span (and the one in force before it, so the first meeting always
//! has an observance) are grouped by kind. Where every change of a kind falls on the same
//! weekday of the same week of the same month at the same time, year after year, the
//! observance is written as Outlook and Thunderbird write it: `DTSTART` of the first and
//! `RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU` — valid beyond the span, so an open-ended series
//! stays right. Otherwise (a zone whose rules changed) each change is explicit: `DTSTART`, then
//! `RDATE`s, which is always correct (RFC 5545 §3.6.5; ../shared/reference/series.md).

use chrono::{DateTime, Datelike, NaiveDateTime, Offset, TimeDelta, TimeZone as _, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use crate::domain::{weekday_code, weekday_position};

/// One change of a zone's offset.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Transition {
    /// The wall-clock time just before the change (the observance's `DTSTART`).
    local_before: NaiveDateTime,
    from_seconds: i32,
    to_seconds: i32,
    daylight: bool,
    name: String,
}

/// The `VTIMEZONE` component of `zone` covering `from..=to`, CRLF lines (unfolded; they are
/// short).
pub fn vtimezone(zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    // From the start of the year before: the observance in force at `from` is among them.
    let scan_from = Utc
        .with_ymd_and_hms(from.year() - 1, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or(from);
    // At least three years, so a yearly pattern shows even for a short series.
    let scan_to = to.max(from + TimeDelta::days(3 * 366));
    let mut transitions = transitions(zone, scan_from, scan_to);
    let keep_from = transitions
        .iter()
        .rposition(|t| t.local_before <= from.naive_utc())
        .unwrap_or(0);
    transitions.drain(..keep_from);
    if transitions.is_empty() {
        // No change in that time (a zone without daylight saving): one observance since 1970.
        let offset = zone.offset_from_utc_datetime(&from.naive_utc());
        let seconds = offset.fix().local_minus_utc();
        transitions.push(Transition {
            local_before: chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .unwrap_or_default(),
            from_seconds: seconds,
            to_seconds: seconds,
            daylight: false,
            name: offset.abbreviation().unwrap_or_default().to_owned(),
        });
    }
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{}\r\n", zone.name());
    // One observance per kind of change, its later dates as RDATEs.
    let mut kinds: Vec<(&Transition, Vec<&Transition>)> = Vec::new();
    for transition in &transitions {
        let same = |t: &&Transition| {
            t.daylight == transition.daylight
                && t.from_seconds == transition.from_seconds
                && t.to_seconds == transition.to_seconds
                && t.name == transition.name
        };
        match kinds.iter_mut().find(|(first, _)| same(first)) {
            Some((_, later)) => later.push(transition),
            None => kinds.push((transition, Vec::new())),
        }
    }
    for (first, later) in kinds {
        let kind = if first.daylight {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        out.push_str(&format!("BEGIN:{kind}\r\n"));
        out.push_str(&format!("DTSTART:{}\r\n", local(first.local_before)));
        match yearly_rule(first, &later) {
            Some(rule) => out.push_str(&format!("RRULE:{rule}\r\n")),
            None => {
                for transition in later.iter().filter(|t| t.local_before <= to.naive_utc()) {
                    out.push_str(&format!("RDATE:{}\r\n", local(transition.local_before)));
                }
            }
        }
        out.push_str(&format!(
            "TZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\n",
            offset_text(first.from_seconds),
            offset_text(first.to_seconds)
        ));
        if !first.name.is_empty() {
            out.push_str(&format!("TZNAME:{}\r\n", first.name));
        }
        out.push_str(&format!("END:{kind}\r\n"));
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

/// The yearly rule all these changes follow (`FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU`): one a year,
/// in the same month, on the same weekday of the same week (or the last), at the same time.
fn yearly_rule(first: &Transition, later: &[&Transition]) -> Option<String> {
    if later.is_empty() {
        return None;
    }
    let all: Vec<NaiveDateTime> = std::iter::once(first)
        .chain(later.iter().copied())
        .map(|t| t.local_before)
        .collect();
    let week = |at: &NaiveDateTime| weekday_position(at.date());
    let (month, weekday, time) = (all[0].month(), all[0].weekday(), all[0].time());
    let yearly = all
        .windows(2)
        .all(|pair| pair[1].year() == pair[0].year() + 1);
    let same = all
        .iter()
        .all(|at| at.month() == month && at.weekday() == weekday && at.time() == time);
    if !yearly || !same {
        return None;
    }
    let position = if all.iter().all(|at| week(at).1) {
        -1
    } else {
        let nth = week(&all[0]).0;
        if nth > 4 || all.iter().any(|at| week(at).0 != nth) {
            return None;
        }
        i32::try_from(nth).ok()?
    };
    let day = weekday_code(weekday).to_uppercase();
    Some(format!("FREQ=YEARLY;BYMONTH={month};BYDAY={position}{day}"))
}

/// The offset changes of `zone` in `from..=to`, found day by day and then to the second.
fn transitions(zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Transition> {
    let seconds_at = |at: DateTime<Utc>| {
        let offset = zone.offset_from_utc_datetime(&at.naive_utc());
        (offset.fix().local_minus_utc(), offset)
    };
    let mut found = Vec::new();
    let mut day = from;
    let (mut seconds, _) = seconds_at(day);
    while day <= to {
        let next = day + TimeDelta::days(1);
        let (next_seconds, _) = seconds_at(next);
        if next_seconds != seconds {
            // The change lies in (day, next]: narrow it down to the second.
            let (mut before, mut after) = (day, next);
            while after - before > TimeDelta::seconds(1) {
                let middle = before + (after - before) / 2;
                if seconds_at(middle).0 == seconds {
                    before = middle;
                } else {
                    after = middle;
                }
            }
            let (to_seconds, offset) = seconds_at(after);
            found.push(Transition {
                local_before: after.naive_utc() + TimeDelta::seconds(i64::from(seconds)),
                from_seconds: seconds,
                to_seconds,
                daylight: offset.dst_offset() != TimeDelta::zero(),
                name: offset.abbreviation().unwrap_or_default().to_owned(),
            });
            seconds = next_seconds;
        }
        day = next;
    }
    found
}

fn local(at: NaiveDateTime) -> String {
    at.format("%Y%m%dT%H%M%S").to_string()
}

/// `+0100`, `-0500`, `+0530` (seconds only where a zone has them).
fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let total = seconds.unsigned_abs();
    let (hours, minutes, rest) = (total / 3600, total % 3600 / 60, total % 60);
    if rest == 0 {
        format!("{sign}{hours:02}{minutes:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}{rest:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    #[test]
    fn berlin_changes_on_the_last_sundays_of_march_and_october() {
        let text = vtimezone(chrono_tz::Europe::Berlin, at(2027, 1, 5), at(2027, 12, 31));
        assert!(
            text.starts_with("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"),
            "{text}"
        );
        // In force on 5 January: the change of October 2026 to CET; both as yearly rules.
        assert!(
            text.contains(
                "BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\n\
                 RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
                 TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\n\
                 RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
                 TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn changed_rules_are_written_change_by_change() {
        // Casablanca leaves its offset for Ramadan, on dates that move each year: no yearly
        // pattern, so each change is explicit.
        let text = vtimezone(
            chrono_tz::Africa::Casablanca,
            at(2027, 1, 5),
            at(2029, 12, 31),
        );
        assert!(!text.contains("RRULE"), "{text}");
        assert!(text.contains("RDATE:"), "{text}");
    }

    #[test]
    fn new_york_and_a_zone_without_daylight_saving() {
        let text = vtimezone(chrono_tz::America::New_York, at(2027, 3, 1), at(2027, 4, 1));
        assert!(
            text.contains(
                "DTSTART:20270314T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n\
                 TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT"
            ),
            "the second Sunday of March: {text}"
        );
        let text = vtimezone(chrono_tz::Asia::Kolkata, at(2027, 3, 1), at(2028, 4, 1));
        assert!(
            text.contains("BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530\r\nTZNAME:IST\r\nEND:STANDARD"),
            "{text}"
        );
    }
}
