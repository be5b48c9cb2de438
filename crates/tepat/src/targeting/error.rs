//! What can go wrong in targeting, in the feature's own words. It turns into the HTTP error
//! once, in `refusal.rs`.

use crate::auth::Denied;
use crate::db::StoreError;
use crate::field::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum TargetingError {
    #[error(transparent)]
    Denied(#[from] Denied),
    /// No such household, or one outside the caller's region (the two answer alike).
    #[error("no such household")]
    NotFound,
    /// A model, a version or a calibration sample that breaks a rule; names the field.
    #[error("invalid {}: {}", .0.field, .0.message)]
    Invalid(FieldError),
    /// A scoring run is already in progress (its job id; 0 when another start won a race).
    #[error("a scoring run is already in progress")]
    Busy(i64),
    /// Stored data that breaks an invariant the schema cannot state.
    #[error("stored data is inconsistent: {0}")]
    Inconsistent(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<FieldError> for TargetingError {
    fn from(err: FieldError) -> Self {
        Self::Invalid(err)
    }
}
