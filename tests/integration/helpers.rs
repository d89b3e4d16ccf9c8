//! `TestApp` and `TestDatabase`: a real server on port 0 over an isolated database.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use treffpunkt::config::{Config, Source};
use treffpunkt::db::{self, AnyConnection};
use treffpunkt::startup::{Application, Migrate};

/// A database no other test touches; a PostgreSQL one is dropped when this is.
pub struct TestDatabase {
    /// The value for `DATABASE_URL`.
    pub url: String,
    /// For PostgreSQL: the server's admin URL and the database name to drop.
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    /// An SQLite file inside `dir`, or a fresh database on `TEST_DATABASE_URL`'s server.
    pub fn create(dir: &Path) -> TestDatabase {
        match std::env::var("TEST_DATABASE_URL")
            .ok()
            .filter(|url| !url.is_empty())
        {
            Some(admin_url) => {
                let name = format!("treffpunkt_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = PgConnection::establish(&admin_url)
                    .unwrap_or_else(|e| panic!("TEST_DATABASE_URL is not reachable: {e}"));
                admin
                    .batch_execute(&format!("CREATE DATABASE {name}"))
                    .unwrap();
                let mut url = url::Url::parse(&admin_url).expect("TEST_DATABASE_URL is a URL");
                url.set_path(&name);
                TestDatabase {
                    url: url.to_string(),
                    postgres: Some((admin_url, name)),
                }
            }
            None => TestDatabase {
                url: dir.join("test.db").display().to_string(),
                postgres: None,
            },
        }
    }

    /// Whether the tests run against PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }
}

impl TestDatabase {
    /// Drops a PostgreSQL database at once, ending every connection to it (FORCE).
    pub fn drop_now(&self) {
        if let Some((admin_url, name)) = &self.postgres
            && let Ok(mut admin) = PgConnection::establish(admin_url)
        {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        self.drop_now();
    }
}

/// Settings for a test, as the environment would give them.
pub struct TestSettings(pub HashMap<&'static str, String>);

impl Source for TestSettings {
    fn get(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
}

/// A running server with its own data directory and database.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// A client that does not follow redirects, so tests see them.
    pub client: reqwest::Client,
    // Dropped last: the database and the folder outlive the server's use of them.
    pub database: TestDatabase,
    _data_dir: tempfile::TempDir,
}

impl TestApp {
    /// Starts the real server on port 0 with default settings.
    pub async fn spawn() -> TestApp {
        let data_dir = tempfile::tempdir().unwrap();
        let database = TestDatabase::create(data_dir.path());
        let settings = TestSettings(HashMap::from([
            ("DATABASE_URL", database.url.clone()),
            ("TREFFPUNKT_BIND", "127.0.0.1:0".to_owned()),
            ("TREFFPUNKT_DATA_DIR", data_dir.path().display().to_string()),
            ("TREFFPUNKT_HTTP_WORKERS", "1".to_owned()),
            ("TREFFPUNKT_DATABASE_POOL_SIZE", "4".to_owned()),
        ]));
        let config = Config::from_source(&settings).expect("test settings are valid");
        let application = Application::build(config, Migrate::Apply)
            .await
            .expect("the server starts");
        let address = format!("http://127.0.0.1:{}", application.port());
        tokio::spawn(application.run_until_stopped());
        TestApp {
            address,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            database,
            _data_dir: data_dir,
        }
    }

    /// `GET path` as a browser would send it, in the given language.
    pub async fn get(&self, path: &str, accept_language: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .header("Accept-Language", accept_language)
            .send()
            .await
            .expect("the server answers")
    }
}

/// Runs a blocking closure on a connection of a freshly migrated test database.
pub fn with_migrated_database<T>(work: impl FnOnce(&mut AnyConnection, bool) -> T) -> T {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path());
    let url = treffpunkt::config::DatabaseUrl::parse(&database.url).unwrap();
    let (db, _applied) = db::open(&url, 2, db::Migrate::Apply).expect("the test database opens");
    let mut conn = db.get().unwrap();
    let outcome = work(&mut conn, database.is_postgres());
    drop(conn);
    drop(db);
    outcome
}

/// The path of the built `treffpunkt` binary.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_treffpunkt"))
}
