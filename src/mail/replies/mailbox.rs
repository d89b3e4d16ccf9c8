//! The reply mailbox over IMAP (`async-imap`): log in, list what waits, fetch one message,
//! file it away (processed, or failed with the reason written into it), and wait for news
//! with IDLE where the server offers it.

use std::fmt::Debug;
use std::time::Duration;

use async_imap::Session;
use async_imap::extensions::idle::IdleResponse;
use async_imap::types::Fetch;
use futures_util::TryStreamExt;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::sync::watch;

use crate::config::MailboxUrl;

/// Where handled messages go.
pub const PROCESSED: &str = "Processed";
pub const FAILED: &str = "Failed";

/// How long connecting, logging in and each command may take before the connection counts
/// as lost.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// A byte stream IMAP runs over: plain TCP on loopback, or TLS.
trait Link: AsyncRead + AsyncWrite + Unpin + Debug + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Debug + Send> Link for T {}

type ImapSession = Session<Box<dyn Link>>;

/// What went wrong talking to the mail server; the reader reconnects after a pause.
#[derive(Debug, thiserror::Error)]
pub enum MailboxError {
    #[error("cannot reach {0}: {1}")]
    Connect(String, String),
    #[error("the mail server refused the login of {0}: {1}")]
    Login(String, String),
    #[error("IMAP: {0}")]
    Imap(#[from] async_imap::error::Error),
    #[error("the mail server did not answer within {0:?}")]
    Timeout(Duration),
}

/// An open, selected reply mailbox.
pub struct Mailbox {
    session: ImapSession,
    /// The server can MOVE (RFC 6851) and IDLE (RFC 2177).
    can_move: bool,
    can_idle: bool,
}

async fn timed<T, E: Into<MailboxError>>(
    work: impl Future<Output = Result<T, E>>,
) -> Result<T, MailboxError> {
    match tokio::time::timeout(COMMAND_TIMEOUT, work).await {
        Ok(result) => result.map_err(Into::into),
        Err(_) => Err(MailboxError::Timeout(COMMAND_TIMEOUT)),
    }
}

impl Mailbox {
    /// Connects, logs in, makes the processed and failed folders if missing, selects the
    /// folder replies arrive in.
    pub async fn open(url: &MailboxUrl) -> Result<Mailbox, MailboxError> {
        let place = url.redacted();
        let connect = async {
            let tcp = TcpStream::connect((url.host.as_str(), url.port))
                .await
                .map_err(|e| MailboxError::Connect(place.clone(), e.to_string()))?;
            let link: Box<dyn Link> = if url.tls {
                let tls = async_native_tls::TlsConnector::new()
                    .connect(url.host.as_str(), tcp)
                    .await
                    .map_err(|e| MailboxError::Connect(place.clone(), e.to_string()))?;
                Box::new(tls)
            } else {
                Box::new(tcp)
            };
            let mut client = async_imap::Client::new(link);
            client
                .read_response()
                .await
                .map_err(|e| MailboxError::Connect(place.clone(), e.to_string()))?
                .ok_or_else(|| MailboxError::Connect(place.clone(), "no greeting".into()))?;
            client
                .login(&url.user, url.password())
                .await
                .map_err(|(e, _)| MailboxError::Login(place.clone(), e.to_string()))
        };
        let mut session = timed(connect).await?;
        let capabilities = timed(session.capabilities()).await?;
        let can_move = capabilities.has_str("MOVE");
        let can_idle = capabilities.has_str("IDLE");
        for folder in [PROCESSED, FAILED] {
            // "Already exists" is a NO: fine.
            match timed(session.create(folder)).await {
                Ok(()) | Err(MailboxError::Imap(async_imap::error::Error::No(_))) => {}
                Err(other) => return Err(other),
            }
        }
        timed(session.select(&url.folder)).await?;
        Ok(Mailbox {
            session,
            can_move,
            can_idle,
        })
    }

    /// The UIDs of every message waiting, oldest first.
    pub async fn waiting(&mut self) -> Result<Vec<u32>, MailboxError> {
        let mut uids: Vec<u32> = timed(self.session.uid_search("ALL"))
            .await?
            .into_iter()
            .collect();
        uids.sort_unstable();
        self.drain();
        Ok(uids)
    }

    /// The size of message `uid` in octets; `None` if it is gone.
    pub async fn size(&mut self, uid: u32) -> Result<Option<u32>, MailboxError> {
        Ok(self
            .fetch_one(uid, "(UID RFC822.SIZE)")
            .await?
            .and_then(|f| f.size))
    }

