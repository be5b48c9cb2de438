//! The refusals of account and token management, independent of how they are shown: the
//! web and the API turn them into problem documents or form errors (`problem.rs`), the
//! command line into a message naming each field and rule.

use std::fmt;

use crate::db::StoreError;
use crate::web::i18n::{Lang, Localized};

/// One input field that broke a rule, with its message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field as named in the form, the JSON body or the command line (`username`).
    pub field: String,
    /// A short rule name (`required`, `unknown`, `role`, …).
    pub rule: String,
    pub message_en: String,
    pub message_id: String,
}

impl FieldProblem {
    pub fn new(field: &str, rule: &str, message_en: &str, message_id: &str) -> Self {
        Self {
            field: field.to_owned(),
            rule: rule.to_owned(),
            message_en: message_en.to_owned(),
            message_id: message_id.to_owned(),
        }
    }

    /// From an error that speaks both languages.
    pub fn localized(field: &str, rule: &str, err: &impl Localized) -> Self {
        Self::new(
            field,
            rule,
            &err.localized(Lang::En),
            &err.localized(Lang::Id),
        )
    }

    /// From an (English, Indonesian) message pair.
    pub fn pair(field: &str, rule: &str, (en, id): (String, String)) -> Self {
        Self::new(field, rule, &en, &id)
    }

    pub fn required(field: &str) -> Self {
        Self::new(field, "required", "is required", "wajib diisi")
    }
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.field, self.message_en, self.rule)
    }
}

fn joined(problems: &[FieldProblem]) -> String {
    problems
        .iter()
        .map(FieldProblem::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    /// Fields that broke their rules; nothing was written.
    #[error("invalid input: {}", joined(.0))]
    Invalid(Vec<FieldProblem>),
    /// A field that clashes with what is stored (a taken username).
    #[error("conflict: {0}")]
    Conflict(FieldProblem),
    #[error("no account with id {0}")]
    AccountNotFound(i64),
    #[error("no api token with id {0}")]
    TokenNotFound(i64),
    #[error("outside the acting administrator's region scope")]
    OutsideScope,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AccountsError {
    pub fn invalid(problem: FieldProblem) -> Self {
        Self::Invalid(vec![problem])
    }

    /// The fields at fault, for a message that names each of them.
    pub fn fields(&self) -> &[FieldProblem] {
        match self {
            Self::Invalid(problems) => problems,
            Self::Conflict(problem) => std::slice::from_ref(problem),
            _ => &[],
        }
    }
}

impl From<sqlx::Error> for AccountsError {
    fn from(err: sqlx::Error) -> Self {
        Self::Store(StoreError::from_sqlx(err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_field_and_the_rule() {
        let err = AccountsError::Invalid(vec![
            FieldProblem::required("name"),
            FieldProblem::new("scopes", "role", "not allowed", "tidak boleh"),
        ]);
        assert_eq!(
            err.to_string(),
            "invalid input: name: is required (required); scopes: not allowed (role)"
        );
        assert_eq!(err.fields().len(), 2);
        assert!(AccountsError::TokenNotFound(7).fields().is_empty());
    }
}
