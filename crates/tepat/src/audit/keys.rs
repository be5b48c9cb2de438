//! The log's keys: its Ed25519 signing key, kept in a file outside the database and made on
//! first start; the secret derived from it; and the witnesses allowed to cosign checkpoints.

use std::io::Write;
use std::path::{Path, PathBuf};

use tlog::{Algorithm, KeyError, SignerKey, VerifierKey};

use super::entry::LogSecret;
use crate::config::LogArgs;

/// The key file's name when none is configured.
pub const DEFAULT_KEY_FILE: &str = "tepat-log.key";
/// The log's name (checkpoint origin) given to a new key when none is configured.
pub const DEFAULT_ORIGIN: &str = "tepat.local/log";

/// Why the log's keys could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("cannot read the log key file {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the log key file {path}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the log key file {path} does not hold a signer key")]
    Parse { path: PathBuf, source: KeyError },
    #[error("the log key file {0} does not exist; start the server once to create it")]
    Missing(PathBuf),
    #[error("cannot make a log key named {origin:?}")]
    Generate { origin: String, source: KeyError },
    #[error("witness key {value:?} is not a verifier key")]
    BadWitness { value: String, source: KeyError },
    #[error("witness key {0:?} is not a cosignature (type 0x04) key")]
    NotACosigner(String),
}

/// The loaded log: signing key, derived secret and witnesses.
#[derive(Debug, Clone)]
pub struct Log {
    signer: SignerKey,
    secret: LogSecret,
    witnesses: Vec<VerifierKey>,
}

impl Log {
    /// A log over a given key; the secret is derived from it.
    pub fn new(signer: SignerKey, witnesses: Vec<VerifierKey>) -> Self {
        let secret = LogSecret::derive(signer.to_private_string().as_bytes());
        Self {
            signer,
            secret,
            witnesses,
        }
    }

    /// Loads the key file, creating it with a new key when it does not exist yet.
    pub fn open_or_create(args: &LogArgs, database_url: &str) -> Result<Self, KeyFileError> {
        let path = key_file_path(args, database_url);
        let witnesses = parse_witnesses(&args.witnesses)?;
        if !path.exists() {
            let origin = args.origin.as_deref().unwrap_or(DEFAULT_ORIGIN);
            let signer = SignerKey::generate(origin, Algorithm::Ed25519).map_err(|source| {
                KeyFileError::Generate {
                    origin: origin.to_owned(),
                    source,
                }
            })?;
            write_new(&path, &signer)?;
            tracing::info!(path = %path.display(), "created the transparency log key");
            return Ok(Self::new(signer, witnesses));
        }
        Ok(Self::new(read(&path)?, witnesses))
    }

    /// Loads an existing key file; for commands that must not make a new key.
    pub fn open(args: &LogArgs, database_url: &str) -> Result<Self, KeyFileError> {
        let path = key_file_path(args, database_url);
        if !path.exists() {
            return Err(KeyFileError::Missing(path));
        }
        Ok(Self::new(read(&path)?, parse_witnesses(&args.witnesses)?))
    }

    /// The log's name, the first line of every checkpoint.
    pub fn origin(&self) -> &str {
        self.signer.name()
    }

    pub fn signer(&self) -> &SignerKey {
        &self.signer
    }

    /// The public key anyone verifies checkpoints with.
    pub fn verifier(&self) -> VerifierKey {
        self.signer.verifier()
    }

    pub fn secret(&self) -> &LogSecret {
        &self.secret
    }

    pub fn witnesses(&self) -> &[VerifierKey] {
        &self.witnesses
    }
}

/// The key file: as configured, else beside a SQLite database file, else in the working
/// directory.
pub fn key_file_path(args: &LogArgs, database_url: &str) -> PathBuf {
    match &args.key_file {
        Some(path) => path.clone(),
        None => crate::db::file_beside(database_url, DEFAULT_KEY_FILE),
    }
}

