//! The one place where a complaint error becomes the HTTP error: pages and the API both
//! use it through `?`.

use super::error::ComplaintError;
use crate::http::AppError;

impl From<ComplaintError> for AppError {
    fn from(err: ComplaintError) -> Self {
        match err {
            ComplaintError::Denied(denied) => denied.into(),
            ComplaintError::NotFound => Self::NotFound,
            ComplaintError::BadFilter(rule) => Self::BadRequest(rule.into()),
            ComplaintError::Invalid(rule) => Self::invalid(rule.into()),
            ComplaintError::TooMany(seconds) => Self::TooManyAttempts {
                retry_after_seconds: seconds,
                message: format!(
                    "too many requests from this address; try again in {seconds} seconds"
                ),
                message_id: format!(
                    "Terlalu banyak permintaan dari alamat ini. Coba lagi dalam {seconds} detik."
                ),
            },
            ComplaintError::Inconsistent(what) => Self::Internal(anyhow::anyhow!(what)),
            ComplaintError::Store(err) => err.into(),
        }
    }
}
