//! Witness cosignatures (c2sp.org/tlog-cosignature, Ed25519 `cosignature/v1`, type 0x04).
//!
//! A witness signs `cosignature/v1\ntime <timestamp>\n` followed by the checkpoint's note
//! text; its signature line carries `key ID ‖ timestamp (u64, big-endian) ‖ signature`.

use crate::key::{Algorithm, SignerKey, VerifierKey};
use crate::note::{NoteError, NoteSignature, verify_signature};

/// Largest timestamp the spec allows (2^63 − 1).
const MAX_TIMESTAMP_S: u64 = i64::MAX as u64;
/// How far a witness's clock may run ahead of ours before its cosignature is refused.
pub const MAX_CLOCK_SKEW_S: u64 = 300;

/// Why a cosignature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CosignatureError {
    #[error("cosignature is not from a known witness")]
    UnknownKey,
    #[error("key {0} does not make cosignatures")]
    NotACosigner(String),
    #[error("cosignature timestamp {0} is out of range")]
    BadTimestamp(u64),
    #[error("cosignature from {name} is dated {timestamp_unix_s}, in the future")]
    FromTheFuture { name: String, timestamp_unix_s: u64 },
    #[error("{have} witness cosignatures, {need} required")]
    NotEnoughCosignatures { have: usize, need: usize },
    #[error(transparent)]
    Note(#[from] NoteError),
}

/// A verified witness cosignature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cosignature {
    pub name: String,
    pub key_id: u32,
    pub timestamp_unix_s: u64,
    /// The signature line, ready to add to the checkpoint's note.
    pub signature: NoteSignature,
}

/// The message a witness signs for a checkpoint note text at `timestamp_unix_s`.
pub(crate) fn signed_message(checkpoint_text: &str, timestamp_unix_s: u64) -> Option<Vec<u8>> {
    if timestamp_unix_s > MAX_TIMESTAMP_S {
        return None;
    }
    let header = format!("cosignature/v1\ntime {timestamp_unix_s}\n");
    Some([header.as_bytes(), checkpoint_text.as_bytes()].concat())
}

/// Cosigns a checkpoint note text as a witness with a type 0x04 key.
pub fn cosign(
    checkpoint_text: &str,
    key: &SignerKey,
    timestamp_unix_s: u64,
) -> Result<NoteSignature, CosignatureError> {
    let message = signed_message(checkpoint_text, timestamp_unix_s)
        .ok_or(CosignatureError::BadTimestamp(timestamp_unix_s))?;
    let signature = key
        .sign_raw(Algorithm::CosignatureV1, &message)
        .map_err(NoteError::from)?;
    let mut bytes = timestamp_unix_s.to_be_bytes().to_vec();
    bytes.extend_from_slice(&signature);
    Ok(NoteSignature {
        name: key.name().to_owned(),
        key_id: key.key_id(),
        signature: bytes,
    })
}

/// Accepts a witness's cosignature line for a checkpoint note text: the witness must be one
/// of `witnesses`, the signature must verify, and it must not be dated after `now_unix_s`
/// (plus [`MAX_CLOCK_SKEW_S`]).
pub fn accept_cosignature(
    checkpoint_text: &str,
    line: &str,
    witnesses: &[VerifierKey],
    now_unix_s: u64,
) -> Result<Cosignature, CosignatureError> {
    let signature = NoteSignature::parse_line(line.strip_suffix('\n').unwrap_or(line))?;
    let key = witnesses
        .iter()
        .find(|key| key.name() == signature.name && key.key_id() == signature.key_id)
        .ok_or(CosignatureError::UnknownKey)?;
    if key.algorithm() != Algorithm::CosignatureV1 {
        return Err(CosignatureError::NotACosigner(key.name().to_owned()));
    }
    let timestamp_unix_s = verify_signature(key, checkpoint_text, &signature)?
        .ok_or(CosignatureError::NotACosigner(key.name().to_owned()))?;
    if timestamp_unix_s > now_unix_s.saturating_add(MAX_CLOCK_SKEW_S) {
        return Err(CosignatureError::FromTheFuture {
            name: key.name().to_owned(),
            timestamp_unix_s,
        });
    }
    Ok(Cosignature {
        name: signature.name.clone(),
        key_id: signature.key_id,
        timestamp_unix_s,
        signature,
    })
}

