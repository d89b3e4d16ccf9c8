//! Replies from calendar programs: the mailbox Treffpunkt reads (`TREFFPUNKT_REPLY_MAILBOX`)
//! and the address invitations name as their organizer (`TREFFPUNKT_REPLY_ADDRESS`). Both or
//! neither: without them invitations name the organizer and replies go to them as before.

use std::fmt;
use std::time::Duration;

use percent_encoding::percent_decode_str;

use super::{ConfigError, Source, parse_count};
use crate::domain::Email;

/// Where replies are read and which address collects them.
#[derive(Debug, Clone)]
pub struct ReplyConfig {
    pub mailbox: MailboxUrl,
    /// The collecting address's local part (`rsvp`); each invitation adds `+<token>`.
    pub local_part: String,
    /// Its domain (`treffpunkt.stadt-a.de`).
    pub domain: String,
    /// How often the mailbox is looked at when the server offers no IDLE, and at most how long
    /// an IDLE waits before looking anyway (`TREFFPUNKT_REPLY_POLL_SECONDS`).
    pub poll_interval: Duration,
}

/// An IMAP mailbox: `imaps://user:password@host[:993]/INBOX` (or `imap://` without TLS, for a
/// server on the same machine). The password never appears in logs or `Debug` output.
#[derive(Clone)]
pub struct MailboxUrl {
    pub tls: bool,
    pub host: String,
    pub port: u16,
    pub user: String,
    password: String,
    /// The folder replies arrive in.
    pub folder: String,
}

impl MailboxUrl {
    /// The password, only for logging in.
    pub fn password(&self) -> &str {
        &self.password
    }

    /// Scheme, user, host, port and folder, for log lines.
    pub fn redacted(&self) -> String {
        let scheme = if self.tls { "imaps" } else { "imap" };
        format!(
            "{scheme}://{}@{}:{}/{}",
            self.user, self.host, self.port, self.folder
        )
    }
}

#[cfg(test)]
impl MailboxUrl {
    /// A mailbox on this machine, for tests of what uses the settings.
    pub fn for_tests() -> MailboxUrl {
        parse_mailbox("imap://rsvp:secret@127.0.0.1:10143/INBOX").expect("a valid URL")
    }
}

impl fmt::Debug for MailboxUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MailboxUrl({})", self.redacted())
    }
}

/// The local part of an address may hold 64 octets (RFC 5321 §4.5.3.1.1); `+` and the
/// 48-character token take 49 of them.
const MAX_BASE_LOCAL_PART: usize = 64 - 49;
const DEFAULT_POLL_SECONDS: u64 = 60;

impl ReplyConfig {
    /// Reads the two settings; `None` when neither is set.
    pub fn from_source(source: &dyn Source) -> Result<Option<ReplyConfig>, ConfigError> {
        let mailbox = source.get("TREFFPUNKT_REPLY_MAILBOX");
        let address = source.get("TREFFPUNKT_REPLY_ADDRESS");
        let (mailbox, address) = match (mailbox, address) {
            (None, None) => return Ok(None),
            (Some(_), None) => {
                return Err(ConfigError::new(
                    "TREFFPUNKT_REPLY_ADDRESS",
                    "is needed with TREFFPUNKT_REPLY_MAILBOX: the address replies are sent to, e.g. rsvp@treffpunkt.example.org",
                ));
            }
            (None, Some(_)) => {
                return Err(ConfigError::new(
                    "TREFFPUNKT_REPLY_MAILBOX",
                    "is needed with TREFFPUNKT_REPLY_ADDRESS: the IMAP mailbox replies arrive in, e.g. imaps://rsvp:password@mail.example.org/INBOX",
                ));
            }
            (Some(mailbox), Some(address)) => (mailbox, address),
        };
        let mailbox = parse_mailbox(mailbox.trim())?;
        let (local_part, domain) = parse_address(address.trim())?;
        let poll_seconds = parse_count(
            source,
            "TREFFPUNKT_REPLY_POLL_SECONDS",
            3600,
            DEFAULT_POLL_SECONDS,
        )?;
        Ok(Some(ReplyConfig {
            mailbox,
            local_part,
            domain,
            poll_interval: Duration::from_secs(poll_seconds.max(1)),
        }))
    }
}

