//! What can go wrong with notifications, in the feature's own words. It turns into the
//! HTTP error once, in `refusal.rs`.

use crate::auth::Denied;
use crate::db::StoreError;
use crate::web::form::FieldRule;

#[derive(Debug, thiserror::Error)]
pub enum NotificationError {
    #[error(transparent)]
    Denied(#[from] Denied),
    /// No such message, or one outside the caller's region (the two answer alike).
    #[error("no such notification")]
    NotFound,
    /// A region filter outside the caller's own region.
    #[error("region outside the caller's scope")]
    OutsideScope,
    #[error("invalid {}", .0.field)]
    BadFilter(FieldRule),
    /// The message is not in a state the action applies to (a retry of a sent message).
    #[error("{}: {}", .0.field, .0.message_en)]
    Conflict(FieldRule),
    #[error(transparent)]
    Store(#[from] StoreError),
}
