//! The one place where a duplicate error becomes the HTTP error: pages and the API both
//! use it through `?`.

use super::error::DuplicateError;
use crate::field::FieldError;
use crate::http::AppError;

impl From<DuplicateError> for AppError {
    fn from(err: DuplicateError) -> Self {
        match err {
            DuplicateError::Denied(denied) => denied.into(),
            DuplicateError::PairNotFound | DuplicateError::RunNotFound => Self::NotFound,
            DuplicateError::OutsideScope => Self::OutsideScope,
            DuplicateError::BadFilter(rule) => Self::BadRequest(rule.into()),
            DuplicateError::Invalid(rules) => {
                Self::Invalid(rules.into_iter().map(FieldError::from).collect())
            }
            DuplicateError::AlreadyDecided => {
                Self::Conflict(DuplicateError::already_decided_rule().into())
            }
            DuplicateError::RunInProgress => {
                Self::Conflict(DuplicateError::run_in_progress_rule().into())
            }
            DuplicateError::Inconsistent(what) => Self::Internal(anyhow::anyhow!(what)),
            DuplicateError::Store(err) => err.into(),
        }
    }
}
