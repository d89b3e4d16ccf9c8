//! The one-way digest secrets and counted keys are stored as, and the keyed digest that
//! derives secrets shown again on demand (join links, poll links, calendar feeds) from the
//! server's key.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Lower-case hex SHA-256 of the text.
pub fn sha256_hex(text: &str) -> String {
    sha256_hex_of_bytes(text.as_bytes())
}

/// Lower-case hex SHA-256 of bytes (a logo).
pub fn sha256_hex_of_bytes(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// HMAC-SHA256 of `message` under `key`.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// The key of one kind of derived secret (join links, poll links, calendar feeds): an HMAC of
/// the server key and the kind's purpose, so each kind's tokens are independent. A token is the
/// HMAC of what it names (256 bits, 43 characters of URL-safe base64): shown again on demand by
/// recomputing it, while the database keeps only its SHA-256.
#[derive(Clone)]
pub struct TokenKey([u8; 32]);

impl TokenKey {
    /// The key for `purpose` (such as `treffpunkt/join-links/v1`) under `secret`.
    pub fn derive(secret: &[u8], purpose: &[u8]) -> TokenKey {
        TokenKey(hmac_sha256(secret, purpose))
    }

    /// The token of `message` (such as `<participant id>:<link version>`).
    pub fn token(&self, message: &str) -> String {
        URL_SAFE_NO_PAD.encode(hmac_sha256(&self.0, message.as_bytes()))
    }
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKey(…)")
    }
}
