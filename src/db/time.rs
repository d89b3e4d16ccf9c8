//! Times as stored: UTC, without zone, at microsecond precision.

use chrono::{NaiveDateTime, SubsecRound, Utc};

/// The current UTC time, truncated to microseconds so it reads back equal from
/// PostgreSQL (microseconds) and SQLite (which would keep nanoseconds).
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}
