//! Where finished messages go: an SMTP server through our own connection pool (`smtp`, which
//! says why it is not lettre's pooled transport), or, without one (the embedded default),
//! `.eml` files under `<data dir>/mail/`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use lettre::{AsyncFileTransport, AsyncTransport, Message, Tokio1Executor};

use super::send_error::SendError;
use super::smtp::SmtpPool;
use crate::config::MailConfig;

/// The configured way out.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP server (`TREFFPUNKT_SMTP_URL`).
    Smtp(Arc<SmtpPool>),
    /// One file per message in this folder.
    Files(PathBuf, AsyncFileTransport<Tokio1Executor>),
}

impl Transport {
    /// The transport `config` names.
    pub fn from_config(config: &MailConfig, data_dir: &Path) -> anyhow::Result<Transport> {
        match &config.smtp {
            Some(url) => {
                let pool = SmtpPool::from_url(url.expose(), config.concurrency).map_err(|e| {
                    anyhow::anyhow!("TREFFPUNKT_SMTP_URL {} cannot be used: {e}", url.redacted())
                })?;
                Ok(Transport::Smtp(Arc::new(pool)))
            }
            None => {
                let dir = data_dir.join("mail");
                crate::files::private_dir(&dir)
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
            Transport::Smtp(smtp) => smtp.send(message).await,
            Transport::Files(dir, files) => {
                let id = files
                    .send(message.clone())
                    .await
                    .map_err(|e| SendError::Transient(e.to_string()))?;
                let file = dir.join(format!("{id}.eml"));
                // The folder is 0700 already; the file itself keeps to its owner too. The mail
                // is written either way: failing here would only write it twice.
                if let Err(e) = crate::files::restrict_file(&file) {
                    tracing::warn!(file = %file.display(), error = %e, "cannot make the mail file private");
                }
                tracing::info!(file = %file.display(), "mail written");
                Ok(())
            }
        }
    }
}
