//! What can go wrong with cycles, in the feature's own words. It turns into the HTTP error
//! once, in `refusal.rs`.

use crate::auth::Denied;
use crate::db::StoreError;
use crate::web::form::FieldRule;

#[derive(Debug, thiserror::Error)]
pub enum CycleError {
    #[error(transparent)]
    Denied(#[from] Denied),
    /// No such cycle or allocation, or one outside the caller's region (alike).
    #[error("not found")]
    NotFound,
    #[error("invalid {}", .0.field)]
    Invalid(FieldRule),
    /// Refused by the state of things (wrong state, the same official, not enough money).
    #[error("conflict on {}", .0.field)]
    Conflict(FieldRule),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl CycleError {
    pub fn invalid(field: &'static str, rule: &'static str, en: &str, id: &str) -> Self {
        Self::Invalid(FieldRule::new(field, rule, en, id))
    }

    pub fn conflict(field: &'static str, rule: &'static str, en: &str, id: &str) -> Self {
        Self::Conflict(FieldRule::new(field, rule, en, id))
    }
}
