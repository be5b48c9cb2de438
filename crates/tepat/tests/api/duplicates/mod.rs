//! Duplicates: a full run finds a person registered twice and leaves families alone, its
//! progress reaches the end, the check at entry opens a pair, "different" is remembered
//! across runs, "same" merges keeping every version, holds come and go, the region scope,
//! and bad input.

mod client;
mod decisions;
mod entry;
pub(crate) mod fixtures;
mod runs;

pub use client::{finished_run, wait_for_runs};
pub use fixtures::open_pair;
