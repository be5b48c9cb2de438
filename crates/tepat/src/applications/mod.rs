//! Online self-registration (*pendaftaran mandiri*): a family applies without visiting an
//! office — household, members, address, contact, a short statement of need and optional
//! photos of documents — and gets a tracking number. The application waits in its
//! village's queue; an operator or facilitator records the field visit and the survey, then
//! accepts it into the registry (a new household whose versions name the application and
//! the verifier) or rejects it with a reason the family reads on the status page. See
//! `README.md` in this folder.

pub mod api;
pub mod attachments;
pub mod error;
pub mod form;
pub mod model;
pub mod pages;
pub mod queue_pages;
pub mod review;
pub mod rules;
pub mod service;
pub mod status_pages;
pub mod store;
pub mod tracking;

use crate::events::Action;

pub use error::ApplicationError;
pub use model::{ApplicationId, Status, VisitResult};

pub const SUBMITTED: Action = Action("application.submitted");
pub const VERIFIED: Action = Action("application.verified");
pub const ACCEPTED: Action = Action("application.accepted");
pub const REJECTED: Action = Action("application.rejected");

/// The role recorded on events caused by a family applying without an account.
pub const APPLICANT_ROLE: &str = "applicant";

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .pages(pages::routes())
        .pages(status_pages::routes())
        .pages(queue_pages::routes())
}
