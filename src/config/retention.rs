//! How long personal data is kept (`TREFFPUNKT_RETENTION_DAYS`, `TREFFPUNKT_OUTBOX_RETENTION_DAYS`).

use std::time::Duration;

use super::{ConfigError, Source, parse_count};

const DAY: u64 = 24 * 3600;

/// How long the daily retention job keeps what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionConfig {
    /// A meeting (with its people, links and mails) after it ended or was cancelled; a poll
    /// after it closed or its last proposed time; finished outbox rows after they finished.
    pub meetings: Duration,
    /// A sent mail's payload (names, addresses, the agenda) after it was sent.
    pub outbox_payloads: Duration,
    /// An audit entry's full client address, before only its network is kept.
    pub audit_addresses: Duration,
    /// An audit entry.
    pub audit_entries: Duration,
}

impl Default for RetentionConfig {
    fn default() -> Self {
        RetentionConfig {
            meetings: Duration::from_secs(90 * DAY),
            outbox_payloads: Duration::from_secs(14 * DAY),
            audit_addresses: Duration::from_secs(7 * DAY),
            audit_entries: Duration::from_secs(365 * DAY),
        }
    }
}

impl RetentionConfig {
    pub(super) fn from_source(source: &dyn Source) -> Result<RetentionConfig, ConfigError> {
        let defaults = RetentionConfig::default();
        let meetings: u64 = parse_count(source, "TREFFPUNKT_RETENTION_DAYS", 3650, 90)?;
        let payloads: u64 = parse_count(source, "TREFFPUNKT_OUTBOX_RETENTION_DAYS", 3650, 14)?;
        Ok(RetentionConfig {
            meetings: Duration::from_secs(meetings * DAY),
            outbox_payloads: Duration::from_secs(payloads * DAY),
            ..defaults
        })
    }
}
