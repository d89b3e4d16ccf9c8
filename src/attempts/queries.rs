//! The `attempt_counts` table: one row per counted thing and key, while its window lasts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::attempt_counts::dsl as counts;

/// A key's failures in its current window.
#[derive(Debug, Clone, Copy, Queryable)]
pub(super) struct Recorded {
    pub failures: i32,
    pub expires_at: NaiveDateTime,
}

/// The key's failures, if its window is still open at `now`.
pub(super) fn recorded(
    conn: &mut AnyConnection,
    counted: &str,
    key_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<Recorded>> {
    counts::attempt_counts
        .filter(counts::counted.eq(counted))
        .filter(counts::key_hash.eq(key_hash))
        .filter(counts::expires_at.gt(now))
        .select((counts::failures, counts::expires_at))
        .first(conn)
        .optional()
}

/// Counts one failure: a window that has ended starts anew at `now` and lasts until
/// `window_end`. Atomic per key on both backends (one upsert), so instances failing the same
/// key at once all count.
pub(super) fn add_failure(
    conn: &mut AnyConnection,
    counted: &str,
    key_hash: &str,
    now: NaiveDateTime,
    window_end: NaiveDateTime,
) -> QueryResult<Recorded> {
    // Only an ended window is removed; a concurrent fresh row survives and is incremented.
    diesel::delete(
        counts::attempt_counts
            .filter(counts::counted.eq(counted))
            .filter(counts::key_hash.eq(key_hash))
            .filter(counts::expires_at.le(now)),
    )
    .execute(conn)?;
    crate::on_backend!(conn, |c| diesel::insert_into(counts::attempt_counts)
        .values((
            counts::counted.eq(counted),
            counts::key_hash.eq(key_hash),
            counts::failures.eq(1),
            counts::expires_at.eq(window_end),
        ))
        .on_conflict((counts::counted, counts::key_hash))
        .do_update()
        .set(counts::failures.eq(counts::failures + 1))
        .returning((counts::failures, counts::expires_at))
        .get_result(c))
}

/// Forgets the key's failures (after a success that clears them).
pub(super) fn forget(conn: &mut AnyConnection, counted: &str, key_hash: &str) -> QueryResult<()> {
    diesel::delete(
        counts::attempt_counts
            .filter(counts::counted.eq(counted))
            .filter(counts::key_hash.eq(key_hash)),
    )
    .execute(conn)?;
    Ok(())
}

/// Removes the rows whose window has ended; returns how many.
pub fn purge_expired(conn: &mut AnyConnection, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(counts::attempt_counts.filter(counts::expires_at.le(now))).execute(conn)
}
