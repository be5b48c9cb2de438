//! The one place where a proposal error becomes the HTTP error: pages and the API both use
//! it through `?`.

use super::error::ProposalError;
use crate::http::AppError;

impl From<ProposalError> for AppError {
    fn from(err: ProposalError) -> Self {
        match err {
            ProposalError::Denied(denied) => denied.into(),
            ProposalError::NotFound => Self::NotFound,
            ProposalError::BadFilter(rule) => Self::BadRequest(rule.into()),
            ProposalError::Invalid(rule) => Self::invalid(rule.into()),
            ProposalError::Inconsistent(what) => Self::Internal(anyhow::anyhow!(what)),
            ProposalError::Store(err) => err.into(),
        }
    }
}
