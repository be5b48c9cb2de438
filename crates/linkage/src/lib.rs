//! Record linkage for Indonesian population registries: find the same person written
//! twice, across spellings, typos and moves, and explain every match.
//!
//! The pipeline is [`normalise`] → [`block`] → [`compare`] → [`em`] → [`score`] →
//! [`cluster`], with [`explain`] for any scored pair. [`dedup_files`] runs it file to
//! file for `tepat dedup`; [`link_store`] runs it on records already in memory.

#![forbid(unsafe_code)]

pub mod address;
pub mod block;
pub mod cluster;
pub mod compare;
pub mod csv_io;
pub mod date;
pub mod dedup;
pub mod distance;
pub mod em;
pub mod error;
pub mod explain;
pub mod field;
pub mod files;
pub mod fold;
pub mod nik;
pub mod normalise;
pub mod phonetic;
pub mod progress;
pub mod quality;
pub mod record;
pub mod sample;
pub mod score;
pub mod vocabulary;

pub use dedup::{DedupOptions, DedupReport, Linkage, ScoredPair, ThresholdSource, link_store};
pub use error::{LinkageError, RowIssue};
pub use files::dedup_files;
pub use progress::{Progress, ProgressFn, Stage, no_progress};
