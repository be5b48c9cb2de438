//! HTTP plumbing shared by every feature: the error type and its two renderings, request
//! extractors (JSON, forms with CSRF, pagination), cookies and the page route book.

pub mod client;
pub mod cookies;
pub mod csrf;
mod error;
pub mod headers;
pub mod idempotency;
pub mod json;
pub mod pagination;
pub mod problem;
mod render;
pub mod request_id;
pub mod routes;
pub mod search;
mod state;
pub mod token;
pub mod upload;

pub use error::{AppError, FieldError};
pub use problem::Problem;
pub use render::render_failures;
pub use request_id::RequestId;
pub use state::AppState;
