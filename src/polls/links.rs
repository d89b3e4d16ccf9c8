//! The links of a poll: a personal one per participant (`/p/<token>`) and the public one for
//! guests (`/p/<token>` too; the look-up tells them apart). Like join links, each token is an
//! HMAC under a key derived from `TREFFPUNKT_SECRET_KEY`, shown again on demand, and the
//! database keeps only its SHA-256.

use crate::config::SecretKey;
use crate::digest::TokenKey;

/// Separates this key from every other key derived from the same secret.
const KEY_PURPOSE: &[u8] = b"treffpunkt/poll-links/v1";
/// The path prefix of poll links.
pub const POLL_PATH: &str = "/p/";

/// Makes poll links; one per application, cheap to clone.
#[derive(Clone, Debug)]
pub struct PollLinks {
    key: TokenKey,
    base_url: String,
}

impl PollLinks {
    /// Derives the poll-link key from the application secret; links start with `base_url`.
    pub fn new(secret: &SecretKey, base_url: &url::Url) -> PollLinks {
        PollLinks {
            key: TokenKey::derive(secret.as_bytes(), KEY_PURPOSE),
            base_url: base_url.as_str().trim_end_matches('/').to_owned(),
        }
    }

    /// The secret of one participant's personal link.
    pub fn personal_token(&self, participant_id: &str) -> String {
        self.key.token(&format!("participant:{participant_id}"))
    }

    /// The secret of a poll's public link.
    pub fn public_token(&self, poll_id: &str) -> String {
        self.key.token(&format!("public:{poll_id}"))
    }

    /// The full link of a token.
    pub fn url(&self, token: &str) -> String {
        format!("{}{POLL_PATH}{token}", self.base_url)
    }
}

/// The stored form of a poll token.
pub fn poll_token_hash(token: &str) -> String {
    crate::accounts::token_hash(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_and_public_tokens_differ_and_are_stable() {
        let links = PollLinks::new(
            &SecretKey::from_configured("0123456789abcdef0123456789abcdef").unwrap(),
            &url::Url::parse("https://treffpunkt.example.org/").unwrap(),
        );
        let personal = links.personal_token("x");
        assert_eq!(personal, links.personal_token("x"));
        assert_ne!(personal, links.public_token("x"));
        assert_eq!(
            links.url(&personal),
            format!("https://treffpunkt.example.org/p/{personal}")
        );
        assert_eq!(personal.len(), 43);
    }
}
