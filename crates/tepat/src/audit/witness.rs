//! Witness cosignatures: a configured witness sends its cosignature of a checkpoint; it is
//! checked with the witness's key and added to the stored checkpoint, which from then on is
//! published with it.

use time::OffsetDateTime;
use tlog::{Checkpoint, CosignatureError, Note, NoteSignature, accept_cosignature};

use super::keys::Log;
use super::store;
use crate::db::{Db, ResultExt, StoreError};

/// Why a cosignature was refused.
#[derive(Debug, thiserror::Error)]
pub enum CosignError {
    #[error("cosignature is not from a configured witness")]
    UnknownWitness,
    #[error("cosignature refused: {0}")]
    Refused(#[source] CosignatureError),
    #[error("checkpoint in the note is malformed: {0}")]
    BadCheckpoint(#[source] tlog::CheckpointError),
    #[error("the log has no checkpoint of size {0}")]
    NoSuchCheckpoint(u64),
    #[error("the note's checkpoint differs from the log's checkpoint of size {0}")]
    DifferentCheckpoint(u64),
    #[error("the note carries no witness cosignature")]
    NoCosignature,
    #[error("the stored checkpoint is unreadable")]
    StoredNote(#[source] tlog::NoteError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl CosignError {
    /// A short rule name for the problem document.
    pub fn rule(&self) -> &'static str {
        match self {
            Self::UnknownWitness => "unknown-witness",
            Self::NoSuchCheckpoint(_) | Self::DifferentCheckpoint(_) => "unknown-checkpoint",
            _ => "bad-cosignature",
        }
    }
}

fn refused(err: CosignatureError) -> CosignError {
    match err {
        CosignatureError::UnknownKey => CosignError::UnknownWitness,
        other => CosignError::Refused(other),
    }
}

/// Accepts a cosignature: either one signature line (for the latest checkpoint), or a note —
/// a checkpoint followed by signature lines, of which the witnesses' are taken. Returns the
/// checkpoint size and the witnesses whose cosignatures were added.
pub async fn add_cosignature(
    db: &Db,
    log: &Log,
    body: &str,
    now: OffsetDateTime,
) -> Result<(u64, Vec<String>), CosignError> {
    let now_unix_s = u64::try_from(now.unix_timestamp()).unwrap_or(0);
    let mut tx = db.begin_write().await?;
    store::lock_head(&mut tx).await?;
    let (size, lines, text) = match Note::parse(body) {
        Ok(note) => {
            let checkpoint = Checkpoint::parse(note.text()).map_err(CosignError::BadCheckpoint)?;
            let lines: Vec<String> = note
                .signatures()
                .iter()
                .filter(|s| !(s.name == log.origin() && s.key_id == log.verifier().key_id()))
                .map(NoteSignature::to_line)
                .collect();
            (checkpoint.size(), lines, Some(note.text().to_owned()))
        }
        Err(_) => {
            let (size, _) = store::latest_checkpoint(&mut tx)
                .await?
                .ok_or(CosignError::NoSuchCheckpoint(0))?;
            (size, vec![body.trim().to_owned()], None)
        }
    };
    if lines.is_empty() {
        return Err(CosignError::NoCosignature);
    }
    let stored = store::checkpoint_at(&mut tx, size)
        .await?
        .ok_or(CosignError::NoSuchCheckpoint(size))?;
    let mut stored = Note::parse(&stored).map_err(CosignError::StoredNote)?;
    if text.is_some_and(|text| text != stored.text()) {
        return Err(CosignError::DifferentCheckpoint(size));
    }
    let mut added = Vec::new();
    for line in &lines {
        let cosignature = accept_cosignature(stored.text(), line, log.witnesses(), now_unix_s)
            .map_err(refused)?;
        added.push(cosignature.name.clone());
        stored
            .add_signature(cosignature.signature)
            .map_err(CosignError::StoredNote)?;
    }
    store::set_checkpoint_note(&mut tx, size, &stored.to_text()).await?;
    tx.commit().await.store()?;
    Ok((size, added))
}
