//! Forgetting date polls: a poll ends its life a set time after it was closed, or — never
//! closed — after the last time it proposed. It goes with its people and their answers, and
//! the outbox rows about them; bounded batches keyed by id.

use chrono::NaiveDateTime;
use diesel::Connection;

use super::queries;
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::outbox;

/// Up to `limit` ids of polls after id `after` whose life ended before `before`.
pub fn expired_polls(
    conn: &mut AnyConnection,
    before: NaiveDateTime,
    after: &str,
    limit: i64,
) -> Result<Vec<String>, AppError> {
    Ok(queries::expired_polls(conn, before, after, limit)?)
}

/// Deletes these polls and the outbox rows about their people, in one transaction; how many
/// polls and how many jobs.
pub fn delete_expired_polls(
    conn: &mut AnyConnection,
    ids: &[String],
) -> Result<(usize, usize), AppError> {
    if ids.is_empty() {
        return Ok((0, 0));
    }
    conn.transaction(|conn| {
        let people = queries::participant_ids_of_polls(conn, ids)?;
        let jobs = outbox::delete_about(conn, &people)?;
        let polls = queries::delete_polls(conn, ids)?;
        Ok((polls, jobs))
    })
}
