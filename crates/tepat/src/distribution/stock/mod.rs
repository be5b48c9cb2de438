//! Goods bought for hand-outs: suppliers registered and paid from a cycle's envelope, the
//! goods each household gets, delivery notes received into the hand-out's stock, the
//! stock taken out at each check-in, and what is left counted at closing with any
//! shortfall flagged for the district officer. Units in `distribution_stock_moves`, their
//! value in the ledger. See `README.md` in the folder above.

pub mod api;
pub mod file;
pub mod model;
pub mod moves;
pub mod pages;
pub mod receive;
pub mod service;
pub mod site;
pub mod store;
