//! Objections (sanggah): a resident objects to a recipient from the public site, with a
//! reason, a description and a photo of the house with its coordinates; their identity is
//! checked against the registry and shown only to the officer who verifies. The district
//! verifies within 14 days or the objection goes to the province; a founded objection
//! becomes a removal proposal. See `README.md` in this folder.

pub mod api;
pub mod error;
pub mod escalation;
pub mod model;
pub mod pages;
mod refusal;
pub mod service;
pub mod store;

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .pages(pages::routes())
}
