//! Why a message did not go out, in the two kinds the worker treats differently.

/// Why a message did not go out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth trying again later: the server is unreachable, busy or answered 4xx.
    #[error("{0}")]
    Transient(String),
    /// Will never work: the server refused with 5xx, or the message is malformed.
    #[error("{0}")]
    Permanent(String),
}
