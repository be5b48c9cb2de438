//! Regions (wilayah): the four-level Kemendagri tree every scope, record and statistic
//! hangs from.

pub mod api;
mod code;
pub mod load;
pub mod pages;
pub mod store;

pub use code::{Level, RegionCode, RegionCodeError, ScopeParams};
pub use store::Region;
