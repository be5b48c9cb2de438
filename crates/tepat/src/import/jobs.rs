//! Imports started from the web page or the API run as background jobs: the upload is
//! streamed to a temporary file, the job row records progress while the import runs, and
//! its summary and report stay downloadable afterwards. A job cut off by a restart is
//! marked failed at the next start; the batches it had committed stay (each batch is
//! whole), so running the same file again finishes the rest without doubling anything.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use time::OffsetDateTime;

use super::job::{Job, JobId, JobStatus};
use super::store::{self, Finished};
use super::{ImportError, ImportOptions, Summary, import_file};
use crate::auth::Principal;
use crate::clock::Clock;
use crate::db::{Db, StoreError};
use crate::registry::store::Acting;
use crate::sheets::Report;
use crate::web::i18n::{Lang, Localized};

/// The largest file accepted from the web or the API. A million-person CSV is about
/// 120 MB; bigger files go through `tepat import households` on the server.
pub const UPLOAD_BYTES_MAX: u64 = 150 * 1024 * 1024;
/// The same limit as people read it.
pub const UPLOAD_LIMIT_TEXT: &str = "150 MB";

/// How often a running job's progress is written for its page to read.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(500);

/// Why a job cannot be shown to a caller.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// No such job, or one of another region (the two answer alike).
    #[error("no such import job")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Records a queued job for `file_name` and returns its id.
pub async fn create(
    db: &Db,
    caller: &Principal,
    file_name: &str,
    file_bytes: u64,
    options: &ImportOptions,
    now: OffsetDateTime,
) -> Result<JobId, StoreError> {
    store::create(db, caller, file_name, file_bytes, options, now).await
}

/// Everything a background run needs.
pub struct Start {
    pub db: Db,
    pub job: JobId,
    /// The uploaded file; removed when the job ends.
    pub path: PathBuf,
    pub options: ImportOptions,
    pub acting: Acting,
    pub lang: Lang,
    pub clock: Arc<dyn Clock>,
}

/// Runs the import in the background and returns at once.
pub fn spawn(start: Start) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let (db, job, path) = (start.db.clone(), start.job, start.path.clone());
        let clock = start.clock.clone();
        if let Err(err) = run(start).await {
            tracing::error!(job = job.0, error = %err, "import job could not record its result");
            let failed = JobStatus::Failed;
            if let Err(err) = store::stop(&db, job, failed, "internal error", clock.now()).await {
                tracing::error!(job = job.0, error = %err, "import job could not be marked failed");
            }
        }
        remove(&path);
        remove(&report_path(&path));
    })
}

/// Removes a temporary file; one already gone is fine, any other failure is logged.
fn remove(path: &Path) {
    match std::fs::remove_file(path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
            tracing::warn!(error = %err, "a temporary import file could not be removed");
        }
        _ => {}
    }
}

fn report_path(path: &Path) -> PathBuf {
    path.with_extension("report.csv")
}

/// Progress shared between the import and the task that writes it down.
#[derive(Clone, Default)]
struct Progress {
    done: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
}

impl Progress {
    fn set(&self, done: u64, total: u64) {
        self.done.store(done, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    /// Writes the progress every interval until aborted. A failed write is logged and
    /// retried at the next tick: the bar only lags, the import goes on.
    fn record(&self, db: Db, job: JobId) -> tokio::task::JoinHandle<()> {
        let progress = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(PROGRESS_INTERVAL);
            loop {
                tick.tick().await;
                let done = progress.done.load(Ordering::Relaxed);
                let total = progress.total.load(Ordering::Relaxed);
                if let Err(err) = store::set_progress(&db, job, done, total).await {
                    tracing::warn!(job = job.0, error = %err, "import progress not recorded");
                }
            }
        })
    }
}

async fn run(start: Start) -> Result<(), StoreError> {
    store::set_running(&start.db, start.job).await?;
    let progress = Progress::default();
    let ticker = progress.record(start.db.clone(), start.job);
    let report_file = report_path(&start.path);
    let outcome = import_with_report(&start, &report_file, &progress).await;
    ticker.abort();
    let now = start.clock.now();
    match outcome {
        Ok(summary) => {
            start_duplicate_run(&start, &summary).await;
            let finished = finished(&summary, &report_file);
            match finished {
                Ok(finished) => store::finish(&start.db, start.job, finished, now).await,
                Err(err) => fail(&start, &err, now).await,
            }
        }
        Err(ImportError::Store(err)) => Err(err),
        Err(err) => fail(&start, &err, now).await,
    }
}

