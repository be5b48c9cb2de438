//! What can go wrong with programmes, in the feature's own words. It turns into the HTTP
//! error once, in `refusal.rs`.

use crate::auth::Denied;
use crate::db::StoreError;
use crate::field::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum ProgrammeError {
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error("no such programme")]
    NotFound,
    /// A rule or field that breaks its rules; each error names the field (and, for a rule,
    /// the line and column).
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// Stored data that breaks an invariant the schema cannot state.
    #[error("stored data is inconsistent: {0}")]
    Inconsistent(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}
