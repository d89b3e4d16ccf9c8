//! Migrations, embedded in the binary: one folder per backend, same numbering and meaning.

use anyhow::Context;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::{AnyConnection, Db, connect};
use crate::config::DatabaseUrl;

/// Whether opening the database applies pending migrations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Migrate {
    /// Apply pending migrations first (the default).
    Apply,
    /// Expect an up-to-date schema (`serve --no-migrate`) and fail otherwise.
    Skip,
}

/// Connects and migrates (or checks the schema); returns the pool and the versions applied.
/// Blocking: call it from a command or on the blocking pool.
pub fn open(
    url: &DatabaseUrl,
    pool_size: u32,
    migrate: Migrate,
) -> anyhow::Result<(Db, Vec<String>)> {
    let db = connect(url, pool_size)?;
    let mut conn = db.get()?;
    let applied = match migrate {
        Migrate::Apply => run_migrations(&mut conn)?,
        Migrate::Skip => {
            let pending = pending_migrations(&mut conn)?;
            anyhow::ensure!(
                pending.is_empty(),
                "the database needs {} migration(s) ({}); run `treffpunkt migrate` or start without --no-migrate",
                pending.len(),
                pending.join(", ")
            );
            Vec::new()
        }
    };
    drop(conn);
    Ok((db, applied))
}

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

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    fn migration_names(backend: &str) -> BTreeSet<String> {
        let dir = format!("{}/migrations/{backend}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn both_backends_have_the_same_migrations() {
        let postgres = migration_names("postgres");
        assert!(!postgres.is_empty());
        assert_eq!(postgres, migration_names("sqlite"));
    }
}
