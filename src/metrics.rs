//! Numbers for Prometheus (`GET /metrics`, text format): what the mail worker did in this
//! process, and the state of the outbox as the database holds it (read at scrape time, so it is
//! right even when the worker runs in another process).

use std::sync::Arc;

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// Every metric of one process; cheap to clone.
#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Registry>,
    /// The mail worker's counters.
    pub mail: MailMetrics,
    /// The outbox by state.
    pub outbox: OutboxGauges,
}

/// What the mail worker did since the process started.
#[derive(Clone)]
pub struct MailMetrics {
    /// Messages handed to the transport.
    pub sent: Counter,
    /// Jobs given up on (permanent refusal, or out of attempts).
    pub failed: Counter,
    /// Transient failures that will be tried again.
    pub retried: Counter,
    /// Jobs that needed no mail.
    pub skipped: Counter,
    /// How long one send took (SMTP conversation or file write).
    pub send_seconds: Histogram,
}

/// The outbox as the database holds it.
#[derive(Clone, Default)]
pub struct OutboxGauges {
    /// Jobs by state (`pending`, `sent`, `failed`, `skipped`, `discarded`).
    pub jobs: Family<Vec<(String, String)>, Gauge>,
    /// Age of the oldest due job: how far behind the worker is.
    pub oldest_pending_seconds: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// A registry with every metric registered.
    pub fn new() -> Metrics {
        let mut registry = Registry::default();
        let mail = MailMetrics {
            sent: Counter::default(),
            failed: Counter::default(),
            retried: Counter::default(),
            skipped: Counter::default(),
            // 0.5 ms (a local file) to about 16 s (a slow SMTP server).
            send_seconds: Histogram::new(exponential_buckets(0.0005, 2.0, 16)),
        };
        let outbox = OutboxGauges::default();
        registry.register(
            "treffpunkt_mail_sent",
            "Messages handed to the mail transport",
            mail.sent.clone(),
        );
        registry.register(
            "treffpunkt_mail_failed",
            "Mail jobs given up on (refused for good or out of attempts)",
            mail.failed.clone(),
        );
        registry.register(
            "treffpunkt_mail_retried",
            "Transient mail failures that will be tried again",
            mail.retried.clone(),
        );
        registry.register(
            "treffpunkt_mail_skipped",
            "Mail jobs that needed no mail (e.g. the meeting was cancelled first)",
            mail.skipped.clone(),
        );
        registry.register(
            "treffpunkt_mail_send_seconds",
            "Time to hand one message to the transport",
            mail.send_seconds.clone(),
        );
        registry.register(
            "treffpunkt_outbox_jobs",
            "Outbox jobs by state",
            outbox.jobs.clone(),
        );
        registry.register(
            "treffpunkt_outbox_oldest_pending_seconds",
            "Age of the oldest due outbox job",
            outbox.oldest_pending_seconds.clone(),
        );
        Metrics {
            registry: Arc::new(registry),
            mail,
            outbox,
        }
    }

    /// The Prometheus text exposition.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}
