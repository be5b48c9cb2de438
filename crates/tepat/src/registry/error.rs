//! The registry's domain error: a household or person refused by the registry's rules or
//! by what is already stored. It converts once into `AppError` here, keeping the field
//! names and messages forms and problem documents show.

use crate::db::StoreError;
use crate::field::FieldError;
use crate::http::AppError;

use super::violation::Violation;

/// A rule broken by one field, in both languages; `field` carries its path in the input
/// (`members[1].nik`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub rule: String,
    pub message_en: String,
    pub message_id: String,
}

impl FieldProblem {
    /// The problem of `v`, its field under `prefix` when not empty.
    pub fn of(prefix: &str, v: &Violation) -> Self {
        let field = if prefix.is_empty() {
            v.field.to_owned()
        } else {
            format!("{prefix}.{}", v.field)
        };
        Self {
            field,
            rule: v.rule.to_owned(),
            message_en: v.message.clone(),
            message_id: v.message_id.clone(),
        }
    }

    fn to_field_error(&self) -> FieldError {
        FieldError::new(&self.field, &self.rule, &self.message_en, &self.message_id)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// Every finding at once, so a form can show each beside its field.
    #[error("invalid household: {} problems", .0.len())]
    Invalid(Vec<FieldProblem>),
    /// A KK or NIK already registered.
    #[error("{}: {}", .0.field, .0.message_en)]
    Conflict(FieldProblem),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the household was neither created nor refused")]
    Unexpected,
}

impl From<RegistryError> for AppError {
    fn from(err: RegistryError) -> Self {
        match err {
            RegistryError::Invalid(found) => {
                AppError::Invalid(found.iter().map(FieldProblem::to_field_error).collect())
            }
            RegistryError::Conflict(found) => AppError::Conflict(found.to_field_error()),
            RegistryError::Store(err) => AppError::from(err),
            RegistryError::Unexpected => AppError::Internal(anyhow::anyhow!("{err}")),
        }
    }
}
