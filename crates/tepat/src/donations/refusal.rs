//! The one place where a donation error becomes the HTTP error: pages and the API both use
//! it through `?`.

use super::error::DonationError;
use crate::http::AppError;

impl From<DonationError> for AppError {
    fn from(err: DonationError) -> Self {
        match err {
            DonationError::Denied(denied) => denied.into(),
            DonationError::NotFound => Self::NotFound,
            DonationError::BadFilter(rule) => Self::BadRequest(rule.into()),
            DonationError::Invalid(rule) => Self::invalid(rule.into()),
            DonationError::Conflict(rule) => Self::Conflict(rule.into()),
            DonationError::Inconsistent(what) => Self::Internal(anyhow::anyhow!(what)),
            DonationError::Store(err) => err.into(),
        }
    }
}
