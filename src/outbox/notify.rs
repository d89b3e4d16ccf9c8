//! Waking workers when jobs arrive, instead of waiting for their next poll.

/// The PostgreSQL channel notified after a database visit queued jobs, so workers wake at once.
pub const CHANNEL: &str = "treffpunkt_outbox";

/// Wakes listening workers once the current database visit is over and its transaction
/// committed: not with a `NOTIFY` inside the transaction, which would make every queuing
/// commit wait for the one before it (see `db::announce`). PostgreSQL; on SQLite workers poll.
pub(super) fn notify_workers() {
    crate::db::announce_after_visit();
}
