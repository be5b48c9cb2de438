//! The one place where a review error becomes the HTTP error: pages and the API both use
//! it through `?`.

use super::error::ReviewError;
use crate::http::AppError;

impl From<ReviewError> for AppError {
    fn from(err: ReviewError) -> Self {
        match err {
            ReviewError::Denied(denied) => denied.into(),
            ReviewError::NotFound => Self::NotFound,
            ReviewError::BadFilter(rule) => Self::BadRequest(rule.into()),
            ReviewError::Invalid(rule) => Self::invalid(rule.into()),
            ReviewError::Inconsistent(what) => Self::Internal(anyhow::anyhow!(what)),
            ReviewError::Store(err) => err.into(),
        }
    }
}
