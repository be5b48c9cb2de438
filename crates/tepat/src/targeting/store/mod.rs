//! SQL for targeting: published models (`models`), scoring runs and their score rows
//! (`scores`), and the households a run reads (`households`).

pub mod drafts;
pub mod households;
pub mod jobs;
pub mod models;
pub mod scores;

pub use scores::{CurrentDecile, ScoreRow, current_deciles};
