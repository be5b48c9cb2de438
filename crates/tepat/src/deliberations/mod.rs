//! Village deliberations (musyawarah desa/kelurahan): announced in advance, then recorded —
//! attendance with the required roles and a decision on every agenda item — and finalised:
//! immutable, its decisions applied to the proposals, its minutes public with a QR code of
//! its entry in the transparency log. See `README.md` in this folder.

pub mod api;
pub mod calendar;
mod calendar_api;
pub mod error;
pub mod model;
pub mod pages;
mod refusal;
pub mod scan;
mod scan_api;
pub mod service;
pub mod store;

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .api(calendar_api::router())
        .api(scan_api::router())
        .pages(pages::routes())
}
