//! One run of the retention job: each step in batches of [`BATCH`] rows, keyed by id, each
//! batch's change in one short transaction.

use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::config::RetentionConfig;
use crate::db::{AnyConnection, Db};
use crate::error::AppError;
use crate::{audit, meetings, outbox, polls};

/// Rows per batch: small enough that a batch's transaction holds its locks for milliseconds.
pub const BATCH: i64 = 200;

/// What the job forgets, in the order it runs (meetings and polls first: their outbox rows go
/// with them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Meetings ended or cancelled longer ago than the retention time.
    Meetings,
    /// Polls closed (or past their last proposed time) longer ago than that.
    Polls,
    /// Finished outbox rows older than that.
    OutboxRows,
    /// Payloads of mails sent longer ago than the outbox retention time.
    OutboxPayloads,
    /// Audit addresses older than a week, cut to their network.
    AuditAddresses,
    /// Audit entries older than a year.
    AuditEntries,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Meetings,
        Step::Polls,
        Step::OutboxRows,
        Step::OutboxPayloads,
        Step::AuditAddresses,
        Step::AuditEntries,
    ];

    /// The name in logs, `/metrics` and the command's output.
    pub fn name(self) -> &'static str {
        match self {
            Step::Meetings => "meetings",
            Step::Polls => "polls",
            Step::OutboxRows => "outbox_rows",
            Step::OutboxPayloads => "outbox_payloads",
            Step::AuditAddresses => "audit_addresses",
            Step::AuditEntries => "audit_entries",
        }
    }
}

/// Whether a run changes anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Apply,
    /// Counts what a run would change, changing nothing.
    DryRun,
}

/// The job with its settings.
#[derive(Debug, Clone, Copy)]
pub struct Retention {
    pub config: RetentionConfig,
    pub mode: Mode,
}

/// What one step did in a run.
#[derive(Debug, Clone, Serialize)]
pub struct StepReport {
    pub step: Step,
    /// Rows deleted, or emptied (payloads, addresses); in a dry run, rows that would be.
    pub rows: usize,
    /// Outbox rows deleted with the meetings or polls they were about.
    pub jobs: usize,
    /// This step's longest change (milliseconds in JSON).
    #[serde(rename = "longest_batch_ms", serialize_with = "milliseconds")]
    pub longest_batch: Duration,
}

fn milliseconds<S: serde::Serializer>(
    duration: &Duration,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(duration.as_secs_f64() * 1000.0)
}

/// What a run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub steps: Vec<StepReport>,
    /// From start to end.
    pub took: Duration,
    /// The longest batch's change: the longest any lock was held.
    pub longest_batch: Duration,
    /// Batches run.
    pub batches: usize,
}

impl Report {
    /// Rows of every step together.
    pub fn rows(&self) -> usize {
        self.steps.iter().map(|s| s.rows + s.jobs).sum()
    }
}

/// One batch: what it did and where the next starts.
struct Batch {
    rows: usize,
    jobs: usize,
    next_after: String,
    held: Duration,
}

impl Retention {
    /// The time before which `step`'s rows are due.
    fn cutoff(&self, step: Step, now: NaiveDateTime) -> NaiveDateTime {
        let keep = match step {
            Step::Meetings | Step::Polls | Step::OutboxRows => self.config.meetings,
            Step::OutboxPayloads => self.config.outbox_payloads,
            Step::AuditAddresses => self.config.audit_addresses,
            Step::AuditEntries => self.config.audit_entries,
        };
        now - chrono::TimeDelta::from_std(keep).unwrap_or(chrono::TimeDelta::MAX)
    }

