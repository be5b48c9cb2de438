//! Field errors for re-rendered forms, shown beside their fields in the viewer's language.

use super::i18n::Lang;
use crate::http::{AppError, FieldError};

#[derive(Debug, Clone, Default)]
pub struct FormErrors(Vec<(String, String)>);

impl FormErrors {
    /// Takes the field errors out of a validation failure; other errors pass through.
    pub fn from_error(err: AppError, lang: Lang) -> Result<Self, AppError> {
        match err {
            AppError::Invalid(fields) => Ok(Self::from_fields(&fields, lang)),
            AppError::Conflict(field) => Ok(Self::from_fields(&[field], lang)),
            other => Err(other),
        }
    }

    fn from_fields(fields: &[FieldError], lang: Lang) -> Self {
        Self(
            fields
                .iter()
                .map(|f| (f.field.clone(), f.message_in(lang).to_owned()))
                .collect(),
        )
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, message)| message.as_str())
    }

    /// Every (field, message), in the order found, for a summary above the form.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .map(|(field, message)| (field.as_str(), message.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
