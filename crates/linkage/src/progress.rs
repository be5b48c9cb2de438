//! Progress reporting: the stages of a run and how far each has come.

use std::fmt;

/// A stage of a deduplication run, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    Reading,
    Blocking,
    Comparing,
    Estimating,
    Scoring,
    Clustering,
    Writing,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Reading => "reading",
            Stage::Blocking => "blocking",
            Stage::Comparing => "comparing",
            Stage::Estimating => "estimating",
            Stage::Scoring => "scoring",
            Stage::Clustering => "clustering",
            Stage::Writing => "writing",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One progress report. `done` counts the stage's own unit (rows, pairs, records);
/// `total` is known for every stage but reading, whose row count is unknown until the
/// end of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: u64,
    pub total: Option<u64>,
}

/// The callback a caller passes to follow a run, for example to draw a progress bar.
/// It is called from worker threads, hence `Sync`; it should return quickly.
pub type ProgressFn<'a> = &'a (dyn Fn(Progress) + Sync);

/// A callback that ignores every report.
pub fn no_progress(_: Progress) {}