    /// One batch of `step` after id `after`; `None` when nothing is left.
    fn batch(
        &self,
        conn: &mut AnyConnection,
        step: Step,
        now: NaiveDateTime,
        after: &str,
    ) -> Result<Option<Batch>, AppError> {
        let before = self.cutoff(step, now);
        let apply = self.mode == Mode::Apply;
        // Reads take no locks (MVCC, WAL); only the change does, and it is what is timed.
        let mut held = Duration::ZERO;
        let mut timed = |change: &mut dyn FnMut() -> Result<(usize, usize), AppError>| {
            let started = Instant::now();
            let outcome = change();
            held = started.elapsed();
            outcome
        };
        let (found, next_after, rows, jobs) = match step {
            Step::Meetings => {
                let expired = meetings::expired_meetings(conn, before, after, BATCH)?;
                let Some(next) = expired.next_after else {
                    return Ok(None);
                };
                let (rows, jobs) = if apply {
                    timed(&mut || meetings::delete_expired_meetings(conn, &expired.ids))?
                } else {
                    (expired.ids.len(), 0)
                };
                (true, next, rows, jobs)
            }
            Step::Polls => {
                let ids = polls::expired_polls(conn, before, after, BATCH)?;
                let (rows, jobs) = if apply {
                    timed(&mut || polls::delete_expired_polls(conn, &ids))?
                } else {
                    (ids.len(), 0)
                };
                (!ids.is_empty(), last(&ids), rows, jobs)
            }
            Step::OutboxRows => {
                let ids = outbox::finished_before(conn, before, after, BATCH)?;
                let rows = if apply {
                    timed(&mut || Ok((outbox::delete_jobs(conn, &ids)?, 0)))?.0
                } else {
                    ids.len()
                };
                (!ids.is_empty(), last(&ids), rows, 0)
            }
            Step::OutboxPayloads => {
                let ids = outbox::payloads_to_strip(conn, before, after, BATCH)?;
                let rows = if apply {
                    timed(&mut || Ok((outbox::strip_payloads(conn, &ids)?, 0)))?.0
                } else {
                    ids.len()
                };
                (!ids.is_empty(), last(&ids), rows, 0)
            }
            Step::AuditAddresses => {
                let entries = audit::whole_addresses_before(conn, before, after, BATCH)?;
                let rows = if apply {
                    timed(&mut || Ok((audit::truncate_addresses(conn, &entries)?, 0)))?.0
                } else {
                    entries.len()
                };
                let next = entries.last().map(|(id, _)| id.clone()).unwrap_or_default();
                (!entries.is_empty(), next, rows, 0)
            }
            Step::AuditEntries => {
                let ids = audit::entries_before(conn, before, after, BATCH)?;
                let rows = if apply {
                    timed(&mut || Ok((audit::delete_entries(conn, &ids)?, 0)))?.0
                } else {
                    ids.len()
                };
                (!ids.is_empty(), last(&ids), rows, 0)
            }
        };
        if !found {
            return Ok(None);
        }
        Ok(Some(Batch {
            rows,
            jobs,
            next_after,
            held,
        }))
    }
}

fn last(ids: &[String]) -> String {
    ids.last().cloned().unwrap_or_default()
}

/// Collects batches into a report.
struct Tally {
    report: Report,
    started: Instant,
}

impl Tally {
    fn new() -> Tally {
        Tally {
            report: Report::default(),
            started: Instant::now(),
        }
    }

    fn add(&mut self, step: Step, batch: &Batch) {
        if self.report.steps.last().is_none_or(|s| s.step != step) {
            self.start_step(step);
        }
        if let Some(current) = self.report.steps.last_mut() {
            current.rows += batch.rows;
            current.jobs += batch.jobs;
            current.longest_batch = current.longest_batch.max(batch.held);
        }
        self.report.batches += 1;
        self.report.longest_batch = self.report.longest_batch.max(batch.held);
    }

    fn start_step(&mut self, step: Step) {
        self.report.steps.push(StepReport {
            step,
            rows: 0,
            jobs: 0,
            longest_batch: Duration::ZERO,
        });
    }

    fn finish(mut self) -> Report {
        self.report.took = self.started.elapsed();
        self.report
    }
}

/// Runs every step to its end on one connection (the command line).
pub fn run_blocking(
    conn: &mut AnyConnection,
    retention: Retention,
    now: NaiveDateTime,
) -> Result<Report, AppError> {
    let mut tally = Tally::new();
    for step in Step::ALL {
        tally.start_step(step);
        let mut after = String::new();
        while let Some(batch) = retention.batch(conn, step, now, &after)? {
            tally.add(step, &batch);
            after = batch.next_after;
        }
    }
    Ok(tally.finish())
}

/// Runs every step to its end with one database visit per batch (the worker), so requests and
/// mail get connections between batches.
pub async fn run(db: &Db, retention: Retention, now: NaiveDateTime) -> Result<Report, AppError> {
    let mut tally = Tally::new();
    for step in Step::ALL {
        tally.start_step(step);
        let mut after = String::new();
        loop {
            let from = after.clone();
            let batch = db
                .run(move |conn| retention.batch(conn, step, now, &from))
                .await?;
            let Some(batch) = batch else { break };
            tally.add(step, &batch);
            after = batch.next_after;
        }
    }
    Ok(tally.finish())
}
