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
            ProposalError::TooMany => Self::TooManyAttempts {
                retry_after_seconds: 24 * 3600,
                message: "too many proposals from this address or this resident; try again \
                          tomorrow"
                    .into(),
                message_id: "Terlalu banyak usul dari alamat ini atau dari warga ini. Coba \
                             lagi besok."
                    .into(),
            },
            ProposalError::Inconsistent(what) => Self::Internal(anyhow::anyhow!(what)),
            ProposalError::Store(err) => err.into(),
        }
    }
}
