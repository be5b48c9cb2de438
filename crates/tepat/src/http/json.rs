//! JSON in and out of the API: `ApiJson<T>` checks the content type, the size limit and
//! the shape, naming the offending field; `ApiQuery<T>` does the same for query strings.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, header, request::Parts};
use serde::de::DeserializeOwned;

use super::{AppError, FieldError};

/// The largest JSON body the API accepts; bulk data goes through upload endpoints.
pub const API_BODY_BYTES_MAX: usize = 1024 * 1024;

/// A JSON request body, parsed into `T`.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        if essence != "application/json" && !essence.ends_with("+json") {
            return Err(AppError::UnsupportedMediaType("application/json"));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge(API_BODY_BYTES_MAX)
            } else {
                AppError::BadRequest(FieldError::new(
                    "body",
                    "unreadable",
                    "body could not be read",
                    "isi permintaan tidak dapat dibaca",
                ))
            }
        })?;
        parse_json(&bytes).map(Self)
    }
}

/// Parses JSON, reporting a syntax error as 400 and a shape error as 422 on its field path.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let result: Result<T, _> = serde_path_to_error::deserialize(&mut deserializer);
    let value = result.map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            let message = format!("malformed JSON: {inner}");
            return AppError::BadRequest(FieldError::new(
                "body",
                "json-syntax",
                &message,
                &message,
            ));
        }
        let field = if path == "." { "body".to_owned() } else { path };
        let message = inner.to_string();
        AppError::invalid(FieldError::new(&field, "json-shape", &message, &message))
    })?;
    deserializer.end().map_err(|err| {
        let message = format!("malformed JSON: {err}");
        AppError::BadRequest(FieldError::new("body", "json-syntax", &message, &message))
    })?;
    Ok(value)
}

/// A query string parsed into `T`, naming the offending parameter.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(Self)
            .map_err(|err| {
                let field = err.path().to_string();
                let message = err.into_inner().to_string();
                AppError::BadRequest(FieldError::new(&field, "query", &message, &message))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Body {
        username: String,
        nested: Nested,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Nested {
        count: u32,
    }

    #[test]
    fn names_the_field_with_the_wrong_type() {
        let err = parse_json::<Body>(br#"{"username":"a","nested":{"count":"x"}}"#)
            .expect_err("wrong type");
        assert_eq!(err.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(err.fields()[0].field, "nested.count");
    }

    #[test]
    fn names_a_missing_field_and_reports_syntax() {
        let err = parse_json::<Body>(br#"{"nested":{"count":1}}"#).expect_err("missing");
        assert!(err.fields()[0].message.contains("username"));
        let err = parse_json::<Body>(br#"{"username": "#).expect_err("truncated");
        assert_eq!(err.status(), StatusCode::BAD_REQUEST);
        assert_eq!(err.fields()[0].rule, "json-syntax");
        let err = parse_json::<Body>(br#"{"username":"a","nested":{"count":1}} x"#)
            .expect_err("trailing");
        assert_eq!(err.status(), StatusCode::BAD_REQUEST);
    }
}
