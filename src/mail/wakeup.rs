//! Waking the worker the moment a change commits new jobs: a thread holds one PostgreSQL
//! connection that `LISTEN`s on the outbox channel. When that connection drops, the worker
//! still polls, and the thread reconnects with a growing pause.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};
use tokio::sync::Notify;

use crate::config::DatabaseUrl;
use crate::outbox::CHANNEL;

/// How often the listening connection is read. Reading takes no round trip (it only looks at
/// what the server already sent), so this is the worst-case delay of a wake-up.
const READ_EVERY: Duration = Duration::from_millis(20);
/// How often the connection is proven alive, since a silently dropped one reads as "no news".
const PING_EVERY: Duration = Duration::from_secs(10);

/// Stops the listening thread when dropped.
pub struct Listener {
    stop: Arc<AtomicBool>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Starts listening on `url` (PostgreSQL only) and notifies `wake` for every notification.
pub fn listen(url: DatabaseUrl, wake: Arc<Notify>) -> std::io::Result<Listener> {
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    std::thread::Builder::new()
        .name("outbox-listen".to_owned())
        .spawn(move || {
            let mut pause = Duration::from_millis(250);
            while !stopped.load(Ordering::Relaxed) {
                match listen_once(&url, &wake, &stopped) {
                    Ok(()) => return,
                    Err(e) => {
                        tracing::warn!(error = %e, retry_in_ms = pause.as_millis() as u64, "lost the outbox notifications; polling until they are back");
                        // Whatever was notified meanwhile is found by one look now.
                        wake.notify_one();
                        std::thread::sleep(pause);
                        pause = (pause * 2).min(Duration::from_secs(30));
                    }
                }
            }
        })?;
    Ok(Listener { stop })
}

/// Listens until stopped (`Ok`) or the connection fails (`Err`).
fn listen_once(
    url: &DatabaseUrl,
    wake: &Notify,
    stop: &AtomicBool,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut conn = PgConnection::establish(url.as_str())?;
    diesel::sql_query(format!("LISTEN {CHANNEL}")).execute(&mut conn)?;
    tracing::debug!("listening for outbox notifications");
    wake.notify_one();
    let mut pinged = Instant::now();
    while !stop.load(Ordering::Relaxed) {
        let mut woken = false;
        for notification in conn.notifications_iter() {
            notification?;
            woken = true;
        }
        if woken {
            wake.notify_one();
        }
        if pinged.elapsed() >= PING_EVERY {
            diesel::sql_query("SELECT 1").execute(&mut conn)?;
            pinged = Instant::now();
        }
        std::thread::sleep(READ_EVERY);
    }
    Ok(())
}
