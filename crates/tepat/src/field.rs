//! A field that failed a rule: the field as named in the input, the rule's short name and
//! the message in both languages. Features return it inside their own errors; the HTTP
//! layer renders it in a problem document's `errors` or beside the form field.

use crate::web::i18n::{Lang, Localized};

/// One field that failed a rule, in both languages.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The offending field, as named in the request (`region_code`, `body.role`, …).
    pub field: String,
    /// A short machine-readable rule name (`required`, `format`, `unknown`, …).
    pub rule: String,
    /// English message for API clients.
    pub message: String,
    #[serde(skip)]
    pub message_id: String,
    /// For a field holding text in a language (an eligibility rule): the line of the
    /// error, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// With `line`: the column, from 1, counted in characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl FieldError {
    pub fn new(field: &str, rule: &str, message: &str, message_id: &str) -> Self {
        Self {
            field: field.to_owned(),
            rule: rule.to_owned(),
            message: message.to_owned(),
            message_id: message_id.to_owned(),
            line: None,
            column: None,
        }
    }

    /// The same error, at a line and column of the field's text.
    pub fn at(self, line: u32, column: u32) -> Self {
        Self {
            line: Some(line),
            column: Some(column),
            ..self
        }
    }

    /// From a domain error that speaks both languages.
    pub fn localized(field: &str, rule: &str, err: &impl Localized) -> Self {
        Self::new(
            field,
            rule,
            &err.localized(Lang::En),
            &err.localized(Lang::Id),
        )
    }

    pub fn message_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id if !self.message_id.is_empty() => &self.message_id,
            _ => &self.message,
        }
    }
}
