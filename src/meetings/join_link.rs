//! Personal join links: `<base URL>/j/<token>`, one per participant.
//!
//! The token is an HMAC-SHA256 of the participant's id and link version under a key derived
//! from `TREFFPUNKT_SECRET_KEY`. It can be shown again at any time (recomputed, never stored),
//! the database keeps only its SHA-256 for look-up, so a copy of the database alone opens no
//! room, and raising the link version replaces a leaked link.

use crate::config::SecretKey;
use crate::digest::TokenKey;

/// Separates this key from every other key derived from the same secret.
const KEY_PURPOSE: &[u8] = b"treffpunkt/join-links/v1";
/// The path prefix of join links.
pub const JOIN_PATH: &str = "/j/";

/// Makes and recognises join links; one per application, cheap to clone.
#[derive(Clone)]
pub struct JoinLinks {
    key: TokenKey,
    base_url: String,
}

impl JoinLinks {
    /// Derives the join-link key from the application secret; links start with `base_url`.
    pub fn new(secret: &SecretKey, base_url: &url::Url) -> JoinLinks {
        JoinLinks {
            key: TokenKey::derive(secret.as_bytes(), KEY_PURPOSE),
            base_url: base_url.as_str().trim_end_matches('/').to_owned(),
        }
    }

    /// The secret token of one participant's link (256 bits, URL-safe base64).
    pub fn token(&self, participant_id: &str, link_version: i32) -> String {
        self.key.token(&format!("{participant_id}:{link_version}"))
    }

    /// The full link a participant clicks.
    pub fn url(&self, participant_id: &str, link_version: i32) -> String {
        format!(
            "{}{JOIN_PATH}{}",
            self.base_url,
            self.token(participant_id, link_version)
        )
    }
}

impl std::fmt::Debug for JoinLinks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JoinLinks(…)")
    }
}

/// The stored form of a join token, the only thing the database holds: the same SHA-256 as
/// for API tokens (a 256-bit token needs no slow hash).
pub fn join_token_hash(token: &str) -> String {
    crate::accounts::token_hash(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(secret: &str) -> JoinLinks {
        JoinLinks::new(
            &SecretKey::from_configured(secret).unwrap(),
            &url::Url::parse("https://treffpunkt.example.org/").unwrap(),
        )
    }

    #[test]
    fn a_link_is_stable_per_participant_and_version() {
        let links = links("0123456789abcdef0123456789abcdef");
        let url = links.url("p1", 0);
        assert_eq!(url, links.url("p1", 0));
        assert!(
            url.starts_with("https://treffpunkt.example.org/j/"),
            "{url}"
        );
        assert_eq!(url.len(), "https://treffpunkt.example.org/j/".len() + 43);
        assert_ne!(links.token("p1", 0), links.token("p1", 1));
        assert_ne!(links.token("p1", 0), links.token("p2", 0));
    }

    #[test]
    fn another_secret_key_makes_other_links() {
        let a = links("0123456789abcdef0123456789abcdef");
        let b = links("fedcba9876543210fedcba9876543210");
        assert_ne!(a.token("p1", 0), b.token("p1", 0));
    }

    #[test]
    fn the_stored_hash_does_not_contain_the_token() {
        let token = links("0123456789abcdef0123456789abcdef").token("p1", 0);
        let hash = join_token_hash(&token);
        assert_eq!(hash.len(), 64);
        assert!(!hash.contains(&token));
    }
}
