//! The transparency log, application side: every event becomes a log entry (public facts,
//! pseudonyms and commitments only), queued in the event's transaction and sequenced into
//! a tiled Merkle tree with signed checkpoints; served as c2sp.org/tlog-tiles; checked by
//! `tepat verify` (from outside) and `tepat audit` (against the database).

pub mod api;
pub mod check;
pub mod entry;
pub mod export;
pub mod keys;
pub mod proofs;
pub mod record;
pub mod sequencer;
pub mod serve;
pub mod store;
pub mod verifier;
pub mod witness;

pub use entry::{EventFacts, LogEntry, LogSecret};
pub use keys::Log;
pub use record::WrittenRecord;
pub use sequencer::Sequencer;

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .pages(serve::routes())
}
