//! Waking the pages that wait on a meeting's waiting room: a participant's page waiting to be
//! let in, a moderator's list of who waits. A ring names the meeting; pages look at the
//! database again, so a ring carries no state and a missed one costs only a timeout.
//!
//! On PostgreSQL a change also runs `NOTIFY treffpunkt_lobby, '<meeting id>'` inside its
//! transaction; every instance listens (`db::listen`) and rings its own bell, so instances
//! behind a load balancer wake each other's pages. On SQLite there is one instance, and the
//! change rings the bell itself after committing.

use std::time::Duration;

use diesel::prelude::*;
use tokio::sync::broadcast;

use crate::db::AnyConnection;

/// The PostgreSQL channel of waiting-room changes.
pub const LOBBY_CHANNEL: &str = "treffpunkt_lobby";

/// Rings pending before slow listeners miss some; a miss only means waiting for the timeout.
const CAPACITY: usize = 256;

/// The meetings whose waiting room changed, for every page that waits in this process.
#[derive(Debug, Clone)]
pub struct LobbyBell {
    rings: broadcast::Sender<Option<String>>,
}

impl Default for LobbyBell {
    fn default() -> Self {
        LobbyBell {
            rings: broadcast::channel(CAPACITY).0,
        }
    }
}

impl LobbyBell {
    /// Rings for `meeting_id`; `None` rings for every meeting (after a lost connection).
    pub fn ring(&self, meeting_id: Option<String>) {
        // Nobody waiting is no error.
        let _ = self.rings.send(meeting_id);
    }

    /// Waits until the waiting room of `meeting_id` may have changed, or `at_most` passed. Call
    /// [`LobbyBell::listen`] *before* reading the state, so no ring between the read and the
    /// wait is lost.
    pub async fn wait(listener: &mut Listening, meeting_id: &str, at_most: Duration) {
        let deadline = tokio::time::Instant::now() + at_most;
        loop {
            match tokio::time::timeout_at(deadline, listener.0.recv()).await {
                Err(_) => return,
                Ok(Ok(Some(rung))) if rung != meeting_id => continue,
                // This meeting, every meeting, or rings missed: look again.
                Ok(_) => return,
            }
        }
    }

    /// Starts listening for rings.
    pub fn listen(&self) -> Listening {
        Listening(self.rings.subscribe())
    }
}

/// A page's subscription to the bell.
pub struct Listening(broadcast::Receiver<Option<String>>);

/// Tells listening instances, when the caller's transaction commits (PostgreSQL).
pub(super) fn notify(conn: &mut AnyConnection, meeting_id: &str) -> QueryResult<()> {
    if let AnyConnection::Postgresql(c) = conn {
        diesel::sql_query("SELECT pg_notify($1, $2)")
            .bind::<diesel::sql_types::Text, _>(LOBBY_CHANNEL)
            .bind::<diesel::sql_types::Text, _>(meeting_id)
            .execute(c)?;
    }
    Ok(())
}
