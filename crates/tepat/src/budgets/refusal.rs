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
            BudgetError::Store(err) => err.into(),
        }
    }
}
