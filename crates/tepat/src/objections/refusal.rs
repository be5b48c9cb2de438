//! The one place where an objection error becomes the HTTP error: pages and the API both
//! use it through `?`.

use super::error::ObjectionError;
use crate::http::AppError;

impl From<ObjectionError> for AppError {
    fn from(err: ObjectionError) -> Self {
        match err {
            ObjectionError::Denied(denied) => denied.into(),
            ObjectionError::NotFound => Self::NotFound,
            ObjectionError::BadFilter(rule) => Self::BadRequest(rule.into()),
            ObjectionError::Invalid(rule) => Self::invalid(rule.into()),
            ObjectionError::TooMany => Self::TooManyAttempts {
                retry_after_seconds: 24 * 3600,
                message: "too many objections from this address or this resident; try again \
                          tomorrow"
                    .into(),
                message_id: "Terlalu banyak sanggahan dari alamat ini atau dari warga ini. \
                             Coba lagi besok."
                    .into(),
            },
            ObjectionError::Proposal(err) => err.into(),
            ObjectionError::Inconsistent(what) => Self::Internal(anyhow::anyhow!(what)),
            ObjectionError::Store(err) => err.into(),
        }
    }
}