fn parse_mailbox(raw: &str) -> Result<MailboxUrl, ConfigError> {
    let problem = |why: &str| {
        ConfigError::new(
            "TREFFPUNKT_REPLY_MAILBOX",
            format!("{why}; expected imaps://user:password@host/INBOX"),
        )
    };
    let url = url::Url::parse(raw).map_err(|_| problem("is not a URL"))?;
    let tls = match url.scheme() {
        "imaps" => true,
        "imap" => false,
        _ => {
            return Err(problem(
                "must start with imaps:// (or imap:// on the same machine)",
            ));
        }
    };
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| problem("names no host"))?
        .to_owned();
    let decode = |part: &str| percent_decode_str(part).decode_utf8_lossy().into_owned();
    let user = decode(url.username());
    if user.is_empty() {
        return Err(problem("names no user"));
    }
    let password = decode(url.password().unwrap_or_default());
    let folder = decode(url.path().trim_start_matches('/'));
    Ok(MailboxUrl {
        tls,
        port: url.port().unwrap_or(if tls { 993 } else { 143 }),
        host,
        user,
        password,
        folder: if folder.is_empty() {
            "INBOX".to_owned()
        } else {
            folder
        },
    })
}

fn parse_address(raw: &str) -> Result<(String, String), ConfigError> {
    let email = Email::parse(raw).map_err(|_| {
        ConfigError::new(
            "TREFFPUNKT_REPLY_ADDRESS",
            format!("\"{raw}\" is not an address such as rsvp@treffpunkt.example.org"),
        )
    })?;
    let (local, domain) = email
        .as_str()
        .rsplit_once('@')
        .map(|(l, d)| (l.to_owned(), d.to_owned()))
        .unwrap_or_default();
    if local.contains('+') || local.len() > MAX_BASE_LOCAL_PART {
        return Err(ConfigError::new(
            "TREFFPUNKT_REPLY_ADDRESS",
            format!(
                "\"{raw}\": its part before @ must have at most {MAX_BASE_LOCAL_PART} characters and no +, since each invitation adds +<token>"
            ),
        ));
    }
    Ok((local, domain))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    struct Settings(HashMap<&'static str, &'static str>);

    impl Source for Settings {
        fn get(&self, name: &str) -> Option<String> {
            self.0.get(name).map(|v| (*v).to_owned())
        }
    }

    fn read(pairs: &[(&'static str, &'static str)]) -> Result<Option<ReplyConfig>, ConfigError> {
        ReplyConfig::from_source(&Settings(pairs.iter().copied().collect()))
    }

    #[test]
    fn both_settings_or_neither() {
        assert!(read(&[]).unwrap().is_none());
        let alone = read(&[("TREFFPUNKT_REPLY_ADDRESS", "rsvp@t.example.org")]).unwrap_err();
        assert!(
            alone.to_string().contains("TREFFPUNKT_REPLY_MAILBOX"),
            "{alone}"
        );
    }

    #[test]
    fn the_mailbox_url_is_read_and_its_password_never_shown() {
        let config = read(&[
            (
                "TREFFPUNKT_REPLY_MAILBOX",
                "imaps://rsvp%40city:s%3Acret@mail.example.org/Antworten",
            ),
            ("TREFFPUNKT_REPLY_ADDRESS", "RSVP@Treffpunkt.Example.org"),
        ])
        .unwrap()
        .unwrap();
        let mailbox = &config.mailbox;
        assert_eq!(
            (
                mailbox.tls,
                mailbox.port,
                mailbox.user.as_str(),
                mailbox.password()
            ),
            (true, 993, "rsvp@city", "s:cret")
        );
        assert_eq!(mailbox.folder, "Antworten");
        assert_eq!(
            (config.local_part.as_str(), config.domain.as_str()),
            ("rsvp", "treffpunkt.example.org")
        );
        assert!(!format!("{config:?}").contains("s:cret"));
    }

    #[test]
    fn an_unusable_address_or_url_says_why() {
        let plus = read(&[
            (
                "TREFFPUNKT_REPLY_MAILBOX",
                "imap://u:p@127.0.0.1:10143/INBOX",
            ),
            ("TREFFPUNKT_REPLY_ADDRESS", "rsvp+x@t.example.org"),
        ])
        .unwrap_err();
        assert!(plus.to_string().contains("no +"), "{plus}");
        let pop = read(&[
            ("TREFFPUNKT_REPLY_MAILBOX", "pop3://u:p@mail.example.org"),
            ("TREFFPUNKT_REPLY_ADDRESS", "rsvp@t.example.org"),
        ])
        .unwrap_err();
        assert!(pop.to_string().contains("imaps://"), "{pop}");
    }
}
