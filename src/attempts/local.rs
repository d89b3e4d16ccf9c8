//! What one instance knows beyond the database: attempts running right now, and keys it has
//! seen blocked.
//!
//! Attempts running now are reserved here, before the work they guard (a password check takes
//! tens of milliseconds), so parallel attempts cannot all pass while the first is still running;
//! a failure is written to the database when it is known. Known blocks save a write per refused
//! request during a flood; the database stays the authority, so losing them costs nothing.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Above this many remembered blocks, expired ones are dropped; if still full, new blocks are
/// not remembered (the database still enforces them).
const MAX_REMEMBERED_BLOCKS: usize = 10_000;

#[derive(Debug, Default)]
pub(super) struct Local {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Attempts begun and not yet finished, per key.
    running: HashMap<String, u32>,
    /// Keys over their limit, until when.
    blocked: HashMap<String, Instant>,
}

impl Local {
    /// How long the key is still known to be blocked.
    pub(super) fn blocked_for(&self, key: &str, now: Instant) -> Option<Duration> {
        let mut state = self.lock();
        let until = *state.blocked.get(key)?;
        if until > now {
            return Some(until - now);
        }
        state.blocked.remove(key);
        None
    }

    /// Remembers that the key is blocked for `wait`.
    pub(super) fn remember_blocked(&self, key: &str, wait: Duration, now: Instant) {
        let mut state = self.lock();
        if state.blocked.len() >= MAX_REMEMBERED_BLOCKS {
            state.blocked.retain(|_, until| *until > now);
            if state.blocked.len() >= MAX_REMEMBERED_BLOCKS {
                return;
            }
        }
        state.blocked.insert(key.to_owned(), now + wait);
    }

    /// Counts one more attempt on the key as running; answers how many run now, this one
    /// included. The caller decides whether that leaves room under its limit.
    pub(super) fn start(&self, key: &str) -> u32 {
        let mut state = self.lock();
        let running = state.running.entry(key.to_owned()).or_default();
        *running += 1;
        *running
    }

    /// Ends an attempt begun with [`Local::start`].
    pub(super) fn finish(&self, key: &str) {
        let mut state = self.lock();
        if let Some(running) = state.running.get_mut(key) {
            *running = running.saturating_sub(1);
            if *running == 0 {
                state.running.remove(key);
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the maps inconsistent; keep counting.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_attempts_are_counted_per_key() {
        let local = Local::default();
        assert_eq!(local.start("a"), 1);
        assert_eq!(local.start("a"), 2);
        assert_eq!(local.start("b"), 1, "other keys are unaffected");
        local.finish("a");
        assert_eq!(local.start("a"), 2);
    }

    #[test]
    fn finished_keys_leave_nothing_behind() {
        let local = Local::default();
        local.start("a");
        local.start("a");
        local.finish("a");
        local.finish("a");
        assert!(local.lock().running.is_empty());
    }

    #[test]
    fn blocks_are_remembered_until_they_end() {
        let local = Local::default();
        let now = Instant::now();
        local.remember_blocked("a", Duration::from_secs(60), now);
        assert_eq!(
            local.blocked_for("a", now + Duration::from_secs(10)),
            Some(Duration::from_secs(50))
        );
        assert_eq!(local.blocked_for("a", now + Duration::from_secs(60)), None);
        assert!(local.lock().blocked.is_empty(), "an ended block is dropped");
    }

    #[test]
    fn remembered_blocks_stay_bounded() {
        let local = Local::default();
        let now = Instant::now();
        for i in 0..MAX_REMEMBERED_BLOCKS {
            local.remember_blocked(&i.to_string(), Duration::from_secs(1), now);
        }
        local.remember_blocked("late", Duration::from_secs(60), now);
        assert_eq!(local.blocked_for("late", now), None, "full: not remembered");
        let later = now + Duration::from_secs(2);
        local.remember_blocked("later", Duration::from_secs(60), later);
        assert!(
            local.blocked_for("later", later).is_some(),
            "expired ones made room"
        );
        assert_eq!(local.lock().blocked.len(), 1);
    }
}
