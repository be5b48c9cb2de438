//! Budgets (anggaran): budget lines per programme, year and source of funds (APBN, APBD,
//! Dana Desa), each a ledger account funded from its treasury, and their allocations to
//! regions — submitted by one official and approved by another, the money moved by a
//! ledger transfer in the approval's transaction. See `README.md` in this folder.

pub mod api;
pub mod error;
pub mod model;
pub mod pages;
mod refusal;
pub mod revisions;
pub mod service;
pub mod store;
pub mod watch;

pub use model::{BudgetAllocation, BudgetLine};

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .api(revisions::api::router())
        .pages(pages::routes())
        .pages(revisions::pages::routes())
        .pages(watch::routes())
}
