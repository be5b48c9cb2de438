//! The one place where a cycle error becomes the HTTP error.

use super::error::CycleError;
use crate::http::AppError;

impl From<CycleError> for AppError {
    fn from(err: CycleError) -> Self {
        match err {
            CycleError::Denied(denied) => denied.into(),
            CycleError::NotFound => Self::NotFound,
            CycleError::Invalid(rule) => Self::invalid(rule.into()),
            CycleError::Conflict(rule) => Self::Conflict(rule.into()),
            CycleError::Store(err) => err.into(),
        }
    }
}
