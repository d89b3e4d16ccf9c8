//! Logging through `tracing`: human text by default, one JSON object per line on request.

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::config::{LogConfig, LogFormat};

/// Installs the global subscriber; a second call (as in tests) leaves the first in place.
///
/// Request spans log once when they close, with method, route, status, request id and
/// time taken: that line is the access log.
pub fn init(log: &LogConfig) {
    let filter = EnvFilter::builder()
        .parse(&log.filter)
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(std::io::stderr);
    let _already_installed = match log.format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().with_current_span(true).try_init(),
    };
}
