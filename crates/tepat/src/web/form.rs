//! Field errors for re-rendered forms, shown beside their fields in the viewer's language,
//! and the plain shape a feature's domain error uses to name a field that broke a rule.

use super::i18n::Lang;
use crate::http::{AppError, FieldError};

/// One input that broke a rule, as a domain error carries it: the field as the request
/// names it, a short rule name, and the message in English and in Bahasa Indonesia. The
/// HTTP layer turns it into an `http::FieldError`; a form shows it beside its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRule {
    pub field: &'static str,
    pub rule: &'static str,
    pub message_en: String,
    pub message_id: String,
}

impl FieldRule {
    pub fn new(
        field: &'static str,
        rule: &'static str,
        message_en: &str,
        message_id: &str,
    ) -> Self {
        Self {
            field,
            rule,
            message_en: message_en.to_owned(),
            message_id: message_id.to_owned(),
        }
    }
}

impl From<FieldRule> for FieldError {
    fn from(rule: FieldRule) -> Self {
        FieldError::new(rule.field, rule.rule, &rule.message_en, &rule.message_id)
    }
}

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

/// A number typed in a form: digits, with the dots or spaces people group them with.
pub fn number(text: &str) -> Option<i64> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '_'))
        .collect();
    digits.parse().ok()
}

/// The error of a line whose numbers are not whole numbers, under `field`.
pub fn number_error(field: &'static str, line: usize) -> FormErrors {
    let rule = FieldRule::new(
        field,
        "number",
        &format!("line {line}: quantity and amount must be whole numbers"),
        &format!("baris {line}: jumlah dan nilai harus bilangan bulat"),
    );
    FormErrors::from_error(AppError::invalid(rule.into()), Lang::Id).unwrap_or_default()
}
