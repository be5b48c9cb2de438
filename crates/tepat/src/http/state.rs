//! `AppState`: what every handler can reach. The plumbing knows no feature, so a feature's
//! own long-lived state (the transparency log's keys, for one) travels as a typed part.

use std::sync::Arc;

use axum::http::Extensions;
use utoipa::openapi::OpenApi;

use crate::clock::Clock;
use crate::config::ServerArgs;
use crate::db::{Db, StoreError};
use crate::http::csrf::CsrfKey;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<ServerArgs>,
    pub clock: Arc<dyn Clock>,
    pub openapi: Arc<OpenApi>,
    /// Features' own state, one value per type, set once when the router is built.
    parts: Arc<Extensions>,
    /// The CSRF signing key, read from the database on first use.
    csrf: Arc<tokio::sync::OnceCell<CsrfKey>>,
}

impl AppState {
    pub fn new(
        db: Db,
        config: Arc<ServerArgs>,
        clock: Arc<dyn Clock>,
        openapi: Arc<OpenApi>,
        parts: Extensions,
    ) -> Self {
        Self {
            db,
            config,
            clock,
            openapi,
            parts: Arc::new(parts),
            csrf: Arc::new(tokio::sync::OnceCell::new()),
        }
    }

    /// The CSRF signing key (made and stored on first use).
    pub async fn csrf_key(&self) -> Result<&CsrfKey, StoreError> {
        self.csrf
            .get_or_try_init(|| CsrfKey::load_or_create(&self.db, self.clock.now()))
            .await
    }

    /// The feature state of type `T`, if the router was built with it.
    pub fn part<T: Send + Sync + 'static>(&self) -> Option<&T> {
        self.parts.get::<T>()
    }
}
