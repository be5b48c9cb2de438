//! Complaints (pengaduan) and reports of extortion (pelaporan pungli) from the public
//! site. A complaint is routed by category and village to the office that must answer
//! within its days, or it goes one level up; its reporter follows it by tracking code,
//! reopens it once or rates the answer. A pungli report is anonymous, held by a secret
//! code, and goes to the inspectorate above the accused. See `README.md` in this folder.

pub mod api;
pub mod error;
pub mod escalation;
pub mod input;
pub mod limit;
pub mod model;
pub mod pages;
pub mod photo;
pub mod pungli;
mod refusal;
pub mod service;
pub mod store;
pub mod trends;

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .api(pungli::api::router())
        .pages(pages::routes())
        .pages(pungli::pages::routes())
        .api(trends::api::router())
        .pages(trends::pages::routes())
}

/// The limiter the server holds, or a refusal when the router was built without it.
pub fn limiter(state: &crate::http::AppState) -> Result<&limit::Limiter, crate::http::AppError> {
    state
        .part::<std::sync::Arc<limit::Limiter>>()
        .map(|l| l.as_ref())
        .ok_or_else(|| crate::http::AppError::Internal(anyhow::anyhow!("no complaint limiter")))
}