fn read(path: &Path) -> Result<SignerKey, KeyFileError> {
    let text = std::fs::read_to_string(path).map_err(|source| KeyFileError::Read {
        path: path.to_owned(),
        source,
    })?;
    SignerKey::parse(text.trim()).map_err(|source| KeyFileError::Parse {
        path: path.to_owned(),
        source,
    })
}

/// Writes a new key file readable by its owner only; never overwrites an existing one.
fn write_new(path: &Path, signer: &SignerKey) -> Result<(), KeyFileError> {
    let failed = |source| KeyFileError::Write {
        path: path.to_owned(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(failed)?;
    file.write_all(format!("{}\n", signer.to_private_string()).as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(failed)
}

fn parse_witnesses(values: &[String]) -> Result<Vec<VerifierKey>, KeyFileError> {
    values
        .iter()
        .map(|value| value.trim())
        .filter(|value| !value.is_empty())
        .map(|value| {
            let key = VerifierKey::parse(value).map_err(|source| KeyFileError::BadWitness {
                value: value.to_owned(),
                source,
            })?;
            if key.algorithm() != Algorithm::CosignatureV1 {
                return Err(KeyFileError::NotACosigner(value.to_owned()));
            }
            Ok(key)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_file_sits_beside_a_sqlite_database() {
        let args = LogArgs::default();
        assert_eq!(
            key_file_path(&args, "sqlite:///srv/tepat/tepat.db?mode=rwc"),
            PathBuf::from("/srv/tepat/tepat-log.key")
        );
        assert_eq!(
            key_file_path(&args, "postgres://u@h/db"),
            PathBuf::from("tepat-log.key")
        );
        let chosen = LogArgs {
            key_file: Some("/etc/tepat/log.key".into()),
            ..LogArgs::default()
        };
        assert_eq!(
            key_file_path(&chosen, "sqlite://x.db"),
            PathBuf::from("/etc/tepat/log.key")
        );
    }

    #[test]
    fn key_is_created_once_and_read_back() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let args = LogArgs {
            key_file: Some(dir.path().join("log.key")),
            origin: Some("uji.example/log".into()),
            witnesses: Vec::new(),
            sequence_ms: None,
        };
        assert!(matches!(
            Log::open(&args, "sqlite://x.db"),
            Err(KeyFileError::Missing(_))
        ));
        let first = Log::open_or_create(&args, "sqlite://x.db")?;
        let again = Log::open(&args, "sqlite://x.db")?;
        assert_eq!(first.verifier(), again.verifier());
        assert_eq!(again.origin(), "uji.example/log");
        assert_eq!(
            first.secret().pseudonym("account", 1),
            again.secret().pseudonym("account", 1)
        );
        std::fs::write(dir.path().join("bad.key"), "nonsense")?;
        let bad = LogArgs {
            key_file: Some(dir.path().join("bad.key")),
            ..args
        };
        assert!(matches!(
            Log::open(&bad, "sqlite://x.db"),
            Err(KeyFileError::Parse { .. })
        ));
        Ok(())
    }

    #[test]
    fn witnesses_must_be_cosigner_keys() -> Result<(), Box<dyn std::error::Error>> {
        let witness = SignerKey::from_seed("w.example", Algorithm::CosignatureV1, [2; 32])?;
        let note_key = SignerKey::from_seed("n.example", Algorithm::Ed25519, [3; 32])?;
        let good = parse_witnesses(&[witness.verifier().to_string(), " ".into()])?;
        assert_eq!(good.len(), 1);
        assert!(matches!(
            parse_witnesses(&[note_key.verifier().to_string()]),
            Err(KeyFileError::NotACosigner(_))
        ));
        assert!(matches!(
            parse_witnesses(&["w.example+0000+abc".into()]),
            Err(KeyFileError::BadWitness { .. })
        ));
        Ok(())
    }
}
