//! A real SMTP server inside the test (`mailin-embedded`): it speaks SMTP over TCP like any
//! mail server, records every message it accepted, and can refuse on purpose — `451` (try
//! later) while told to, `550` (never) for addresses starting with `reject`.

use std::collections::HashMap;
use std::net::{IpAddr, TcpListener};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mailin_embedded::response::{self, Response};
use mailin_embedded::{Handler, Server};

/// One accepted message: the envelope and the raw message.
#[derive(Debug, Clone)]
pub struct Received {
    /// `RCPT TO` addresses.
    pub recipients: Vec<String>,
    /// The message as sent (headers and body).
    pub data: Vec<u8>,
}

impl Received {
    /// The parsed message.
    pub fn parsed(&self) -> mailparse::ParsedMail<'_> {
        mailparse::parse_mail(&self.data).expect("the message parses")
    }

    /// A header's (decoded) value.
    pub fn header(&self, name: &str) -> Option<String> {
        use mailparse::MailHeaderMap;
        self.parsed().headers.get_first_value(name)
    }

    /// The `text/calendar` part's text, if the mail has one.
    pub fn calendar_opt(&self) -> Option<String> {
        fn find(part: &mailparse::ParsedMail<'_>) -> Option<String> {
            if part.ctype.mimetype == "text/calendar" {
                return part.get_body().ok();
            }
            part.subparts.iter().find_map(find)
        }
        find(&self.parsed())
    }

    /// The `text/calendar` part's text.
    pub fn calendar(&self) -> String {
        self.calendar_opt().expect("a text/calendar part")
    }
}

#[derive(Default)]
struct Shared {
    received: Mutex<Vec<Received>>,
    temporarily_failing: AtomicBool,
    refused: AtomicU64,
    delay_ms: AtomicU64,
}

#[derive(Clone)]
struct Recorder {
    shared: Arc<Shared>,
    recipients: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Recorder {
    fn mail(&mut self, _ip: IpAddr, _domain: &str, _from: &str) -> Response {
        self.recipients.clear();
        self.data.clear();
        if self.shared.temporarily_failing.load(Ordering::SeqCst) {
            self.shared.refused.fetch_add(1, Ordering::SeqCst);
            return Response::custom(451, "4.3.2 Try again later".to_owned());
        }
        response::OK
    }

    fn rcpt(&mut self, to: &str) -> Response {
        if to.starts_with("reject") {
            self.shared.refused.fetch_add(1, Ordering::SeqCst);
            return Response::custom(550, "5.1.1 No such mailbox here".to_owned());
        }
        self.recipients.push(to.to_owned());
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let delay = self.shared.delay_ms.load(Ordering::SeqCst);
        if delay > 0 {
            std::thread::sleep(Duration::from_millis(delay));
        }
        self.shared.received.lock().unwrap().push(Received {
            recipients: std::mem::take(&mut self.recipients),
            data: std::mem::take(&mut self.data),
        });
        response::OK
    }
}

/// A running SMTP server on a loopback port.
pub struct SmtpServer {
    /// Its port.
    pub port: u16,
    shared: Arc<Shared>,
}

/// A loopback port nobody listens on (yet).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl SmtpServer {
    /// Starts a server on a free port.
    pub fn start() -> SmtpServer {
        SmtpServer::start_on(free_port())
    }

    /// Starts a server on `port` (for "the server comes back").
    pub fn start_on(port: u16) -> SmtpServer {
        let shared = Arc::new(Shared::default());
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("the SMTP port is free");
        let mut server = Server::new(Recorder {
            shared: shared.clone(),
            recipients: Vec::new(),
            data: Vec::new(),
        });
        server
            .with_name("smtp.test")
            .with_num_threads(32)
            .with_tcp_listener(listener);
        // Runs until the test process ends.
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        SmtpServer { port, shared }
    }

    /// `TREFFPUNKT_SMTP_URL` for this server.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Answers every new message with 451 while `on`.
    pub fn fail_temporarily(&self, on: bool) {
        self.shared.temporarily_failing.store(on, Ordering::SeqCst);
    }

    /// Makes each message take this long (to catch a worker in the middle of a batch).
    pub fn slow_down(&self, per_message: Duration) {
        self.shared
            .delay_ms
            .store(per_message.as_millis() as u64, Ordering::SeqCst);
    }

    /// How many transactions it refused so far.
    pub fn refused(&self) -> u64 {
        self.shared.refused.load(Ordering::SeqCst)
    }

    /// Everything accepted so far.
    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    /// Waits until at least `count` messages arrived (panics after `within`).
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "only {} of {count} messages arrived within {within:?}",
                received.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Messages by Message-ID, with how often each arrived.
    pub fn by_message_id(&self) -> HashMap<String, usize> {
        let mut counts = HashMap::new();
        for message in self.received() {
            let id = message
                .header("Message-ID")
                .expect("every message has an id");
            *counts.entry(id).or_insert(0) += 1;
        }
        counts
    }
}
