//! What can go wrong with enrolment, in the feature's own words. It turns into the HTTP
//! error once, in `refusal.rs`.

use crate::auth::Denied;
use crate::db::StoreError;
use crate::field::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum EnrolmentError {
    #[error(transparent)]
    Denied(#[from] Denied),
    /// No such programme, batch or household, or one outside the caller's region.
    #[error("not found")]
    NotFound,
    /// A request that breaks a rule; names the field.
    #[error("invalid {}: {}", .0.field, .0.message)]
    Invalid(FieldError),
    /// Stored data that breaks an invariant the schema cannot state.
    #[error("stored data is inconsistent: {0}")]
    Inconsistent(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl EnrolmentError {
    pub fn invalid(field: &str, rule: &str, en: &str, id: &str) -> Self {
        Self::Invalid(FieldError::new(field, rule, en, id))
    }
}

impl From<crate::programmes::error::ProgrammeError> for EnrolmentError {
    fn from(err: crate::programmes::error::ProgrammeError) -> Self {
        use crate::programmes::error::ProgrammeError as P;
        match err {
            P::Denied(d) => Self::Denied(d),
            P::NotFound => Self::NotFound,
            P::Invalid(mut fields) => match fields.pop() {
                Some(field) => Self::Invalid(field),
                None => Self::Inconsistent("empty refusal".into()),
            },
            P::Inconsistent(what) => Self::Inconsistent(what),
            P::Store(e) => Self::Store(e),
        }
    }
}
