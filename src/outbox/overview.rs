//! The outbox as administrators see it: counts by state, failed jobs with their last error,
//! and the two things they can do about a failed job (try again, or give up on it).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::state::JobState;
use crate::db::schema::outbox_jobs;
use crate::db::{self, AnyConnection};

/// A job that failed for good.
#[derive(Debug, Clone, Queryable)]
pub struct FailedJob {
    pub id: String,
    /// What kind of work.
    pub kind: String,
    /// Its payload (JSON), for telling jobs apart.
    pub payload: String,
    /// How often it was tried.
    pub attempts: i32,
    pub last_error: Option<String>,
    /// When it was queued.
    pub created_at: NaiveDateTime,
    /// When it was given up on.
    pub finished_at: Option<NaiveDateTime>,
}

/// How many jobs are in each state, zero included, in the order people read them.
pub fn counts_of_every_state(conn: &mut AnyConnection) -> QueryResult<Vec<(JobState, i64)>> {
    let counts = counts(conn)?;
    Ok(JobState::ALL
        .into_iter()
        .map(|state| {
            let count = counts
                .iter()
                .find(|(s, _)| s == state.as_str())
                .map_or(0, |(_, n)| *n);
            (state, count)
        })
        .collect())
}

/// How many jobs are in each state that has any.
pub fn counts(conn: &mut AnyConnection) -> QueryResult<Vec<(String, i64)>> {
    outbox_jobs::table
        .group_by(outbox_jobs::state)
        .select((outbox_jobs::state, diesel::dsl::count_star()))
        .order(outbox_jobs::state)
        .load(conn)
}

/// The creation time of the oldest job that is due now, if any.
pub fn oldest_due(conn: &mut AnyConnection) -> QueryResult<Option<NaiveDateTime>> {
    outbox_jobs::table
        .filter(outbox_jobs::state.eq(JobState::Pending.as_str()))
        .filter(outbox_jobs::run_at.le(db::now()))
        .select(diesel::dsl::min(outbox_jobs::created_at))
        .first(conn)
}

/// The newest `limit` failed jobs.
pub fn failed_jobs(conn: &mut AnyConnection, limit: i64) -> QueryResult<Vec<FailedJob>> {
    outbox_jobs::table
        .filter(outbox_jobs::state.eq(JobState::Failed.as_str()))
        .order(outbox_jobs::finished_at.desc())
        .limit(limit)
        .select((
            outbox_jobs::id,
            outbox_jobs::kind,
            outbox_jobs::payload,
            outbox_jobs::attempts,
            outbox_jobs::last_error,
            outbox_jobs::created_at,
            outbox_jobs::finished_at,
        ))
        .load(conn)
}

/// Makes a failed job due again at once with a fresh count of attempts; `false` when it is
/// not (or no longer) failed.
pub fn retry_now(conn: &mut AnyConnection, id: &str) -> QueryResult<bool> {
    let rows = diesel::update(
        outbox_jobs::table
            .find(id)
            .filter(outbox_jobs::state.eq(JobState::Failed.as_str())),
    )
    .set((
        outbox_jobs::state.eq(JobState::Pending.as_str()),
        outbox_jobs::attempts.eq(0),
        outbox_jobs::run_at.eq(db::now()),
        outbox_jobs::finished_at.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    if rows == 1 {
        super::notify::notify_workers();
    }
    Ok(rows == 1)
}

/// Gives up on a failed job for good; `false` when it is not (or no longer) failed.
pub fn discard(conn: &mut AnyConnection, id: &str) -> QueryResult<bool> {
    diesel::update(
        outbox_jobs::table
            .find(id)
            .filter(outbox_jobs::state.eq(JobState::Failed.as_str())),
    )
    .set((
        outbox_jobs::state.eq(JobState::Discarded.as_str()),
        outbox_jobs::finished_at.eq(Some(db::now())),
    ))
    .execute(conn)
    .map(|rows| rows == 1)
}
