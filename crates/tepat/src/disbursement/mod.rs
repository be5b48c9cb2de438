//! Disbursement (penyaluran): programme cycles and their entitlements. A cycle pays one
//! programme in the region of an approved budget allocation; computing it applies the
//! programme's benefit rule to every active enrolment there and lists who is skipped and
//! why; another official approves it, which funds its envelope from the allocation in the
//! ledger. See `README.md` in this folder.

pub mod api;
pub mod bank;
pub mod benefit;
pub mod close;
pub mod compute;
pub mod error;
pub mod model;
pub mod pages;
pub mod payroll;
pub mod recipient;
mod refusal;
pub mod service;
pub mod store;
pub mod wallet;

pub use model::{Cycle, Entitlement};

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(
            api::router()
                .merge(bank::api::router())
                .merge(wallet::api::router()),
        )
        .pages(pages::routes().merge(bank::pages::routes()))
}
