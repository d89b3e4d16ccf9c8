//! Settings from the environment (and an optional `.env`), validated once at start.
//!
//! Every variable is documented in `.env.example`. A bad value becomes a
//! [`ConfigError`] that names the variable and the problem in one line.

mod accounts;
mod database_url;
mod jitsi;
mod mail;
mod numbers;
mod proxies;
mod replies;
mod retention;
mod secret_key;

use numbers::{parse_bool, parse_count, parse_number};

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

pub use accounts::{AccountsConfig, AttemptLimits, ClientSecret, OidcConfig};
pub use database_url::{Backend, DatabaseUrl};
pub use jitsi::{FirstServer, JitsiConfig};
pub use mail::{MailConfig, SmtpUrl};
pub use proxies::TrustedProxies;
pub use replies::{MailboxUrl, ReplyConfig};
pub use retention::RetentionConfig;
pub use secret_key::SecretKey;

/// Where a setting comes from: the process environment, or a fixed map in tests.
pub trait Source {
    /// The raw value of `name`, if set and not empty.
    fn get(&self, name: &str) -> Option<String>;
}

/// Reads settings from the process environment.
pub struct Environment;

impl Source for Environment {
    fn get(&self, name: &str) -> Option<String> {
        std::env::var(name)
            .ok()
            .filter(|value| !value.trim().is_empty())
    }
}

/// A setting that could not be used; printed as one line before exiting.
#[derive(Debug, thiserror::Error)]
#[error("{variable}: {problem}")]
pub struct ConfigError {
    /// The environment variable at fault.
    pub variable: &'static str,
    /// What is wrong with it, in words an operator can act on.
    pub problem: String,
}

impl ConfigError {
    pub(crate) fn new(variable: &'static str, problem: impl Into<String>) -> Self {
        ConfigError {
            variable,
            problem: problem.into(),
        }
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines (the default).
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Logging settings; read before everything else so later errors can be logged.
#[derive(Debug, Clone)]
pub struct LogConfig {
    /// A tracing filter such as `info` or `treffpunkt=debug,actix_web=info`.
    pub filter: String,
    /// Text or JSON.
    pub format: LogFormat,
}

/// The validated settings of one Treffpunkt process.
#[derive(Debug, Clone)]
pub struct Config {
    /// Which database to use and where it is.
    pub database_url: DatabaseUrl,
    /// How many database connections the pool may hold.
    pub database_pool_size: u32,
    /// The address the HTTP server listens on.
    pub bind: SocketAddr,
    /// How many threads serve HTTP requests.
    pub http_workers: usize,
    /// The public address of this installation, without a trailing slash.
    pub base_url: url::Url,
    /// Where Treffpunkt keeps its files (SQLite database, secret key, mail).
    pub data_dir: PathBuf,
    /// The key every other secret is derived from.
    pub secret_key: SecretKey,
    /// Logging settings.
    pub log: LogConfig,
    /// Sign-in, sessions and single sign-on.
    pub accounts: AccountsConfig,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: TrustedProxies,
    /// The first Jitsi server and the guard on join links.
    pub jitsi: JitsiConfig,
    /// Mail transport, sender and the outbox worker.
    pub mail: MailConfig,
    /// `TREFFPUNKT_METRICS_TOKEN`: the bearer token `/metrics` asks for; without one only
    /// this machine (loopback) may read it.
    pub metrics_token: Option<MetricsToken>,
    /// How long personal data is kept.
    pub retention: RetentionConfig,
}

/// The secret a Prometheus scraper presents; never shown in `Debug` output.
#[derive(Clone)]
pub struct MetricsToken(String);

impl MetricsToken {
    /// Whether `presented` is this token (compared in constant time).
    pub fn matches(&self, presented: &str) -> bool {
        use subtle::ConstantTimeEq;
        self.0.as_bytes().ct_eq(presented.as_bytes()).into()
    }
}

impl std::fmt::Debug for MetricsToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MetricsToken(…)")
    }
}

const DEFAULT_BIND: &str = "127.0.0.1:8080";
const DEFAULT_POOL_SIZE: u32 = 10;

