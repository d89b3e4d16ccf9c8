//! Expanding one series over five years, as the agenda, the join page and the calendar do.
//!
//! Run: `cargo bench --bench series_expansion`. Beside it in the same run, the floor: the same
//! number of starts made by adding a week to a UTC instant (wrong across daylight saving, which
//! is why the real expansion runs in the meeting's zone).

use std::hint::black_box;

use chrono::{TimeDelta, TimeZone as _, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use treffpunkt::domain::{Recurrence, Series, TimeZone};

fn weekly_for_five_years() -> Series {
    let zone = TimeZone::parse("Europe/Berlin").unwrap();
    let rule = Recurrence::parse_rrule("FREQ=WEEKLY;BYDAY=TU;UNTIL=20311230", zone.tz()).unwrap();
    let first = Utc.with_ymd_and_hms(2027, 1, 5, 9, 0, 0).unwrap();
    Series::new(rule, zone, first, TimeDelta::hours(1)).unwrap()
}

fn expansion(c: &mut Criterion) {
    let series = weekly_for_five_years();
    let count = series.starts_from(series.first_start(), 1000).len();
    assert_eq!(count, 261, "five years of Tuesdays");
    let mut group = c.benchmark_group("series");
    group.bench_function("weekly_5_years_in_zone", |b| {
        b.iter(|| black_box(series.starts_from(black_box(series.first_start()), 1000)))
    });
    group.bench_function("weekly_5_years_utc_floor", |b| {
        b.iter(|| {
            let first = black_box(series.first_start());
            let starts: Vec<_> = (0..count as i32)
                .map(|week| first + TimeDelta::weeks(i64::from(week)))
                .collect();
            black_box(starts)
        })
    });
    group.finish();
}

criterion_group!(benches, expansion);
criterion_main!(benches);
