//! The outbox worker: claims due mail jobs, turns them into messages and sends them.
//!
//! One loop per process. It claims a batch under a lease, loads the facts of the whole batch
//! in a few queries, sends up to `concurrency` messages at once, then records every outcome.
//! A message is marked sent only after the transport took it, so a crash can repeat a message
//! of the batch in flight (recognisable by its Message-ID) but never lose one. It sleeps until
//! a commit notifies it (PostgreSQL) or the poll interval passes.

use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use lettre::Message;
use tokio::sync::{Notify, Semaphore, watch};
use tokio::task::JoinSet;

use super::compose::Composer;
use super::prepare::{Preparation, Prepared};
use super::queries::{self, BatchRows};
use super::send_error::SendError;
use super::transport::Transport;
use crate::config::MailConfig;
use crate::db::{self, AnyConnection, Db};
use crate::error::AppError;
use crate::meetings::{self, DIGEST_JOB, JoinLinks, MailKind, MeetingMail};
use crate::metrics::MailMetrics;

mod single;
use crate::outbox::{self, ClaimedJob};
use crate::polls::{self, PollLetter, PollLinks};

/// What became of one job.
#[derive(Debug)]
enum Outcome {
    Sent,
    Skipped(&'static str),
    Retry(String),
    Failed(String),
}

/// The links mails carry: join links of meetings, personal links of polls.
#[derive(Clone, Debug)]
pub struct MailLinks {
    pub join: JoinLinks,
    pub poll: PollLinks,
}

/// A mail worker; `run` it until the stop signal.
pub struct MailWorker {
    /// This worker's name in leases (host and process id, plus a random part).
    pub id: String,
    db: Db,
    transport: Transport,
    composer: Composer,
    links: MailLinks,
    config: MailConfig,
    metrics: MailMetrics,
    wake: Arc<Notify>,
}

/// At most this long between two looks for reminders that fell due (more often when the
/// worker polls more often).
const REMINDER_CHECK: Duration = Duration::from_secs(30);

impl MailWorker {
    /// A worker over `db`, sending through `transport`; `wake` is notified on new jobs.
    pub fn new(
        db: Db,
        transport: Transport,
        composer: Composer,
        links: MailLinks,
        config: MailConfig,
        metrics: MailMetrics,
        wake: Arc<Notify>,
    ) -> MailWorker {
        MailWorker {
            id: worker_id(),
            db,
            transport,
            composer,
            links,
            config,
            metrics,
            wake,
        }
    }