/// Checks that at least `quorum` of `witnesses` cosigned an opened note (see
/// [`crate::open_checkpoint`], with the witnesses among the known keys), returning their
/// cosignatures' timestamps by witness name.
pub fn require_cosignatures(
    opened: &crate::note::OpenedNote,
    witnesses: &[VerifierKey],
    quorum: usize,
) -> Result<Vec<(String, u64)>, CosignatureError> {
    let cosigned: Vec<(String, u64)> = opened
        .verified
        .iter()
        .filter(|v| v.algorithm == Algorithm::CosignatureV1)
        .filter(|v| {
            witnesses
                .iter()
                .any(|w| w.name() == v.name && w.key_id() == v.key_id)
        })
        .filter_map(|v| Some((v.name.clone(), v.timestamp_unix_s?)))
        .collect();
    if cosigned.len() < quorum {
        return Err(CosignatureError::NotEnoughCosignatures {
            have: cosigned.len(),
            need: quorum,
        });
    }
    Ok(cosigned)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::checkpoint::{Checkpoint, open_checkpoint};
    use crate::hash::leaf_hash;

    const NOW: u64 = 1_767_139_200;

    fn setup() -> (SignerKey, SignerKey, String) {
        let log = SignerKey::from_seed("log.example", Algorithm::Ed25519, [1; 32]).unwrap();
        let witness = SignerKey::from_seed("w.example", Algorithm::CosignatureV1, [2; 32]).unwrap();
        let text = Checkpoint::new("log.example", 9, leaf_hash(b"x"))
            .unwrap()
            .to_text();
        (log, witness, text)
    }

    #[test]
    fn cosign_accept_and_require() {
        let (log, witness, text) = setup();
        let line = cosign(&text, &witness, NOW).unwrap().to_line();
        let accepted = accept_cosignature(&text, &line, &[witness.verifier()], NOW).unwrap();
        assert_eq!(accepted.timestamp_unix_s, NOW);
        let mut note = crate::note::Note::new(&text).unwrap();
        note.sign(&log).unwrap();
        note.add_signature(accepted.signature).unwrap();
        let opened = open_checkpoint(
            &note.to_text(),
            "log.example",
            &log.verifier(),
            &[witness.verifier()],
        )
        .unwrap();
        let cosigned = require_cosignatures(&opened.note, &[witness.verifier()], 1).unwrap();
        assert_eq!(cosigned, [("w.example".to_owned(), NOW)]);
        assert_eq!(
            require_cosignatures(&opened.note, &[witness.verifier()], 2),
            Err(CosignatureError::NotEnoughCosignatures { have: 1, need: 2 })
        );
    }

    #[test]
    fn bad_cosignatures_are_refused() {
        let (log, witness, text) = setup();
        let line = cosign(&text, &witness, NOW).unwrap().to_line();
        let stranger = SignerKey::from_seed("s", Algorithm::CosignatureV1, [5; 32]).unwrap();
        assert_eq!(
            accept_cosignature(&text, &line, &[stranger.verifier()], NOW),
            Err(CosignatureError::UnknownKey)
        );
        let other_text = text.replace('9', "8");
        assert!(matches!(
            accept_cosignature(&other_text, &line, &[witness.verifier()], NOW),
            Err(CosignatureError::Note(NoteError::WrongSignature(_)))
        ));
        assert!(matches!(
            accept_cosignature(
                &text,
                &line,
                &[witness.verifier()],
                NOW - MAX_CLOCK_SKEW_S - 1
            ),
            Err(CosignatureError::FromTheFuture { .. })
        ));
        assert_eq!(
            cosign(&text, &witness, u64::MAX),
            Err(CosignatureError::BadTimestamp(u64::MAX))
        );
        assert!(matches!(
            cosign(&text, &log, NOW),
            Err(CosignatureError::Note(_))
        ));
        let log_line = {
            let mut note = crate::note::Note::new(&text).unwrap();
            note.sign(&log).unwrap();
            note.signatures()[0].to_line()
        };
        assert_eq!(
            accept_cosignature(&text, &log_line, &[log.verifier()], NOW),
            Err(CosignatureError::NotACosigner("log.example".into()))
        );
        assert!(accept_cosignature(&text, "garbage", &[witness.verifier()], NOW).is_err());
    }
}
