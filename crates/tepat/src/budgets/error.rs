//! What can go wrong with budgets, in the feature's own words. It turns into the HTTP
//! error once, in `refusal.rs`.

use crate::auth::Denied;
use crate::db::StoreError;
use crate::web::form::FieldRule;

#[derive(Debug, thiserror::Error)]
pub enum BudgetError {
    #[error(transparent)]
    Denied(#[from] Denied),
    /// No such budget line or allocation, or one outside the caller's region (alike).
    #[error("not found")]
    NotFound,
    /// Refused: the field and the rule, in both languages.
    #[error("invalid {}", .0.field)]
    Invalid(FieldRule),
    /// Refused by the state of things (already decided, not enough money): 409.
    #[error("conflict on {}", .0.field)]
    Conflict(FieldRule),
    /// Too many comments from one address: 429.
    #[error("too many comments")]
    TooMany,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl BudgetError {
    pub fn invalid(field: &'static str, rule: &'static str, en: &str, id: &str) -> Self {
        Self::Invalid(FieldRule::new(field, rule, en, id))
    }

    pub fn conflict(field: &'static str, rule: &'static str, en: &str, id: &str) -> Self {
        Self::Conflict(FieldRule::new(field, rule, en, id))
    }
}
