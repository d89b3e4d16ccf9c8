//! Random bearer secrets (API tokens, setup links) and the hashes they are stored as.

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// 256 random bits: far beyond guessing, so a plain SHA-256 is a safe way to store them.
const TOKEN_BYTES: usize = 32;

/// A new secret: `prefix` followed by 43 URL-safe characters (the prefix tells people what it is).
pub fn random_token(prefix: &str) -> anyhow::Result<String> {
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("the system's random number generator failed")?;
    Ok(format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// The stored form of a secret: lower-case hex SHA-256.
pub fn token_hash(raw: &str) -> String {
    crate::digest::sha256_hex(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_distinct_and_url_safe() {
        let a = random_token("tp_").unwrap();
        let b = random_token("tp_").unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 3 + 43);
        assert!(
            a[3..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }

    #[test]
    fn the_hash_is_sha256_hex() {
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
