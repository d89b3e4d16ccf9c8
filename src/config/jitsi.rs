//! Settings for video conferences: the first Jitsi server, and how hard join links are guarded.

use std::fmt;
use std::time::Duration;

use super::{ConfigError, Source, parse_count, parse_number};

/// Jitsi settings from the environment.
#[derive(Debug, Clone)]
pub struct JitsiConfig {
    /// The server to add as the default on a start that finds no server at all.
    pub first_server: Option<FirstServer>,
    /// Unknown or revoked join links one client address may try within `join_window`.
    pub join_failures_per_ip: u32,
    /// Unknown join links beginning with the same characters, from anywhere, within
    /// `join_window`.
    pub join_failures_per_link_prefix: u32,
    /// The window those failures are counted in.
    pub join_window: Duration,
    /// Joining stays open this long after the planned end (meetings overrun).
    pub join_grace: chrono::TimeDelta,
}

/// `TREFFPUNKT_JITSI_URL`, `TREFFPUNKT_JITSI_APP_ID`, `TREFFPUNKT_JITSI_SECRET`.
#[derive(Clone)]
pub struct FirstServer {
    /// The server's base URL.
    pub url: String,
    /// App id and shared secret; `None` for a server without tokens.
    pub credentials: Option<(String, String)>,
}

impl fmt::Debug for FirstServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FirstServer")
            .field("url", &self.url)
            .field("app_id", &self.credentials.as_ref().map(|(id, _)| id))
            .finish_non_exhaustive()
    }
}

const DEFAULT_JOIN_FAILURES_PER_IP: u32 = 30;
/// Random guesses practically never share a prefix; ten alike are someone trying endings.
const DEFAULT_JOIN_FAILURES_PER_LINK_PREFIX: u32 = 10;
const JOIN_WINDOW: Duration = Duration::from_secs(600);
/// An hour: meetings overrun, and people who come late should still get in.
const DEFAULT_JOIN_GRACE_MINUTES: i64 = 60;

impl JitsiConfig {
    /// Reads and checks the Jitsi settings.
    pub fn from_source(source: &dyn Source) -> Result<JitsiConfig, ConfigError> {
        let app_id = source.get("TREFFPUNKT_JITSI_APP_ID");
        let secret = source.get("TREFFPUNKT_JITSI_SECRET");
        let first_server = match source.get("TREFFPUNKT_JITSI_URL") {
            None => {
                let stray = [
                    ("TREFFPUNKT_JITSI_APP_ID", &app_id),
                    ("TREFFPUNKT_JITSI_SECRET", &secret),
                ];
                if let Some((variable, _)) = stray.iter().find(|(_, value)| value.is_some()) {
                    return Err(ConfigError::new(
                        variable,
                        "is set, but TREFFPUNKT_JITSI_URL (the server it belongs to) is not",
                    ));
                }
                None
            }
            Some(url) => {
                let parsed = url::Url::parse(url.trim())
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
                if parsed.is_none() {
                    return Err(ConfigError::new(
                        "TREFFPUNKT_JITSI_URL",
                        format!(
                            "\"{url}\" is not a server address such as https://meet.example.org"
                        ),
                    ));
                }
                let credentials = match (app_id, secret) {
                    (Some(app_id), Some(secret)) => Some((app_id, secret)),
                    (None, None) => None,
                    (Some(_), None) => {
                        return Err(ConfigError::new(
                            "TREFFPUNKT_JITSI_SECRET",
                            "is needed with TREFFPUNKT_JITSI_APP_ID (or unset both for a server without tokens)",
                        ));
                    }
                    (None, Some(_)) => {
                        return Err(ConfigError::new(
                            "TREFFPUNKT_JITSI_APP_ID",
                            "is needed with TREFFPUNKT_JITSI_SECRET (or unset both for a server without tokens)",
                        ));
                    }
                };
                Some(FirstServer {
                    url: url.trim().to_owned(),
                    credentials,
                })
            }
        };
        Ok(JitsiConfig {
            first_server,
            join_failures_per_ip: parse_count(
                source,
                "TREFFPUNKT_JOIN_MAX_FAILURES_PER_IP",
                100_000,
                DEFAULT_JOIN_FAILURES_PER_IP,
            )?,
            join_failures_per_link_prefix: parse_count(
                source,
                "TREFFPUNKT_JOIN_MAX_FAILURES_PER_LINK_PREFIX",
                100_000,
                DEFAULT_JOIN_FAILURES_PER_LINK_PREFIX,
            )?,
            join_window: JOIN_WINDOW,
            join_grace: chrono::TimeDelta::minutes(parse_number(
                source,
                "TREFFPUNKT_JOIN_GRACE_MINUTES",
                0,
                24 * 60,
                DEFAULT_JOIN_GRACE_MINUTES,
            )?),
        })
    }
}
