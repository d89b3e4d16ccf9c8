//! PostgreSQL notifications as they commit: a thread holds one connection that `LISTEN`s on a
//! channel and hands every payload to a callback (the mail worker's wake-up, the waiting
//! room's bell). When that connection drops, the thread reconnects with a growing pause and
//! calls back with `None` once, since whatever was notified meanwhile is lost: listeners look
//! again for themselves.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};

use crate::config::DatabaseUrl;

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

/// Starts listening on `channel` at `url` (PostgreSQL only); `heard` gets each notification's
/// payload, and `None` after (re)connecting.
pub fn listen(
    url: DatabaseUrl,
    channel: &'static str,
    heard: impl Fn(Option<String>) + Send + 'static,
) -> std::io::Result<Listener> {
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    std::thread::Builder::new()
        .name(format!("listen-{channel}"))
        .spawn(move || {
            let mut pause = Duration::from_millis(250);
            while !stopped.load(Ordering::Relaxed) {
                match listen_once(&url, channel, &heard, &stopped) {
                    Ok(()) => return,
                    Err(e) => {
                        tracing::warn!(error = %e, channel, retry_in_ms = pause.as_millis() as u64, "lost the database notifications; reconnecting");
                        heard(None);
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
    channel: &str,
    heard: &impl Fn(Option<String>),
    stop: &AtomicBool,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut conn = PgConnection::establish(url.as_str())?;
    diesel::sql_query(format!("LISTEN {channel}")).execute(&mut conn)?;
    tracing::debug!(channel, "listening for notifications");
    heard(None);
    let mut pinged = Instant::now();
    while !stop.load(Ordering::Relaxed) {
        for notification in conn.notifications_iter() {
            let payload = notification?.payload;
            heard((!payload.is_empty()).then_some(payload));
        }
        if pinged.elapsed() >= PING_EVERY {
            diesel::sql_query("SELECT 1").execute(&mut conn)?;
            pinged = Instant::now();
        }
        std::thread::sleep(READ_EVERY);
    }
    Ok(())
}
