//! Numbers for Prometheus (`GET /metrics`, text format): HTTP requests and their latency by
//! route, what the mail worker did in this process, the database pool, and the state of the
//! outbox as the database holds it (read at scrape time, so it is right even when the worker
//! runs in another process).

use std::sync::Arc;

use prometheus_client::encoding::EncodeLabelSet;
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
    /// HTTP requests by route.
    pub http: HttpMetrics,
    /// The database pool.
    pub pool: PoolGauges,
    /// What the daily retention job deleted and how long it took.
    pub retention: RetentionMetrics,
}

/// The daily retention job in this process.
#[derive(Clone, Default)]
pub struct RetentionMetrics {
    /// Runs completed.
    pub runs: Counter,
    /// Rows deleted or emptied, by step (`meetings`, `outbox_payloads`, …).
    pub rows: Family<Vec<(String, String)>, Counter>,
    /// How long the last run took.
    pub last_run_seconds: Gauge<f64, std::sync::atomic::AtomicU64>,
    /// The longest transaction of the last run: the longest any lock was held.
    pub longest_batch_seconds: Gauge<f64, std::sync::atomic::AtomicU64>,
}

/// A route as the router knows it (`/meetings/{id}`, not the id), and the method.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    /// `GET`, `POST`, …
    pub method: String,
    /// The route pattern, or `unmatched`.
    pub route: String,
}

/// A route, method and the answer's status.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// `GET`, `POST`, …
    pub method: String,
    /// The route pattern, or `unmatched`.
    pub route: String,
    /// The status code.
    pub status: u16,
}

/// Requests and their latency by route.
#[derive(Clone)]
pub struct HttpMetrics {
    /// Requests answered.
    pub requests: Family<RequestLabels, Counter>,
    /// Time from the request reaching the application to the answer.
    pub duration_seconds: Family<RouteLabels, Histogram>,
}

/// The database pool as r2d2 reports it at scrape time, and where each database visit spent
/// its time.
#[derive(Clone)]
pub struct PoolGauges {
    /// Open connections.
    pub connections: Gauge,
    /// Open connections not in use.
    pub idle: Gauge,
    /// The most the pool may open.
    pub max: Gauge,
    /// Each visit's three stages, observed by `Db::run`.
    pub stages: PoolStages,
}

/// One database visit (`Db::run`) in three stages: waiting for a thread of tokio's blocking
/// pool, waiting for a free connection, and the work on it. Under load they tell a queue for
/// threads or connections from a slow database.
#[derive(Clone)]
pub struct PoolStages {
    /// From asking to running on a blocking thread.
    pub thread_wait_seconds: Histogram,
    /// From there to holding a connection.
    pub checkout_seconds: Histogram,
    /// The statements and the code between them.
    pub work_seconds: Histogram,
}

impl Default for PoolGauges {
    fn default() -> Self {
        // 50 µs to about 1.6 s.
        let stage = || Histogram::new(exponential_buckets(0.00005, 2.0, 16));
        PoolGauges {
            connections: Gauge::default(),
            idle: Gauge::default(),
            max: Gauge::default(),
            stages: PoolStages {
                thread_wait_seconds: stage(),
                checkout_seconds: stage(),
                work_seconds: stage(),
            },
        }
    }
}

/// 0.25 ms to about 4 s.
fn request_buckets() -> Histogram {
    Histogram::new(exponential_buckets(0.00025, 2.0, 15))
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
        let retention = RetentionMetrics::default();
        registry.register(
            "treffpunkt_retention_runs",
            "Runs of the daily retention job completed",
            retention.runs.clone(),
        );
        registry.register(
            "treffpunkt_retention_rows",
            "Rows the retention job deleted (or whose personal data it emptied), by step",
            retention.rows.clone(),
        );
        registry.register(
            "treffpunkt_retention_last_run_seconds",
            "How long the last retention run took",
            retention.last_run_seconds.clone(),
        );
        registry.register(
            "treffpunkt_retention_longest_batch_seconds",
            "The longest transaction of the last retention run",
            retention.longest_batch_seconds.clone(),
        );
        let http = HttpMetrics {
            requests: Family::default(),
            duration_seconds: Family::new_with_constructor(request_buckets),
        };
        registry.register(
            "treffpunkt_http_requests",
            "HTTP requests answered, by method, route and status",
            http.requests.clone(),
        );
        registry.register(
            "treffpunkt_http_request_duration_seconds",
            "Time to answer an HTTP request, by method and route",
            http.duration_seconds.clone(),
        );
        let pool = PoolGauges::default();
        registry.register(
            "treffpunkt_db_pool_connections",
            "Open database connections",
            pool.connections.clone(),
        );
        registry.register(
            "treffpunkt_db_pool_idle_connections",
            "Open database connections not in use",
            pool.idle.clone(),
        );
        registry.register(
            "treffpunkt_db_pool_max_connections",
            "The most database connections the pool may open",
            pool.max.clone(),
        );
        registry.register(
            "treffpunkt_db_thread_wait_seconds",
            "Time a database visit waited for a thread of the blocking pool",
            pool.stages.thread_wait_seconds.clone(),
        );
        registry.register(
            "treffpunkt_db_checkout_seconds",
            "Time a database visit waited for a free pooled connection",
            pool.stages.checkout_seconds.clone(),
        );
        registry.register(
            "treffpunkt_db_work_seconds",
            "Time a database visit held its connection",
            pool.stages.work_seconds.clone(),
        );
        Metrics {
            registry: Arc::new(registry),
            mail,
            outbox,
            http,
            pool,
            retention,
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
