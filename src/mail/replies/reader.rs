//! The reply reader: runs beside the mail worker, keeps a connection to the reply mailbox,
//! handles every message waiting there (oldest first), files it away, and waits for more with
//! IDLE (or polls). A lost connection is opened again after a pause that grows to a minute;
//! messages stay in the mailbox until handled, so nothing is missed across restarts, and a
//! message handled twice changes nothing the second time.

use std::time::Duration;

use lettre::message::Mailbox as Address;
use sha2::{Digest, Sha256};
use tokio::sync::watch;

use super::ReplyAddresses;
use super::apply::{self, Outcome};
use super::forward::forward;
use super::imip;
use super::mailbox::{Mailbox, MailboxError};
use crate::config::ReplyConfig;
use crate::db::Db;
use crate::error::AppError;
use crate::mail::compose::Composer;
use crate::mail::send_error::SendError;
use crate::mail::transport::Transport;

/// A calendar reply is a few kilobytes; anything far larger is not read into memory.
const MAX_MESSAGE_BYTES: u32 = 2 * 1024 * 1024;

/// The longest pause before connecting again.
const MAX_PAUSE: Duration = Duration::from_secs(60);

/// Reads the reply mailbox until stopped.
pub struct ReplyReader {
    pub config: ReplyConfig,
    pub db: Db,
    pub addresses: ReplyAddresses,
    /// For calendar UIDs.
    pub composer: Composer,
    /// Forwards go out here, from `from`.
    pub transport: Transport,
    pub from: Address,
}

/// Why a message stays in the mailbox for now.
#[derive(Debug, thiserror::Error)]
enum Later {
    #[error(transparent)]
    Mailbox(#[from] MailboxError),
    #[error("the database: {0}")]
    Database(#[from] AppError),
    #[error("the forward to the organizer could not be sent: {0}")]
    Forward(String),
}

impl ReplyReader {
    /// Works until `stop` turns true.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        tracing::info!(mailbox = %self.config.mailbox.redacted(), "reading calendar replies");
        let mut failures = 0_u32;
        while !*stop.borrow() {
            match self.session(&mut stop).await {
                Ok(()) => break,
                Err(e) => {
                    failures = failures.saturating_add(1);
                    let pause = Duration::from_secs(1 << failures.min(6)).min(MAX_PAUSE);
                    tracing::warn!(error = %e, retry_in_seconds = pause.as_secs(), "reply mailbox unavailable");
                    tokio::select! {
                        _ = tokio::time::sleep(pause) => {}
                        _ = stop.changed() => {}
                    }
                }
            }
        }
        tracing::info!("reply reader stopped");
    }

    /// One connection: handle what waits, then wait for news, until stopped (`Ok`) or the
    /// connection or database fails (`Err`).
    async fn session(&self, stop: &mut watch::Receiver<bool>) -> Result<(), Later> {
        let mut mailbox = Mailbox::open(&self.config.mailbox).await?;
        loop {
            self.handle_waiting(&mut mailbox).await?;
            if *stop.borrow() {
                mailbox.close().await;
                return Ok(());
            }
            let (open, stopped) = mailbox.wait(self.config.poll_interval, stop).await?;
            mailbox = open;
            if stopped {
                mailbox.close().await;
                return Ok(());
            }
        }
    }

    async fn handle_waiting(&self, mailbox: &mut Mailbox) -> Result<(), Later> {
        for uid in mailbox.waiting().await? {
            if mailbox
                .size(uid)
                .await?
                .is_some_and(|size| size > MAX_MESSAGE_BYTES)
            {
                tracing::warn!(
                    uid,
                    "a message over 2 MiB in the reply mailbox was filed unread"
                );
                mailbox.failed_unread(uid).await?;
                continue;
            }
            let Some(raw) = mailbox.fetch(uid).await? else {
                continue;
            };
            match self.handle(&raw).await? {
                Outcome::Done(what) => {
                    tracing::info!(%what, "calendar reply handled");
                    mailbox.processed(uid).await?;
                }
                Outcome::Forward(_) => {
                    tracing::info!("a note without calendar forwarded to the organizer");
                    mailbox.processed(uid).await?;
                }
                Outcome::Refused(reason) => {
                    tracing::warn!(%reason, "a message in the reply mailbox was not acted on");
                    mailbox.failed(uid, &raw, &reason).await?;
                }
            }
        }
        Ok(())
    }

    /// Reads one message and does what it says; a forward is sent before the message is
    /// filed, so a failed send leaves it for the next look.
    async fn handle(&self, raw: &[u8]) -> Result<Outcome, Later> {
        let (envelope, incoming) = match imip::read(raw) {
            Ok(read) => read,
            Err(why) => return Ok(Outcome::Refused(why)),
        };
        let key = envelope
            .message_id
            .clone()
            .unwrap_or_else(|| format!("{:x}", Sha256::digest(raw)));
        let addresses = self.addresses.clone();
        let composer = self.composer.clone();
        let read = envelope.clone();
        let outcome = self
            .db
            .run(move |conn| {
                apply::apply(
                    conn,
                    &addresses,
                    &|id| composer.uid(id),
                    &key,
                    &read,
                    &incoming,
                )
            })
            .await?;
        if let Outcome::Forward(to) = &outcome {
            if envelope
                .from
                .as_deref()
                .is_some_and(|from| from.eq_ignore_ascii_case(self.from.email.as_ref()))
            {
                return Ok(Outcome::Refused(
                    "sent by Treffpunkt itself; not forwarded again".into(),
                ));
            }
            let message = match forward(&self.from, to, &envelope, raw) {
                Ok(message) => message,
                Err(why) => return Ok(Outcome::Refused(why)),
            };
            match self.transport.send(&message).await {
                Ok(()) => {}
                Err(SendError::Permanent(e)) => {
                    return Ok(Outcome::Refused(format!(
                        "the organizer's server refused the forward: {e}"
                    )));
                }
                Err(SendError::Transient(e)) => return Err(Later::Forward(e)),
            }
        }
        Ok(outcome)
    }
}
