//! Planning a meeting at most once per `Idempotency-Key`: a client whose answer was lost sends
//! the same request again and gets the meeting the first one created, never a second meeting.
//!
//! The key is claimed first inside the creating transaction, so a twin sent at the same moment
//! waits on the claim (PostgreSQL) or on the write lock (SQLite) and then finds it taken.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::QueryResult;

use super::access::{MeetingDetail, meeting_for_editor};
use super::queries;
use crate::accounts::User;
use crate::db::AnyConnection;
use crate::domain::{FieldError, IdempotencyKey};
use crate::error::{AppError, FieldErrors};

/// How long a key is remembered.
pub const KEY_KEPT: TimeDelta = TimeDelta::hours(24);

/// A creation the client may send again: its key, and a fingerprint of what it asks for.
#[derive(Debug, Clone)]
pub struct Repeatable {
    /// The client's `Idempotency-Key`.
    pub key: IdempotencyKey,
    /// The request as parsed, hashed: the same key with another request is refused.
    pub fingerprint: String,
}

/// What planning led to.
#[derive(Debug)]
pub enum Planned {
    /// A new meeting.
    New(MeetingDetail),
    /// The meeting an earlier request with the same key created.
    Repeated(MeetingDetail),
}

/// The meeting an earlier request with this key created, while the key is remembered; 422 when
/// the key came with another request.
pub(super) fn earlier(
    conn: &mut AnyConnection,
    user: &User,
    repeatable: &Repeatable,
    now: NaiveDateTime,
) -> Result<Option<MeetingDetail>, AppError> {
    let Some((fingerprint, meeting_id)) =
        queries::idempotency_key(conn, &user.id, repeatable.key.as_str(), now - KEY_KEPT)?
    else {
        return Ok(None);
    };
    if fingerprint != repeatable.fingerprint {
        let mut errors = FieldErrors::new();
        errors.add("Idempotency-Key", FieldError::new("idempotency_key_reused"));
        return Err(AppError::Validation(errors));
    }
    Ok(Some(meeting_for_editor(conn, user, &meeting_id)?))
}

/// Claims the key for `meeting_id`, first thing in the creating transaction; `false` when a
/// request sent at the same moment claimed it first.
pub(super) fn claim(
    conn: &mut AnyConnection,
    user: &User,
    repeatable: &Repeatable,
    meeting_id: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    // A key older than a day is forgotten, so it may name a new request.
    queries::forget_idempotency_key(conn, &user.id, repeatable.key.as_str(), now - KEY_KEPT)?;
    queries::claim_idempotency_key(
        conn,
        &user.id,
        repeatable.key.as_str(),
        &repeatable.fingerprint,
        meeting_id,
        now,
    )
}

/// Forgets keys older than a day; how many.
pub fn purge_idempotency_keys(conn: &mut AnyConnection, now: NaiveDateTime) -> QueryResult<usize> {
    queries::purge_idempotency_keys(conn, now - KEY_KEPT)
}