    /// The raw message `uid`, without marking it seen; `None` if it is gone.
    pub async fn fetch(&mut self, uid: u32) -> Result<Option<Vec<u8>>, MailboxError> {
        Ok(self
            .fetch_one(uid, "(UID BODY.PEEK[])")
            .await?
            .and_then(|f| f.body().map(<[u8]>::to_vec)))
    }

    /// `items` of message `uid`; `None` if it is gone.
    async fn fetch_one(&mut self, uid: u32, items: &str) -> Result<Option<Fetch>, MailboxError> {
        let fetched = timed(async {
            let stream = self.session.uid_fetch(uid.to_string(), items).await?;
            stream.try_collect::<Vec<_>>().await
        })
        .await?;
        self.drain();
        Ok(fetched.into_iter().find(|f| f.uid == Some(uid)))
    }

    /// Moves `uid` to the processed folder.
    pub async fn processed(&mut self, uid: u32) -> Result<(), MailboxError> {
        self.move_to(uid, PROCESSED).await
    }

    /// Moves `uid` to the failed folder as it is (a message too large to read).
    pub async fn failed_unread(&mut self, uid: u32) -> Result<(), MailboxError> {
        self.move_to(uid, FAILED).await
    }

    async fn move_to(&mut self, uid: u32, folder: &str) -> Result<(), MailboxError> {
        if self.can_move {
            timed(self.session.uid_mv(uid.to_string(), folder)).await?;
        } else {
            timed(self.session.uid_copy(uid.to_string(), folder)).await?;
            self.remove(uid).await?;
        }
        self.drain();
        Ok(())
    }

    /// Files `uid` (whose text is `raw`) in the failed folder with `reason` written into it
    /// as a header, where a person looking into the mailbox reads it.
    pub async fn failed(&mut self, uid: u32, raw: &[u8], reason: &str) -> Result<(), MailboxError> {
        let one_line: String = reason
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .filter(char::is_ascii)
            .take(900)
            .collect();
        let mut annotated = format!("X-Treffpunkt-Refused: {one_line}\r\n").into_bytes();
        annotated.extend_from_slice(raw);
        timed(
            self.session
                .append(FAILED, Some("(\\Seen)"), None, &annotated),
        )
        .await?;
        self.remove(uid).await?;
        self.drain();
        Ok(())
    }

    async fn remove(&mut self, uid: u32) -> Result<(), MailboxError> {
        timed(async {
            let stream = self
                .session
                .uid_store(uid.to_string(), "+FLAGS.SILENT (\\Deleted)")
                .await?;
            stream.try_collect::<Vec<_>>().await
        })
        .await?;
        timed(async {
            let stream = self.session.uid_expunge(uid.to_string()).await?;
            stream.try_collect::<Vec<_>>().await
        })
        .await?;
        Ok(())
    }

    /// Waits until the server reports news (IDLE), `at_most` passes, or `stop` turns true;
    /// without IDLE it just waits. Answers the mailbox and whether to stop.
    pub async fn wait(
        self,
        at_most: Duration,
        stop: &mut watch::Receiver<bool>,
    ) -> Result<(Mailbox, bool), MailboxError> {
        if !self.can_idle {
            let stopped = tokio::select! {
                _ = tokio::time::sleep(at_most) => false,
                _ = stop.changed() => true,
            };
            return Ok((self, stopped));
        }
        let (can_move, can_idle) = (self.can_move, self.can_idle);
        let mut idle = self.session.idle();
        timed(idle.init()).await?;
        let stopped = {
            let (news, _interrupt) = idle.wait_with_timeout(at_most);
            tokio::select! {
                answer = news => match answer? {
                    IdleResponse::NewData(_) | IdleResponse::Timeout
                    | IdleResponse::ManualInterrupt => false,
                },
                _ = stop.changed() => true,
            }
        };
        let session = timed(idle.done()).await?;
        let mut mailbox = Mailbox {
            session,
            can_move,
            can_idle,
        };
        mailbox.drain();
        Ok((mailbox, stopped))
    }

    /// Logs out (best effort: the reader is stopping).
    pub async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(5), self.session.logout()).await;
    }

    /// Drops the server's unsolicited notes (EXISTS, EXPUNGE …): the reader asks for what
    /// waits itself, and the channel holding them is bounded.
    fn drain(&mut self) {
        while self.session.unsolicited_responses.try_recv().is_ok() {}
    }
}
