//! Jobs found by what they are about (`NewJob::about`): a person's mails, newest first.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::state::JobState;
use crate::db::schema::outbox_jobs;
use crate::db::{self, AnyConnection};

/// A job about a subject, as its state tells what became of it.
#[derive(Debug, Clone, Queryable)]
pub struct SubjectJob {
    pub subject_id: Option<String>,
    /// The part of the subject (one date of a series), if the job is about one alone.
    pub subject_part: Option<String>,
    /// The stored state (`JobState::as_str`).
    pub state: String,
    /// How often it was tried.
    pub attempts: i32,
    /// The last error: why it failed, or why it is being tried again.
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

/// The jobs about any of `subject_ids` that did (or will do) work, newest first; skipped jobs
/// (nothing needed sending) are left out.
pub fn jobs_about(conn: &mut AnyConnection, subject_ids: &[&str]) -> QueryResult<Vec<SubjectJob>> {
    if subject_ids.is_empty() {
        return Ok(Vec::new());
    }
    let query = outbox_jobs::table
        .filter(outbox_jobs::subject_id.eq_any(subject_ids))
        .filter(outbox_jobs::state.ne(JobState::Skipped.as_str()))
        .order(outbox_jobs::created_at.desc())
        .select((
            outbox_jobs::subject_id,
            outbox_jobs::subject_part,
            outbox_jobs::state,
            outbox_jobs::attempts,
            outbox_jobs::last_error,
            outbox_jobs::created_at,
            outbox_jobs::finished_at,
        ));
    crate::on_backend!(conn, |c| query.load(c))
}

/// Gives up on the failed jobs about `subject_id` (its mail is being sent again); how many.
pub fn discard_failed_about(conn: &mut AnyConnection, subject_id: &str) -> QueryResult<usize> {
    let failed = outbox_jobs::table
        .filter(outbox_jobs::subject_id.eq(subject_id))
        .filter(outbox_jobs::state.eq(JobState::Failed.as_str()));
    let query = diesel::update(failed).set((
        outbox_jobs::state.eq(JobState::Discarded.as_str()),
        outbox_jobs::finished_at.eq(Some(db::now())),
    ));
    crate::on_backend!(conn, |c| query.execute(c))
}

/// `outbox_jobs.state = 'failed'` written out rather than bound, as a condition other
/// modules' queries join on (the dashboard's unseen failures). PostgreSQL can serve a query
/// from the partial index `outbox_jobs_failed` only when it sees the literal; a bound value
/// hides it from a generic plan. Unlike `dsl::sql`, this has a static query id, so diesel
/// keeps the prepared statement and PostgreSQL plans it once rather than on every page.
#[derive(Debug, Clone, Copy, diesel::query_builder::QueryId)]
pub struct IsFailed;

/// The condition "this job failed for good".
pub fn is_failed() -> IsFailed {
    IsFailed
}

impl diesel::Expression for IsFailed {
    type SqlType = diesel::sql_types::Bool;
}

impl<DB: diesel::backend::Backend> diesel::query_builder::QueryFragment<DB> for IsFailed {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, DB>,
    ) -> QueryResult<()> {
        // Must equal JobState::Failed.as_str() (a unit test checks).
        out.push_sql("outbox_jobs.state = 'failed'");
        Ok(())
    }
}

impl<QS> diesel::AppearsOnTable<QS> for IsFailed {}
impl<QS> diesel::SelectableExpression<QS> for IsFailed {}
impl diesel::expression::ValidGrouping<()> for IsFailed {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_out_state_is_the_stored_one() {
        let sql = diesel::debug_query::<diesel::sqlite::Sqlite, _>(&is_failed()).to_string();
        assert!(
            sql.contains(&format!("'{}'", JobState::Failed.as_str())),
            "{sql}"
        );
    }
}
