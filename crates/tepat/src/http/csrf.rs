//! CSRF protection for every form: a random token in an HttpOnly cookie that each form
//! repeats in a hidden field (double submit); together with SameSite cookies this stops
//! cross-site posts. `CsrfForm<T>` checks it before the handler runs.

use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::{header, request::Parts};
use axum::middleware::Next;
use axum::response::Response;
use serde::de::DeserializeOwned;

use super::AppError;
use super::cookies::{self, Lifetime};
use crate::http::AppState;

/// The name of the hidden form field.
pub const FIELD: &str = "csrf_token";
/// The largest form body accepted; forms here are small, uploads have their own limit.
pub const FORM_BODY_BYTES_MAX: usize = 64 * 1024;

/// The request's CSRF token, for rendering into forms.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// Ensures every visitor has a CSRF cookie and exposes it to handlers.
pub async fn ensure_cookie(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let existing = cookies::get(req.headers(), cookies::CSRF)
        .filter(|t| {
            t.len() == 43
                && t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_owned);
    let fresh = existing.is_none();
    let token = existing.unwrap_or_else(crate::http::token::random_token);
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(req).await;
    if fresh {
        let cookie = cookies::set(
            cookies::CSRF,
            &token,
            Lifetime::Session,
            state.config.cookie_secure,
        );
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

impl<S: Send + Sync> FromRequestParts<S> for CsrfToken {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Self>()
            .cloned()
            .ok_or(AppError::Csrf)
    }
}

/// A URL-encoded form whose CSRF field matched the cookie.
pub struct CsrfForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request<Body>, _: &S) -> Result<Self, Self::Rejection> {
        let cookie = cookies::get(req.headers(), cookies::CSRF).map(str::to_owned);
        let is_form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(AppError::UnsupportedMediaType(
                "application/x-www-form-urlencoded",
            ));
        }
        let bytes = axum::body::to_bytes(req.into_body(), FORM_BODY_BYTES_MAX)
            .await
            .map_err(|_| AppError::PayloadTooLarge(FORM_BODY_BYTES_MAX))?;
        let submitted = form_urlencoded::parse(&bytes)
            .find(|(key, _)| key == FIELD)
            .map(|(_, value)| value.into_owned());
        match (cookie, submitted) {
            (Some(c), Some(s)) if constant_time_eq(c.as_bytes(), s.as_bytes()) => {}
            _ => return Err(AppError::Csrf),
        }
        let value = serde_urlencoded::from_bytes(&bytes).map_err(|err| {
            AppError::BadRequest(super::FieldError::new(
                "form",
                "format",
                &err.to_string(),
                &format!("isian formulir tidak dapat dibaca: {err}"),
            ))
        })?;
        Ok(Self(value))
    }
}

/// Compares secrets without an early exit, so timing does not reveal a prefix.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn compares_exactly() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
