//! `DATABASE_URL`: which backend, and where.

use std::fmt;
use std::path::Path;

use super::ConfigError;

/// The two databases Treffpunkt runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// PostgreSQL, for production and scale-out.
    Postgres,
    /// An SQLite file, the embedded default.
    Sqlite,
}

impl Backend {
    /// The backend's name, for log lines.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Postgres => "postgres",
            Backend::Sqlite => "sqlite",
        }
    }
}

/// A database location whose backend is known; never printed with its password.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    backend: Backend,
    /// For PostgreSQL the URL as given; for SQLite the file path.
    target: String,
}

impl DatabaseUrl {
    /// Accepts `postgres://…`, `postgresql://…`, `sqlite://PATH`, `sqlite:PATH` or a bare file path.
    pub fn parse(raw: &str) -> Result<DatabaseUrl, ConfigError> {
        let raw = raw.trim();
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(DatabaseUrl {
                backend: Backend::Postgres,
                target: raw.to_owned(),
            });
        }
        let path = raw
            .strip_prefix("sqlite://")
            .or_else(|| raw.strip_prefix("sqlite:"))
            .unwrap_or(raw);
        if let Some((scheme, _)) = path.split_once("://") {
            return Err(ConfigError::new(
                "DATABASE_URL",
                format!(
                    "\"{scheme}\" is not a supported database; use postgres://user@host/db or the path of an SQLite file"
                ),
            ));
        }
        if path.is_empty() {
            return Err(ConfigError::new(
                "DATABASE_URL",
                "names no SQLite file; use a path such as ./data/treffpunkt.db",
            ));
        }
        Ok(DatabaseUrl {
            backend: Backend::Sqlite,
            target: path.to_owned(),
        })
    }

    /// The default: `treffpunkt.db` inside the data directory.
    pub fn sqlite_in(data_dir: &Path) -> DatabaseUrl {
        DatabaseUrl {
            backend: Backend::Sqlite,
            target: data_dir.join("treffpunkt.db").display().to_string(),
        }
    }

    /// Which backend this URL selects.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// What the database driver needs; contains the password, so never log it.
    pub fn as_str(&self) -> &str {
        &self.target
    }

    /// A form that is safe to print: the password, if any, is replaced.
    pub fn redacted(&self) -> String {
        match self.backend {
            Backend::Sqlite => self.target.clone(),
            Backend::Postgres => match url::Url::parse(&self.target) {
                Ok(mut url) if url.password().is_some() => {
                    // Setting a password only fails for URLs without a host, which parsed above.
                    let _ = url.set_password(Some("***"));
                    url.to_string()
                }
                Ok(url) => url.to_string(),
                Err(_) => "postgres://(unparsable URL)".to_owned(),
            },
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_picks_the_backend() {
        for (raw, backend, target) in [
            ("postgres://u@h/db", Backend::Postgres, "postgres://u@h/db"),
            (
                "postgresql://u@h/db",
                Backend::Postgres,
                "postgresql://u@h/db",
            ),
            ("sqlite://./data/x.db", Backend::Sqlite, "./data/x.db"),
            ("sqlite:x.db", Backend::Sqlite, "x.db"),
            (
                "/var/lib/treffpunkt/x.db",
                Backend::Sqlite,
                "/var/lib/treffpunkt/x.db",
            ),
        ] {
            let url = DatabaseUrl::parse(raw).unwrap();
            assert_eq!((url.backend(), url.as_str()), (backend, target), "{raw}");
        }
    }

    #[test]
    fn unknown_schemes_and_empty_paths_are_refused() {
        assert!(DatabaseUrl::parse("nonsense://x").is_err());
        assert!(DatabaseUrl::parse("mysql://root@localhost/x").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }

    #[test]
    fn the_password_never_shows() {
        let url = DatabaseUrl::parse("postgres://app:hunter2@db.internal/treffpunkt").unwrap();
        assert!(!url.redacted().contains("hunter2"));
        assert!(!format!("{url:?}").contains("hunter2"));
        assert!(url.redacted().contains("db.internal"));
    }
}
