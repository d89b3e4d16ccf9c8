//! Tidying up while the server runs: attempt counts whose window has ended, idempotency keys
//! older than a day, reservations of unplanned rooms Jitsi let go a day ago. Rows past their
//! time already count as gone; this only bounds the tables. It also gives dial-in PINs to
//! meetings planned before PINs existed, a bounded batch at a time.

use std::time::Duration;

use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

use crate::db::{self, Db};
use crate::error::AppError;
use crate::{attempts, conference, meetings};

/// How often.
const EVERY: Duration = Duration::from_secs(600);
/// Meetings without a PIN given one per round.
const PINS_PER_ROUND: i64 = 1_000;

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
                    let released = conference::purge_released_reservations(conn, now)?;
                    let pins = conference::assign_missing_pins(conn, PINS_PER_ROUND)?;
                    Ok::<_, AppError>((counts, keys + released + pins))
                })
                .await;
            match tidied {
                Ok((0, 0)) => {}
                Ok((counts, rows)) => {
                    tracing::debug!(
                        counts,
                        rows,
                        "ended attempt counts, old keys and reservations removed, PINs given"
                    );
                }
                Err(error) => tracing::warn!(%error, "cannot tidy up attempt counts and keys"),
            }
        }
    })
}
