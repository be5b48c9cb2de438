//! Proposals (usulan): a village operator or facilitator proposes to add a household to a
//! programme or to remove it, with a reason; the proposal climbs the programme's
//! verification chain (village → district → province → ministry, per programme), each step
//! approved or returned by a named official; at the end the enrolment starts or ends. A
//! link between an official and the household (conflict of interest) is found, flagged
//! for ever, and keeps that official from deciding it. See `README.md` in this folder.

pub mod api;
pub mod bulk;
mod bulk_api;
pub mod citizen;
pub mod conflict;
pub mod error;
pub mod evidence;
mod evidence_routes;
pub mod model;
pub mod pages;
mod refusal;
pub mod service;
pub mod store;

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .api(bulk_api::router())
        .pages(pages::routes())
        .api(citizen::api::router())
        .pages(citizen::pages::routes())
        .api(evidence_routes::api())
        .pages(evidence_routes::pages())
}
