//! SMTP connections for the worker: lettre's SMTP client (EHLO, STARTTLS, AUTH, the mail
//! transaction), over sockets we open ourselves with Nagle's algorithm off, kept in a small pool.
//!
//! Why not lettre's `AsyncSmtpTransport`: in lettre 0.11.23 it never sets `TCP_NODELAY`, and it
//! writes the message body and the closing `<CRLF>.<CRLF>` as two writes. Nagle holds the second
//! until the server acknowledges the first, and the server delays that acknowledgement by 40 ms:
//! every message waits 40 ms (measured: 325 messages/s with 16 connections into a local sink).
//! Upstream fixed this (lettre pull request 1159); once a release carries it this module can
//! go back to `AsyncSmtpTransport`.

use std::borrow::Cow;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use lettre::Message;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{AsyncSmtpConnection, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::{SMTP_PORT, SUBMISSION_PORT, SUBMISSIONS_PORT};
use tokio::net::TcpStream;

use super::send_error::SendError;

/// How long connecting, or one whole mail transaction, may take.
const TIMEOUT: Duration = Duration::from_secs(60);
/// A connection idle longer than this is checked (NOOP) before use: servers close idle ones.
const FRESH: Duration = Duration::from_secs(5);

/// Where and how to reach the SMTP server.
struct Endpoint {
    host: String,
    port: u16,
    tls: Tls,
    hello: ClientId,
    credentials: Option<Credentials>,
}

/// A pool of open SMTP connections to one server.
pub struct SmtpPool {
    endpoint: Endpoint,
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
    max_idle: usize,
}

impl SmtpPool {
    /// A pool for `url` in lettre's form (`smtp://user:pass@host:587?tls=required`,
    /// `smtps://host`, `smtp://host:25`), keeping up to `max_idle` connections open.
    pub fn from_url(url: &str, max_idle: usize) -> Result<SmtpPool, String> {
        Ok(SmtpPool {
            endpoint: Endpoint::parse(url)?,
            idle: Mutex::new(Vec::new()),
            max_idle,
        })
    }

    /// Sends one message over a pooled connection (or a new one).
    pub async fn send(&self, message: &Message) -> Result<(), SendError> {
        let envelope = message.envelope().clone();
        let bytes = message.formatted();
        let (mut conn, reused) = self.checkout().await?;
        let outcome = tokio::time::timeout(TIMEOUT, conn.send(&envelope, &bytes)).await;
        match outcome {
            Ok(Ok(_)) => {
                self.checkin(conn);
                Ok(())
            }
            // A kept connection the server had closed: nothing was accepted, try a fresh one.
            Ok(Err(e)) if reused && !e.is_response() && !e.is_permanent() && !e.is_transient() => {
                conn.abort().await;
                let mut fresh = self.connect().await?;
                match tokio::time::timeout(TIMEOUT, fresh.send(&envelope, &bytes)).await {
                    Ok(Ok(_)) => {
                        self.checkin(fresh);
                        Ok(())
                    }
                    Ok(Err(e)) => {
                        fresh.abort().await;
                        Err(classify(&e))
                    }
                    Err(_) => Err(timed_out()),
                }
            }
            Ok(Err(e)) => {
                conn.abort().await;
                Err(classify(&e))
            }
            Err(_) => Err(timed_out()),
        }
    }

    async fn checkout(&self) -> Result<(AsyncSmtpConnection, bool), SendError> {
        loop {
            let kept = self.idle.lock().map(|mut idle| idle.pop()).unwrap_or(None);
            let Some((mut conn, since)) = kept else {
                return Ok((self.connect().await?, false));
            };
            if since.elapsed() < FRESH || conn.test_connected().await {
                return Ok((conn, true));
            }
            conn.abort().await;
        }
    }

    fn checkin(&self, conn: AsyncSmtpConnection) {
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < self.max_idle
        {
            idle.push((conn, Instant::now()));
        }
    }

    /// A new connection: TCP without Nagle, greeting, EHLO, TLS as configured, AUTH.
    async fn connect(&self) -> Result<AsyncSmtpConnection, SendError> {
        let endpoint = &self.endpoint;
        let connecting = async {
            let address = (endpoint.host.as_str(), endpoint.port);
            let mut conn = match &endpoint.tls {
                // Implicit TLS: lettre's own connect (Nagle stays on; prefer STARTTLS).
                Tls::Wrapper(parameters) => {
                    AsyncSmtpConnection::connect_tokio1(
                        address,
                        Some(TIMEOUT),
                        &endpoint.hello,
                        Some(parameters.clone()),
                        None,
                    )
                    .await
                }
                _ => {
                    let tcp = TcpStream::connect(address)
                        .await
                        .map_err(|e| SendError::Transient(format!("cannot connect: {e}")))?;
                    tcp.set_nodelay(true)
                        .map_err(|e| SendError::Transient(format!("cannot connect: {e}")))?;
                    AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &endpoint.hello)
                        .await
                }
            }
            .map_err(|e| classify(&e))?;
            match &endpoint.tls {
                Tls::Required(parameters) => {
                    conn.starttls(parameters.clone(), &endpoint.hello).await
                }
                Tls::Opportunistic(parameters) if conn.can_starttls() => {
                    conn.starttls(parameters.clone(), &endpoint.hello).await
                }
                _ => Ok(()),
            }
            .map_err(|e| classify(&e))?;
            if let Some(credentials) = &endpoint.credentials {
                conn.auth(DEFAULT_MECHANISMS, credentials)
                    .await
                    .map_err(|e| classify(&e))?;
            }
            Ok(conn)
        };
        tokio::time::timeout(TIMEOUT, connecting)
            .await
            .unwrap_or_else(|_| Err(timed_out()))
    }
}

