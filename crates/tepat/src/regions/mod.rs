//! Regions (wilayah): the four-level Kemendagri tree every scope, record and statistic
//! hangs from.

pub mod api;
pub mod load;
pub mod pages;
pub mod store;

pub use store::Region;
