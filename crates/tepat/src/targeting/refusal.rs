//! The one place where a targeting error becomes the HTTP error: pages and the API both use
//! it through `?`.

use super::error::TargetingError;
use crate::http::AppError;

impl From<TargetingError> for AppError {
    fn from(err: TargetingError) -> Self {
        match err {
            TargetingError::Denied(denied) => denied.into(),
            TargetingError::NotFound => Self::NotFound,
            TargetingError::Invalid(field) => Self::invalid(field),
            TargetingError::Inconsistent(what) => Self::Internal(anyhow::anyhow!(what)),
            TargetingError::Store(err) => err.into(),
        }
    }
}
