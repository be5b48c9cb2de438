//! Imports started from the web page or the API run as background jobs: the upload is
//! streamed to a temporary file, the job row records progress while the import runs, and
//! its summary and report stay downloadable afterwards. A job cut off by a restart is
//! marked failed at the next start; the batches it had committed stay (each batch is
//! whole), so running the same file again finishes the rest without doubling anything.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::Row;
use time::OffsetDateTime;

use super::{ImportError, ImportOptions, Summary, import_file};
use crate::auth::Principal;
use crate::clock::Clock;
use crate::db::{Db, ResultExt, StoreError, timestamp};
use crate::http::AppError;
use crate::region_code::ScopeParams;
use crate::registry::store::Acting;
use crate::sheets::Report;
use crate::web::i18n::{Lang, Localized};

/// The largest file accepted from the web or the API. A million-person CSV is about
/// 120 MB; bigger files go through `tepat import households` on the server.
pub const UPLOAD_BYTES_MAX: u64 = 150 * 1024 * 1024;
/// The same limit as people read it.
pub const UPLOAD_LIMIT_TEXT: &str = "150 MB";

/// A job's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Queued,
    Running,
    /// Finished; refused rows, if any, are in the report.
    Done,
    /// `atomic` was asked for and a row was refused: nothing was stored.
    Refused,
    /// The file could not be read, or the job was cut off.
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

    fn parse(text: &str) -> Self {
        match text {
            "queued" => Self::Queued,
            "running" => Self::Running,
            "done" => Self::Done,
            "refused" => Self::Refused,
            _ => Self::Failed,
        }
    }

    pub fn is_finished(self) -> bool {
        !matches!(self, Self::Queued | Self::Running)
    }
}

/// One import job as pages and the API show it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Job {
    pub id: i64,
    pub file_name: String,
    pub file_bytes: i64,
    pub status: JobStatus,
    /// Progress in percent (0–100).
    pub percent: u8,
    #[schema(value_type = Option<Object>)]
    pub summary: Option<Summary>,
    /// Lines in the report (refused rows and warnings).
    pub report_lines: i64,
    /// Why the job failed, in the language of the person who started it.
    pub failure: Option<String>,
    pub created_at: String,
    pub finished_at: Option<String>,
}

/// Records a queued job for `file_name` and returns its id.
pub async fn create(
    db: &Db,
    caller: &Principal,
    file_name: &str,
    file_bytes: u64,
    options: &ImportOptions,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO import_jobs (kind, file_name, file_bytes, options, scope, status, \
         actor_kind, actor_id, actor_role, created_at) \
         VALUES ('households', $1, $2, $3, $4, 'queued', $5, $6, $7, $8) RETURNING id",
    )
    .bind(file_name.to_owned())
    .bind(i64::try_from(file_bytes).unwrap_or(i64::MAX))
    .bind(serde_json::to_string(options).unwrap_or_default())
    .bind(options.scope.clone())
    .bind(caller.actor.kind.as_str())
    .bind(caller.actor.id)
    .bind(caller.role.as_str())
    .bind(timestamp::to_db(now))
    .fetch_one(&db.pool)
    .await
    .store()?;
    row.try_get(0).store()
}

/// Everything a background run needs.
pub struct Start {
    pub db: Db,
    pub job: i64,
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
        if let Err(err) = run(start).await {
            tracing::error!(job, error = %err, "import job could not record its result");
            let _ = fail(&db, job, "internal error", OffsetDateTime::now_utc()).await;
        }
        remove(&path);
    })
}

fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
    let _ = std::fs::remove_file(report_path(path));
}

fn report_path(path: &Path) -> PathBuf {
    path.with_extension("report.csv")
}

async fn run(start: Start) -> Result<(), StoreError> {
    let Start {
        db,
        job,
        path,
        options,
        acting,
        lang,
        clock,
    } = start;
    sqlx::query("UPDATE import_jobs SET status = 'running' WHERE id = $1")
        .bind(job)
        .execute(&db.pool)
        .await
        .store()?;
    let done = Arc::new(AtomicU64::new(0));
    let total = Arc::new(AtomicU64::new(0));
    let ticker = {
        let (db, done, total) = (db.clone(), done.clone(), total.clone());
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(500));
            loop {
                tick.tick().await;
                let (d, t) = (done.load(Ordering::Relaxed), total.load(Ordering::Relaxed));
                let _ = sqlx::query(
                    "UPDATE import_jobs SET progress_done = $1, progress_total = $2 \
                     WHERE id = $3 AND status = 'running'",
                )
                .bind(i64::try_from(d).unwrap_or(i64::MAX))
                .bind(i64::try_from(t).unwrap_or(i64::MAX))
                .bind(job)
                .execute(&db.pool)
                .await;
            }
        })
    };
    let progress = |d: u64, t: u64| {
        done.store(d, Ordering::Relaxed);
        total.store(t, Ordering::Relaxed);
    };
    let report_file = report_path(&path);
    let outcome = match std::fs::File::create(&report_file) {
        Ok(file) => match Report::new(Some(Box::new(file)), lang) {
            Ok(mut report) => {
                let result = import_file(
                    &db,
                    &path,
                    options,
                    &acting,
                    clock.now(),
                    &mut report,
                    &progress,
                )
                .await;
                drop(report);
                result
            }
            Err(err) => Err(ImportError::Report(err)),
        },
        Err(err) => Err(ImportError::Report(err)),
    };
    ticker.abort();
    let now = clock.now();
    match outcome {
        Ok(summary) => {
            if summary.committed && summary.created + summary.changed > 0 {
                // Imported records skip the check at entry; a full run looks at them now.
                let trigger = crate::duplicates::runner::Trigger::Import;
                if let Err(err) = crate::duplicates::runner::start_in_background(
                    &db,
                    trigger,
                    &acting.actor,
                    clock.clone(),
                )
                .await
                {
                    tracing::error!(error = %err, "starting a duplicate run after an import failed");
                }
            }
            let report = std::fs::read_to_string(&report_file).unwrap_or_default();
            let lines = report.lines().count().saturating_sub(1);
            let status = if summary.committed {
                JobStatus::Done
            } else {
                JobStatus::Refused
            };
            sqlx::query(
                "UPDATE import_jobs SET status = $1, summary = $2, report = $3, \
                 report_lines = $4, progress_done = progress_total, finished_at = $5 \
                 WHERE id = $6",
            )
            .bind(status.as_str())
            .bind(serde_json::to_string(&summary).unwrap_or_default())
            .bind(report)
            .bind(i64::try_from(lines).unwrap_or(i64::MAX))
            .bind(timestamp::to_db(now))
            .bind(job)
            .execute(&db.pool)
            .await
            .store()?;
        }
        Err(ImportError::Store(err)) => return Err(err),
        Err(err) => fail(&db, job, &err.localized(lang), now).await?,
    }
    Ok(())
}

