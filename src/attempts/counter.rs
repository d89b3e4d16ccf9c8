//! One limit: what is counted, how many failures are allowed, and in what window.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::TimeDelta;

use super::local::Local;
use super::queries::{self, Recorded};
use crate::db::{self, AnyConnection};
use crate::digest::sha256_hex;
use crate::error::AppError;

/// What a count is about; the name is stored beside each count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Wrong passwords for one account (sign-in and the current-password check).
    SignInAccount,
    /// Wrong passwords from one client address.
    SignInAddress,
    /// Unknown first-run setup links from one client address.
    SetupAddress,
    /// Unknown join links from one client address.
    JoinAddress,
    /// Unknown join links that begin alike.
    JoinLinkPrefix,
    /// New guests on public poll links from one client address. Each one counts, not only
    /// failures: a public link lets strangers add people to a poll, and a poll holds 500.
    PollGuestAddress,
    /// Dial-in PINs and rooms the conference mapper did not find, from one client address.
    DialInAddress,
}

impl Counted {
    fn name(self) -> &'static str {
        match self {
            Counted::SignInAccount => "sign-in-account",
            Counted::SignInAddress => "sign-in-address",
            Counted::SetupAddress => "setup-address",
            Counted::JoinAddress => "join-address",
            Counted::JoinLinkPrefix => "join-link-prefix",
            Counted::PollGuestAddress => "poll-guest-address",
            Counted::DialInAddress => "dial-in-address",
        }
    }
}

/// A key has used up its failures: try again in `retry_after` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Blocked {
    /// Whole seconds, at least one: "try again in 0 seconds" would invite a refused retry.
    pub retry_after: u64,
}

impl Blocked {
    fn after(wait: Duration) -> Blocked {
        Blocked {
            retry_after: (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1),
        }
    }
}

impl From<Blocked> for AppError {
    fn from(blocked: Blocked) -> Self {
        AppError::RateLimited {
            retry_after: blocked.retry_after,
        }
    }
}

/// At most `most` failures per key within `window`. Cheap to clone; clones share what this
/// instance knows.
#[derive(Debug, Clone)]
pub struct AttemptCounter {
    counted: Counted,
    most: u32,
    window: Duration,
    local: Arc<Local>,
}

/// An attempt begun with [`AttemptCounter::begin`]: it holds one of the key's failures while
/// its work runs, and gives it back when dropped.
#[derive(Debug)]
#[must_use = "an attempt ends as failed or succeeded"]
pub struct Attempt {
    local: Arc<Local>,
    key_hash: String,
    /// The key had failures in its window when the attempt began.
    failures_on_record: bool,
}

impl Attempt {
    /// Counts an attempt on `key_hash` as running; answers it and how many are running now,
    /// itself included.
    fn start(local: &Arc<Local>, key_hash: String) -> (Attempt, u32) {
        let running = local.start(&key_hash);
        let attempt = Attempt {
            local: Arc::clone(local),
            key_hash,
            failures_on_record: false,
        };
        (attempt, running)
    }
}

impl Drop for Attempt {
    fn drop(&mut self) {
        self.local.finish(&self.key_hash);
    }
}

impl AttemptCounter {
    /// A limit of `most` failures per key within `window`.
    pub fn new(counted: Counted, most: u32, window: Duration) -> AttemptCounter {
        AttemptCounter {
            counted,
            most,
            window,
            local: Arc::default(),
        }
    }

    /// Before work whose failure counts (a password check): refuses a key that has used up its
    /// failures, here or on any instance, and otherwise holds one of them while the work runs.
    /// One read; nothing is written.
    pub fn begin(
        &self,
        conn: &mut AnyConnection,
        key: &str,
    ) -> Result<Result<Attempt, Blocked>, AppError> {
        let key_hash = sha256_hex(key);
        if let Some(wait) = self.local.blocked_for(&key_hash, Instant::now()) {
            return Ok(Err(Blocked::after(wait)));
        }
        // Reserved before the read: every attempt that ended before this point has its failure
        // in the database by now, and every other one is counted as running. (Read first, and an
        // attempt ending between the read and the reservation would be counted nowhere.)
        let (mut attempt, running) = Attempt::start(&self.local, key_hash);
        let now = db::now();
        let recorded = queries::recorded(conn, self.counted.name(), &attempt.key_hash, now)?;
        let on_record = recorded.map_or(0, |r| u32::try_from(r.failures).unwrap_or(u32::MAX));
        if let Some(recorded) = recorded.filter(|_| on_record >= self.most) {
            let wait = remaining(&recorded, now);
            self.local
                .remember_blocked(&attempt.key_hash, wait, Instant::now());
            return Ok(Err(Blocked::after(wait)));
        }
        if on_record.saturating_add(running) > self.most {
            // The remaining failures are held by attempts running right now; theirs is the
            // outcome that decides, in a moment.
            return Ok(Err(Blocked { retry_after: 1 }));
        }
        attempt.failures_on_record = on_record > 0;
        Ok(Ok(attempt))
    }

    /// The attempt failed: one write.
    pub fn failed(&self, conn: &mut AnyConnection, attempt: Attempt) -> Result<(), AppError> {
        self.record_failure(conn, &attempt.key_hash)?;
        // Dropped only now, so the failure is always counted either here or in the database.
        drop(attempt);
        Ok(())
    }

    /// The attempt succeeded and clears the key's earlier failures (a write only if it had any).
    pub fn succeeded(&self, conn: &mut AnyConnection, attempt: Attempt) -> Result<(), AppError> {
        if attempt.failures_on_record {
            queries::forget(conn, self.counted.name(), &attempt.key_hash)?;
        }
        Ok(())
    }

    /// Counts a failure known only afterwards (a link that was looked up and not found):
    /// `Some` once the key has failed more than `most` times in its window. A key this
    /// instance already knows to be blocked costs no write.
    pub fn count_failure(
        &self,
        conn: &mut AnyConnection,
        key: &str,
    ) -> Result<Option<Blocked>, AppError> {
        let key_hash = sha256_hex(key);
        if let Some(wait) = self.local.blocked_for(&key_hash, Instant::now()) {
            return Ok(Some(Blocked::after(wait)));
        }
        let now = db::now();
        let recorded = self.record_failure(conn, &key_hash)?;
        let over = u32::try_from(recorded.failures).unwrap_or(u32::MAX) > self.most;
        Ok(over.then(|| Blocked::after(remaining(&recorded, now))))
    }

    fn record_failure(
        &self,
        conn: &mut AnyConnection,
        key_hash: &str,
    ) -> Result<Recorded, AppError> {
        let now = db::now();
        let window = TimeDelta::from_std(self.window).unwrap_or(TimeDelta::MAX);
        let window_end = now.checked_add_signed(window).unwrap_or(now);
        let recorded = queries::add_failure(conn, self.counted.name(), key_hash, now, window_end)?;
        if u32::try_from(recorded.failures).unwrap_or(u32::MAX) >= self.most {
            self.local
                .remember_blocked(key_hash, remaining(&recorded, now), Instant::now());
        }
        Ok(recorded)
    }
}

/// The time left in the recorded window.
fn remaining(recorded: &Recorded, now: chrono::NaiveDateTime) -> Duration {
    (recorded.expires_at - now).to_std().unwrap_or_default()
}