/// Ends a job whose import stopped: a file at fault is refused, anything else failed.
async fn fail(start: &Start, err: &ImportError, now: OffsetDateTime) -> Result<(), StoreError> {
    let status = if err.is_refusal() {
        JobStatus::Refused
    } else {
        JobStatus::Failed
    };
    let message = err.localized(start.lang);
    store::stop(&start.db, start.job, status, &message, now).await
}

/// Imports the file, writing the report next to it.
async fn import_with_report(
    start: &Start,
    report_file: &Path,
    progress: &Progress,
) -> Result<Summary, ImportError> {
    let file = std::fs::File::create(report_file)?;
    let mut report = Report::new(Some(Box::new(file)), start.lang)?;
    let now = start.clock.now();
    let options = start.options.clone();
    let on_progress = |done: u64, total: u64| progress.set(done, total);
    let (db, path, acting) = (&start.db, &start.path, &start.acting);
    import_file(db, path, options, acting, now, &mut report, &on_progress).await
}

/// Imported records skip the check at entry; a full duplicate run looks at them now.
async fn start_duplicate_run(start: &Start, summary: &Summary) {
    if !summary.committed || summary.created + summary.changed == 0 {
        return;
    }
    let trigger = crate::duplicates::runner::Trigger::Import;
    let actor = &start.acting.actor;
    let started = crate::duplicates::runner::start_in_background(
        &start.db,
        trigger,
        actor,
        start.clock.clone(),
    )
    .await;
    if let Err(err) = started {
        tracing::error!(error = %err, "starting a duplicate run after an import failed");
    }
}

/// A finished import's record: its status and the whole report read back.
fn finished<'a>(summary: &'a Summary, report_file: &Path) -> Result<Finished<'a>, ImportError> {
    let report = std::fs::read_to_string(report_file)?;
    let report_lines = report.lines().count().saturating_sub(1) as u64;
    let status = if summary.committed {
        JobStatus::Done
    } else {
        JobStatus::Refused
    };
    Ok(Finished {
        status,
        summary,
        report,
        report_lines,
    })
}

/// Marks jobs that were running when the server stopped as failed. Their committed
/// batches stay; importing the file again completes it.
pub async fn abandon_unfinished(db: &Db, now: OffsetDateTime) -> Result<u64, StoreError> {
    store::abandon_unfinished(db, now).await
}

/// One job with its report (`row,column,rule,message`; `None` until it finishes). A job
/// is seen by whoever started it and by officials whose region covers the job's region.
pub async fn find(
    db: &Db,
    caller: &Principal,
    id: JobId,
) -> Result<(Job, Option<String>), JobError> {
    let stored = store::find(db, id).await?.ok_or(JobError::NotFound)?;
    let own = stored.actor_kind == caller.actor.kind.as_str()
        && stored.actor_id.is_some()
        && stored.actor_id == caller.actor.id;
    let covered = match (&caller.region, &stored.scope) {
        (None, _) => true,
        (Some(region), Some(scope)) => {
            scope == region.as_str() || scope.starts_with(&format!("{}.", region.as_str()))
        }
        (Some(_), None) => false,
    };
    if !own && !covered {
        return Err(JobError::NotFound);
    }
    Ok((stored.job, stored.report))
}

/// The latest jobs `caller` may see, newest first.
pub async fn recent(db: &Db, caller: &Principal, limit: i64) -> Result<Vec<Job>, StoreError> {
    store::recent(db, caller, limit).await
}

impl Localized for ImportError {
    fn localized(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            Self::MissingColumns(columns) => {
                format!("kolom wajib tidak ada: {}", columns.join(", "))
            }
            Self::Source(err) => err.localized(lang),
            Self::Store(_) => "kesalahan penyimpanan".to_owned(),
            Self::Report(err) => format!("laporan tidak dapat ditulis: {err}"),
            Self::Interrupted(_) => "penyimpanan terhenti tiba-tiba".to_owned(),
        }
    }
}
