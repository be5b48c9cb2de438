//! Checkpoints (c2sp.org/tlog-checkpoint): a log's signed statement of its size and root hash.
//!
//! ```text
//! <origin>
//! <tree size in decimal>
//! <root hash in base64>
//! [extension lines]
//! ```

use std::fmt;

use crate::hash::Hash;
use crate::key::{SignerKey, VerifierKey};
use crate::note::{Note, NoteError, OpenedNote, open};

/// Why a checkpoint was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error("checkpoint must be at least three lines, each ending in a newline")]
    TooFewLines,
    #[error("checkpoint origin must be non-empty without control characters")]
    BadOrigin,
    #[error("checkpoint tree size must be decimal without leading zeroes, got {0:?}")]
    BadSize(String),
    #[error("checkpoint root hash must be 32 bytes in base64")]
    BadRootHash,
    #[error("checkpoint extension lines must be non-empty")]
    EmptyExtensionLine,
    #[error("checkpoint is from log {actual:?}, expected {expected:?}")]
    OriginMismatch { expected: String, actual: String },
    #[error(transparent)]
    Note(#[from] NoteError),
}

/// A log's tree head at some size, with optional extension lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    origin: String,
    size: u64,
    root: Hash,
    extensions: Vec<String>,
}

fn check_line(line: &str) -> bool {
    !line.is_empty() && !line.chars().any(char::is_control)
}

impl Checkpoint {
    /// A checkpoint of the log named `origin`.
    pub fn new(origin: &str, size: u64, root: Hash) -> Result<Self, CheckpointError> {
        if !check_line(origin) {
            return Err(CheckpointError::BadOrigin);
        }
        Ok(Checkpoint {
            origin: origin.to_owned(),
            size,
            root,
            extensions: Vec::new(),
        })
    }

    /// Adds extension lines (opaque, and not recommended by the spec).
    pub fn with_extensions(mut self, lines: Vec<String>) -> Result<Self, CheckpointError> {
        if !lines.iter().all(|line| check_line(line)) {
            return Err(CheckpointError::EmptyExtensionLine);
        }
        self.extensions = lines;
        Ok(self)
    }

    /// Reads a checkpoint from a note text.
    pub fn parse(text: &str) -> Result<Self, CheckpointError> {
        let body = text
            .strip_suffix('\n')
            .ok_or(CheckpointError::TooFewLines)?;
        let mut lines = body.split('\n');
        let (Some(origin), Some(size), Some(root)) = (lines.next(), lines.next(), lines.next())
        else {
            return Err(CheckpointError::TooFewLines);
        };
        let canonical = !size.is_empty()
            && size.bytes().all(|b| b.is_ascii_digit())
            && (size == "0" || !size.starts_with('0'));
        let bad_size = || CheckpointError::BadSize(size.to_owned());
        let size = if canonical {
            size.parse().map_err(|_| bad_size())?
        } else {
            Err(bad_size())?
        };
        let root = Hash::from_base64(root).map_err(|_| CheckpointError::BadRootHash)?;
        let extensions = lines.map(str::to_owned).collect();
        Checkpoint::new(origin, size, root)?.with_extensions(extensions)
    }

    /// The log's origin line.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The tree size.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The root hash (tree head).
    pub fn root(&self) -> &Hash {
        &self.root
    }

    /// The extension lines.
    pub fn extensions(&self) -> &[String] {
        &self.extensions
    }

    /// The note text of the checkpoint.
    pub fn to_text(&self) -> String {
        let mut text = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            self.root.to_base64()
        );
        for line in &self.extensions {
            text.push_str(line);
            text.push('\n');
        }
        text
    }

    /// The checkpoint as a note signed by the log's Ed25519 key.
    pub fn sign(&self, key: &SignerKey) -> Result<String, CheckpointError> {
        let mut note = Note::new(&self.to_text())?;
        note.sign(key)?;
        Ok(note.to_text())
    }
}

impl fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

/// A checkpoint whose note verified, with every verified signature (the log's and witnesses').
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedCheckpoint {
    pub checkpoint: Checkpoint,
    pub note: OpenedNote,
}

