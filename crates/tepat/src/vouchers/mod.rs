//! E-vouchers: programmes spent at merchants (Sembako, KJP Plus) turn each approved
//! entitlement into a voucher — a ledger balance with a signed QR payload and a short
//! typed code — that registered merchants redeem against a basket of allowed goods.

pub mod api;
pub mod code;
pub mod error;
pub mod group;
pub mod issue;
pub mod keys;
pub mod model;
pub mod offline;
pub mod pages;
pub mod payload;
pub mod pdf;
pub mod redeem;
pub mod revoke;
pub mod shops;
pub mod store;

pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .api(offline::api::router())
        .api(offline::limits_api::router())
        .pages(pages::routes())
        .pages(offline::pages::routes())
        .pages(offline::limits_pages::routes())
}
