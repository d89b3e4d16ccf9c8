//! Secrets we must keep but never show again (Jitsi app secrets, RSA private keys), encrypted
//! at rest with XChaCha20-Poly1305 under a key derived from `TREFFPUNKT_SECRET_KEY`.
//!
//! A sealed value is `version (1 byte) ‖ nonce (24 bytes) ‖ ciphertext+tag`. The nonce is random
//! (192 bits: no counter to keep, no collision to fear). The associated data names the row the
//! value belongs to, so a sealed secret copied into another row does not open there.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::config::SecretKey;

/// Separates this key from every other key derived from the same secret.
const KEY_PURPOSE: &[u8] = b"treffpunkt/sealed-secrets/v1";
const VERSION: u8 = 1;
const NONCE_LEN: usize = 24;

/// Why a sealed value could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// The operating system gave no random bytes for the nonce.
    #[error("no random nonce: {0}")]
    Random(getrandom::Error),
    /// Tampered with, sealed for another row, or sealed under another `TREFFPUNKT_SECRET_KEY`.
    #[error(
        "the stored secret cannot be decrypted (was TREFFPUNKT_SECRET_KEY changed since it was saved?)"
    )]
    Unreadable,
}

/// Seals and opens secrets; one per application, cheap to clone.
#[derive(Clone)]
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
}

impl SecretBox {
    /// Derives the sealing key from the application secret.
    pub fn new(secret: &SecretKey) -> SecretBox {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
            .expect("HMAC takes any key length");
        mac.update(KEY_PURPOSE);
        let key = mac.finalize().into_bytes();
        SecretBox {
            cipher: XChaCha20Poly1305::new(&key),
        }
    }

    /// Encrypts `plaintext` for the row named by `context` (e.g. `jitsi_servers/<id>`).
    pub fn seal(&self, context: &str, plaintext: &[u8]) -> Result<Vec<u8>, SealError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(SealError::Random)?;
        let ciphertext = self
            .cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: context.as_bytes(),
                },
            )
            // Encryption fails only for messages of gigabytes.
            .map_err(|_| SealError::Unreadable)?;
        let mut sealed = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
        sealed.push(VERSION);
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        Ok(sealed)
    }

    /// Decrypts what [`seal`](Self::seal) produced for the same `context`.
    pub fn open(&self, context: &str, sealed: &[u8]) -> Result<Vec<u8>, SealError> {
        let Some((&VERSION, rest)) = sealed.split_first() else {
            return Err(SealError::Unreadable);
        };
        if rest.len() < NONCE_LEN {
            return Err(SealError::Unreadable);
        }
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        self.cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| SealError::Unreadable)
    }
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret_box(key: &str) -> SecretBox {
        SecretBox::new(&SecretKey::from_configured(key).unwrap())
    }

    #[test]
    fn a_sealed_secret_opens_only_with_the_same_key_and_row() {
        let sealer = secret_box("0123456789abcdef0123456789abcdef");
        let sealed = sealer.seal("jitsi_servers/a", b"app-secret").unwrap();
        assert!(!sealed.windows(10).any(|w| w == b"app-secret"));
        assert_eq!(
            sealer.open("jitsi_servers/a", &sealed).unwrap(),
            b"app-secret"
        );
        assert!(sealer.open("jitsi_servers/b", &sealed).is_err());
        let other = secret_box("fedcba9876543210fedcba9876543210");
        assert!(other.open("jitsi_servers/a", &sealed).is_err());
    }

    #[test]
    fn sealing_twice_gives_different_bytes_and_tampering_is_noticed() {
        let sealer = secret_box("0123456789abcdef0123456789abcdef");
        let a = sealer.seal("x", b"same").unwrap();
        let b = sealer.seal("x", b"same").unwrap();
        assert_ne!(a, b);
        let mut tampered = a.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(sealer.open("x", &tampered).is_err());
        assert!(sealer.open("x", &a[..10]).is_err());
        assert!(sealer.open("x", &[]).is_err());
    }
}
