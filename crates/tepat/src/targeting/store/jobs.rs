//! SQL for scoring runs started from the web: starting one (refused while another runs),
//! its progress and heartbeat, its end with the run and the count per desil, marking failed
//! the ones cut off by a stop, and reading them back.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use crate::db::{Db, ResultExt, StoreError, timestamp};
use crate::events::Actor;

pub const RUNNING: &str = "running";
pub const DONE: &str = "done";
pub const FAILED: &str = "failed";

/// The failure recorded for a run cut off by a stop of its server.
pub const CUT_OFF: &str = "cut_off";

/// The constraint that lets one run at a time.
const ONE_RUNNING: (&str, &str) = ("welfare_jobs_running_key", "welfare_jobs.status");

/// A scoring run started from the web or the API.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ScoringJob {
    pub id: i64,
    /// The model version scored with (0 = the model shipped with Tepat).
    pub model_version: i64,
    /// `running`, `done` or `failed`.
    pub status: String,
    /// Households read so far.
    pub progress_done: i64,
    /// Active households when the run started.
    pub progress_total: i64,
    /// The scoring run it made, when done.
    pub run_id: Option<i64>,
    /// Households scored, when done.
    pub households: i64,
    /// Households per desil 1 to 10, when done.
    pub per_decile: Option<Vec<i64>>,
    /// Why it failed: `cut_off` (its server stopped) or the error.
    pub failure: Option<String>,
    /// Who started it.
    pub actor_name: String,
    pub actor_role: String,
    /// UTC, RFC 3339.
    pub started_at: String,
    /// UTC, RFC 3339.
    pub heartbeat_at: String,
    pub finished_at: Option<String>,
}

const COLUMNS: &str = "id, model_version, status, progress_done, progress_total, run_id, \
    households, per_decile, failure, actor_name, actor_role, started_at, heartbeat_at, \
    finished_at FROM welfare_jobs";

fn from_row(row: &AnyRow) -> Result<ScoringJob, StoreError> {
    let per_decile: Option<String> = row.try_get(7).store()?;
    Ok(ScoringJob {
        id: row.try_get(0).store()?,
        model_version: row.try_get(1).store()?,
        status: row.try_get(2).store()?,
        progress_done: row.try_get(3).store()?,
        progress_total: row.try_get(4).store()?,
        run_id: row.try_get(5).store()?,
        households: row.try_get(6).store()?,
        per_decile: per_decile.and_then(|text| serde_json::from_str(&text).ok()),
        failure: row.try_get(8).store()?,
        actor_name: row.try_get(9).store()?,
        actor_role: row.try_get(10).store()?,
        started_at: row.try_get(11).store()?,
        heartbeat_at: row.try_get(12).store()?,
        finished_at: row.try_get(13).store()?,
    })
}

/// The run in progress, if any. A read, so that a second start is refused at once even on
/// SQLite, where the running one holds the only writer.
pub async fn running(db: &Db) -> Result<Option<i64>, StoreError> {
    sqlx::query_scalar("SELECT id FROM welfare_jobs WHERE status = $1")
        .bind(RUNNING)
        .fetch_optional(&db.pool)
        .await
        .store()
}

/// Records a started run; `Ok(None)` when another is in progress.
pub async fn start(
    db: &Db,
    model_version: i64,
    actor: &Actor,
    actor_name: &str,
    now: OffsetDateTime,
) -> Result<Option<i64>, StoreError> {
    let mut tx = db.begin_write().await?;
    let inserted = sqlx::query(
        "INSERT INTO welfare_jobs (model_version, status, actor_kind, actor_id, actor_role, \
         actor_name, started_at, heartbeat_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
         RETURNING id",
    )
    .bind(model_version)
    .bind(RUNNING)
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(actor_name.to_owned())
    .bind(timestamp::to_db(now))
    .fetch_one(&mut *tx)
    .await
    .store();
    let id: i64 = match inserted {
        Ok(row) => row.try_get(0).store()?,
        Err(err) if err.is_conflict_on(ONE_RUNNING.0, ONE_RUNNING.1) => return Ok(None),
        Err(err) => return Err(err),
    };
    tx.commit().await.store()?;
    Ok(Some(id))
}

/// Records how far a run has come, and that its server is alive.
pub async fn progress(
    db: &Db,
    id: i64,
    done: u64,
    total: u64,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE welfare_jobs SET progress_done = $1, progress_total = $2, heartbeat_at = $3 \
         WHERE id = $4 AND status = $5",
    )
    .bind(i64::try_from(done).unwrap_or(i64::MAX))
    .bind(i64::try_from(total).unwrap_or(i64::MAX))
    .bind(timestamp::to_db(now))
    .bind(id)
    .bind(RUNNING)
    .execute(&db.pool)
    .await
    .store()?;
    Ok(())
}

/// Ends a run that scored: its scoring run and the count per desil.
pub async fn finish(
    db: &Db,
    id: i64,
    run_id: i64,
    per_decile: &[i64; 10],
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let households: i64 = per_decile.iter().sum();
    let counts = serde_json::to_string(per_decile).unwrap_or_default();
    sqlx::query(
        "UPDATE welfare_jobs SET status = $1, run_id = $2, households = $3, per_decile = $4, \
         progress_done = progress_total, finished_at = $5, heartbeat_at = $5 WHERE id = $6",
    )
    .bind(DONE)
    .bind(run_id)
    .bind(households)
    .bind(counts)
    .bind(timestamp::to_db(now))
    .bind(id)
    .execute(&db.pool)
    .await
    .store()?;
    Ok(())
}

/// Ends a run that stopped with `failure`.
pub async fn fail(db: &Db, id: i64, failure: &str, now: OffsetDateTime) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE welfare_jobs SET status = $1, failure = $2, finished_at = $3 \
         WHERE id = $4 AND status = $5",
    )
    .bind(FAILED)
    .bind(failure.to_owned())
    .bind(timestamp::to_db(now))
    .bind(id)
    .bind(RUNNING)
    .execute(&db.pool)
    .await
    .store()?;
    Ok(())
}

/// Marks failed the running runs whose heartbeat is older than `stale_before` (every one
/// when `stale_before` is `None`); returns how many.
pub async fn abandon(
    db: &Db,
    stale_before: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Result<u64, StoreError> {
    // A run beating after the cut-off is alive; the far future takes every run.
    let before = stale_before.map_or_else(|| "9999".to_owned(), timestamp::to_db);
    let done = sqlx::query(
        "UPDATE welfare_jobs SET status = $1, failure = $2, finished_at = $3 \
         WHERE status = $4 AND heartbeat_at < $5",
    )
    .bind(FAILED)
    .bind(CUT_OFF)
    .bind(timestamp::to_db(now))
    .bind(RUNNING)
    .bind(before)
    .execute(&db.pool)
    .await
    .store()?;
    Ok(done.rows_affected())
}

/// One run.
pub async fn find(db: &Db, id: i64) -> Result<Option<ScoringJob>, StoreError> {
    let sql = format!("SELECT {COLUMNS} WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(from_row).transpose()
}

/// The latest runs, newest first.
pub async fn recent(db: &Db, limit: i64) -> Result<Vec<ScoringJob>, StoreError> {
    let sql = format!("SELECT {COLUMNS} ORDER BY id DESC LIMIT $1");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(limit)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(from_row).collect()
}
