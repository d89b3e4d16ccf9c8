//! Links that lead nowhere, counted per client address and per link prefix.
//!
//! A link is always looked up first, so a valid one is let through whatever came before it:
//! colleagues behind one office address are never locked out by a mistyped or outdated link,
//! and nobody is by someone trying endings of theirs. Guessing is hopeless anyway (a link holds
//! 256 random bits); the counts turn a flood into 429s that cost no further writes.

use std::time::Duration;

use crate::attempts::{AttemptCounter, Blocked, Counted, address_key, link_prefix};
use crate::db::AnyConnection;
use crate::error::AppError;

/// The two counts an unknown link adds to.
#[derive(Debug, Clone)]
pub struct UnknownLinks {
    per_address: AttemptCounter,
    per_prefix: AttemptCounter,
}

impl UnknownLinks {
    /// At most `per_address` unknown links per client address (IPv6 by its /64) and
    /// `per_prefix` per link beginning, each within `window`.
    pub fn new(per_address: u32, per_prefix: u32, window: Duration) -> UnknownLinks {
        UnknownLinks {
            per_address: AttemptCounter::new(Counted::JoinAddress, per_address, window),
            per_prefix: AttemptCounter::new(Counted::JoinLinkPrefix, per_prefix, window),
        }
    }

    /// Counts a link secret that led nowhere (`None`: not even shaped like one) from `ip`:
    /// `Some` once the address or the link's beginning has failed too often, with the longer
    /// wait of the two.
    pub fn count(
        &self,
        conn: &mut AnyConnection,
        ip: &str,
        secret: Option<&str>,
    ) -> Result<Option<Blocked>, AppError> {
        let by_address = self.per_address.count_failure(conn, &address_key(ip))?;
        let by_prefix = match secret {
            Some(secret) => self.per_prefix.count_failure(conn, link_prefix(secret))?,
            None => None,
        };
        Ok(by_address.max(by_prefix))
    }
}
