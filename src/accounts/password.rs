//! Password hashing with argon2id (OWASP's minimum parameters: 19 MiB, 2 passes).

use anyhow::Context;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};

use crate::domain::Password;

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) with a fresh random salt.
pub fn hash_password(password: &Password) -> anyhow::Result<String> {
    let hash = Argon2::default()
        .hash_password(password.expose().as_bytes())
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("hashing the password failed")?;
    Ok(hash.to_string())
}

/// Whether `password` matches the stored PHC string; a malformed hash never matches.
pub fn verify_password(password: &str, stored: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), stored)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let password = Password::parse("correct horse battery staple").unwrap();
        let hash = hash_password(&password).unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_password("correct horse battery staple", &hash));
        assert!(!verify_password("correct horse battery stapler", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn the_same_password_hashes_differently_each_time() {
        let password = Password::parse("correct horse battery staple").unwrap();
        assert_ne!(
            hash_password(&password).unwrap(),
            hash_password(&password).unwrap()
        );
    }
}
