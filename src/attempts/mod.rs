//! Limits on failed attempts — wrong passwords, unknown join and setup links — that hold
//! across every instance on one database.
//!
//! The counts live in the database (`attempt_counts`), so N instances behind a load balancer
//! enforce one limit, not N. They stay off the hot path: a success with no failures on record
//! writes nothing, and a key this instance already saw blocked is refused without another write.
//!
//! A key's window begins with its first failure and lasts the configured time; after `most`
//! failures in it the key is refused until the window ends. A fixed window rather than a sliding
//! one: one row per key and one atomic upsert per failure, on SQLite and PostgreSQL alike.
//!
//! Only *failures* count: a person who signs in or uses their link now and then is never slowed.

mod counter;
mod keys;
mod local;
mod queries;

pub use counter::{Attempt, AttemptCounter, Blocked, Counted};
pub use keys::{address_key, link_prefix};
pub use queries::purge_expired;
