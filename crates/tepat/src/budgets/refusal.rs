//! The one place where a budget error becomes the HTTP error: pages and the API both use it
//! through `?`.

use super::error::BudgetError;
use crate::http::AppError;

impl From<BudgetError> for AppError {
    fn from(err: BudgetError) -> Self {
        match err {
            BudgetError::Denied(denied) => denied.into(),
            BudgetError::NotFound => Self::NotFound,
            BudgetError::Invalid(rule) => Self::invalid(rule.into()),
            BudgetError::Conflict(rule) => Self::Conflict(rule.into()),
            BudgetError::TooMany => Self::TooManyAttempts {
                retry_after_seconds: 24 * 3600,
                message: "too many comments from this address; try again tomorrow".into(),
                message_id: "Terlalu banyak komentar dari alamat ini. Coba lagi besok.".into(),
            },
            BudgetError::Store(err) => err.into(),
        }
    }
}
