//! The one place where a deliberation error becomes the HTTP error.

use super::error::DeliberationError;
use crate::http::AppError;

impl From<DeliberationError> for AppError {
    fn from(err: DeliberationError) -> Self {
        match err {
            DeliberationError::Denied(denied) => denied.into(),
            DeliberationError::NotFound => Self::NotFound,
            DeliberationError::Invalid(rule) => Self::invalid(rule.into()),
            DeliberationError::Proposal(err) => err.into(),
            DeliberationError::Inconsistent(what) => Self::Internal(anyhow::anyhow!(what)),
            DeliberationError::Store(err) => err.into(),
        }
    }
}
