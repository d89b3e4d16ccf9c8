//! The transactional outbox: a plain job queue in the database.
//!
//! Jobs are written in the same transaction as the change that causes them, so a change and
//! its mail are committed together or not at all. The queue knows nothing about mail: callers
//! name a kind and hand over a JSON payload; the worker that reads them decides what to do.

mod lease;
mod notify;
mod overview;
mod privacy;
mod retention;
mod state;
mod subjects;

use diesel::prelude::*;
use serde::Serialize;

pub use lease::{
    ClaimedJob, backoff, claim, mark_failed, mark_sent, mark_sent_all, mark_skipped, release,
    retry_at,
};
pub use notify::CHANNEL;
pub use overview::{
    FailedJob, counts, counts_of_every_state, discard, failed_jobs, oldest_due, retry_now,
};
pub use privacy::{delete_mentioning, mails_export};
pub use retention::{
    STRIPPED_PAYLOAD, delete_about, delete_jobs, finished_before, payloads_to_strip, strip_payloads,
};
pub use state::JobState;
pub use subjects::{IsFailed, SubjectJob, discard_failed_about, is_failed, jobs_about};

use crate::db::schema::outbox_jobs;
use crate::db::{self, AnyConnection};
use crate::error::AppError;

/// A job to be queued: what kind of work, and the data it needs.
#[derive(Debug, Clone)]
pub struct NewJob {
    kind: &'static str,
    payload: String,
    subject: Option<Subject>,
}

/// What a job is about, so its jobs can be found later without reading payloads (a person's
/// deliveries): a row's id and, optionally, a part of it (one date of a series).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub id: String,
    pub part: Option<String>,
}

impl NewJob {
    /// A job of `kind` carrying `payload` as JSON.
    pub fn new(kind: &'static str, payload: &impl Serialize) -> Result<NewJob, AppError> {
        let payload = serde_json::to_string(payload)
            .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("job payload")))?;
        Ok(NewJob {
            kind,
            payload,
            subject: None,
        })
    }

    /// The same job, findable by `subject`.
    pub fn about(self, subject: Option<Subject>) -> NewJob {
        NewJob { subject, ..self }
    }
}

#[derive(Insertable)]
#[diesel(table_name = outbox_jobs)]
struct JobRow<'a> {
    id: String,
    kind: &'a str,
    payload: &'a str,
    state: &'a str,
    attempts: i32,
    run_at: chrono::NaiveDateTime,
    created_at: chrono::NaiveDateTime,
    subject_id: Option<&'a str>,
    subject_part: Option<&'a str>,
}

/// Queues `jobs` on `conn`, inside the caller's transaction; they are due at once. On
/// PostgreSQL listening workers are notified when the transaction commits (not before).
pub fn enqueue(conn: &mut AnyConnection, jobs: &[NewJob]) -> QueryResult<()> {
    if jobs.is_empty() {
        return Ok(());
    }
    let now = db::now();
    let rows: Vec<JobRow<'_>> = jobs
        .iter()
        .map(|job| JobRow {
            // Time-ordered ids keep the table's primary key index append-only.
            id: db::new_row_id(),
            kind: job.kind,
            payload: &job.payload,
            state: JobState::Pending.as_str(),
            attempts: 0,
            run_at: now,
            created_at: now,
            subject_id: job.subject.as_ref().map(|s| s.id.as_str()),
            subject_part: job.subject.as_ref().and_then(|s| s.part.as_deref()),
        })
        .collect();
    crate::on_backend!(conn, |c| diesel::insert_into(outbox_jobs::table)
        .values(&rows)
        .execute(c))?;
    notify::notify_workers();
    Ok(())
}
