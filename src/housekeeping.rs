//! Tidying up while the server runs: attempt counts whose window has ended, idempotency keys
//! older than a day. Rows past their time already count as gone; this only bounds the tables.

use std::time::Duration;

use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

use crate::db::{self, Db};
use crate::error::AppError;
use crate::{attempts, meetings};

/// How often.
const EVERY: Duration = Duration::from_secs(600);

/// Tidies up now and every [`EVERY`] until the task is aborted. Every instance may run one:
/// the deletes are idempotent.
pub fn spawn(db: Db) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        every.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let tidied = db
                .run(|conn| {
                    let now = db::now();
                    let counts = attempts::purge_expired(conn, now)?;
                    let keys = meetings::purge_idempotency_keys(conn, now)?;
                    Ok::<_, AppError>((counts, keys))
                })
                .await;
            match tidied {
                Ok((0, 0)) => {}
                Ok((counts, keys)) => {
                    tracing::debug!(counts, keys, "ended attempt counts and old keys removed");
                }
                Err(error) => tracing::warn!(%error, "cannot tidy up attempt counts and keys"),
            }
        }
    })
}