    /// Works until `stop` turns true, then lets the batch in flight finish and gives back any
    /// job it still holds.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        tracing::info!(worker = %self.id, "mail worker started");
        let batch_size = i64::try_from(self.config.concurrency * 4).unwrap_or(64);
        let reminder_check = self.config.poll_interval.min(REMINDER_CHECK);
        let mut last_reminder_check: Option<Instant> = None;
        let mut failures = 0_u32;
        while !*stop.borrow() {
            if last_reminder_check.is_none_or(|at| at.elapsed() >= reminder_check) {
                last_reminder_check = Some(Instant::now());
                self.queue_all_due().await;
            }
            let claimed = match self.claim(batch_size).await {
                Ok(claimed) => {
                    failures = 0;
                    claimed
                }
                Err(e) => {
                    // The database is away: wait a little longer each time, then try again.
                    failures = failures.saturating_add(1);
                    tracing::warn!(error = %e, "mail worker cannot reach the outbox");
                    let pause = Duration::from_secs(u64::from(failures.min(30)));
                    tokio::select! {
                        _ = tokio::time::sleep(pause) => {}
                        _ = stop.changed() => {}
                    }
                    continue;
                }
            };
            let full = claimed.len() as i64 == batch_size;
            if !claimed.is_empty() {
                self.work(claimed).await;
            }
            if full {
                continue;
            }
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(self.config.poll_interval) => {}
                _ = stop.changed() => {}
            }
        }
        let worker = self.id.clone();
        match self
            .db
            .run(move |conn| outbox::release(conn, &worker).map_err(AppError::from))
            .await
        {
            Ok(released) => {
                tracing::info!(worker = %self.id, released, "mail worker stopped")
            }
            Err(e) => {
                tracing::warn!(worker = %self.id, error = %e, "mail worker could not give back its jobs; their lease will expire")
            }
        }
    }

    async fn claim(&self, limit: i64) -> Result<Vec<ClaimedJob>, AppError> {
        let worker = self.id.clone();
        let lease = chrono::Duration::from_std(self.config.lease)
            .unwrap_or_else(|_| chrono::Duration::minutes(5));
        self.db
            .run(move |conn| {
                let mut kinds = MailKind::job_kinds().to_vec();
                kinds.push(DIGEST_JOB);
                kinds.extend(PollLetter::job_kinds());
                outbox::claim(conn, &worker, &kinds, limit, lease).map_err(AppError::from)
            })
            .await
    }

    /// Queues what fell due (reminders, digests, poll reminders), logging how many.
    async fn queue_due(
        &self,
        what: &'static str,
        work: impl FnOnce(&mut AnyConnection) -> Result<usize, AppError> + Send + 'static,
    ) {
        match self.db.run(work).await {
            Ok(0) => {}
            Ok(queued) => tracing::info!(queued, what, "mails queued"),
            Err(e) => tracing::warn!(error = %e, what, "cannot queue mails that fell due"),
        }
    }

    async fn queue_all_due(&self) {
        if let Some(minutes) = self.config.reminder_minutes {
            self.queue_due("reminders", move |conn| {
                meetings::queue_due_reminders(conn, minutes)
            })
            .await;
        }
        self.queue_due("digests of answers", |conn| {
            meetings::queue_reply_digests(conn, chrono::Utc::now())
        })
        .await;
        self.queue_due("poll reminders", |conn| {
            polls::queue_due_poll_reminders(conn, chrono::Utc::now())
        })
        .await;
    }

    /// Prepares, sends and records one batch. Each message is handed to a send task as soon
    /// as it is composed, so sending overlaps composing the rest.
    async fn work(&self, jobs: Vec<ClaimedJob>) {
        // Digests and poll mails are made one at a time, outside the batch's concurrency.
        let (single, jobs): (Vec<ClaimedJob>, Vec<ClaimedJob>) =
            jobs.into_iter().partition(|job| {
                job.kind == DIGEST_JOB || PollLetter::from_job_kind(&job.kind).is_some()
            });
        if !single.is_empty() {
            let mut outcomes = Vec::with_capacity(single.len());
            for job in &single {
                let outcome = match PollLetter::from_job_kind(&job.kind) {
                    Some(letter) => self.poll_mail(job, letter).await,
                    None => self.digest(job).await,
                };
                outcomes.push((job.id.clone(), job.attempts, outcome));
            }
            self.record(outcomes).await;
        }
        if jobs.is_empty() {
            return;
        }
        let mails: Vec<Option<MeetingMail>> = jobs
            .iter()
            .map(|job| MeetingMail::from_job(&job.kind, &job.payload))
            .collect();
        let Some(rows) = self.load_rows(&mails).await else {
            return;
        };
        let preparation = Preparation {
            links: &self.links.join,
            organizer_copy: self.config.organizer_copy,
            now: chrono::Utc::now(),
        };
        let permits = Arc::new(Semaphore::new(self.config.concurrency));
        let mut sending = JoinSet::new();
        let mut outcomes: Vec<(String, i32, Outcome)> = Vec::with_capacity(jobs.len());
        for (job, mail) in jobs.iter().zip(&mails) {
            match self.message(&preparation, job, mail.as_ref(), &rows) {
                Ok(message) => {
                    sending.spawn(self.send(permits.clone(), job, message));
                }
                Err(outcome) => outcomes.push((job.id.clone(), job.attempts, outcome)),
            }
        }
        while let Some(done) = sending.join_next().await {
            match done {
                Ok(outcome) => outcomes.push(outcome),
                // A panicking send leaves its job to the lease.
                Err(e) => tracing::error!(error = %e, "a mail send task failed"),
            }
        }
        self.record(outcomes).await;
    }

    /// The rows the batch's mails are about; `None` (with the batch given back) when the
    /// database cannot be read: nothing was sent, and the loop's back-off handles the rest.
    async fn load_rows(&self, mails: &[Option<MeetingMail>]) -> Option<BatchRows> {
        let meeting_ids: Vec<String> = unique(mails.iter().flatten().map(|m| m.meeting_id()));
        let participant_ids: Vec<String> =
            unique(mails.iter().flatten().filter_map(|m| m.participant_id()));
        let rows = self
            .db
            .run(move |conn| {
                let meeting_ids: Vec<&str> = meeting_ids.iter().map(String::as_str).collect();
                let participant_ids: Vec<&str> =
                    participant_ids.iter().map(String::as_str).collect();
                queries::batch_rows(conn, &meeting_ids, &participant_ids).map_err(AppError::from)
            })
            .await;
        match rows {
            Ok(rows) => Some(rows),
            Err(e) => {
                tracing::warn!(error = %e, "cannot load the facts of a mail batch");
                let worker = self.id.clone();
                let _ = self
                    .db
                    .run(move |conn| outbox::release(conn, &worker).map_err(AppError::from))
                    .await;
                None
            }
        }
    }

    /// The finished message for one job, or the outcome that makes sending unnecessary.
    fn message(
        &self,
        preparation: &Preparation<'_>,
        job: &ClaimedJob,
        mail: Option<&MeetingMail>,
        rows: &BatchRows,
    ) -> Result<Message, Outcome> {
        match preparation.prepare(job, mail, rows) {
            Prepared::Skip(reason) => Err(Outcome::Skipped(reason)),
            Prepared::Fail(error) => Err(Outcome::Failed(error)),
            Prepared::Send(facts) => self
                .composer
                .compose(&facts)
                .map_err(|e| e.to_string())
                .and_then(|invitation| invitation.to_message().map_err(|e| e.to_string()))
                .map_err(Outcome::Failed),
        }
    }

    /// Sends one message once a permit is free, timing it.
    fn send(
        &self,
        permits: Arc<Semaphore>,
        job: &ClaimedJob,
        message: Message,
    ) -> impl Future<Output = (String, i32, Outcome)> + Send + 'static {
        let transport = self.transport.clone();
        let histogram = self.metrics.send_seconds.clone();
        let (id, attempts) = (job.id.clone(), job.attempts);
        async move {
            let _permit = permits.acquire_owned().await;
            let started = Instant::now();
            let result = transport.send(&message).await;
            histogram.observe(started.elapsed().as_secs_f64());
            let outcome = match result {
                Ok(()) => Outcome::Sent,
                Err(SendError::Transient(e)) => Outcome::Retry(e),
                Err(SendError::Permanent(e)) => Outcome::Failed(e),
            };
            (id, attempts, outcome)
        }
    }

    /// Writes every outcome of a batch back to the outbox.
    async fn record(&self, outcomes: Vec<(String, i32, Outcome)>) {
        let worker = self.id.clone();
        let max_attempts = self.config.max_attempts;
        let first_retry = self.config.retry_seconds;
        let metrics = self.metrics.clone();
        let result = self
            .db
            .run(move |conn| {
                let sent: Vec<&str> = outcomes
                    .iter()
                    .filter(|(_, _, o)| matches!(o, Outcome::Sent))
                    .map(|(id, _, _)| id.as_str())
                    .collect();
                let marked = outbox::mark_sent_all(conn, &sent, &worker)?;
                metrics.sent.inc_by(sent.len() as u64);
                if marked < sent.len() {
                    tracing::warn!(
                        lost = sent.len() - marked,
                        "some leases ran out before their mail was sent; another worker may send those again"
                    );
                }
                for (id, attempts, outcome) in &outcomes {
                    match outcome {
                        Outcome::Sent => {}
                        Outcome::Skipped(reason) => {
                            metrics.skipped.inc();
                            outbox::mark_skipped(conn, id, &worker, reason)?;
                        }
                        Outcome::Failed(error) => {
                            metrics.failed.inc();
                            tracing::warn!(job = %id, %error, "mail failed for good");
                            outbox::mark_failed(conn, id, &worker, error)?;
                        }
                        Outcome::Retry(error) if *attempts >= max_attempts => {
                            metrics.failed.inc();
                            let error = format!("gave up after {attempts} attempts: {error}");
                            tracing::warn!(job = %id, %error, "mail failed for good");
                            outbox::mark_failed(conn, id, &worker, &error)?;
                        }
                        Outcome::Retry(error) => {
                            metrics.retried.inc();
                            let wait = outbox::backoff(*attempts, first_retry, jitter());
                            tracing::info!(job = %id, %error, retry_in_seconds = wait.num_seconds(), "mail will be tried again");
                            outbox::retry_at(conn, id, &worker, error, db::now() + wait)?;
                        }
                    }
                }
                Ok::<_, AppError>(())
            })
            .await;
        if let Err(e) = result {
            // The lease brings the jobs back; a sent one may then go out twice.
            tracing::error!(error = %e, "cannot record the outcome of a mail batch");
        }
    }
}

fn unique<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    ids.collect::<HashSet<_>>()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// A random number in `[0, 1)` for spreading retries.
fn jitter() -> f64 {
    let mut bytes = [0_u8; 4];
    match getrandom::fill(&mut bytes) {
        Ok(()) => f64::from(u32::from_le_bytes(bytes)) / (f64::from(u32::MAX) + 1.0),
        Err(_) => 0.5,
    }
}

/// `host:pid:random`, so an operator can tell from a lease which machine and process holds it.
fn worker_id() -> String {
    let host = lettre::transport::smtp::extension::ClientId::default().to_string();
    let random = uuid::Uuid::new_v4().simple().to_string();
    format!("{host}:{}:{}", std::process::id(), &random[..8])
}
