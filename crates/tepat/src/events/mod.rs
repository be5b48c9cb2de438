//! The event trail: every state change writes one event row in the same transaction as the
//! change itself. The event is the single description of a change — who, what, which
//! subject, which region, when, and the changed fields — and the source the transparency
//! log is built from.

pub mod api;
mod model;
pub mod pages;
pub mod store;
pub mod trail;

pub use model::{Action, Actor, ActorKind, Changes, Event, EventId, NewEvent};

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .pages(pages::routes())
}
