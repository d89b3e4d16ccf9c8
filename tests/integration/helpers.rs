//! `TestApp` and `TestDatabase`: a real server on port 0 over an isolated database.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use treffpunkt::accounts;
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

/// Builds and starts a server; its address and first-run link.
async fn start(settings: &TestSettings) -> (String, Option<String>) {
    let config = Config::from_source(settings).expect("test settings are valid");
    let application = Application::build(config, Migrate::Apply)
        .await
        .expect("the server starts");
    let address = format!("http://127.0.0.1:{}", application.port());
    let setup_url = application.setup_url().map(str::to_owned);
    tokio::spawn(application.run_until_stopped());
    (address, setup_url)
}

/// A running server with its own data directory and database.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// The first-run link the server printed (there are no accounts at start).
    pub setup_url: Option<String>,
    /// A client that does not follow redirects, so tests see them.
    pub client: reqwest::Client,
    /// The settings it was started with, for another instance on the same database.
    settings: TestSettings,
    // Dropped last: the database and the folder outlive the server's use of them.
    pub database: TestDatabase,
    _data_dir: tempfile::TempDir,
}

impl TestApp {
    /// Starts the real server on port 0 with default settings.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(&[]).await
    }

    /// Starts the real server with some settings added or replaced.
    pub async fn spawn_with(extra: &[(&'static str, String)]) -> TestApp {
        let data_dir = tempfile::tempdir().unwrap();
        let database = TestDatabase::create(data_dir.path());
        let mut settings = TestSettings(HashMap::from([
            ("DATABASE_URL", database.url.clone()),
            ("TREFFPUNKT_BIND", "127.0.0.1:0".to_owned()),
            ("TREFFPUNKT_DATA_DIR", data_dir.path().display().to_string()),
            ("TREFFPUNKT_HTTP_WORKERS", "1".to_owned()),
            ("TREFFPUNKT_DATABASE_POOL_SIZE", "4".to_owned()),
            // Tests that look at queued jobs must see them before a worker sends them; the
            // mail tests turn the worker on.
            ("TREFFPUNKT_MAIL_WORKER", "false".to_owned()),
        ]));
        settings.0.extend(extra.iter().cloned());
        let (address, setup_url) = start(&settings).await;
        TestApp {
            address,
            setup_url,
            settings,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            database,
            _data_dir: data_dir,
        }
    }

    /// Starts a second instance on the same database and data folder, as a load balancer would
    /// have it beside the first; returns its address.
    pub async fn another_instance(&self) -> String {
        start(&self.settings).await.0
    }

    /// The `treffpunkt` binary with this server's settings (its database, data folder and so
    /// its secret key), as an operator runs it beside the server.
    pub fn command(&self) -> std::process::Command {
        let mut command = std::process::Command::new(binary());
        command
            .env_clear()
            .env("LANG", "C")
            .envs(self.settings.0.iter().map(|(k, v)| (*k, v.as_str())))
            .stdin(std::process::Stdio::null());
        command
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

impl TestApp {
    /// A browser of its own: it keeps cookies and does not follow redirects.
    pub fn browser(&self) -> Browser {
        Browser::at(&self.address)
    }

    /// Runs a closure on a connection to this server's database.
    pub fn with_db<T>(&self, work: impl FnOnce(&mut AnyConnection) -> T) -> T {
        let url = treffpunkt::config::DatabaseUrl::parse(&self.database.url).unwrap();
        let (db, _applied) = db::open(&url, 1, db::Migrate::Skip).expect("the test database opens");
        let mut conn = db.get().unwrap();
        work(&mut conn)
    }

    /// Creates an account directly (as `treffpunkt user add` would).
    pub fn add_user(&self, email: &str, password: &str, is_admin: bool) -> accounts::User {
        self.with_db(|conn| {
            let account = accounts::NewAccount::parse(accounts::AccountInput {
                email,
                display_name: email.split('@').next().unwrap(),
                password: Some(password),
                language: "en",
                time_zone: "Europe/Berlin",
                is_admin,
            })
            .unwrap();
            accounts::add_user(conn, account).unwrap()
        })
    }

    /// A browser signed in with e-mail and password.
    pub async fn signed_in(&self, email: &str, password: &str) -> Browser {
        let browser = self.browser();
        let response = browser
            .post_form("/sign-in", &[("email", email), ("password", password)])
            .await;
        assert_eq!(response.status(), 303, "signing in as {email} failed");
        browser
    }
}

/// A browser: cookies persist between requests; forms carry the page's CSRF token.
pub struct Browser {
    pub address: String,
    pub client: reqwest::Client,
}

impl Browser {
    /// A browser of its own for the server at `address`.
    pub fn at(address: &str) -> Browser {
        Browser {
            address: address.to_owned(),
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
        }
    }

    /// `GET path` (English pages unless the account or session says otherwise).
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("Accept-Language", "en")
            .send()
            .await
            .expect("the server answers")
    }

    /// The page at `path` as a browser set to `language` receives it.
    pub async fn page_in(&self, path: &str, language: &str) -> String {
        self.client
            .get(self.url(path))
            .header("Accept-Language", language)
            .send()
            .await
            .expect("the server answers")
            .text()
            .await
            .unwrap()
    }

    /// The CSRF token of the page at `path`, as a form on it would send it.
    pub async fn csrf_token(&self, path: &str) -> String {
        let html = self.get(path).await.text().await.unwrap();
        csrf_token_in(&html).unwrap_or_else(|| panic!("no CSRF token on {path}: {html}"))
    }

    /// Submits a form to `path` as a page of this browser would: with the session's CSRF token.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let form_page = if path.starts_with("/setup/") {
            path
        } else {
            "/"
        };
        let token = self.csrf_token(form_page).await;
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", &token)];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Posts exactly these fields (no CSRF token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("Accept-Language", "en")
            .form(fields)
            .send()
            .await
            .expect("the server answers")
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.address)
        }
    }
}

/// The API token a settings page shows once after creating it.
pub fn token_shown_in(html: &str) -> String {
    let start = html.find(r#"value="tp_"#).expect("the new token is shown") + r#"value=""#.len();
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

/// The value of the first `csrf_token` field in a page.
pub fn csrf_token_in(html: &str) -> Option<String> {
    let start = html.find(r#"name="csrf_token" value=""#)? + r#"name="csrf_token" value=""#.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_owned())
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
