//! Migrations, embedded in the binary: one folder per backend, same numbering and meaning.

use anyhow::Context;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::AnyConnection;

const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// Applies every pending migration; returns the versions applied, oldest first.
pub fn run_migrations(conn: &mut AnyConnection) -> anyhow::Result<Vec<String>> {
    let applied = match conn {
        AnyConnection::Postgresql(pg) => pg.run_pending_migrations(POSTGRES),
        AnyConnection::Sqlite(sqlite) => sqlite.run_pending_migrations(SQLITE),
    }
    .map_err(|e| anyhow::anyhow!(e))
    .context("applying migrations failed")?;
    Ok(applied.iter().map(ToString::to_string).collect())
}

/// The versions not yet applied, oldest first.
pub fn pending_migrations(conn: &mut AnyConnection) -> anyhow::Result<Vec<String>> {
    let pending = match conn {
        AnyConnection::Postgresql(pg) => pg
            .pending_migrations(POSTGRES)
            .map(|list| list.iter().map(|m| m.name().to_string()).collect()),
        AnyConnection::Sqlite(sqlite) => sqlite
            .pending_migrations(SQLITE)
            .map(|list| list.iter().map(|m| m.name().to_string()).collect()),
    };
    pending
        .map_err(|e| anyhow::anyhow!(e))
        .context("reading the migration state failed")
}
