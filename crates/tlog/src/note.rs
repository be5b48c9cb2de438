//! Signed notes (c2sp.org/signed-note): text followed by a blank line and signature lines.
//!
//! ```text
//! <text, ending in a newline>
//!
//! — <key name> base64(<4-byte key ID> ‖ <signature>)
//! ```
//!
//! The text ends at the last blank line, so it may itself contain blank lines. A note is
//! trusted only when a known key's signature verifies; signatures by unknown keys are ignored,
//! and a known key's signature that fails to verify rejects the whole note.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::key::{Algorithm, KeyError, SignerKey, VerifierKey, check_name};

/// Most signature lines a note may carry; the spec requires accepting at least 16.
pub const MAX_SIGNATURES: usize = 100;
/// Largest note accepted, in bytes: room for the maximum of signatures even if post-quantum.
pub const MAX_NOTE_BYTES: usize = 1 << 20;
/// Start of every signature line: an em dash (U+2014) and a space.
const SIGNATURE_PREFIX: &str = "\u{2014} ";

/// Why a note was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("malformed note: {0}")]
    Malformed(&'static str),
    #[error("note has more than {MAX_SIGNATURES} signatures")]
    TooManySignatures,
    #[error("no signature by a known key")]
    UnknownKey,
    #[error("note is not signed by {0}")]
    MissingSignature(String),
    #[error("signature by {0} does not verify")]
    WrongSignature(String),
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// One signature line: key name, key ID and signature bytes (after the key ID).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    pub name: String,
    pub key_id: u32,
    pub signature: Vec<u8>,
}

impl NoteSignature {
    /// Reads one signature line, without its final newline.
    pub fn parse_line(line: &str) -> Result<Self, NoteError> {
        let malformed = NoteError::Malformed("bad signature line");
        let rest = line
            .strip_prefix(SIGNATURE_PREFIX)
            .ok_or(malformed.clone())?;
        let (name, encoded) = rest.split_once(' ').ok_or(malformed.clone())?;
        check_name(name).map_err(|_| malformed.clone())?;
        let bytes = BASE64.decode(encoded).map_err(|_| malformed.clone())?;
        match bytes.split_first_chunk::<4>() {
            Some((id, signature)) if !signature.is_empty() => Ok(NoteSignature {
                name: name.to_owned(),
                key_id: u32::from_be_bytes(*id),
                signature: signature.to_vec(),
            }),
            _ => Err(malformed),
        }
    }

    /// The signature line, with its final newline.
    pub fn to_line(&self) -> String {
        let mut bytes = self.key_id.to_be_bytes().to_vec();
        bytes.extend_from_slice(&self.signature);
        format!("{SIGNATURE_PREFIX}{} {}\n", self.name, BASE64.encode(bytes))
    }

    fn is_by(&self, key: &VerifierKey) -> bool {
        self.name == key.name() && self.key_id == key.key_id()
    }
}

/// A note as written: its text and signature lines, not yet verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    text: String,
    signatures: Vec<NoteSignature>,
}

/// Checks what the spec requires of every note: a size limit, and no control characters
/// other than newline.
fn check_characters(text: &str) -> Result<(), NoteError> {
    if text.len() > MAX_NOTE_BYTES {
        return Err(NoteError::Malformed("note too large"));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(NoteError::Malformed("control character"));
    }
    Ok(())
}

impl Note {
    /// An unsigned note; `text` must be non-empty and end with a newline.
    pub fn new(text: &str) -> Result<Self, NoteError> {
        check_characters(text)?;
        if !text.ends_with('\n') {
            return Err(NoteError::Malformed("text must end with a newline"));
        }
        Ok(Note {
            text: text.to_owned(),
            signatures: Vec::new(),
        })
    }

    /// Reads a signed note from bytes, which must be UTF-8.
    pub fn parse_bytes(note: &[u8]) -> Result<Self, NoteError> {
        let text = std::str::from_utf8(note).map_err(|_| NoteError::Malformed("not UTF-8"))?;
        Self::parse(text)
    }