impl LogConfig {
    /// Reads `TREFFPUNKT_LOG` (or, as Rust programs commonly use it, `RUST_LOG`) and `TREFFPUNKT_LOG_FORMAT`.
    pub fn from_source(source: &dyn Source) -> Result<LogConfig, ConfigError> {
        let (variable, filter) = match (source.get("TREFFPUNKT_LOG"), source.get("RUST_LOG")) {
            (Some(filter), _) => ("TREFFPUNKT_LOG", filter),
            (None, Some(filter)) => ("RUST_LOG", filter),
            (None, None) => ("TREFFPUNKT_LOG", "info".to_owned()),
        };
        tracing_subscriber::EnvFilter::builder()
            .parse(&filter)
            .map_err(|e| {
                ConfigError::new(variable, format!("not a log filter ({e}); try \"info\""))
            })?;
        let format = match source.get("TREFFPUNKT_LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError::new(
                    "TREFFPUNKT_LOG_FORMAT",
                    format!("\"{other}\" is not a log format; use \"text\" or \"json\""),
                ));
            }
        };
        Ok(LogConfig { filter, format })
    }
}

impl Config {
    /// Validates every setting from `source`; creates the data directory and,
    /// when no key is configured, the secret key file inside it.
    pub fn from_source(source: &dyn Source) -> Result<Config, ConfigError> {
        let log = LogConfig::from_source(source)?;
        let data_dir = PathBuf::from(
            source
                .get("TREFFPUNKT_DATA_DIR")
                .unwrap_or_else(|| "./data".to_owned()),
        );
        ensure_data_dir(&data_dir)?;

        let database_url = match source.get("DATABASE_URL") {
            Some(raw) => DatabaseUrl::parse(&raw)?,
            None => DatabaseUrl::sqlite_in(&data_dir),
        };
        let database_pool_size = parse_count(
            source,
            "TREFFPUNKT_DATABASE_POOL_SIZE",
            1000,
            DEFAULT_POOL_SIZE,
        )?;

        let bind_raw = source
            .get("TREFFPUNKT_BIND")
            .unwrap_or_else(|| DEFAULT_BIND.to_owned());
        let bind: SocketAddr = bind_raw.trim().parse().map_err(|_| {
            ConfigError::new(
                "TREFFPUNKT_BIND",
                format!("\"{bind_raw}\" is not an address with a port, such as {DEFAULT_BIND}"),
            )
        })?;

        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let http_workers = parse_count(source, "TREFFPUNKT_HTTP_WORKERS", 256, cores)?;

        let base_url = match source.get("TREFFPUNKT_BASE_URL") {
            Some(raw) => parse_base_url(&raw)?,
            None => base_url_for(bind),
        };

        let secret_key = match source.get("TREFFPUNKT_SECRET_KEY") {
            Some(raw) => SecretKey::from_configured(&raw)?,
            None => SecretKey::load_or_create(&data_dir)?,
        };

        let mail = MailConfig::from_source(
            source,
            base_url.host_str().unwrap_or("localhost"),
            database_url.backend(),
        )?;
        let metrics_token = match source.get("TREFFPUNKT_METRICS_TOKEN") {
            None => None,
            Some(raw) if raw.trim().len() >= 16 => Some(MetricsToken(raw.trim().to_owned())),
            Some(_) => {
                return Err(ConfigError::new(
                    "TREFFPUNKT_METRICS_TOKEN",
                    "is too short; use at least 16 random characters (e.g. openssl rand -hex 24)",
                ));
            }
        };
        Ok(Config {
            mail,
            metrics_token,
            retention: RetentionConfig::from_source(source)?,
            database_url,
            database_pool_size,
            bind,
            http_workers,
            base_url,
            data_dir,
            secret_key,
            log,
            accounts: AccountsConfig::from_source(source)?,
            trusted_proxies: TrustedProxies::from_source(source)?,
            jitsi: JitsiConfig::from_source(source)?,
        })
    }

    /// The public base URL as text, without a trailing slash, for building links.
    pub fn base_url_str(&self) -> &str {
        self.base_url.as_str().trim_end_matches('/')
    }
}

/// Adds the variables of `./.env`, if there is one, to the environment (set variables win).
pub fn load_dotenv() -> Result<(), ConfigError> {
    // A missing .env is normal; a broken one is an operator's mistake worth stopping for.
    match dotenvy::dotenv() {
        Ok(_) => Ok(()),
        Err(e) if e.not_found() => Ok(()),
        Err(e) => Err(ConfigError::new(".env", format!("cannot be read: {e}"))),
    }
}

fn ensure_data_dir(dir: &Path) -> Result<(), ConfigError> {
    crate::files::private_dir(dir).map_err(|e| {
        ConfigError::new(
            "TREFFPUNKT_DATA_DIR",
            format!("cannot create {}: {e}", dir.display()),
        )
    })
}

