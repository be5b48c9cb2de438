//! Merchants (e-warong, agents) where vouchers are spent: registered by a district officer
//! with the programmes and goods categories each may serve, suspended with a reason, and
//! paid into their own ledger account. A merchant's sign-in account sees only its shop.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod settlement;
pub mod store;

pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .api(settlement::api::router())
        .pages(pages::routes())
        .pages(settlement::api::pages())
}
