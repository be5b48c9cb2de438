//! Enrolment: who receives a programme. A programme's published rule applied to a region
//! gives a batch, the eligible ordered poorest first and cut at the quota, approved or
//! rejected by a named official other than the one who prepared it; officials may put
//! forward a household the rule or the quota left out, with a reason. Held households
//! (a member in an undecided duplicate pair, a deceased head, no living member) are never
//! enrolled. See `README.md` in this folder.

pub mod api;
pub mod error;
pub mod model;
pub mod pages;
mod refusal;
pub mod select;
pub mod service;
pub mod store;

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .pages(pages::routes())
}
