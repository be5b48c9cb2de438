//! An import job as pages and the API show it: its id, its status and its progress.

use super::Summary;

/// An import job's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct JobId(pub i64);

impl std::fmt::Display for JobId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A job's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Queued,
    Running,
    /// Finished; refused rows, if any, are in the report.
    Done,
    /// Nothing was stored: the file was refused whole (unreadable, past a limit, columns
    /// missing; the reason is in `failure`), or `atomic` was asked for and a row was refused.
    Refused,
    /// The job was cut off, or the server could not finish it.
    Failed,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Done => "done",
            Self::Refused => "refused",
            Self::Failed => "failed",
        }
    }

    /// Reads the stored text; `None` for text this program does not write.
    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Queued,
            Self::Running,
            Self::Done,
            Self::Refused,
            Self::Failed,
        ]
        .into_iter()
        .find(|status| status.as_str() == text)
    }

    pub fn is_finished(self) -> bool {
        !matches!(self, Self::Queued | Self::Running)
    }

    /// The text key of the status, for pages.
    pub fn key(self) -> &'static str {
        match self {
            Self::Queued => "import.status.queued",
            Self::Running => "import.status.running",
            Self::Done => "import.status.done",
            Self::Refused => "import.status.refused",
            Self::Failed => "import.status.failed",
        }
    }
}

/// One import job as pages and the API show it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Job {
    #[schema(value_type = i64)]
    pub id: JobId,
    pub file_name: String,
    pub file_bytes: i64,
    pub status: JobStatus,
    /// Progress in percent (0–100).
    pub percent: u8,
    #[schema(value_type = Option<Object>)]
    pub summary: Option<Summary>,
    /// Lines in the report (refused rows and warnings).
    pub report_lines: i64,
    /// Why the job failed or its file was refused, in the language of the person who
    /// started it.
    pub failure: Option<String>,
    pub created_at: String,
    pub finished_at: Option<String>,
}

impl Job {
    /// The text key of the status, for pages.
    pub fn status_key(&self) -> &'static str {
        self.status.key()
    }
}

/// Progress in percent: 100 once finished, otherwise `done` of `total`.
pub fn percent(status: JobStatus, done: i64, total: i64) -> u8 {
    if status.is_finished() {
        100
    } else if total > 0 {
        u8::try_from((done.clamp(0, total) * 100) / total).unwrap_or(100)
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_back_what_they_write_and_nothing_else() {
        for status in [JobStatus::Queued, JobStatus::Done, JobStatus::Failed] {
            assert_eq!(JobStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(JobStatus::parse("finished"), None);
        assert_eq!(percent(JobStatus::Running, 5, 10), 50);
        assert_eq!(percent(JobStatus::Running, 50, 10), 100);
        assert_eq!(percent(JobStatus::Queued, 0, 0), 0);
        assert_eq!(percent(JobStatus::Failed, 0, 0), 100);
    }
}
