//! What can go wrong with duplicate pairs and runs, in the feature's own words. It turns
//! into the HTTP error once, in `refusal.rs`, and into a message at the command line.

use crate::auth::Denied;
use crate::db::StoreError;
use crate::web::form::FieldRule;

#[derive(Debug, thiserror::Error)]
pub enum DuplicateError {
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error("no such pair")]
    PairNotFound,
    #[error("no such run")]
    RunNotFound,
    /// Reading: neither person lies in the caller's region; deciding: not both do.
    #[error("the pair lies outside the caller's region")]
    OutsideScope,
    #[error("invalid {}", .0.field)]
    BadFilter(FieldRule),
    #[error("invalid decision")]
    Invalid(Vec<FieldRule>),
    #[error("this pair has already been decided")]
    AlreadyDecided,
    #[error("a duplicate run is already in progress")]
    RunInProgress,
    /// Stored data that breaks an invariant the schema cannot state.
    #[error("stored data is inconsistent: {0}")]
    Inconsistent(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl DuplicateError {
    /// What a second decision on a pair is told, beside the status.
    pub fn already_decided_rule() -> FieldRule {
        FieldRule::new(
            "status",
            "decided",
            "this pair has already been decided",
            "pasangan ini sudah diputuskan",
        )
    }

    /// What a second start while a run is in progress is told.
    pub fn run_in_progress_rule() -> FieldRule {
        FieldRule::new(
            "run",
            "running",
            "a duplicate run is already in progress; wait for it to finish",
            "pemeriksaan duplikat sedang berjalan; tunggu sampai selesai",
        )
    }
}
