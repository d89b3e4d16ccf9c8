//! `TREFFPUNKT_SECRET_KEY`: the root of every key Treffpunkt derives
//! (cookie signing, encrypted secrets, join links).

use std::fmt;
use std::io::Write;
use std::path::Path;

use super::ConfigError;

const VARIABLE: &str = "TREFFPUNKT_SECRET_KEY";
const FILE_NAME: &str = "secret_key";
/// 256 bits, the floor RFC 8725 asks of HMAC keys; configured keys must carry at least as many characters.
const MIN_LEN: usize = 32;
const GENERATED_BYTES: usize = 32;

/// Key material that never appears in logs or `Debug` output.
#[derive(Clone)]
pub struct SecretKey(Vec<u8>);

impl SecretKey {
    /// Accepts an operator-supplied key of at least 32 characters.
    pub fn from_configured(raw: &str) -> Result<SecretKey, ConfigError> {
        let raw = raw.trim();
        if raw.len() < MIN_LEN {
            return Err(ConfigError::new(
                VARIABLE,
                format!(
                    "is {} characters long; use at least {MIN_LEN} random characters (e.g. `openssl rand -hex 32`)",
                    raw.len()
                ),
            ));
        }
        Ok(SecretKey(raw.as_bytes().to_vec()))
    }

    /// Reads `<data dir>/secret_key`, creating it with a fresh random key (mode 0600) on first start.
    pub fn load_or_create(data_dir: &Path) -> Result<SecretKey, ConfigError> {
        let path = data_dir.join(FILE_NAME);
        let file_problem = |what: &str, e: std::io::Error| {
            ConfigError::new(
                VARIABLE,
                format!("is unset and {} {what}: {e}", path.display()),
            )
        };
        match std::fs::read_to_string(&path) {
            Ok(stored) => {
                warn_if_readable_by_others(&path);
                SecretKey::from_configured(&stored).map_err(|e| {
                    ConfigError::new(
                        VARIABLE,
                        format!("is unset and {} {}", path.display(), e.problem),
                    )
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = random_hex(GENERATED_BYTES).map_err(|e| {
                    ConfigError::new(
                        VARIABLE,
                        format!("is unset and no random key could be made: {e}"),
                    )
                })?;
                // create_new: two processes starting at once must not overwrite each other's key.
                match create_private_file(&path) {
                    Ok(mut file) => {
                        file.write_all(key.as_bytes())
                            .and_then(|()| file.sync_all())
                            .map_err(|e| file_problem("cannot be written", e))?;
                        Ok(SecretKey(key.into_bytes()))
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        SecretKey::load_or_create(data_dir)
                    }
                    Err(e) => Err(file_problem("cannot be created", e)),
                }
            }
            Err(e) => Err(file_problem("cannot be read", e)),
        }
    }

    /// The key's bytes, for deriving purpose-specific keys.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(…)")
    }
}

fn random_hex(bytes: usize) -> Result<String, getrandom::Error> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf)?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path) {
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            tracing::warn!(file = %path.display(), mode = format!("{mode:o}"), "the secret key file is readable by other users; run chmod 600 on it");
        }
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_path: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_key_is_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let first = SecretKey::load_or_create(dir.path()).unwrap();
        let second = SecretKey::load_or_create(dir.path()).unwrap();
        assert_eq!(first.as_bytes(), second.as_bytes());
        assert_eq!(first.as_bytes().len(), 2 * GENERATED_BYTES);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(FILE_NAME))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn two_installations_get_different_keys() {
        let a = SecretKey::load_or_create(tempfile::tempdir().unwrap().path()).unwrap();
        let b = SecretKey::load_or_create(tempfile::tempdir().unwrap().path()).unwrap();
        assert_ne!(a.as_bytes(), b.as_bytes());
    }

    #[test]
    fn the_key_never_shows_in_debug_output() {
        let key = SecretKey::from_configured("a-very-long-and-secret-configured-key").unwrap();
        assert!(!format!("{key:?}").contains("secret-configured"));
    }

    #[test]
    fn a_short_configured_key_is_refused() {
        let error = SecretKey::from_configured("tooshort").unwrap_err();
        assert_eq!(error.variable, VARIABLE);
        assert!(error.problem.contains("8 characters"), "{}", error.problem);
    }
}
