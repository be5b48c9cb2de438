//! Spending vouchers without a connection. A shop's phone keeps the verifier key, the
//! revoked vouchers and its offline limits; it checks a voucher's signature by itself,
//! records the purchase signed with the phone's own key and queues it. When the queue is
//! synced (`POST /api/v1/redemptions/sync`) each purchase is checked again and spent from
//! the ledger in the order it was made: the first spend wins, and a later one the voucher
//! can no longer pay is refused and kept, with its signature, as the proof of a double
//! spend for a district officer to decide.

pub mod answers;
pub mod api;
pub mod bundle;
pub mod devices;
pub mod flags;
pub mod limits;
pub mod limits_api;
pub mod limits_pages;
pub mod model;
pub mod pages;
pub mod record;
pub mod setting;
pub mod store;
pub mod sync;
