//! What can go wrong with merchants, vouchers and redemptions, in the feature's own words;
//! it becomes the HTTP error once, below.

use crate::auth::Denied;
use crate::db::StoreError;
use crate::http::AppError;
use crate::web::form::FieldRule;

#[derive(Debug, thiserror::Error)]
pub enum VoucherError {
    #[error(transparent)]
    Denied(#[from] Denied),
    /// No such record, or one outside the caller's region or shop (alike).
    #[error("not found")]
    NotFound,
    #[error("invalid {}", .0.field)]
    Invalid(FieldRule),
    /// Refused by the state of things: spent, revoked, expired, suspended, taken.
    #[error("conflict on {}", .0.field)]
    Conflict(FieldRule),
    /// The signing key could not be read or made.
    #[error(transparent)]
    Key(#[from] super::keys::KeyFileError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl VoucherError {
    pub fn invalid(field: &'static str, rule: &'static str, en: &str, id: &str) -> Self {
        Self::Invalid(FieldRule::new(field, rule, en, id))
    }

    pub fn conflict(field: &'static str, rule: &'static str, en: &str, id: &str) -> Self {
        Self::Conflict(FieldRule::new(field, rule, en, id))
    }
}

/// The reason an official gives for stopping a shop or a voucher, cleaned: 5 to 500
/// characters.
pub fn reason(text: &str) -> Result<String, VoucherError> {
    crate::text::clean(text, crate::text::Lines::Many)
        .ok()
        .filter(|r| (5..=500).contains(&r.chars().count()))
        .ok_or_else(|| {
            VoucherError::invalid(
                "reason",
                "length",
                "must be 5 to 500 characters",
                "harus 5 sampai 500 karakter",
            )
        })
}

impl From<VoucherError> for AppError {
    fn from(err: VoucherError) -> Self {
        match err {
            VoucherError::Denied(denied) => denied.into(),
            VoucherError::NotFound => Self::NotFound,
            VoucherError::Invalid(rule) => Self::invalid(rule.into()),
            VoucherError::Conflict(rule) => Self::Conflict(rule.into()),
            VoucherError::Key(err) => Self::Internal(anyhow::anyhow!(err)),
            VoucherError::Store(err) => err.into(),
        }
    }
}
