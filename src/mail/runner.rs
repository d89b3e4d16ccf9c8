//! Starting and stopping the mail worker, the same way inside `serve` and in `treffpunkt worker`.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use super::compose::Composer;
use super::replies::{ReplyAddresses, ReplyReader};
use super::transport::Transport;
use super::worker::{MailLinks, MailWorker};
use crate::config::{Backend, Config};
use crate::db::{self, Db, Listener};
use crate::meetings::JoinLinks;
use crate::metrics::Metrics;
use crate::outbox::CHANNEL;
use crate::polls::PollLinks;

/// A worker running in the background of this process (and, with a reply mailbox, the
/// reader of calendar replies beside it).
pub struct RunningWorker {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    replies: Option<JoinHandle<()>>,
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
        let links = MailLinks {
            join: JoinLinks::new(&config.secret_key, &config.base_url),
            poll: PollLinks::new(&config.secret_key, &config.base_url),
        };
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
        let reader = config.mail.replies.as_ref().map(|replies| ReplyReader {
            config: replies.clone(),
            db: db.clone(),
            addresses: ReplyAddresses::new(&config.secret_key, replies),
            composer: composer.clone(),
            transport: transport.clone(),
            from: config.mail.from.clone(),
        });
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
        let replies = reader.map(|reader| tokio::spawn(reader.run(stopped.clone())));
        let task = tokio::spawn(worker.run(stopped));
        Ok(RunningWorker {
            stop,
            task,
            replies,
            _listener: listener,
        })
    }

    /// Asks the worker to stop, lets the batch in flight finish (for a while), and waits.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Some(mut reader) = self.replies
            && tokio::time::timeout(STOP_GRACE, &mut reader).await.is_err()
        {
            reader.abort();
        }
        let mut task = self.task;
        if tokio::time::timeout(STOP_GRACE, &mut task).await.is_err() {
            tracing::warn!(
                "the mail worker did not stop in time; its jobs return when their lease ends"
            );
            task.abort();
        }
    }
}
