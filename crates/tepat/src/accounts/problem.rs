//! How the refusals of account and token management reach the web and the API: converted
//! once into the HTTP error, which renders them as problem documents or form errors.

use super::error::{AccountsError, FieldProblem};
use crate::field::FieldError;
use crate::http::AppError;

impl From<FieldProblem> for FieldError {
    fn from(problem: FieldProblem) -> Self {
        FieldError::new(
            &problem.field,
            &problem.rule,
            &problem.message_en,
            &problem.message_id,
        )
    }
}

impl From<AccountsError> for AppError {
    fn from(err: AccountsError) -> Self {
        match err {
            AccountsError::Invalid(problems) => {
                AppError::Invalid(problems.into_iter().map(FieldError::from).collect())
            }
            AccountsError::Conflict(problem) => AppError::Conflict(problem.into()),
            AccountsError::AccountNotFound(_) | AccountsError::TokenNotFound(_) => {
                AppError::NotFound
            }
            AccountsError::OutsideScope => AppError::OutsideScope,
            AccountsError::Store(err) => err.into(),
            AccountsError::Internal(err) => AppError::Internal(err),
        }
    }
}
