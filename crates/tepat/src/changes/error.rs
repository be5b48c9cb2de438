//! `ChangeError`: everything that can refuse a change request, in the feature's own terms,
//! and its one conversion into the HTTP error at the handler boundary.

use crate::db::StoreError;
use crate::field::FieldError;
use crate::http::AppError;
use crate::registry::violation::Violation;
use crate::web::i18n::{Lang, Localized};

/// One field that failed a rule, in both languages; the form shows it beside the field and
/// the API names it in the problem document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The field as the API names it (`person_id`, `members[1].birth_date`, `evidence[0]`).
    pub field: String,
    /// A short rule name (`required`, `four-eyes`, `decided` …).
    pub rule: String,
    pub message: String,
    pub message_id: String,
}

impl Finding {
    pub fn new(field: &str, rule: &str, message: &str, message_id: &str) -> Self {
        Self {
            field: field.to_owned(),
            rule: rule.to_owned(),
            message: message.to_owned(),
            message_id: message_id.to_owned(),
        }
    }

    /// From an error that speaks both languages (a date or a KK number that does not parse).
    pub fn localized(field: &str, rule: &str, err: &impl Localized) -> Self {
        Self::new(
            field,
            rule,
            &err.localized(Lang::En),
            &err.localized(Lang::Id),
        )
    }

    /// From a registry rule broken on `field` (the registry names its own field inside).
    pub fn violation(field: &str, v: &Violation) -> Self {
        Self::new(field, v.rule, &v.message, &v.message_id)
    }

    /// The message in the viewer's language (English when no Indonesian text exists).
    pub fn message_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id if !self.message_id.is_empty() => &self.message_id,
            _ => &self.message,
        }
    }
}

/// Why a change request was refused.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error("no such change request, household or evidence file")]
    NotFound,
    #[error("forbidden for this role")]
    Forbidden,
    #[error("missing api scope {0}")]
    MissingScope(&'static str),
    #[error("outside the caller's region scope")]
    OutsideScope,
    /// Fields that broke their rules, all at once.
    #[error("invalid change request")]
    Invalid(Vec<Finding>),
    /// The request cannot go ahead as things stand (decided already, its own proposer, a
    /// number held by another record).
    #[error("conflict on {}", .0.field)]
    Conflict(Finding),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ChangeError {
    pub fn invalid(field: &str, rule: &str, message: &str, message_id: &str) -> Self {
        Self::Invalid(vec![Finding::new(field, rule, message, message_id)])
    }

    pub fn conflict(field: &str, rule: &str, message: &str, message_id: &str) -> Self {
        Self::Conflict(Finding::new(field, rule, message, message_id))
    }

    /// The fields a form shows beside its inputs; empty for refusals that are not about a
    /// field (a role, a region, a failure of the store).
    pub fn findings(&self) -> &[Finding] {
        match self {
            Self::Invalid(found) => found,
            Self::Conflict(found) => std::slice::from_ref(found),
            _ => &[],
        }
    }

    /// The permission checks and the registry's validation still answer with the HTTP
    /// error; this is the one place where their answers become a change error again.
    pub fn from_app_error(err: AppError) -> Self {
        match err {
            AppError::NotFound => Self::NotFound,
            AppError::Forbidden => Self::Forbidden,
            AppError::MissingScope(scope) => Self::MissingScope(scope),
            AppError::OutsideScope => Self::OutsideScope,
            AppError::Invalid(fields) => Self::Invalid(fields.iter().map(finding).collect()),
            AppError::Conflict(field) => Self::Conflict(finding(&field)),
            AppError::Internal(err) => Self::Internal(err),
            other => Self::Internal(anyhow::anyhow!("unexpected refusal: {other}")),
        }
    }
}

fn finding(field: &FieldError) -> Finding {
    Finding::new(&field.field, &field.rule, &field.message, &field.message_id)
}

fn field_error(found: &Finding) -> FieldError {
    FieldError::new(&found.field, &found.rule, &found.message, &found.message_id)
}

impl From<ChangeError> for AppError {
    fn from(err: ChangeError) -> Self {
        match err {
            ChangeError::NotFound => Self::NotFound,
            ChangeError::Forbidden => Self::Forbidden,
            ChangeError::MissingScope(scope) => Self::MissingScope(scope),
            ChangeError::OutsideScope => Self::OutsideScope,
            ChangeError::Invalid(found) => Self::Invalid(found.iter().map(field_error).collect()),
            ChangeError::Conflict(found) => Self::Conflict(field_error(&found)),
            ChangeError::Store(err) => Self::from(err),
            ChangeError::Internal(err) => Self::Internal(err),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_keep_their_field_rule_and_both_messages_through_the_http_error() {
        let err = ChangeError::conflict("status", "decided", "decided", "sudah diputuskan");
        let AppError::Conflict(field) = AppError::from(err) else {
            panic!("a conflict stays a conflict");
        };
        assert_eq!(
            (
                field.field.as_str(),
                field.rule.as_str(),
                field.message_id.as_str()
            ),
            ("status", "decided", "sudah diputuskan")
        );
        let back = ChangeError::from_app_error(AppError::Conflict(field));
        assert_eq!(back.findings()[0].message_in(Lang::Id), "sudah diputuskan");
        assert!(matches!(
            ChangeError::from_app_error(AppError::OutsideScope),
            ChangeError::OutsideScope
        ));
    }
}
