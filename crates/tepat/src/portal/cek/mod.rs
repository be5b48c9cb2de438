//! Cek Bansos: anyone checks, without logging in, whether a person receives aid — by
//! village and name, or by NIK and birth date — and sees a masked name, the village, the
//! programmes with their status and period, the desil and the day the data last changed;
//! never a whole NIK or KK. Answers come from an index kept in memory (`index.rs`,
//! refreshed by `keeper.rs`), counted by `limits.rs`; SMS status checks by `sms.rs`. See
//! `../README.md`.

pub mod api;
pub mod index;
pub mod keeper;
pub mod limits;
pub mod lookup;
pub mod name;
pub mod pages;
mod reply;
pub mod sms;
mod store;

use std::sync::Arc;

/// The server's Cek Bansos state: its index and its counts.
#[derive(Debug, Clone)]
pub struct Cek {
    pub keeper: keeper::Keeper,
    pub limits: Arc<limits::Limits>,
}

impl Cek {
    pub fn new(args: &crate::config::CekArgs) -> Self {
        Self {
            keeper: keeper::Keeper::default(),
            limits: Arc::new(limits::Limits::new(args.rate_per_minute, args.nik_per_day)),
        }
    }

    /// The server's state, or a fresh one when the router was built without it.
    pub fn of(state: &crate::http::AppState) -> Self {
        state
            .part::<Self>()
            .cloned()
            .unwrap_or_else(|| Self::new(&state.config.cek))
    }
}

/// The key a client is counted under; one shared key when the server saw no address.
pub fn asker(client: &crate::http::client::ClientAddress) -> String {
    client.key().unwrap_or_else(|| "unknown".to_owned())
}