impl Endpoint {
    /// The URL forms lettre's `AsyncSmtpTransport::from_url` accepts, with the same defaults.
    fn parse(raw: &str) -> Result<Endpoint, String> {
        let url = url::Url::parse(raw).map_err(|e| format!("not a URL: {e}"))?;
        let host = url.host_str().ok_or("no host")?.to_owned();
        let tls_mode = url
            .query_pairs()
            .find(|(key, _)| key == "tls")
            .map(|(_, value)| value.into_owned());
        let parameters = || TlsParameters::new(host.clone()).map_err(|e| e.to_string());
        let (port, tls) = match (url.scheme(), tls_mode.as_deref()) {
            ("smtp", None) => (SMTP_PORT, Tls::None),
            ("smtp", Some("required")) => (SUBMISSION_PORT, Tls::Required(parameters()?)),
            ("smtp", Some("opportunistic")) => (SUBMISSION_PORT, Tls::Opportunistic(parameters()?)),
            ("smtps", _) => (SUBMISSIONS_PORT, Tls::Wrapper(parameters()?)),
            (scheme, mode) => return Err(format!("unknown scheme {scheme} or tls={mode:?}")),
        };
        let hello = match url.path().trim_matches('/') {
            "" => ClientId::default(),
            name => ClientId::Domain(name.to_owned()),
        };
        let decode = |text: &str| -> Result<String, String> {
            percent_encoding::percent_decode_str(text)
                .decode_utf8()
                .map(Cow::into_owned)
                .map_err(|e| e.to_string())
        };
        let credentials = match url.password() {
            Some(password) => Some(Credentials::new(decode(url.username())?, decode(password)?)),
            None => None,
        };
        Ok(Endpoint {
            port: url.port().unwrap_or(port),
            host,
            tls,
            hello,
            credentials,
        })
    }
}

/// SMTP 5xx and malformed messages fail for good; everything else may work later.
fn classify(e: &lettre::transport::smtp::Error) -> SendError {
    if e.is_permanent() || e.is_client() {
        SendError::Permanent(e.to_string())
    } else {
        SendError::Transient(e.to_string())
    }
}

fn timed_out() -> SendError {
    SendError::Transient(format!("no answer within {} s", TIMEOUT.as_secs()))
}
