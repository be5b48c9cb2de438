//! Static assets embedded in the binary: no CDN, nothing fetched at run time.

use axum::http::header;
use axum::response::IntoResponse;

use crate::http::routes::RouteBook;

const STYLESHEET: &str = include_str!("../../assets/tepat.css");
const ICON: &str = include_str!("../../assets/icon.svg");

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/assets/tepat.css", stylesheet)
        .get("/favicon.svg", icon)
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        STYLESHEET,
    )
}

async fn icon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        ICON,
    )
}
