//! `NOTIFY` after the commit, from a thread of its own, coalesced.
//!
//! A `NOTIFY` inside a transaction makes PostgreSQL take one lock for the whole database at
//! commit and hold it through the commit's WAL flush, so every transaction that notifies
//! commits after the one before it — no group commit. Planning a meeting notified the mail
//! workers in its transaction, and under steady load those waits became the tail (see
//! BENCHMARKS.md, "Planning under steady load"). So a database visit only marks that it has
//! news ([`announce_after_visit`]); once the visit is over, [`Db::run`](super::Db::run) rings
//! this instance's announcer, whose thread sends one `NOTIFY` on its own connection. Rings
//! that arrive while one is being sent are answered by a single next one, sent after all their
//! commits: listeners look at the table afresh on every notification, so one stands for many.

use std::cell::Cell;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};

use crate::config::DatabaseUrl;

thread_local! {
    /// The database visit running on this thread has news to announce.
    static NEWS: Cell<bool> = const { Cell::new(false) };
}

/// Marks that the database visit running on this thread (inside [`Db::run`](super::Db::run))
/// has news for listeners; they are notified after the visit, once its transaction committed.
pub fn announce_after_visit() {
    NEWS.with(|news| news.set(true));
}

/// Whether the visit on this thread marked news; clears the mark.
pub(super) fn take_news() -> bool {
    NEWS.with(Cell::take)
}

/// Sends `NOTIFY <channel>` when rung; stops its thread when dropped.
pub struct Announcer {
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    rung: Condvar,
}

#[derive(Default)]
struct State {
    pending: bool,
    stopped: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // Two flags cannot be left inconsistent by a panic; keep going.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Announcer {
    /// Starts the thread that notifies `channel` at `url` (PostgreSQL).
    pub fn start(url: DatabaseUrl, channel: &'static str) -> std::io::Result<Announcer> {
        let shared = Arc::new(Shared::default());
        let theirs = shared.clone();
        std::thread::Builder::new()
            .name(format!("notify-{channel}"))
            .spawn(move || announce_until_stopped(&url, channel, &theirs))?;
        Ok(Announcer { shared })
    }

    /// Asks for one `NOTIFY` after everything committed so far; returns at once.
    pub fn ring(&self) {
        self.shared.lock().pending = true;
        self.shared.rung.notify_one();
    }
}

impl Drop for Announcer {
    fn drop(&mut self) {
        self.shared.lock().stopped = true;
        self.shared.rung.notify_one();
    }
}

fn announce_until_stopped(url: &DatabaseUrl, channel: &str, shared: &Shared) {
    let mut conn: Option<PgConnection> = None;
    let mut pause = Duration::from_millis(250);
    loop {
        {
            let mut state = shared.lock();
            while !state.pending && !state.stopped {
                state = shared
                    .rung
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            if state.stopped {
                return;
            }
            // Taken before sending: a ring from now on gets a notification of its own.
            state.pending = false;
        }
        loop {
            match notify(&mut conn, url, channel) {
                Ok(()) => {
                    pause = Duration::from_millis(250);
                    break;
                }
                Err(e) => {
                    // Listeners also look for themselves, after reconnecting and on their poll.
                    tracing::warn!(error = %e, channel, retry_in_ms = pause.as_millis() as u64, "cannot notify; reconnecting");
                    conn = None;
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_secs(5));
                    if shared.lock().stopped {
                        return;
                    }
                }
            }
        }
    }
}

/// One `NOTIFY` on the announcer's connection, connecting first if there is none.
fn notify(
    conn: &mut Option<PgConnection>,
    url: &DatabaseUrl,
    channel: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let conn = match conn {
        Some(conn) => conn,
        None => conn.insert(PgConnection::establish(url.as_str())?),
    };
    conn.batch_execute(&format!("NOTIFY {channel}"))?;
    Ok(())
}
