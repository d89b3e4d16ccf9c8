//! Mail settings: where messages go, who sends them, and how the outbox worker behaves.

use std::fmt;
use std::time::Duration;

use lettre::message::Mailbox;

use super::replies::ReplyConfig;
use super::{Backend, ConfigError, Source, parse_bool, parse_count};

/// Mail settings from the environment.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `TREFFPUNKT_SMTP_URL`; `None` writes each message as a file under `<data dir>/mail/`.
    pub smtp: Option<SmtpUrl>,
    /// `TREFFPUNKT_MAIL_FROM`: the system address messages come from.
    pub from: Mailbox,
    /// Whether `serve` runs the outbox worker (`TREFFPUNKT_MAIL_WORKER`); turn it off when
    /// `treffpunkt worker` runs elsewhere.
    pub worker_in_serve: bool,
    /// Minutes before the start a reminder goes out; `None` sends none.
    pub reminder_minutes: Option<i64>,
    /// Whether organizers get a copy of their meeting for their own calendar (`METHOD:PUBLISH`).
    pub organizer_copy: bool,
    /// Tries of a transient failure before the job counts as failed.
    pub max_attempts: i32,
    /// Seconds before the first retry of a transient failure; doubles with every attempt.
    pub retry_seconds: i64,
    /// How many messages are sent at once (and SMTP connections kept open).
    pub concurrency: usize,
    /// How often the worker looks for due jobs when nothing wakes it.
    pub poll_interval: Duration,
    /// How long a claimed job stays with its worker before another may take it.
    pub lease: Duration,
    /// Where calendar programs' replies are read, if anywhere.
    pub replies: Option<ReplyConfig>,
}

/// An SMTP URL in lettre's form (`smtp://user:pass@host:587?tls=required`, `smtps://…`);
/// its password never appears in logs or `Debug` output.
#[derive(Clone)]
pub struct SmtpUrl(String);

impl SmtpUrl {
    /// The URL as configured, password included: only for building the transport.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Scheme, host and port, for log lines.
    pub fn redacted(&self) -> String {
        match url::Url::parse(&self.0) {
            Ok(url) => format!(
                "{}://{}{}",
                url.scheme(),
                url.host_str().unwrap_or_default(),
                url.port().map(|p| format!(":{p}")).unwrap_or_default()
            ),
            Err(_) => "(unreadable SMTP URL)".to_owned(),
        }
    }
}

impl fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SmtpUrl({})", self.redacted())
    }
}

const DEFAULT_REMINDER_MINUTES: i64 = 15;
const DEFAULT_MAX_ATTEMPTS: i32 = 10;
const DEFAULT_CONCURRENCY: usize = 16;
const DEFAULT_RETRY_SECONDS: i64 = 30;
/// PostgreSQL wakes the worker on every commit, so polling is only the safety net; SQLite has
/// no notifications, so the worker looks every second (a claim there is a few microseconds).
const DEFAULT_POLL_SECONDS_POSTGRES: u64 = 5;
const DEFAULT_POLL_SECONDS_SQLITE: u64 = 1;
const DEFAULT_LEASE_SECONDS: u64 = 300;

impl MailConfig {
    /// Reads and checks the mail settings; `host` (from the base URL) names the default sender.
    pub fn from_source(
        source: &dyn Source,
        host: &str,
        backend: Backend,
    ) -> Result<MailConfig, ConfigError> {
        let smtp = match source.get("TREFFPUNKT_SMTP_URL") {
            None => None,
            Some(raw) => Some(parse_smtp_url(raw.trim())?),
        };
        let from = match source.get("TREFFPUNKT_MAIL_FROM") {
            Some(raw) => raw.trim().parse::<Mailbox>().map_err(|_| {
                ConfigError::new(
                    "TREFFPUNKT_MAIL_FROM",
                    format!("\"{raw}\" is not an address such as Treffpunkt <noreply@example.org>"),
                )
            })?,
            None => format!("Treffpunkt <noreply@{host}>")
                .parse()
                .or_else(|_| "Treffpunkt <noreply@localhost>".parse())
                .map_err(|_| ConfigError::new("TREFFPUNKT_MAIL_FROM", "needs to be set"))?,
        };
        let reminder_minutes = match source.get("TREFFPUNKT_MAIL_REMINDER_MINUTES") {
            None => Some(DEFAULT_REMINDER_MINUTES),
            Some(raw) => match raw.trim().parse::<i64>() {
                Ok(0) => None,
                Ok(minutes @ 1..=1440) => Some(minutes),
                _ => {
                    return Err(ConfigError::new(
                        "TREFFPUNKT_MAIL_REMINDER_MINUTES",
                        format!("\"{raw}\" is not a whole number from 0 (no reminders) to 1440"),
                    ));
                }
            },
        };
        let poll_seconds: u64 = parse_count(
            source,
            "TREFFPUNKT_MAIL_POLL_SECONDS",
            3600,
            match backend {
                Backend::Postgres => DEFAULT_POLL_SECONDS_POSTGRES,
                Backend::Sqlite => DEFAULT_POLL_SECONDS_SQLITE,
            },
        )?;
        let lease_seconds: u64 = parse_count(
            source,
            "TREFFPUNKT_MAIL_LEASE_SECONDS",
            24 * 3600,
            DEFAULT_LEASE_SECONDS,
        )?;
        Ok(MailConfig {
            smtp,
            from,
            worker_in_serve: parse_bool(source, "TREFFPUNKT_MAIL_WORKER", true)?,
            reminder_minutes,
            organizer_copy: parse_bool(source, "TREFFPUNKT_MAIL_ORGANIZER_COPY", true)?,
            max_attempts: parse_count(
                source,
                "TREFFPUNKT_MAIL_MAX_ATTEMPTS",
                100,
                DEFAULT_MAX_ATTEMPTS,
            )?,
            retry_seconds: parse_count(
                source,
                "TREFFPUNKT_MAIL_RETRY_SECONDS",
                3600,
                DEFAULT_RETRY_SECONDS,
            )?,
            concurrency: parse_count(
                source,
                "TREFFPUNKT_MAIL_CONCURRENCY",
                256,
                DEFAULT_CONCURRENCY,
            )?,
            poll_interval: Duration::from_secs(poll_seconds),
            lease: Duration::from_secs(lease_seconds),
            replies: ReplyConfig::from_source(source)?,
        })
    }
}

fn parse_smtp_url(raw: &str) -> Result<SmtpUrl, ConfigError> {
    let url = SmtpUrl(raw.to_owned());
    // Checked with the parser the transport uses, so a start never fails later on the URL;
    // the message names host and scheme only, never the password.
    let problem = |why: String| {
        ConfigError::new(
            "TREFFPUNKT_SMTP_URL",
            format!(
                "{} {why}; expected smtp://user:password@host:587?tls=required or smtps://host",
                url.redacted()
            ),
        )
    };
    let parsed = url::Url::parse(raw).map_err(|_| problem("is not a URL".to_owned()))?;
    if !matches!(parsed.scheme(), "smtp" | "smtps") {
        return Err(problem("must start with smtp:// or smtps://".to_owned()));
    }
    lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(raw)
        .map_err(|e| problem(format!("cannot be used ({e})")))?;
    Ok(url)
}
