//! Removes counts whose window has ended: keys that never fail again would otherwise stay.

use std::time::Duration;

use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

use super::queries;
use crate::db::{self, Db};

/// How often ended windows are removed; a row past its end already counts as gone, so this
/// only bounds the table's size.
const PURGE_EVERY: Duration = Duration::from_secs(600);

/// Purges now and then every [`PURGE_EVERY`] until the task is aborted. Every instance may
/// run one: the delete is idempotent.
pub fn spawn_purger(db: Db) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(PURGE_EVERY);
        every.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            match db
                .run(|conn| Ok(queries::purge_expired(conn, db::now())?))
                .await
            {
                Ok(0) => {}
                Ok(removed) => tracing::debug!(removed, "ended attempt counts purged"),
                Err(error) => tracing::warn!(%error, "cannot purge ended attempt counts"),
            }
        }
    })
}
