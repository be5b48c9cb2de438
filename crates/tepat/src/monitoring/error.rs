//! What can go wrong with monitoring, in the feature's own words; it becomes the HTTP error
//! once, below.

use crate::auth::Denied;
use crate::db::StoreError;
use crate::http::AppError;

#[derive(Debug, thiserror::Error)]
pub enum MonitoringError {
    #[error(transparent)]
    Denied(#[from] Denied),
    /// Stored data that breaks an invariant the schema cannot state.
    #[error("stored data is inconsistent: {0}")]
    Inconsistent(String),
    /// A query parameter that breaks its rule (the month, the region).
    #[error("invalid {}", .0.field)]
    BadQuery(crate::web::form::FieldRule),
    /// A region outside the caller's.
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<MonitoringError> for AppError {
    fn from(err: MonitoringError) -> Self {
        match err {
            MonitoringError::Denied(denied) => denied.into(),
            MonitoringError::Inconsistent(what) => Self::Internal(anyhow::anyhow!(what)),
            MonitoringError::BadQuery(rule) => Self::BadRequest(rule.into()),
            MonitoringError::NotFound => Self::NotFound,
            MonitoringError::Store(err) => err.into(),
        }
    }
}

impl From<crate::programmes::error::ProgrammeError> for MonitoringError {
    fn from(err: crate::programmes::error::ProgrammeError) -> Self {
        use crate::programmes::error::ProgrammeError as P;
        match err {
            P::Denied(d) => Self::Denied(d),
            P::Store(e) => Self::Store(e),
            other => Self::Inconsistent(other.to_string()),
        }
    }
}
