//! Regions (wilayah): the four-level Kemendagri tree every scope, record and statistic
//! hangs from.

pub mod api;
pub mod load;
pub mod pages;
pub mod picker;
pub mod store;

pub use store::Region;

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .pages(pages::routes())
}
