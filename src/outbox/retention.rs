//! Forgetting finished jobs: a sent mail's payload (addresses, names, the agenda) is only needed
//! until it was sent and read back for a while; the row itself only as long as its meeting is
//! kept. Every function works on one bounded batch, keyed by id, so a caller's transaction stays
//! short and the next batch starts where the last one ended.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::state::JobState;
use crate::db::AnyConnection;
use crate::db::schema::outbox_jobs;

/// What a stripped payload reads as: an empty JSON object.
pub const STRIPPED_PAYLOAD: &str = "{}";

/// States whose payload is no longer needed: done, or needing no work. A failed job keeps its
/// payload, as an administrator may still try it again.
const FINISHED_FOR_GOOD: [&str; 3] = ["sent", "skipped", "discarded"];

/// Up to `limit` ids of finished jobs (not pending) that finished before `before`, after
/// `after`, in id order.
pub fn finished_before(
    conn: &mut AnyConnection,
    before: NaiveDateTime,
    after: &str,
    limit: i64,
) -> QueryResult<Vec<String>> {
    outbox_jobs::table
        .filter(outbox_jobs::finished_at.lt(before))
        .filter(outbox_jobs::state.ne(JobState::Pending.as_str()))
        .filter(outbox_jobs::id.gt(after))
        .order(outbox_jobs::id)
        .limit(limit)
        .select(outbox_jobs::id)
        .load(conn)
}

/// Up to `limit` ids of jobs done for good before `before` whose payload is still there.
pub fn payloads_to_strip(
    conn: &mut AnyConnection,
    before: NaiveDateTime,
    after: &str,
    limit: i64,
) -> QueryResult<Vec<String>> {
    outbox_jobs::table
        .filter(outbox_jobs::finished_at.lt(before))
        .filter(outbox_jobs::state.eq_any(FINISHED_FOR_GOOD))
        .filter(outbox_jobs::payload.ne(STRIPPED_PAYLOAD))
        .filter(outbox_jobs::id.gt(after))
        .order(outbox_jobs::id)
        .limit(limit)
        .select(outbox_jobs::id)
        .load(conn)
}

/// Empties the payloads of these jobs; how many.
pub fn strip_payloads(conn: &mut AnyConnection, ids: &[String]) -> QueryResult<usize> {
    diesel::update(
        outbox_jobs::table
            .filter(outbox_jobs::id.eq_any(ids))
            .filter(outbox_jobs::state.eq_any(FINISHED_FOR_GOOD)),
    )
    .set(outbox_jobs::payload.eq(STRIPPED_PAYLOAD))
    .execute(conn)
}

/// Deletes these jobs; how many.
pub fn delete_jobs(conn: &mut AnyConnection, ids: &[String]) -> QueryResult<usize> {
    diesel::delete(outbox_jobs::table.filter(outbox_jobs::id.eq_any(ids))).execute(conn)
}

/// Deletes every job about these subjects (the people of a deleted meeting or poll); how many.
pub fn delete_about(conn: &mut AnyConnection, subject_ids: &[String]) -> QueryResult<usize> {
    if subject_ids.is_empty() {
        return Ok(0);
    }
    diesel::delete(outbox_jobs::table.filter(outbox_jobs::subject_id.eq_any(subject_ids)))
        .execute(conn)
}
