//! What can go wrong with review flags, in the feature's own words. It turns into the HTTP
//! error once, in `refusal.rs`.

use crate::auth::Denied;
use crate::db::StoreError;
use crate::web::form::FieldRule;

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error(transparent)]
    Denied(#[from] Denied),
    /// No such flag, or one outside the caller's region (the two answer alike).
    #[error("no such review flag")]
    NotFound,
    #[error("invalid {}", .0.field)]
    BadFilter(FieldRule),
    #[error("invalid {}", .0.field)]
    Invalid(FieldRule),
    /// Stored data that breaks an invariant the schema cannot state.
    #[error("stored data is inconsistent: {0}")]
    Inconsistent(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}
