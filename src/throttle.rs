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

/// The failures' times per key, oldest first.
type Failures = HashMap<String, VecDeque<Instant>>;

/// Failures per key within a window; more than `limit` blocks the key until the oldest expires.
#[derive(Debug)]
pub struct Throttle {
    limit: u32,
    window: Duration,
    failures: Mutex<Failures>,
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

    /// Checks and counts an attempt in one step, *before* the work it guards: parallel attempts
    /// cannot all pass the check while the first is still running. `Err(seconds)` as `check`.
    /// An attempt that turns out well is handed back with [`Throttle::give_back`].
    pub fn take(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut failures = self.lock();
        self.check_in(&mut failures, key, now)?;
        self.fail_in(&mut failures, key, now);
        Ok(())
    }

    /// Withdraws one attempt counted by [`Throttle::take`] (it succeeded).
    pub fn give_back(&self, key: &str) {
        let mut failures = self.lock();
        if let Some(times) = failures.get_mut(key) {
            times.pop_back();
        }
    }

    /// Forgets the key's failures (after a success).
    pub fn clear(&self, key: &str) {
        self.lock().remove(key);
    }

    fn check_at(&self, key: &str, now: Instant) -> Result<(), u64> {
        let mut failures = self.lock();
        self.check_in(&mut failures, key, now)
    }

    fn check_in(&self, failures: &mut Failures, key: &str, now: Instant) -> Result<(), u64> {
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
        self.fail_in(&mut failures, key, now);
    }

    fn fail_in(&self, failures: &mut Failures, key: &str, now: Instant) {
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

    fn lock(&self) -> std::sync::MutexGuard<'_, Failures> {
        // A panic while holding the lock cannot leave the map inconsistent; keep counting.
        self.failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The key a client address is counted under: an IPv4 address itself, an IPv6 address its /64
/// network (one subscriber or office gets a whole /64 and can pick any address in it).
pub fn address_key(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Ok(std::net::IpAddr::V6(v6)) => v6
            .to_ipv4_mapped()
            .map_or_else(|| ip.to_owned(), |v4| v4.to_string()),
        _ => ip.to_owned(),
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
    fn ipv6_addresses_count_by_their_64_network() {
        assert_eq!(address_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(
            address_key("2001:db8:1:2:bbbb::9"),
            address_key("2001:db8:1:2:aaaa::1")
        );
        assert_ne!(
            address_key("2001:db8:1:3::1"),
            address_key("2001:db8:1:2::1")
        );
        assert_eq!(address_key("::ffff:192.0.2.1"), "192.0.2.1");
        assert_eq!(address_key("192.0.2.1"), "192.0.2.1");
    }

    #[test]
    fn taking_counts_before_the_work_and_giving_back_undoes_it() {
        let throttle = Throttle::new(2, Duration::from_secs(60));
        assert_eq!(throttle.take("a"), Ok(()));
        assert_eq!(throttle.take("a"), Ok(()));
        assert!(
            throttle.take("a").is_err(),
            "the third parallel attempt waits"
        );
        throttle.give_back("a");
        assert_eq!(throttle.take("a"), Ok(()));
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
