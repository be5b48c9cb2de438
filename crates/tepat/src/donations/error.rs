//! What can go wrong with donations, in the feature's own words. It turns into the HTTP
//! error once, in `refusal.rs`.

use crate::auth::Denied;
use crate::db::StoreError;
use crate::web::form::FieldRule;

#[derive(Debug, thiserror::Error)]
pub enum DonationError {
    #[error(transparent)]
    Denied(#[from] Denied),
    /// No such need or pledge, or one outside the caller's region (the two answer alike).
    #[error("no such need or pledge")]
    NotFound,
    #[error("invalid {}", .0.field)]
    BadFilter(FieldRule),
    /// Input that breaks a rule; nothing was changed.
    #[error("invalid {}", .0.field)]
    Invalid(FieldRule),
    /// A command that the record's state no longer allows (a pledge already paid).
    #[error("conflict on {}", .0.field)]
    Conflict(FieldRule),
    /// Stored data that breaks an invariant the schema cannot state.
    #[error("stored data is inconsistent: {0}")]
    Inconsistent(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl DonationError {
    pub fn invalid(field: &'static str, rule: &'static str, en: &str, id: &str) -> Self {
        Self::Invalid(FieldRule::new(field, rule, en, id))
    }
}
