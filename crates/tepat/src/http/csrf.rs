//! CSRF protection for every form: a signed token bound to the session. Each form repeats
//! in a hidden field HMAC(server secret, the session cookie) — or, before login, HMAC of a
//! random pre-session cookie. A cookie planted by another site (or a sibling domain) cannot
//! produce a valid token without the server secret, and a signed-in visitor's tokens change
//! with the session, that is at every login. `CsrfForm<T>` checks the token before the
//! handler runs; uploads check the same token before they store a byte.

use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::{HeaderMap, header, request::Parts};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use serde::de::DeserializeOwned;
use sha2::Sha256;

use super::AppError;
use super::cookies::{self, Lifetime};
use crate::db::{Db, ResultExt, StoreError, timestamp};
use crate::http::AppState;

/// The name of the hidden form field.
pub const FIELD: &str = "csrf_token";
/// The largest form body accepted; forms here are small, uploads have their own limit.
pub const FORM_BODY_BYTES_MAX: usize = 64 * 1024;
/// The server secret's name in `server_secrets`.
const SECRET_NAME: &str = "csrf";

/// The server's CSRF signing key, kept in the database so that every server process and
/// every restart signs alike.
#[derive(Clone)]
pub struct CsrfKey([u8; 32]);

impl std::fmt::Debug for CsrfKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsrfKey(***)")
    }
}

impl CsrfKey {
    /// Reads the key, making it on first use (two processes racing keep the first one).
    pub async fn load_or_create(db: &Db, now: time::OffsetDateTime) -> Result<Self, StoreError> {
        let fresh: [u8; 32] = rand::random();
        sqlx::query(
            "INSERT INTO server_secrets (name, secret, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(SECRET_NAME)
        .bind(hex::encode(fresh))
        .bind(timestamp::to_db(now))
        .execute(&db.pool)
        .await
        .store()?;
        let stored: String =
            sqlx::query_scalar("SELECT secret FROM server_secrets WHERE name = $1")
                .bind(SECRET_NAME)
                .fetch_one(&db.pool)
                .await
                .store()?;
        let bytes = hex::decode(stored.trim())
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| {
                StoreError::Other(sqlx::Error::Protocol(
                    "server_secrets.csrf is not 32 hex bytes".into(),
                ))
            })?;
        Ok(Self(bytes))
    }

    /// The token for a binding: the session cookie, or the pre-session cookie.
    fn sign(&self, binding: &Binding) -> String {
        // HMAC takes keys of any length, so this cannot fail.
        let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0) else {
            return String::new();
        };
        let (kind, value) = match binding {
            Binding::Session(v) => (b"session\0".as_slice(), v.as_str()),
            Binding::Visitor(v) => (b"visitor\0".as_slice(), v.as_str()),
        };
        mac.update(b"tepat/csrf/v1\0");
        mac.update(kind);
        mac.update(value.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }
}

/// What a token is bound to.
enum Binding {
    /// The session cookie of a signed-in visitor (or a stale one: it is still what the
    /// browser sends with the form).
    Session(String),
    /// The random pre-session cookie of a visitor who has not signed in.
    Visitor(String),
}

fn binding(headers: &HeaderMap) -> Option<Binding> {
    if let Some(session) = cookies::get(headers, cookies::SESSION).filter(|s| !s.is_empty()) {
        return Some(Binding::Session(session.to_owned()));
    }
    visitor_cookie(headers).map(|v| Binding::Visitor(v.to_owned()))
}

fn visitor_cookie(headers: &HeaderMap) -> Option<&str> {
    cookies::get(headers, cookies::CSRF).filter(|t| {
        t.len() == 43
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// The token the request's forms must carry, for rendering into them and checking.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

impl CsrfToken {
    /// Checks a submitted token against this request's, without an early exit.
    pub fn check(&self, submitted: Option<&str>) -> Result<(), AppError> {
        match submitted {
            Some(s) if !self.0.is_empty() && constant_time_eq(self.0.as_bytes(), s.as_bytes()) => {
                Ok(())
            }
            _ => Err(AppError::Csrf),
        }
    }
}

/// A `Set-Cookie` header with a new pre-session cookie: sent at login and logout, so that
/// a pre-session value seen by anyone before is worth nothing after.
pub fn rotated_cookie(secure: bool) -> axum::http::HeaderValue {
    cookies::set(
        cookies::CSRF,
        &crate::http::token::random_token(),
        Lifetime::Session,
        secure,
    )
}

/// Gives every visitor a pre-session cookie and puts the request's token in its extensions.
pub async fn ensure_cookie(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let key = match state.csrf_key().await {
        Ok(key) => key,
        Err(err) => {
            tracing::error!(error = %err, "the CSRF key could not be read");
            return axum::response::IntoResponse::into_response(AppError::Unavailable);
        }
    };
    let mut fresh = None;
    let binding = binding(req.headers()).unwrap_or_else(|| {
        let visitor = crate::http::token::random_token();
        fresh = Some(visitor.clone());
        Binding::Visitor(visitor)
    });
    req.extensions_mut().insert(CsrfToken(key.sign(&binding)));
    let mut response = next.run(req).await;
    if let Some(visitor) = fresh {
        let cookie = cookies::set(
            cookies::CSRF,
            &visitor,
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

/// A URL-encoded form whose CSRF field carried the request's token.
pub struct CsrfForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request<Body>, _: &S) -> Result<Self, Self::Rejection> {
        let expected = req
            .extensions()
            .get::<CsrfToken>()
            .cloned()
            .ok_or(AppError::Csrf)?;
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
        expected.check(submitted.as_deref())?;
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
    use super::*;

    #[test]
    fn compares_exactly() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }

    #[test]
    fn tokens_depend_on_the_key_and_the_binding() {
        let key = CsrfKey([7; 32]);
        let other = CsrfKey([8; 32]);
        let visitor = Binding::Visitor("v".repeat(43));
        let session = Binding::Session("v".repeat(43));
        assert_eq!(
            key.sign(&visitor),
            key.sign(&Binding::Visitor("v".repeat(43)))
        );
        assert_ne!(key.sign(&visitor), key.sign(&session));
        assert_ne!(key.sign(&visitor), other.sign(&visitor));
        let token = CsrfToken(key.sign(&session));
        assert!(token.check(Some(&key.sign(&session))).is_ok());
        assert!(token.check(Some(&key.sign(&visitor))).is_err());
        assert!(token.check(None).is_err());
        assert!(CsrfToken(String::new()).check(Some("")).is_err());
    }
}
