//! Running the job once a day in the worker.

use std::time::Duration;

use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

use super::claim::claim;
use super::run::{Mode, Retention, Step, run};
use crate::config::RetentionConfig;
use crate::db::{self, Db};
use crate::metrics::RetentionMetrics;

/// How often a worker asks whether today's run is due.
const ASK_EVERY: Duration = Duration::from_secs(3600);
/// How often the job runs.
const RUN_EVERY: Duration = Duration::from_secs(24 * 3600);
/// Its name in `maintenance_runs`.
const JOB: &str = "retention";

/// Asks at start and every hour whether the day's run is due, and runs it if this worker
/// claims it; until the task is aborted.
pub fn spawn(db: Db, config: RetentionConfig, metrics: RetentionMetrics) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(ASK_EVERY);
        every.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let now = db::now();
            match db
                .run(move |conn| Ok(claim(conn, JOB, now, RUN_EVERY)?))
                .await
            {
                Ok(true) => {}
                Ok(false) => continue,
                Err(error) => {
                    tracing::warn!(%error, "cannot tell whether the retention job is due");
                    continue;
                }
            }
            let retention = Retention {
                config,
                mode: Mode::Apply,
            };
            match run(&db, retention, now).await {
                Ok(report) => {
                    let count = |step: Step, rows: usize| {
                        metrics
                            .rows
                            .get_or_create(&vec![("step".to_owned(), step.name().to_owned())])
                            .inc_by(rows as u64);
                    };
                    for step in &report.steps {
                        count(step.step, step.rows);
                        // The mails about deleted meetings and polls are outbox rows too.
                        count(Step::OutboxRows, step.jobs);
                    }
                    metrics.runs.inc();
                    metrics.last_run_seconds.set(report.took.as_secs_f64());
                    metrics
                        .longest_batch_seconds
                        .set(report.longest_batch.as_secs_f64());
                    let counts: Vec<String> = report
                        .steps
                        .iter()
                        .map(|s| format!("{}={}", s.step.name(), s.rows + s.jobs))
                        .collect();
                    tracing::info!(
                        rows = report.rows(),
                        batches = report.batches,
                        took_ms = report.took.as_millis() as u64,
                        longest_batch_ms = report.longest_batch.as_millis() as u64,
                        steps = %counts.join(" "),
                        "retention run finished"
                    );
                }
                Err(error) => {
                    tracing::warn!(%error, "the retention run failed; it runs again tomorrow")
                }
            }
        }
    })
}
