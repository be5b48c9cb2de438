//! `ApplicationError`, what can go wrong in self-registration, and the one place it becomes
//! the HTTP error (`impl From<ApplicationError> for AppError`). The rest of this folder's
//! domain code (model, rules, store, services) does not name the HTTP tier.

use crate::db::StoreError;
use crate::field::FieldError;
use crate::http::AppError;

use super::rules::{SUBMISSION_WINDOW_MINUTES, StepRefusal};

/// One field that failed a rule, in both languages, named as the request names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
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
}

/// Which submission limit refused an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// The village received its hourly maximum.
    Village,
    /// The sending address (one phone, one office connection) did.
    ClientAddress,
}

#[derive(Debug, thiserror::Error)]
pub enum ApplicationError {
    #[error("application not found")]
    NotFound,
    /// Fields failing their rules, all at once.
    #[error("invalid application")]
    Invalid(Vec<FieldProblem>),
    /// The step does not follow the application's status.
    #[error("step refused: {0:?}")]
    Step(StepRefusal),
    /// A submission limit is reached; try again after the window.
    #[error("too many applications from this {0:?}")]
    TooMany(Limit),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A refusal from shared code that still speaks the HTTP tier (the access checks of
    /// `auth`, the registry's own rules), passed on unchanged.
    #[error(transparent)]
    Upstream(#[from] AppError),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApplicationError {
    pub fn invalid(problem: FieldProblem) -> Self {
        Self::Invalid(vec![problem])
    }

    /// The same error with every field renamed by `rename` (a form names its member rows
    /// differently from the list the rules read).
    pub fn rename_fields(self, rename: impl Fn(&str) -> String) -> Self {
        match self {
            Self::Invalid(problems) => Self::Invalid(
                problems
                    .into_iter()
                    .map(|p| FieldProblem {
                        field: rename(&p.field),
                        ..p
                    })
                    .collect(),
            ),
            Self::Upstream(AppError::Invalid(fields)) => Self::Upstream(AppError::Invalid(
                fields
                    .into_iter()
                    .map(|f| FieldError {
                        field: rename(&f.field),
                        ..f
                    })
                    .collect(),
            )),
            other => other,
        }
    }
}

/// Splits a result of the registry's rules into its field findings, so that they are
/// reported together with this feature's own; other failures pass on.
pub fn findings<T>(
    result: Result<T, AppError>,
) -> Result<Result<T, Vec<FieldProblem>>, ApplicationError> {
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(AppError::Invalid(fields)) => Ok(Err(fields.into_iter().map(problem).collect())),
        Err(other) => Err(ApplicationError::Upstream(other)),
    }
}

fn problem(field: FieldError) -> FieldProblem {
    FieldProblem {
        field: field.field,
        rule: field.rule,
        message_en: field.message,
        message_id: field.message_id,
    }
}

fn field_error(problem: FieldProblem) -> FieldError {
    FieldError::new(
        &problem.field,
        &problem.rule,
        &problem.message_en,
        &problem.message_id,
    )
}

fn refusal(refused: StepRefusal) -> FieldError {
    let (rule, en, id) = match refused {
        StepRefusal::Decided => (
            "decided",
            "this application has already been accepted or rejected",
            "pendaftaran ini sudah diterima atau ditolak",
        ),
        StepRefusal::NotVerified => (
            "not-verified",
            "record the field visit before accepting",
            "catat hasil kunjungan lapangan sebelum menerima",
        ),
        StepRefusal::AlreadyVerified => (
            "verified",
            "the field visit has already been recorded",
            "hasil kunjungan lapangan sudah dicatat",
        ),
        StepRefusal::VisitNotConfirmed => (
            "visit-not-confirmed",
            "the field visit did not confirm the family; reject it with a reason",
            "kunjungan lapangan tidak membenarkan data keluarga; tolak dengan alasan",
        ),
    };
    FieldError::new("status", rule, en, id)
}

fn too_many(limit: Limit) -> AppError {
    let (message, message_id) = match limit {
        Limit::Village => (
            "This village has received too many applications in the last hour. Try again \
             later.",
            "Desa/kelurahan ini menerima terlalu banyak pendaftaran dalam satu jam terakhir. \
             Coba lagi nanti.",
        ),
        Limit::ClientAddress => (
            "Too many applications have been sent from this connection in the last hour. \
             Try again later, or register at the village office.",
            "Terlalu banyak pendaftaran dikirim dari sambungan internet ini dalam satu jam \
             terakhir. Coba lagi nanti, atau mendaftarlah di kantor desa/kelurahan.",
        ),
    };
    AppError::TooManyAttempts {
        retry_after_seconds: SUBMISSION_WINDOW_MINUTES * 60,
        message: message.to_owned(),
        message_id: message_id.to_owned(),
    }
}

impl From<ApplicationError> for AppError {
    fn from(err: ApplicationError) -> Self {
        match err {
            ApplicationError::NotFound => AppError::NotFound,
            ApplicationError::Invalid(problems) => {
                AppError::Invalid(problems.into_iter().map(field_error).collect())
            }
            ApplicationError::Step(refused) => AppError::Conflict(refusal(refused)),
            ApplicationError::TooMany(limit) => too_many(limit),
            ApplicationError::Store(err) => err.into(),
            ApplicationError::Upstream(err) => err,
            ApplicationError::Internal(err) => AppError::Internal(err),
        }
    }
}

impl From<crate::registry::error::RegistryError> for ApplicationError {
    fn from(err: crate::registry::error::RegistryError) -> Self {
        Self::Upstream(AppError::from(err))
    }
}
