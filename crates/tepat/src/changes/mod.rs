//! Monthly village updates (*usulan perubahan*, as in SIKS-NG): a village operator proposes
//! a change to a household — correct its data or a member's, add a member, record a death
//! or a move, split or merge the family, change its KK number, close it — with a reason and
//! evidence. A district officer approves it (the change is written then, as new versions)
//! or returns it with a note. The proposer stays on the record: every version the change
//! writes names the request and its proposer, and the request keeps both names forever.
//! See `README.md` in this folder.

pub mod api;
pub mod apply;
pub mod error;
pub mod evidence;
pub mod model;
pub mod pages;
pub mod plan;
pub mod rules;
pub mod service;
pub mod store;

use crate::events::Action;

pub use error::{ChangeError, Finding};
pub use model::{ChangeKind, ChangeRequest, ChangeRequestId, ChangeStatus, Decision, Proposal};

pub const PROPOSED: Action = Action("change_request.proposed");
pub const APPROVED: Action = Action("change_request.approved");
pub const RETURNED: Action = Action("change_request.returned");
pub const RESENT: Action = Action("change_request.resent");

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .pages(pages::routes())
}
