//! Where a job stands.

use serde::Serialize;

/// The state of an outbox job, as stored in `outbox_jobs.state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    /// Waiting to be done (claimed or not).
    Pending,
    /// Done.
    Sent,
    /// Given up on after a permanent error; administrators may retry or discard it.
    Failed,
    /// Needed no work after all (e.g. the meeting was cancelled before its invitation went out).
    Skipped,
    /// A failed job an administrator gave up on.
    Discarded,
}

impl JobState {
    /// Every state, in the order people read them.
    pub const ALL: [JobState; 5] = [
        JobState::Pending,
        JobState::Sent,
        JobState::Failed,
        JobState::Skipped,
        JobState::Discarded,
    ];

    /// The stored name; also the admin page's and `/metrics`' label.
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Pending => "pending",
            JobState::Sent => "sent",
            JobState::Failed => "failed",
            JobState::Skipped => "skipped",
            JobState::Discarded => "discarded",
        }
    }
}
