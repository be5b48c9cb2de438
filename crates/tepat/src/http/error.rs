//! `AppError`: the one HTTP error type. Handlers return it; a middleware renders it once,
//! as an RFC 9457 problem document under `/api` and as a page in the viewer's language
//! elsewhere, and logs internal causes once with the request id.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::db::StoreError;
use crate::web::i18n::Lang;

pub use crate::field::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("authentication required")]
    Unauthenticated,
    #[error("session expired")]
    SessionExpired,
    #[error("forbidden for this role")]
    Forbidden,
    #[error("outside the caller's region scope")]
    OutsideScope,
    #[error("missing API scope {0}")]
    MissingScope(&'static str),
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("bad request: {}", .0.message)]
    BadRequest(FieldError),
    #[error("unsupported media type, expected {0}")]
    UnsupportedMediaType(&'static str),
    #[error("body larger than {0} bytes")]
    PayloadTooLarge(usize),
    #[error("conflict")]
    Conflict(FieldError),
    #[error("missing or invalid CSRF token")]
    Csrf,
    #[error("too many attempts")]
    TooManyAttempts {
        retry_after_seconds: i64,
        message: String,
        message_id: String,
    },
    #[error("service unavailable")]
    Unavailable,
    /// A refusal produced by the framework before a handler ran (a malformed path
    /// parameter, a wrong method, a timeout), carried here so it renders like the rest.
    #[error("request refused: {1}")]
    Rejected(StatusCode, String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => Self::NotFound,
            other => Self::Internal(other.into()),
        }
    }
}

impl AppError {
    pub fn invalid(field: FieldError) -> Self {
        Self::Invalid(vec![field])
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Unauthenticated | Self::SessionExpired => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::OutsideScope | Self::MissingScope(_) | Self::Csrf => {
                StatusCode::FORBIDDEN
            }
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Rejected(status, _) => *status,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The problem type's short name, documented on the API reference page.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "not-found",
            Self::Unauthenticated => "unauthenticated",
            Self::SessionExpired => "session-expired",
            Self::Forbidden => "forbidden",
            Self::OutsideScope => "outside-scope",
            Self::MissingScope(_) => "missing-scope",
            Self::Invalid(_) => "invalid",
            Self::BadRequest(_) => "bad-request",
            Self::UnsupportedMediaType(_) => "unsupported-media-type",
            Self::PayloadTooLarge(_) => "payload-too-large",
            Self::Conflict(_) => "conflict",
            Self::Csrf => "csrf",
            Self::TooManyAttempts { .. } => "too-many-attempts",
            Self::Unavailable => "unavailable",
            Self::Rejected(status, _) => match status.as_u16() {
                404 => "not-found",
                405 => "method-not-allowed",
                408 => "timeout",
                413 => "payload-too-large",
                415 => "unsupported-media-type",
                _ => "bad-request",
            },
            Self::Internal(_) => "internal",
        }
    }

    /// A human sentence about the failure, in the viewer's language; never internal detail.
    pub fn detail(&self, lang: Lang) -> String {
        let id = lang == Lang::Id;
        let pick = |id_text: &str, en_text: &str| if id { id_text } else { en_text }.to_owned();
        match self {
            Self::NotFound => pick("Halaman atau data tidak ditemukan.", "Not found."),
            Self::Unauthenticated => pick("Silakan masuk terlebih dahulu.", "Log in first."),
            Self::SessionExpired => pick(
                "Sesi Anda telah berakhir. Silakan masuk kembali.",
                "Your session has expired. Log in again.",
            ),
            Self::Forbidden => pick(
                "Peran Anda tidak berwenang membuka halaman ini.",
                "Your role may not use this resource.",
            ),
            Self::OutsideScope => pick(
                "Data ini berada di luar wilayah kewenangan Anda.",
                "This resource is outside your region scope.",
            ),
            Self::MissingScope(scope) => {
                format!("The API token lacks the scope {scope}.")
            }
            Self::Invalid(fields) => fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message_in(lang)))
                .collect::<Vec<_>>()
                .join("; "),
            Self::BadRequest(f) | Self::Conflict(f) => {
                format!("{}: {}", f.field, f.message_in(lang))
            }
            Self::UnsupportedMediaType(expected) => {
                format!("Content-Type must be {expected}.")
            }
            Self::PayloadTooLarge(limit) => {
                let limit = super::upload::human_size(*limit as u64);
                match lang {
                    Lang::Id => format!("Isi permintaan melebihi batas {limit}."),
                    Lang::En => format!("The request body exceeds the limit of {limit}."),
                }
            }
            Self::Csrf => pick(
                "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu kirim lagi.",
                "The form has expired or is not valid. Reload the page and submit again.",
            ),
            Self::TooManyAttempts {
                message,
                message_id,
                ..
            } => pick(message_id, message),
            Self::Unavailable => pick(
                "Layanan sedang tidak tersedia. Coba lagi sebentar lagi.",
                "The service is unavailable. Try again shortly.",
            ),
            Self::Rejected(status, text) => match (status.as_u16(), lang) {
                (405, Lang::Id) => "Metode HTTP ini tidak didukung untuk alamat ini.".to_owned(),
                (408, Lang::Id) => "Permintaan terlalu lama diproses. Coba lagi.".to_owned(),
                (_, Lang::Id) => format!("Permintaan tidak dapat diproses: {text}"),
                (405, Lang::En) => "This HTTP method is not supported here.".to_owned(),
                (408, Lang::En) => "The request took too long. Try again.".to_owned(),
                (_, Lang::En) => text.clone(),
            },
            Self::Internal(_) => pick(
                "Terjadi kesalahan di server. Sebutkan kode permintaan kepada petugas.",
                "Server error. Quote the request id to support.",
            ),
        }
    }

    pub fn fields(&self) -> &[FieldError] {
        match self {
            Self::Invalid(fields) => fields,
            Self::BadRequest(f) | Self::Conflict(f) => std::slice::from_ref(f),
            _ => &[],
        }
    }
}

/// What a handler's error leaves on the response for the rendering middleware.
#[derive(Clone)]
pub(crate) struct Failure(pub std::sync::Arc<AppError>);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        if let Self::TooManyAttempts {
            retry_after_seconds,
            ..
        } = &self
            && let Ok(value) = retry_after_seconds.to_string().parse()
        {
            response.headers_mut().insert("retry-after", value);
        }
        response
            .extensions_mut()
            .insert(Failure(std::sync::Arc::new(self)));
        response
    }
}
