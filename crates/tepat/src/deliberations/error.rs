//! What can go wrong with deliberations, in the feature's own words. It turns into the
//! HTTP error once, in `refusal.rs`.

use crate::auth::Denied;
use crate::db::StoreError;
use crate::proposals::error::ProposalError;
use crate::web::form::FieldRule;

#[derive(Debug, thiserror::Error)]
pub enum DeliberationError {
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error("not found")]
    NotFound,
    #[error("invalid {}", .0.field)]
    Invalid(FieldRule),
    /// A decision on a proposal was refused by the proposal's rules.
    #[error(transparent)]
    Proposal(#[from] ProposalError),
    #[error("stored data is inconsistent: {0}")]
    Inconsistent(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl DeliberationError {
    pub fn invalid(field: &'static str, rule: &'static str, en: &str, id: &str) -> Self {
        Self::Invalid(FieldRule::new(field, rule, en, id))
    }
}
