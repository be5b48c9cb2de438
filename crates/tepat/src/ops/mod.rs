//! Operations: health and readiness probes, Prometheus metrics, request tracing, and the
//! OpenAPI document with its human-readable reference page.

pub mod contract;
pub mod metrics;
pub mod openapi;
pub mod tracing;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

use crate::http::AppState;
use crate::http::routes::RouteBook;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/healthz", healthz)
        .get("/readyz", readyz)
        .get("/metrics", metrics::render)
        .get("/api/openapi.json", openapi::document)
        .get("/api/docs", openapi::reference_page)
}

/// The process is up.
async fn healthz() -> impl IntoResponse {
    (
        StatusCode::OK,
        [(header::CACHE_CONTROL, "no-store")],
        "ok\n",
    )
}

/// The database answers.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    if state.db.ping().await {
        (
            StatusCode::OK,
            [(header::CACHE_CONTROL, "no-store")],
            "ready\n",
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CACHE_CONTROL, "no-store")],
            "database unreachable\n",
        )
    }
}
