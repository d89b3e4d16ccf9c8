//! The one-way digest secrets and counted keys are stored as.

use sha2::{Digest, Sha256};

/// Lower-case hex SHA-256 of the text.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
