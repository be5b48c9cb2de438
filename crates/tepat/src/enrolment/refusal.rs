//! The one place where an enrolment error becomes the HTTP error: pages and the API both
//! use it through `?`.

use super::error::EnrolmentError;
use crate::http::AppError;

impl From<EnrolmentError> for AppError {
    fn from(err: EnrolmentError) -> Self {
        match err {
            EnrolmentError::Denied(denied) => denied.into(),
            EnrolmentError::NotFound => Self::NotFound,
            EnrolmentError::Invalid(field) => Self::invalid(field),
            EnrolmentError::Inconsistent(what) => Self::Internal(anyhow::anyhow!(what)),
            EnrolmentError::Store(err) => err.into(),
        }
    }
}
