//! SQL for import jobs (`import_jobs`): recording a job, its progress and its end, and
//! reading the jobs a caller may see.

use sqlx::Row;
use time::OffsetDateTime;

use super::ImportOptions;
use super::Summary;
use super::job::{Job, JobId, JobStatus, percent};
use crate::auth::Principal;
use crate::db::{Db, ResultExt, StoreError, timestamp};
use crate::region_code::ScopeParams;

/// Why a job was marked failed when the server stopped in the middle of it.
const ABANDONED: &str = "server dimulai ulang sebelum impor selesai; unggah berkas yang sama \
                         lagi untuk menyelesaikannya (baris yang sudah tersimpan tidak akan \
                         berganda)";

const COLUMNS: &str = "id, file_name, file_bytes, status, progress_done, progress_total, \
                       summary, report_lines, failure, created_at, finished_at";

/// Who may see a job: its starter, and officials whose region covers the job's region.
const VISIBLE: &str = "((actor_kind = $1 AND actor_id = $2) OR $3 = 1 OR scope = $4 \
                       OR scope LIKE $5)";

/// A job row with who started it, for deciding who may see it.
pub struct StoredJob {
    pub job: Job,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    /// The region the job was limited to; `None` is national.
    pub scope: Option<String>,
    /// The report (`row,column,rule,message`); `None` until the job finishes.
    pub report: Option<String>,
}

/// A value this program could not have written.
fn corrupt(what: &str, err: impl std::fmt::Display) -> StoreError {
    StoreError::Other(sqlx::Error::Decode(format!("stored {what}: {err}").into()))
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| corrupt("job options", e))
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
    let row = sqlx::query(
        "INSERT INTO import_jobs (kind, file_name, file_bytes, options, scope, status, \
         actor_kind, actor_id, actor_role, created_at) \
         VALUES ('households', $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(file_name.to_owned())
    .bind(count(file_bytes))
    .bind(json(options)?)
    .bind(options.scope.clone())
    .bind(JobStatus::Queued.as_str())
    .bind(caller.actor.kind.as_str())
    .bind(caller.actor.id)
    .bind(caller.role.as_str())
    .bind(timestamp::to_db(now))
    .fetch_one(&db.pool)
    .await
    .store()?;
    Ok(JobId(row.try_get(0).store()?))
}

/// Marks a job as running.
pub async fn set_running(db: &Db, job: JobId) -> Result<(), StoreError> {
    sqlx::query("UPDATE import_jobs SET status = $1 WHERE id = $2")
        .bind(JobStatus::Running.as_str())
        .bind(job.0)
        .execute(&db.pool)
        .await
        .store()?;
    Ok(())
}

/// Records how far a running job has come.
pub async fn set_progress(db: &Db, job: JobId, done: u64, total: u64) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE import_jobs SET progress_done = $1, progress_total = $2 \
         WHERE id = $3 AND status = $4",
    )
    .bind(count(done))
    .bind(count(total))
    .bind(job.0)
    .bind(JobStatus::Running.as_str())
    .execute(&db.pool)
    .await
    .store()?;
    Ok(())
}

/// A finished job's outcome.
pub struct Finished<'a> {
    pub status: JobStatus,
    pub summary: &'a Summary,
    pub report: String,
    pub report_lines: u64,
}

/// Records a job's end with its summary and report.
pub async fn finish(
    db: &Db,
    job: JobId,
    finished: Finished<'_>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE import_jobs SET status = $1, summary = $2, report = $3, \
         report_lines = $4, progress_done = progress_total, finished_at = $5 \
         WHERE id = $6",
    )
    .bind(finished.status.as_str())
    .bind(json(finished.summary)?)
    .bind(finished.report)
    .bind(count(finished.report_lines))
    .bind(timestamp::to_db(now))
    .bind(job.0)
    .execute(&db.pool)
    .await
    .store()?;
    Ok(())
}

/// Ends a job that stored nothing of its file, `Refused` (the file was refused whole) or
/// `Failed`, with the reason people read.
pub async fn stop(
    db: &Db,
    job: JobId,
    status: JobStatus,
    message: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE import_jobs SET status = $1, failure = $2, finished_at = $3 WHERE id = $4")
        .bind(status.as_str())
        .bind(message.to_owned())
        .bind(timestamp::to_db(now))
        .bind(job.0)
        .execute(&db.pool)
        .await
        .store()?;
    Ok(())
}

/// Marks jobs that were queued or running when the server stopped as failed.
pub async fn abandon_unfinished(db: &Db, now: OffsetDateTime) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE import_jobs SET status = $1, finished_at = $2, failure = $3 \
         WHERE status IN ($4, $5)",
    )
    .bind(JobStatus::Failed.as_str())
    .bind(timestamp::to_db(now))
    .bind(ABANDONED)
    .bind(JobStatus::Queued.as_str())
    .bind(JobStatus::Running.as_str())
    .execute(&db.pool)
    .await
    .store()?;
    Ok(done.rows_affected())
}

fn job_from_row(row: &sqlx::any::AnyRow) -> Result<Job, StoreError> {
    let text: String = row.try_get(3).store()?;
    let status = JobStatus::parse(&text).ok_or_else(|| corrupt("job status", &text))?;
    let summary: Option<String> = row.try_get(6).store()?;
    let summary = summary
        .map(|s| serde_json::from_str(&s).map_err(|e| corrupt("job summary", e)))
        .transpose()?;
    Ok(Job {
        id: JobId(row.try_get(0).store()?),
        file_name: row.try_get(1).store()?,
        file_bytes: row.try_get(2).store()?,
        status,
        percent: percent(status, row.try_get(4).store()?, row.try_get(5).store()?),
        summary,
        report_lines: row.try_get(7).store()?,
        failure: row.try_get(8).store()?,
        created_at: row.try_get(9).store()?,
        finished_at: row.try_get(10).store()?,
    })
}

/// One job with its starter, its region and its report.
pub async fn find(db: &Db, id: JobId) -> Result<Option<StoredJob>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS}, actor_kind, actor_id, scope, report FROM import_jobs WHERE id = $1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    let Some(row) = row else {
        return Ok(None);
    };
    Ok(Some(StoredJob {
        job: job_from_row(&row)?,
        actor_kind: row.try_get(11).store()?,
        actor_id: row.try_get(12).store()?,
        scope: row.try_get(13).store()?,
        report: row.try_get(14).store()?,
    }))
}

/// The latest jobs `caller` may see, newest first.
pub async fn recent(db: &Db, caller: &Principal, limit: i64) -> Result<Vec<Job>, StoreError> {
    let scope = ScopeParams::new(caller.region.as_ref());
    let sql =
        format!("SELECT {COLUMNS} FROM import_jobs WHERE {VISIBLE} ORDER BY id DESC LIMIT $6");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(caller.actor.kind.as_str().to_owned())
        .bind(caller.actor.id.unwrap_or(-1))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(limit)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(job_from_row).collect()
}
