//! The ledger (buku besar): strict double-entry bookkeeping of every rupiah, after
//! TigerBeetle. Accounts keep pending and posted balances under floors and ceilings;
//! transfers are immutable, unique by id (a repeat is a no-op), posted at once or reserved
//! and then posted or voided once; linked transfers succeed or fail together; each batch is
//! committed to by one event's log entry through the Merkle root of its transfers. See
//! `README.md` in this folder.

pub mod api;
pub mod apply;
pub mod check;
pub mod merkle;
pub mod model;
pub mod pages;
pub mod proof;
pub mod store;
pub mod trace;

pub use model::{
    Account, AccountKind, Limit, NewAccount, NewTransfer, Outcome, Phase, Refusal, Transfer,
};

/// This feature's JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .pages(pages::routes())
}