    /// Reads a signed note: text, blank line, one or more signature lines.
    pub fn parse(note: &str) -> Result<Self, NoteError> {
        check_characters(note)?;
        if !note.ends_with('\n') {
            return Err(NoteError::Malformed("note must end with a newline"));
        }
        let split = note
            .rfind("\n\n")
            .ok_or(NoteError::Malformed("no signatures"))?;
        let (text, block) = (&note[..=split], &note[split + 2..]);
        let lines: Vec<&str> = block.split_terminator('\n').collect();
        if lines.is_empty() {
            return Err(NoteError::Malformed("no signatures"));
        }
        if lines.len() > MAX_SIGNATURES {
            return Err(NoteError::TooManySignatures);
        }
        let signatures = lines
            .into_iter()
            .map(NoteSignature::parse_line)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Note {
            text: text.to_owned(),
            signatures,
        })
    }

    /// The note text, with its final newline. Untrusted until [`open`] verifies it.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The signature lines.
    pub fn signatures(&self) -> &[NoteSignature] {
        &self.signatures
    }

    /// Adds a signature line, replacing an earlier one by the same key.
    pub fn add_signature(&mut self, signature: NoteSignature) -> Result<(), NoteError> {
        self.signatures
            .retain(|s| !(s.name == signature.name && s.key_id == signature.key_id));
        if self.signatures.len() >= MAX_SIGNATURES {
            return Err(NoteError::TooManySignatures);
        }
        self.signatures.push(signature);
        Ok(())
    }

    /// Signs the text with an Ed25519 (type 0x01) key and adds the signature.
    pub fn sign(&mut self, key: &SignerKey) -> Result<(), NoteError> {
        let signature = key.sign_raw(Algorithm::Ed25519, self.text.as_bytes())?;
        let signature = NoteSignature {
            name: key.name().to_owned(),
            key_id: key.key_id(),
            signature: signature.to_vec(),
        };
        self.add_signature(signature)
    }

    /// The note as text: the text, a blank line, the signature lines.
    pub fn to_text(&self) -> String {
        let mut out = self.text.clone();
        out.push('\n');
        for signature in &self.signatures {
            out.push_str(&signature.to_line());
        }
        out
    }
}

/// A signature that verified, with the key that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedSignature {
    pub name: String,
    pub key_id: u32,
    pub algorithm: Algorithm,
    /// For cosignatures: when the witness signed, in seconds since the Unix epoch.
    pub timestamp_unix_s: Option<u64>,
}

/// A note whose text is trusted: at least one known key's signature verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedNote {
    pub note: Note,
    pub verified: Vec<VerifiedSignature>,
}

impl OpenedNote {
    /// The trusted text.
    pub fn text(&self) -> &str {
        self.note.text()
    }

    /// Checks that `key` is among the verified signers.
    pub fn require(&self, key: &VerifierKey) -> Result<&VerifiedSignature, NoteError> {
        self.verified
            .iter()
            .find(|v| v.name == key.name() && v.key_id == key.key_id())
            .ok_or_else(|| NoteError::MissingSignature(key.name().to_owned()))
    }
}

/// Verifies one signature with its key; `Ok(timestamp)` for a cosignature.
pub(crate) fn verify_signature(
    key: &VerifierKey,
    text: &str,
    signature: &NoteSignature,
) -> Result<Option<u64>, NoteError> {
    let wrong = || NoteError::WrongSignature(key.name().to_owned());
    match key.algorithm() {
        Algorithm::Ed25519 => key
            .verify_raw(text.as_bytes(), &signature.signature)
            .then_some(None)
            .ok_or_else(wrong),
        Algorithm::CosignatureV1 => {
            let (timestamp, signature) = signature
                .signature
                .split_first_chunk::<8>()
                .ok_or_else(wrong)?;
            let timestamp = u64::from_be_bytes(*timestamp);
            let message = crate::cosignature::signed_message(text, timestamp).ok_or_else(wrong)?;
            key.verify_raw(&message, signature)
                .then_some(Some(timestamp))
                .ok_or_else(wrong)
        }
    }
}

