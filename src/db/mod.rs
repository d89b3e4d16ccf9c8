//! The database: one connection type over PostgreSQL and SQLite, a pool, and migrations.
//!
//! Only this module and the `queries` files of the domain modules write SQL.

mod connection;
mod migrations;
pub mod schema;
mod time;

pub use connection::{AnyConnection, Db, Manager, PooledConnection, connect};
pub use migrations::{Migrate, open, pending_migrations, run_migrations};
pub use time::now;
