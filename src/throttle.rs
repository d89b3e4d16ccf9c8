//! Counts failed attempts per key (an account, a client address) in a sliding window.
//!
//! Kept in process memory: it is cheap, and a restart forgetting a few failures is harmless.
//! With several instances each counts on its own, so the effective limit is N times the setting.
//! Hand-written rather than a rate-limit crate because only *failures* count: a person who
//! signs in successfully now and then must never be slowed down.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Above this many keys, keys without recent failures are dropped on the next failure.
const PRUNE_ABOVE: usize = 10_000;

/// Failures per key within a window; more than `limit` blocks the key until the oldest expires.
#[derive(Debug)]
pub struct Throttle {
    limit: u32,
    window: Duration,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Throttle {
    /// Allows `limit` failures per key within `window`.
    pub fn new(limit: u32, window: Duration) -> Throttle {
        Throttle {
            limit,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(seconds)` while the key has used up its failures: the seconds until one expires.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        self.check_at(key, Instant::now())
    }

    /// Counts one failure for the key.
    pub fn fail(&self, key: &str) {
        self.fail_at(key, Instant::now());
    }

    /// Forgets the key's failures (after a success).
    pub fn clear(&self, key: &str) {
        self.lock().remove(key);
    }

    fn check_at(&self, key: &str, now: Instant) -> Result<(), u64> {
        let mut failures = self.lock();
        let Some(times) = failures.get_mut(key) else {
            return Ok(());
        };
        expire(times, now, self.window);
        if times.len() < self.limit as usize {
            return Ok(());
        }
        let oldest = times.front().copied().unwrap_or(now);
        let wait = (oldest + self.window).saturating_duration_since(now);
        // Round up: "try again in 0 seconds" would invite an immediate, refused retry.
        Err(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
    }

    fn fail_at(&self, key: &str, now: Instant) {
        let mut failures = self.lock();
        if failures.len() > PRUNE_ABOVE {
            failures.retain(|_, times| {
                expire(times, now, self.window);
                !times.is_empty()
            });
        }
        let times = failures.entry(key.to_owned()).or_default();
        expire(times, now, self.window);
        times.push_back(now);
        // Never keep more than the limit needs: memory stays bounded under attack.
        while times.len() > self.limit as usize {
            times.pop_front();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, VecDeque<Instant>>> {
        // A panic while holding the lock cannot leave the map inconsistent; keep counting.
        self.failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn expire(times: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    while times
        .front()
        .is_some_and(|oldest| now.duration_since(*oldest) >= window)
    {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_failure_after_the_limit_is_refused_until_the_oldest_expires() {
        let throttle = Throttle::new(3, Duration::from_secs(60));
        let start = Instant::now();
        for i in 0..3 {
            assert_eq!(throttle.check_at("a", start), Ok(()));
            throttle.fail_at("a", start + Duration::from_secs(i));
        }
        assert_eq!(
            throttle.check_at("a", start + Duration::from_secs(10)),
            Err(50)
        );
        assert_eq!(
            throttle.check_at("b", start),
            Ok(()),
            "other keys are unaffected"
        );
        assert_eq!(
            throttle.check_at("a", start + Duration::from_secs(60)),
            Ok(())
        );
    }

    #[test]
    fn a_success_clears_the_count() {
        let throttle = Throttle::new(1, Duration::from_secs(60));
        throttle.fail("a");
        assert!(throttle.check("a").is_err());
        throttle.clear("a");
        assert_eq!(throttle.check("a"), Ok(()));
    }

    #[test]
    fn many_keys_are_pruned_once_their_failures_expire() {
        let throttle = Throttle::new(1, Duration::from_secs(1));
        let start = Instant::now();
        for i in 0..=PRUNE_ABOVE {
            throttle.fail_at(&i.to_string(), start);
        }
        throttle.fail_at("late", start + Duration::from_secs(5));
        assert_eq!(throttle.lock().len(), 1);
    }
}
