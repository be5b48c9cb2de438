//! What can go wrong with objections, in the feature's own words. It turns into the HTTP
//! error once, in `refusal.rs`.

use crate::auth::Denied;
use crate::db::StoreError;
use crate::proposals::error::ProposalError;
use crate::web::form::FieldRule;

#[derive(Debug, thiserror::Error)]
pub enum ObjectionError {
    #[error(transparent)]
    Denied(#[from] Denied),
    /// No such objection, or one outside the caller's region (alike).
    #[error("not found")]
    NotFound,
    #[error("invalid {}", .0.field)]
    BadFilter(FieldRule),
    #[error("invalid {}", .0.field)]
    Invalid(FieldRule),
    /// Too many objections from one client address or one resident.
    #[error("too many objections")]
    TooMany,
    /// The removal proposal a founded objection becomes was refused.
    #[error(transparent)]
    Proposal(#[from] ProposalError),
    #[error("stored data is inconsistent: {0}")]
    Inconsistent(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ObjectionError {
    pub fn invalid(field: &'static str, rule: &'static str, en: &str, id: &str) -> Self {
        Self::Invalid(FieldRule::new(field, rule, en, id))
    }
}