/// Reads a note and verifies it against `known` keys: signatures by other keys are ignored,
/// a known key's failing signature rejects the note, and at least one must verify.
pub fn open(note: &str, known: &[VerifierKey]) -> Result<OpenedNote, NoteError> {
    let note = Note::parse(note)?;
    let mut verified: Vec<VerifiedSignature> = Vec::new();
    for signature in note.signatures() {
        let Some(key) = known.iter().find(|key| signature.is_by(key)) else {
            continue;
        };
        let timestamp_unix_s = verify_signature(key, note.text(), signature)?;
        if !verified
            .iter()
            .any(|v| v.name == key.name() && v.key_id == key.key_id())
        {
            verified.push(VerifiedSignature {
                name: key.name().to_owned(),
                key_id: key.key_id(),
                algorithm: key.algorithm(),
                timestamp_unix_s,
            });
        }
    }
    if verified.is_empty() {
        return Err(NoteError::UnknownKey);
    }
    Ok(OpenedNote { note, verified })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn log_key() -> SignerKey {
        SignerKey::from_seed("log.example/test", Algorithm::Ed25519, [7; 32]).unwrap()
    }

    fn signed(text: &str, keys: &[&SignerKey]) -> String {
        let mut note = Note::new(text).unwrap();
        for key in keys {
            note.sign(key).unwrap();
        }
        note.to_text()
    }

    #[test]
    fn sign_then_open() {
        let key = log_key();
        let text = "hello\n\nworld\n";
        let note = signed(text, &[&key]);
        let opened = open(&note, &[key.verifier()]).unwrap();
        assert_eq!(opened.text(), text);
        assert_eq!(opened.verified.len(), 1);
        assert!(opened.require(&key.verifier()).is_ok());
        assert_eq!(Note::parse(&note).unwrap().to_text(), note);
    }

    #[test]
    fn unknown_signatures_are_ignored_but_one_known_is_required() {
        let (key, other) = (
            log_key(),
            SignerKey::generate("other", Algorithm::Ed25519).unwrap(),
        );
        let note = signed("hello\n", &[&other, &key]);
        let opened = open(&note, &[key.verifier()]).unwrap();
        assert_eq!(opened.verified.len(), 1);
        assert_eq!(
            opened.require(&other.verifier()),
            Err(NoteError::MissingSignature("other".into()))
        );
        assert_eq!(open(&note, &[]), Err(NoteError::UnknownKey));
        let only_other = signed("hello\n", &[&other]);
        assert_eq!(
            open(&only_other, &[key.verifier()]),
            Err(NoteError::UnknownKey)
        );
    }

    #[test]
    fn a_failing_known_signature_rejects_the_note() {
        let key = log_key();
        let note = signed("hello\n", &[&key]).replace("hello", "hullo");
        assert_eq!(
            open(&note, &[key.verifier()]),
            Err(NoteError::WrongSignature("log.example/test".into()))
        );
    }

    #[test]
    fn malformed_notes_are_refused() {
        let key = log_key();
        let good = signed("hello\n", &[&key]);
        for bad in [
            "hello\n",
            "hello\n\n",
            good.trim_end(),
            &format!("\u{1}{good}"),
            &good.replace("\u{2014} ", "- "),
            &format!("{good}extra line\n"),
        ] {
            assert!(
                matches!(Note::parse(bad), Err(NoteError::Malformed(_))),
                "{bad:?}"
            );
        }
        assert!(matches!(
            Note::parse_bytes(b"\xffhello\n\n"),
            Err(NoteError::Malformed(_))
        ));
        assert!(Note::new("no newline").is_err());
        let huge = "a".repeat(MAX_NOTE_BYTES + 1);
        assert!(matches!(Note::parse(&huge), Err(NoteError::Malformed(_))));
    }

    #[test]
    fn signature_count_is_limited() {
        let key = log_key();
        let line = signed("x\n", &[&key]).split_off(3);
        let note = format!("x\n\n{}", line.repeat(MAX_SIGNATURES + 1));
        assert_eq!(Note::parse(&note), Err(NoteError::TooManySignatures));
        let note = format!("x\n\n{}", line.repeat(MAX_SIGNATURES));
        assert!(open(&note, &[key.verifier()]).is_ok());
    }

    #[test]
    fn signature_lines_round_trip() {
        let line = NoteSignature {
            name: "a".into(),
            key_id: 0x01020304,
            signature: vec![9; 3],
        };
        let text = line.to_line();
        assert_eq!(NoteSignature::parse_line(text.trim_end()).unwrap(), line);
        assert!(NoteSignature::parse_line("\u{2014} a AQIDBA==").is_err());
    }
}
