//! The database: one connection type over PostgreSQL and SQLite, a pool, and migrations.
//!
//! SQL is written only here, in the `queries.rs` file of each domain module (`accounts`,
//! `jitsi`, `joining`, `mail`, `meetings`), in `outbox` (a queue is nothing but its table),
//! in `audit.rs`, and for `LISTEN` in `listen.rs`.

mod announce;
mod connection;
mod like;
mod listen;
mod migrations;
mod row_id;
pub mod schema;
mod time;

pub use announce::{Announcer, announce_after_visit};
pub use connection::{AnyConnection, Db, Manager, PooledConnection, connect};
pub use like::contains_pattern;
pub use listen::{Listener, listen};
pub use migrations::{Migrate, open, pending_migrations, run_migrations};
pub use row_id::new_row_id;
pub use time::{now, utc_text};
