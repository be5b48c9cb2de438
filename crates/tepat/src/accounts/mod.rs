//! Accounts and access: official accounts with region-scoped roles, password login with
//! sessions and throttling, and API tokens that act as an account for machine clients.

mod acting;
pub mod api;
pub mod error;
mod model;
pub mod pages;
pub mod password;
mod problem;
pub mod service;
pub mod session;
pub mod store;
pub mod throttle;
pub mod tokens;

pub use acting::Acting;
pub use error::{AccountsError, FieldProblem};
pub use model::{AccountStatus, Username};

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .pages(pages::routes())
}
