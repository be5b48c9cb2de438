//! Who is asking: the authentication middleware leaves an `Auth` in the request; these
//! extractors read it.

use axum::extract::FromRequestParts;
use axum::http::{Method, request::Parts};

use super::principal::Principal;
use crate::http::AppError;

/// What the request authenticated as.
#[derive(Debug, Clone)]
pub enum Auth {
    Anonymous,
    Session(Principal),
    Token(Principal),
    /// A session cookie whose session has ended.
    Expired,
    /// A bearer token that is unknown or revoked.
    BadToken,
}

/// A signed-in official, for pages. Anonymous visitors are sent to the login page.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Auth>() {
            Some(Auth::Session(principal)) => Ok(Self(principal.clone())),
            Some(Auth::Expired) => Err(AppError::SessionExpired),
            _ => Err(AppError::Unauthenticated),
        }
    }
}

/// The principal calling the API: a bearer token, or a session for reading only (a
/// session cookie alone never changes state through the API, so no CSRF exposure).
#[derive(Debug, Clone)]
pub struct ApiCaller(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for ApiCaller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let safe = matches!(parts.method, Method::GET | Method::HEAD);
        match parts.extensions.get::<Auth>() {
            Some(Auth::Token(principal)) => Ok(Self(principal.clone())),
            Some(Auth::Session(principal)) if safe => Ok(Self(principal.clone())),
            Some(Auth::Expired) => Err(AppError::SessionExpired),
            _ => Err(AppError::Unauthenticated),
        }
    }
}

/// The principal if any, for pages that anyone may see.
#[derive(Debug, Clone)]
pub struct MaybeSignedIn(pub Option<Principal>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeSignedIn {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(match parts.extensions.get::<Auth>() {
            Some(Auth::Session(principal)) => Some(principal.clone()),
            _ => None,
        }))
    }
}