fn parse_base_url(raw: &str) -> Result<url::Url, ConfigError> {
    let problem = |why: &str| {
        ConfigError::new(
            "TREFFPUNKT_BASE_URL",
            format!("\"{raw}\" {why}; expected something like https://meet.example.org"),
        )
    };
    let url = url::Url::parse(raw.trim()).map_err(|_| problem("is not a URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(problem("must start with http:// or https://"));
    }
    if url.host().is_none() {
        return Err(problem("has no host name"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(problem("must not have a query or fragment"));
    }
    Ok(url)
}

/// The address a browser on this machine would use when no base URL is configured.
fn base_url_for(bind: SocketAddr) -> url::Url {
    let host = if bind.ip().is_unspecified() {
        "localhost".to_owned()
    } else if bind.is_ipv6() {
        format!("[{}]", bind.ip())
    } else {
        bind.ip().to_string()
    };
    url::Url::parse(&format!("http://{host}:{}", bind.port()))
        .expect("an IP address and a port always form a valid URL")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Locale;
    use std::collections::HashMap;

    struct Fixed(HashMap<&'static str, String>);
    impl Source for Fixed {
        fn get(&self, name: &str) -> Option<String> {
            self.0.get(name).cloned()
        }
    }

    fn load(vars: &[(&'static str, &str)]) -> (tempfile::TempDir, Result<Config, ConfigError>) {
        let dir = tempfile::tempdir().unwrap();
        let mut map: HashMap<_, _> = vars.iter().map(|(k, v)| (*k, v.to_string())).collect();
        map.insert("TREFFPUNKT_DATA_DIR", dir.path().display().to_string());
        let config = Config::from_source(&Fixed(map));
        (dir, config)
    }

    #[test]
    fn defaults_give_a_working_local_setup() {
        let (dir, config) = load(&[]);
        let config = config.unwrap();
        assert_eq!(config.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(config.base_url_str(), "http://127.0.0.1:8080");
        assert_eq!(config.database_url.backend(), Backend::Sqlite);
        assert!(
            config
                .database_url
                .as_str()
                .starts_with(dir.path().to_str().unwrap())
        );
        assert_eq!(config.log.format, LogFormat::Text);
        assert_eq!(config.accounts.default_locale, Locale::De);
        assert!(config.accounts.local_sign_in && config.accounts.oidc.is_none());
    }

    #[test]
    fn single_sign_on_needs_its_client_credentials_and_hides_the_secret() {
        let (_dir, config) = load(&[(
            "TREFFPUNKT_OIDC_ISSUER_URL",
            "https://sso.example.org/realms/city",
        )]);
        assert_eq!(config.unwrap_err().variable, "TREFFPUNKT_OIDC_CLIENT_ID");
        let (_dir, config) = load(&[
            ("TREFFPUNKT_OIDC_ISSUER_URL", "https://sso.example.org"),
            ("TREFFPUNKT_OIDC_CLIENT_ID", "treffpunkt"),
            ("TREFFPUNKT_OIDC_CLIENT_SECRET", "very-secret-value"),
            ("TREFFPUNKT_OIDC_SCOPES", "email profile"),
        ]);
        let oidc = config.unwrap().accounts.oidc.unwrap();
        assert_eq!(oidc.issuer(), "https://sso.example.org");
        assert_eq!(oidc.scopes, ["openid", "email", "profile"]);
        assert!(!format!("{oidc:?}").contains("very-secret-value"));
    }

    #[test]
    fn the_first_jitsi_server_needs_app_id_and_secret_together_and_hides_the_secret() {
        let (_dir, config) = load(&[
            ("TREFFPUNKT_JITSI_URL", "https://meet.example.org"),
            ("TREFFPUNKT_JITSI_APP_ID", "treffpunkt"),
        ]);
        assert_eq!(config.unwrap_err().variable, "TREFFPUNKT_JITSI_SECRET");
        let (_dir, config) = load(&[
            ("TREFFPUNKT_JITSI_URL", "https://meet.example.org"),
            ("TREFFPUNKT_JITSI_APP_ID", "treffpunkt"),
            ("TREFFPUNKT_JITSI_SECRET", "a-very-secret-shared-value"),
        ]);
        let jitsi = config.unwrap().jitsi;
        assert!(!format!("{jitsi:?}").contains("a-very-secret"));
        let (_dir, config) = load(&[("TREFFPUNKT_JITSI_URL", "https://meet.example.org")]);
        let first = config.unwrap().jitsi.first_server.unwrap();
        assert!(
            first.credentials.is_none(),
            "no app id and secret: no tokens"
        );
    }

    #[test]
    fn mail_defaults_write_files_and_the_smtp_password_stays_hidden() {
        let (_dir, config) = load(&[("TREFFPUNKT_BASE_URL", "https://meet.example.org")]);
        let mail = config.unwrap().mail;
        assert!(mail.smtp.is_none(), "no SMTP: files");
        assert_eq!(
            mail.from.to_string(),
            "Treffpunkt <noreply@meet.example.org>"
        );
        assert_eq!(mail.reminder_minutes, Some(15));
        assert!(mail.organizer_copy && mail.worker_in_serve);
        let (_dir, config) = load(&[
            (
                "TREFFPUNKT_SMTP_URL",
                "smtp://mailer:hunter2-secret@mail.example.org:587?tls=required",
            ),
            ("TREFFPUNKT_MAIL_REMINDER_MINUTES", "0"),
        ]);
        let mail = config.unwrap().mail;
        assert_eq!(mail.reminder_minutes, None, "0 turns reminders off");
        let shown = format!("{mail:?}");
        assert!(shown.contains("mail.example.org:587"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
        let (_dir, config) = load(&[("TREFFPUNKT_SMTP_URL", "smtp://u:hunter2@:25")]);
        assert!(!config.unwrap_err().to_string().contains("hunter2"));
    }

    #[test]
    fn an_unspecified_bind_address_gives_a_localhost_base_url() {
        let (_dir, config) = load(&[("TREFFPUNKT_BIND", "0.0.0.0:9000")]);
        assert_eq!(config.unwrap().base_url_str(), "http://localhost:9000");
    }

    #[test]
    fn bad_values_name_the_variable() {
        let cases = [
            ("TREFFPUNKT_BIND", "localhost"),
            ("TREFFPUNKT_BASE_URL", "ftp://x.org"),
            ("TREFFPUNKT_BASE_URL", "https://x.org/?a=b"),
            ("TREFFPUNKT_LOG_FORMAT", "xml"),
            ("TREFFPUNKT_LOG", "info,,=[bad"),
            ("TREFFPUNKT_DATABASE_POOL_SIZE", "0"),
            ("TREFFPUNKT_HTTP_WORKERS", "many"),
            ("DATABASE_URL", "nonsense://x"),
            ("TREFFPUNKT_SECRET_KEY", "short"),
            ("TREFFPUNKT_DEFAULT_LOCALE", "fr"),
            ("TREFFPUNKT_LOCAL_SIGN_IN", "false"),
            ("TREFFPUNKT_OIDC_ISSUER_URL", "sso.example.org"),
            ("TREFFPUNKT_SESSION_IDLE_MINUTES", "0"),
            ("TREFFPUNKT_TRUST_PROXY_HEADERS", "maybe"),
            ("TREFFPUNKT_TRUSTED_PROXIES", "proxy.internal"),
            ("TREFFPUNKT_JITSI_URL", "meet.example.org"),
            ("TREFFPUNKT_JITSI_APP_ID", "treffpunkt"),
            ("TREFFPUNKT_JOIN_MAX_FAILURES_PER_IP", "0"),
            ("TREFFPUNKT_SMTP_URL", "mail.example.org:25"),
            ("TREFFPUNKT_SMTP_URL", "http://mail.example.org"),
            ("TREFFPUNKT_MAIL_FROM", "Treffpunkt"),
            ("TREFFPUNKT_MAIL_REMINDER_MINUTES", "-5"),
            ("TREFFPUNKT_MAIL_ORGANIZER_COPY", "sometimes"),
            ("TREFFPUNKT_MAIL_WORKER", "maybe"),
            ("TREFFPUNKT_MAIL_MAX_ATTEMPTS", "0"),
            ("TREFFPUNKT_MAIL_CONCURRENCY", "lots"),
            ("TREFFPUNKT_MAIL_LEASE_SECONDS", "0"),
            ("TREFFPUNKT_METRICS_TOKEN", "short"),
        ];
        for (variable, value) in cases {
            let (_dir, config) = load(&[(variable, value)]);
            let error = config.expect_err(value);
            assert_eq!(error.variable, variable, "{error}");
            assert!(error.to_string().starts_with(variable), "{error}");
        }
    }
}
