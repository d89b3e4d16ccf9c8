//! Times as stored: UTC, without zone, at microsecond precision.

use chrono::{NaiveDateTime, SubsecRound, Utc};

/// The current UTC time, truncated to microseconds so it reads back equal from
/// PostgreSQL (microseconds) and SQLite (which would keep nanoseconds).
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}

/// A stored time as RFC 3339 in UTC (`2026-12-01T09:00:00Z`), for documents people and
/// programs read (the privacy export).
pub fn utc_text(at: NaiveDateTime) -> String {
    at.and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
