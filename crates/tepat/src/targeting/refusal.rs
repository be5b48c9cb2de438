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
            TargetingError::Busy(_) => Self::Conflict(crate::http::FieldError::new(
                "run",
                "busy",
                "a scoring run is already in progress; wait until it ends",
                "penghitungan skor lain sedang berjalan; tunggu sampai selesai",
            )),
            TargetingError::Inconsistent(what) => Self::Internal(anyhow::anyhow!(what)),
            TargetingError::Store(err) => err.into(),
        }
    }
}
