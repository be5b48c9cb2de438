//! What can go wrong with complaints and pungli reports, in the feature's own words. It
//! turns into the HTTP error once, in `refusal.rs`.

use crate::auth::Denied;
use crate::db::StoreError;
use crate::web::form::FieldRule;

#[derive(Debug, thiserror::Error)]
pub enum ComplaintError {
    #[error(transparent)]
    Denied(#[from] Denied),
    /// No such complaint or report, one outside the caller's region, or a code that does
    /// not match (alike, so that nothing tells whether it exists).
    #[error("not found")]
    NotFound,
    #[error("invalid {}", .0.field)]
    BadFilter(FieldRule),
    #[error("invalid {}", .0.field)]
    Invalid(FieldRule),
    /// Too many from one client address: seconds until it may try again.
    #[error("too many requests")]
    TooMany(i64),
    #[error("stored data is inconsistent: {0}")]
    Inconsistent(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ComplaintError {
    pub fn invalid(field: &'static str, rule: &'static str, en: &str, id: &str) -> Self {
        Self::Invalid(FieldRule::new(field, rule, en, id))
    }
}
