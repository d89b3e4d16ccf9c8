//! `treffpunkt worker`: the mail worker alone, for running it on other machines or beside a
//! `serve` started with `TREFFPUNKT_MAIL_WORKER=false`.

use anyhow::Context as _;

use crate::config::Config;
use crate::db::{self, Migrate};
use crate::mail::{Composer, RunningWorker};
use crate::metrics::Metrics;
use crate::retention;

/// Sends mail from the outbox until SIGINT or SIGTERM, then finishes its batch and stops.
pub fn run(config: Config, migrate: Migrate) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let url = config.database_url.clone();
        // The worker holds at most one connection for work and one for claims at a time; the
        // retention job one more, a batch at a time.
        let (db, applied) = tokio::task::spawn_blocking(move || db::open(&url, 3, migrate))
            .await
            .context("opening the database panicked")??;
        if !applied.is_empty() {
            tracing::info!(?applied, "database migrated");
        }
        // Reminders it queues wake the other workers too.
        let db = db.announcing_on(&config.database_url, crate::outbox::CHANNEL)?;
        let composer = Composer::from_config(&config)?;
        let metrics = Metrics::new();
        let retention = retention::spawn(db.clone(), config.retention, metrics.retention.clone());
        let worker = RunningWorker::start(&config, db, composer, &metrics)?;
        stop_signal().await?;
        tracing::info!("stopping");
        retention.abort();
        worker.stop().await;
        Ok(())
    })
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM (service managers).
async fn stop_signal() -> anyhow::Result<()> {
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("cannot watch for SIGTERM")?;
    tokio::select! {
        result = tokio::signal::ctrl_c() => result.context("cannot watch for SIGINT"),
        _ = terminate.recv() => Ok(()),
    }
}