/// Reads a signed checkpoint from the log `origin`: the log's own key must have signed it;
/// signatures by `others` (witnesses) are verified too, and all other signatures ignored.
pub fn open_checkpoint(
    note: &str,
    origin: &str,
    log_key: &VerifierKey,
    others: &[VerifierKey],
) -> Result<OpenedCheckpoint, CheckpointError> {
    let mut known = Vec::with_capacity(others.len() + 1);
    known.push(log_key.clone());
    known.extend(others.iter().cloned());
    let opened = open(note, &known)?;
    opened.require(log_key)?;
    let checkpoint = Checkpoint::parse(opened.text())?;
    if checkpoint.origin() != origin {
        return Err(CheckpointError::OriginMismatch {
            expected: origin.to_owned(),
            actual: checkpoint.origin().to_owned(),
        });
    }
    Ok(OpenedCheckpoint {
        checkpoint,
        note: opened,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::hash::leaf_hash;
    use crate::key::Algorithm;

    const SOFA: &str =
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    #[test]
    fn parse_and_format_round_trip() {
        let checkpoint = Checkpoint::parse(SOFA).unwrap();
        assert_eq!(checkpoint.origin(), "example.com/behind-the-sofa");
        assert_eq!(checkpoint.size(), 20852163);
        assert_eq!(checkpoint.to_text(), SOFA);
        let extended = format!("{SOFA}ext one\next two\n");
        let checkpoint = Checkpoint::parse(&extended).unwrap();
        assert_eq!(checkpoint.extensions(), ["ext one", "ext two"]);
        assert_eq!(checkpoint.to_string(), extended);
        let empty = Checkpoint::new("log", 0, crate::empty_root()).unwrap();
        assert_eq!(Checkpoint::parse(&empty.to_text()).unwrap(), empty);
    }

    #[test]
    fn malformed_checkpoints_get_specific_errors() {
        let root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
        let cases = [
            (String::from("origin\n5\n"), CheckpointError::TooFewLines),
            (format!("origin\n5\n{root}"), CheckpointError::TooFewLines),
            (format!("\n5\n{root}\n"), CheckpointError::BadOrigin),
            (
                format!("origin\n05\n{root}\n"),
                CheckpointError::BadSize("05".into()),
            ),
            (
                format!("origin\n0xabcdef\n{root}\n"),
                CheckpointError::BadSize("0xabcdef".into()),
            ),
            (
                format!("origin\n-1\n{root}\n"),
                CheckpointError::BadSize("-1".into()),
            ),
            (
                format!("origin\n\n{root}\n"),
                CheckpointError::BadSize("".into()),
            ),
            (
                format!("origin\n18446744073709551616\n{root}\n"),
                CheckpointError::BadSize("18446744073709551616".into()),
            ),
            (
                String::from("origin\n5\nZG9uJ3QgY2FyZSAy\n"),
                CheckpointError::BadRootHash,
            ),
            (
                String::from("origin\n5\nnot base64\n"),
                CheckpointError::BadRootHash,
            ),
            (
                format!("origin\n5\n{root}\n\n"),
                CheckpointError::EmptyExtensionLine,
            ),
        ];
        for (text, error) in cases {
            assert_eq!(Checkpoint::parse(&text), Err(error), "{text:?}");
        }
        assert!(Checkpoint::new("a\tb", 1, crate::empty_root()).is_err());
    }

    #[test]
    fn signed_checkpoints_open_for_the_right_log_only() {
        let key = SignerKey::from_seed("tepat.example/log", Algorithm::Ed25519, [3; 32]).unwrap();
        let checkpoint = Checkpoint::new("tepat.example/log", 1, leaf_hash(b"a")).unwrap();
        let note = checkpoint.sign(&key).unwrap();
        let opened = open_checkpoint(&note, "tepat.example/log", &key.verifier(), &[]).unwrap();
        assert_eq!(opened.checkpoint, checkpoint);
        assert!(matches!(
            open_checkpoint(&note, "other.example/log", &key.verifier(), &[]),
            Err(CheckpointError::OriginMismatch { .. })
        ));
        let other = SignerKey::from_seed("other", Algorithm::Ed25519, [4; 32]).unwrap();
        let mut cosigned = Note::parse(&note).unwrap();
        cosigned.sign(&other).unwrap();
        let only_other = format!(
            "{}\n{}",
            checkpoint.to_text(),
            cosigned.signatures()[1].to_line()
        );
        assert_eq!(
            open_checkpoint(
                &only_other,
                "tepat.example/log",
                &key.verifier(),
                &[other.verifier()]
            ),
            Err(CheckpointError::Note(NoteError::MissingSignature(
                "tepat.example/log".into()
            )))
        );
    }
}
