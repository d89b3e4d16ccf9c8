//! Where finished messages go: an SMTP server through lettre's pooled async transport, or,
//! without one (the embedded default), `.eml` files under `<data dir>/mail/`.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::MailConfig;

/// The configured way out.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP server (`TREFFPUNKT_SMTP_URL`).
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// One file per message in this folder.
    Files(PathBuf, AsyncFileTransport<Tokio1Executor>),
}

/// Why a message did not go out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth trying again later: the server is unreachable, busy or answered 4xx.
    #[error("{0}")]
    Transient(String),
    /// Will never work: the server refused with 5xx, or the message is malformed.
    #[error("{0}")]
    Permanent(String),
}

impl Transport {
    /// The transport `config` names. Must run inside the tokio runtime (the SMTP pool
    /// starts a task that closes idle connections).
    pub fn from_config(config: &MailConfig, data_dir: &Path) -> anyhow::Result<Transport> {
        match &config.smtp {
            Some(url) => {
                let pool = PoolConfig::new()
                    .max_size(u32::try_from(config.concurrency).unwrap_or(u32::MAX))
                    .min_idle(0);
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .with_context(|| {
                        format!("TREFFPUNKT_SMTP_URL {} cannot be used", url.redacted())
                    })?
                    .pool_config(pool)
                    .build();
                Ok(Transport::Smtp(transport))
            }
            None => {
                let dir = data_dir.join("mail");
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("cannot create the mail folder {}", dir.display()))?;
                Ok(Transport::Files(dir.clone(), AsyncFileTransport::new(dir)))
            }
        }
    }

    /// Where messages go, for the start-up log line (no password).
    pub fn describe(&self, config: &MailConfig) -> String {
        match (self, &config.smtp) {
            (Transport::Smtp(_), Some(url)) => url.redacted(),
            (Transport::Files(dir, _), _) => format!("files in {}", dir.display()),
            (Transport::Smtp(_), None) => "SMTP".to_owned(),
        }
    }

    /// Sends one message. Files are named in a log line, since someone will look for them.
    pub async fn send(&self, message: &Message) -> Result<(), SendError> {
        match self {
            Transport::Smtp(smtp) => smtp.send(message.clone()).await.map(drop).map_err(|e| {
                let text = e.to_string();
                if e.is_permanent() || e.is_client() {
                    SendError::Permanent(text)
                } else {
                    SendError::Transient(text)
                }
            }),
            Transport::Files(dir, files) => {
                let id = files
                    .send(message.clone())
                    .await
                    .map_err(|e| SendError::Transient(e.to_string()))?;
                tracing::info!(file = %dir.join(format!("{id}.eml")).display(), "mail written");
                Ok(())
            }
        }
    }
}
