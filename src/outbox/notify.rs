//! Waking workers when jobs arrive, instead of waiting for their next poll.

use diesel::prelude::*;

use crate::db::AnyConnection;

/// The PostgreSQL channel a commit with new jobs notifies, so workers wake at once.
pub const CHANNEL: &str = "treffpunkt_outbox";

/// Wakes listening workers when the caller's transaction commits (PostgreSQL; on SQLite
/// workers poll).
pub(super) fn notify_workers(conn: &mut AnyConnection) -> QueryResult<()> {
    if let AnyConnection::Postgresql(c) = conn {
        diesel::sql_query(format!("NOTIFY {CHANNEL}")).execute(c)?;
    }
    Ok(())
}
