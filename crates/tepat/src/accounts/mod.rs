//! Accounts and access: official accounts with region-scoped roles, password login with
//! sessions and throttling, API tokens for machine clients, and the permission table.

pub mod api;
mod model;
pub mod pages;
pub mod password;
pub mod service;
pub mod session;
pub mod store;
pub mod throttle;
pub mod tokens;

pub use model::{AccountStatus, Username};

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .pages(pages::routes())
}
