//! What can go wrong with a hand-out, in the feature's own words; it becomes the HTTP
//! error once, below.

use crate::auth::Denied;
use crate::db::StoreError;
use crate::http::AppError;
use crate::web::form::FieldRule;

#[derive(Debug, thiserror::Error)]
pub enum DistributionError {
    #[error(transparent)]
    Denied(#[from] Denied),
    /// No such hand-out, or one outside the caller's region (alike).
    #[error("not found")]
    NotFound,
    #[error("invalid {}", .0.field)]
    Invalid(FieldRule),
    /// Refused by the state of things: closed, checked in already, rated already.
    #[error("conflict on {}", .0.field)]
    Conflict(FieldRule),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl DistributionError {
    pub fn invalid(field: &'static str, rule: &'static str, en: &str, id: &str) -> Self {
        Self::Invalid(FieldRule::new(field, rule, en, id))
    }

    pub fn conflict(field: &'static str, rule: &'static str, en: &str, id: &str) -> Self {
        Self::Conflict(FieldRule::new(field, rule, en, id))
    }

    /// The hand-out is closed: nothing more happens at its site.
    pub fn closed() -> Self {
        Self::conflict(
            "status",
            "scheduled",
            "the distribution is closed",
            "penyaluran ini sudah ditutup",
        )
    }
}

impl From<DistributionError> for AppError {
    fn from(err: DistributionError) -> Self {
        match err {
            DistributionError::Denied(denied) => denied.into(),
            DistributionError::NotFound => Self::NotFound,
            DistributionError::Invalid(rule) => Self::invalid(rule.into()),
            DistributionError::Conflict(rule) => Self::Conflict(rule.into()),
            DistributionError::Store(err) => err.into(),
        }
    }
}
