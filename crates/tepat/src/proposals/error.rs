//! What can go wrong with proposals, in the feature's own words. It turns into the HTTP
//! error once, in `refusal.rs`.

use crate::auth::Denied;
use crate::db::StoreError;
use crate::web::form::FieldRule;

#[derive(Debug, thiserror::Error)]
pub enum ProposalError {
    #[error(transparent)]
    Denied(#[from] Denied),
    /// No such proposal or household, or one outside the caller's region (alike).
    #[error("not found")]
    NotFound,
    #[error("invalid {}", .0.field)]
    BadFilter(FieldRule),
    /// Refused: the field and the rule, in both languages.
    #[error("invalid {}", .0.field)]
    Invalid(FieldRule),
    /// Too many citizen proposals from one client address or one resident.
    #[error("too many proposals")]
    TooMany,
    /// Stored data that breaks an invariant the schema cannot state.
    #[error("stored data is inconsistent: {0}")]
    Inconsistent(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ProposalError {
    pub fn invalid(field: &'static str, rule: &'static str, en: &str, id: &str) -> Self {
        Self::Invalid(FieldRule::new(field, rule, en, id))
    }
}
