//! The vouchers' signing key: an Ed25519 key kept in a file outside the database
//! (`TEPAT_VOUCHER_KEY_FILE`, by default `tepat-voucher.key` beside a SQLite database or in
//! the working directory), made on first use, readable by its owner only. Whoever holds
//! the database alone cannot mint vouchers; merchants' phones hold only the verifier key.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{SigningKey, VerifyingKey};

/// The key file's name when none is configured.
pub const DEFAULT_KEY_FILE: &str = "tepat-voucher.key";

/// Why the key could not be loaded.
#[derive(Debug, Clone, thiserror::Error)]
#[error("voucher key file {path}: {reason}")]
pub struct KeyFileError {
    pub path: PathBuf,
    pub reason: String,
}

/// The key file as configured, else beside a SQLite database, else in the working
/// directory.
pub fn key_file_path(configured: Option<&Path>, database_url: &str) -> PathBuf {
    match configured {
        Some(path) => path.to_owned(),
        None => crate::db::file_beside(database_url, DEFAULT_KEY_FILE),
    }
}

/// The key, loaded once from its file on first use.
#[derive(Debug)]
pub struct KeyRing {
    path: PathBuf,
    key: OnceLock<SigningKey>,
}

impl KeyRing {
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            key: OnceLock::new(),
        }
    }

    /// The signing key, read from its file or made and written there.
    pub fn signer(&self) -> Result<&SigningKey, KeyFileError> {
        if let Some(key) = self.key.get() {
            return Ok(key);
        }
        let key = open_or_create(&self.path)?;
        Ok(self.key.get_or_init(|| key))
    }

    pub fn verifier(&self) -> Result<VerifyingKey, KeyFileError> {
        Ok(self.signer()?.verifying_key())
    }
}

/// The verifier key as merchants' phones keep it (base64url of its 32 bytes).
pub fn verifier_text(key: &VerifyingKey) -> String {
    URL_SAFE_NO_PAD.encode(key.to_bytes())
}

fn open_or_create(path: &Path) -> Result<SigningKey, KeyFileError> {
    let failed = |reason: String| KeyFileError {
        path: path.to_owned(),
        reason,
    };
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let seed: [u8; 32] = hex::decode(text.trim())
                .ok()
                .and_then(|bytes| bytes.try_into().ok())
                .ok_or_else(|| failed("does not hold a 32-byte hex key".to_owned()))?;
            Ok(SigningKey::from_bytes(&seed))
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let seed: [u8; 32] = rand::random();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(path) {
                Ok(mut file) => {
                    file.write_all(format!("{}\n", hex::encode(seed)).as_bytes())
                        .and_then(|()| file.sync_all())
                        .map_err(|e| failed(e.to_string()))?;
                    Ok(SigningKey::from_bytes(&seed))
                }
                // Another process made it first: use theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => open_or_create(path),
                Err(e) => Err(failed(e.to_string())),
            }
        }
        Err(err) => Err(failed(err.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.key");
        let first = KeyRing::new(path.clone()).verifier().unwrap();
        let again = KeyRing::new(path.clone()).verifier().unwrap();
        assert_eq!(first, again);
        std::fs::write(&path, "bukan kunci").unwrap();
        assert!(KeyRing::new(path).signer().is_err());
    }

    #[test]
    fn the_key_file_sits_beside_a_sqlite_database() {
        assert_eq!(
            key_file_path(None, "sqlite:///srv/tepat/tepat.db?mode=rwc"),
            PathBuf::from("/srv/tepat/tepat-voucher.key")
        );
        assert_eq!(
            key_file_path(None, "postgres://u@h/db"),
            PathBuf::from(DEFAULT_KEY_FILE)
        );
    }
}
