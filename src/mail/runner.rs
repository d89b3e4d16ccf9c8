//! Starting and stopping the mail worker, the same way inside `serve` and in `treffpunkt worker`.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use super::compose::Composer;
use super::transport::Transport;
use super::worker::MailWorker;
use crate::config::{Backend, Config};
use crate::db::{self, Db, Listener};
use crate::meetings::JoinLinks;
use crate::metrics::Metrics;
use crate::outbox::CHANNEL;

/// A worker running in the background of this process.
pub struct RunningWorker {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    _listener: Option<Listener>,
}

/// How long a stopping worker may take to finish its batch before its jobs are left to the lease.
const STOP_GRACE: Duration = Duration::from_secs(30);

impl RunningWorker {
    /// Starts the worker for `config` on `db` (inside the tokio runtime).
    pub fn start(
        config: &Config,
        db: Db,
        composer: Composer,
        metrics: &Metrics,
    ) -> anyhow::Result<RunningWorker> {
        let transport = Transport::from_config(&config.mail, &config.data_dir)?;
        let links = JoinLinks::new(&config.secret_key, &config.base_url);
        let wake = Arc::new(Notify::new());
        let listener = match config.database_url.backend() {
            Backend::Postgres => {
                let wake = wake.clone();
                // Any notification, and a reconnect, means: look at the outbox now.
                Some(db::listen(
                    config.database_url.clone(),
                    CHANNEL,
                    move |_| {
                        wake.notify_one();
                    },
                )?)
            }
            Backend::Sqlite => None,
        };
        tracing::info!(to = %transport.describe(&config.mail), from = %config.mail.from, "mail goes out");
        let worker = MailWorker::new(
            db,
            transport,
            composer,
            links,
            config.mail.clone(),
            metrics.mail.clone(),
            wake,
        );
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(worker.run(stopped));
        Ok(RunningWorker {
            stop,
            task,
            _listener: listener,
        })
    }

    /// Asks the worker to stop, lets the batch in flight finish (for a while), and waits.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let mut task = self.task;
        if tokio::time::timeout(STOP_GRACE, &mut task).await.is_err() {
            tracing::warn!(
                "the mail worker did not stop in time; its jobs return when their lease ends"
            );
            task.abort();
        }
    }
}
