//! The one place where a programme error becomes the HTTP error: pages and the API both use
//! it through `?`.

use super::error::ProgrammeError;
use crate::http::AppError;

impl From<ProgrammeError> for AppError {
    fn from(err: ProgrammeError) -> Self {
        match err {
            ProgrammeError::Denied(denied) => denied.into(),
            ProgrammeError::NotFound => Self::NotFound,
            ProgrammeError::Invalid(fields) => Self::Invalid(fields),
            ProgrammeError::Inconsistent(what) => Self::Internal(anyhow::anyhow!(what)),
            ProgrammeError::Store(err) => err.into(),
        }
    }
}