async fn fail(db: &Db, job: i64, message: &str, now: OffsetDateTime) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE import_jobs SET status = 'failed', failure = $1, finished_at = $2 WHERE id = $3",
    )
    .bind(message.to_owned())
    .bind(timestamp::to_db(now))
    .bind(job)
    .execute(&db.pool)
    .await
    .store()?;
    Ok(())
}

/// Marks jobs that were running when the server stopped as failed. Their committed
/// batches stay; importing the file again completes it.
pub async fn abandon_unfinished(db: &Db, now: OffsetDateTime) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE import_jobs SET status = 'failed', finished_at = $1, \
         failure = 'server dimulai ulang sebelum impor selesai; unggah berkas yang sama lagi \
         untuk menyelesaikannya (baris yang sudah tersimpan tidak akan berganda)' \
         WHERE status IN ('queued', 'running')",
    )
    .bind(timestamp::to_db(now))
    .execute(&db.pool)
    .await
    .store()?;
    Ok(done.rows_affected())
}

const COLUMNS: &str = "id, file_name, file_bytes, status, progress_done, progress_total, \
                       summary, report_lines, failure, created_at, finished_at";

/// Who may see a job: its starter, and officials whose region covers the job's region.
const VISIBLE: &str = "((actor_kind = $1 AND actor_id = $2) OR $3 = 1 OR scope = $4 \
                       OR scope LIKE $5)";

fn job_from_row(row: &sqlx::any::AnyRow) -> Result<Job, StoreError> {
    let done: i64 = row.try_get(4).store()?;
    let total: i64 = row.try_get(5).store()?;
    let status = JobStatus::parse(&row.try_get::<String, _>(3).store()?);
    let percent = if status.is_finished() {
        100
    } else if total > 0 {
        u8::try_from((done.clamp(0, total) * 100) / total).unwrap_or(100)
    } else {
        0
    };
    let summary: Option<String> = row.try_get(6).store()?;
    Ok(Job {
        id: row.try_get(0).store()?,
        file_name: row.try_get(1).store()?,
        file_bytes: row.try_get(2).store()?,
        status,
        percent,
        summary: summary.and_then(|s| serde_json::from_str(&s).ok()),
        report_lines: row.try_get(7).store()?,
        failure: row.try_get(8).store()?,
        created_at: row.try_get(9).store()?,
        finished_at: row.try_get(10).store()?,
    })
}

fn visibility(caller: &Principal) -> (String, i64, ScopeParams) {
    (
        caller.actor.kind.as_str().to_owned(),
        caller.actor.id.unwrap_or(-1),
        ScopeParams::new(caller.region.as_ref()),
    )
}

/// One job with its report (`row,column,rule,message`; `None` until it finishes). A job
/// is seen by whoever started it and by officials whose region covers the job's region.
pub async fn find(db: &Db, caller: &Principal, id: i64) -> Result<(Job, Option<String>), AppError> {
    let sql = format!(
        "SELECT {COLUMNS}, actor_kind, actor_id, scope, report FROM import_jobs WHERE id = $1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?
        .ok_or(AppError::NotFound)?;
    let kind: String = row.try_get(11).store()?;
    let actor: Option<i64> = row.try_get(12).store()?;
    let scope: Option<String> = row.try_get(13).store()?;
    let own = kind == caller.actor.kind.as_str() && actor.is_some() && actor == caller.actor.id;
    let covered = match (&caller.region, &scope) {
        (None, _) => true,
        (Some(region), Some(scope)) => {
            scope == region.as_str() || scope.starts_with(&format!("{}.", region.as_str()))
        }
        (Some(_), None) => false,
    };
    if !own && !covered {
        return Err(AppError::OutsideScope);
    }
    Ok((job_from_row(&row)?, row.try_get(14).store()?))
}

/// The latest jobs `caller` may see, newest first.
pub async fn recent(db: &Db, caller: &Principal, limit: i64) -> Result<Vec<Job>, StoreError> {
    let (kind, actor, scope) = visibility(caller);
    let sql =
        format!("SELECT {COLUMNS} FROM import_jobs WHERE {VISIBLE} ORDER BY id DESC LIMIT $6");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(kind)
        .bind(actor)
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(limit)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(job_from_row).collect()
}

impl Job {
    /// The text key of the status, for pages.
    pub fn status_key(&self) -> &'static str {
        match self.status {
            JobStatus::Queued => "import.status.queued",
            JobStatus::Running => "import.status.running",
            JobStatus::Done => "import.status.done",
            JobStatus::Refused => "import.status.refused",
            JobStatus::Failed => "import.status.failed",
        }
    }
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
