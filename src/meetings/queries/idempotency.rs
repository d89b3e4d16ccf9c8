//! The SQL of `Idempotency-Key`s for planning meetings.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::idempotency_keys;

/// The fingerprint and meeting of a key claimed after `since`.
pub(in crate::meetings) fn idempotency_key(
    conn: &mut AnyConnection,
    user_id: &str,
    key: &str,
    since: NaiveDateTime,
) -> QueryResult<Option<(String, String)>> {
    idempotency_keys::table
        .find((user_id, key))
        .filter(idempotency_keys::created_at.gt(since))
        .select((idempotency_keys::fingerprint, idempotency_keys::meeting_id))
        .first(conn)
        .optional()
}

/// Removes the key if it was claimed at or before `until`.
pub(in crate::meetings) fn forget_idempotency_key(
    conn: &mut AnyConnection,
    user_id: &str,
    key: &str,
    until: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(
        idempotency_keys::table
            .find((user_id, key))
            .filter(idempotency_keys::created_at.le(until)),
    )
    .execute(conn)
    .map(drop)
}

/// Claims a key; `false` when it is claimed already (a concurrent claim is waited for).
pub(in crate::meetings) fn claim_idempotency_key(
    conn: &mut AnyConnection,
    user_id: &str,
    key: &str,
    fingerprint: &str,
    meeting_id: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let inserted = crate::on_backend!(conn, |c| diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::user_id.eq(user_id),
            idempotency_keys::key.eq(key),
            idempotency_keys::fingerprint.eq(fingerprint),
            idempotency_keys::meeting_id.eq(meeting_id),
            idempotency_keys::created_at.eq(now),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(inserted == 1)
}

/// Removes keys claimed at or before `until`.
pub(in crate::meetings) fn purge_idempotency_keys(
    conn: &mut AnyConnection,
    until: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.le(until)))
        .execute(conn)
}
