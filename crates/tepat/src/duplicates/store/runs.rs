//! SQL for duplicate runs: starting one (refused while another runs), its progress, its
//! heartbeat, its end with counts and the fitted model, marking failed the runs whose
//! heartbeat stopped, and reading runs back.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use crate::db::{Db, ResultExt, StoreError, timestamp};
use crate::events::{self, Action, Actor, Changes, NewEvent};
use crate::registry::store::begin_write;

pub const RUN_STARTED: Action = Action("duplicate_run.started");
pub const RUN_FINISHED: Action = Action("duplicate_run.finished");
pub const RUN_FAILED: Action = Action("duplicate_run.failed");

pub const RUNNING: &str = "running";
pub const DONE: &str = "done";
pub const FAILED: &str = "failed";

/// The constraint that lets one run at a time.
const ONE_RUNNING: (&str, &str) = ("duplicate_runs_running_key", "duplicate_runs.status");

/// A run of record linkage over the whole registry.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct DuplicateRun {
    pub id: i64,
    /// `manual` (a button or the API), `scheduled`, `command` (the command line) or
    /// `import` (after a file import on the web or through the API).
    pub trigger_kind: String,
    /// `running`, `done` or `failed`.
    pub status: String,
    /// The stage in progress: reading, blocking, comparing, estimating, scoring,
    /// clustering, storing.
    pub stage: String,
    pub progress_done: i64,
    pub progress_total: i64,
    pub persons: i64,
    pub candidate_pairs: i64,
    /// Pairs at or above the threshold.
    pub linked_pairs: i64,
    /// Pairs newly put in the review queue (not already open or decided).
    pub pairs_opened: i64,
    /// Match probability from which pairs were proposed, chosen from the data.
    pub threshold: Option<f64>,
    pub failure: Option<String>,
    pub actor_role: String,
    /// UTC, RFC 3339.
    pub started_at: String,
    pub finished_at: Option<String>,
}

/// What a finished run found.
#[derive(Debug, Clone, Default)]
pub struct RunCounts {
    pub persons: i64,
    pub candidate_pairs: i64,
    pub linked_pairs: i64,
    pub pairs_opened: i64,
    pub threshold: f64,
    /// The fitted model as JSON ([`crate::duplicates::model::StoredModel`]).
    pub model: String,
}

const COLUMNS: &str = "id, trigger_kind, status, stage, progress_done, progress_total, \
    persons, candidate_pairs, linked_pairs, pairs_opened, threshold, failure, actor_role, \
    started_at, finished_at";

fn from_row(row: &AnyRow) -> Result<DuplicateRun, StoreError> {
    Ok(DuplicateRun {
        id: row.try_get(0).store()?,
        trigger_kind: row.try_get(1).store()?,
        status: row.try_get(2).store()?,
        stage: row.try_get(3).store()?,
        progress_done: row.try_get(4).store()?,
        progress_total: row.try_get(5).store()?,
        persons: row.try_get(6).store()?,
        candidate_pairs: row.try_get(7).store()?,
        linked_pairs: row.try_get(8).store()?,
        pairs_opened: row.try_get(9).store()?,
        threshold: row.try_get(10).store()?,
        failure: row.try_get(11).store()?,
        actor_role: row.try_get(12).store()?,
        started_at: row.try_get(13).store()?,
        finished_at: row.try_get(14).store()?,
    })
}

fn event(actor: &Actor, action: Action, id: i64, changes: Changes) -> NewEvent {
    NewEvent {
        actor: actor.clone(),
        action,
        subject_type: "duplicate_run",
        subject_id: id.to_string(),
        region: None,
        changes,
        request_id: None,
    }
}

/// Starts a run; `Ok(None)` when another run is in progress.
pub async fn start(
    db: &Db,
    trigger_kind: &'static str,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<Option<i64>, StoreError> {
    let mut tx = begin_write(db).await?;
    let inserted = sqlx::query(
        "INSERT INTO duplicate_runs (trigger_kind, status, actor_kind, actor_id, actor_role, \
         started_at, heartbeat_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(trigger_kind)
    .bind(RUNNING)
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(timestamp::to_db(now))
    .fetch_one(&mut *tx)
    .await
    .store();
    let id: i64 = match inserted {
        Ok(row) => row.try_get(0).store()?,
        Err(err) if err.is_conflict_on(ONE_RUNNING.0, ONE_RUNNING.1) => return Ok(None),
        Err(err) => return Err(err),
    };
    let changes = Changes::new()
        .set("trigger", trigger_kind)
        .set("status", RUNNING);
    events::store::record(&mut tx, event(actor, RUN_STARTED, id, changes), now).await?;
    tx.commit().await.store()?;
    Ok(Some(id))
}

/// Records how far a run has come.
pub async fn progress(
    db: &Db,
    id: i64,
    stage: &str,
    done: u64,
    total: u64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE duplicate_runs SET stage = $1, progress_done = $2, progress_total = $3 \
         WHERE id = $4 AND status = $5",
    )
    .bind(stage.to_owned())
    .bind(i64::try_from(done).unwrap_or(i64::MAX))
    .bind(i64::try_from(total).unwrap_or(i64::MAX))
    .bind(id)
    .bind(RUNNING)
    .execute(&db.pool)
    .await
    .store()?;
    Ok(())
}

/// Ends a run with what it found.
pub async fn finish(
    db: &Db,
    id: i64,
    counts: &RunCounts,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let mut tx = begin_write(db).await?;
    sqlx::query(
        "UPDATE duplicate_runs SET status = $1, stage = $2, progress_done = progress_total, \
         persons = $3, candidate_pairs = $4, linked_pairs = $5, pairs_opened = $6, \
         threshold = $7, model = $8, finished_at = $9 WHERE id = $10",
    )
    .bind(DONE)
    .bind("done")
    .bind(counts.persons)
    .bind(counts.candidate_pairs)
    .bind(counts.linked_pairs)
    .bind(counts.pairs_opened)
    .bind(counts.threshold)
    .bind(counts.model.clone())
    .bind(timestamp::to_db(now))
    .bind(id)
    .execute(&mut *tx)
    .await
    .store()?;
    let changes = Changes::new()
        .change("status", RUNNING, DONE)
        .set("persons", counts.persons)
        .set("linked_pairs", counts.linked_pairs)
        .set("pairs_opened", counts.pairs_opened)
        .set("threshold", counts.threshold);
    events::store::record(&mut tx, event(actor, RUN_FINISHED, id, changes), now).await?;
    tx.commit().await.store()?;
    Ok(())
}

/// Ends a run that could not finish; the pairs it already opened stay open.
pub async fn fail(
    db: &Db,
    id: i64,
    failure: &str,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let mut tx = begin_write(db).await?;
    sqlx::query(
        "UPDATE duplicate_runs SET status = $1, failure = $2, finished_at = $3 \
         WHERE id = $4 AND status = $5",
    )
    .bind(FAILED)
    .bind(failure.to_owned())
    .bind(timestamp::to_db(now))
    .bind(id)
    .bind(RUNNING)
    .execute(&mut *tx)
    .await
    .store()?;
    let changes = Changes::new()
        .change("status", RUNNING, FAILED)
        .set("failure", failure);
    events::store::record(&mut tx, event(actor, RUN_FAILED, id, changes), now).await?;
    tx.commit().await.store()?;
    Ok(())
}

/// Says that run `id` is still being worked on.
pub async fn heartbeat(db: &Db, id: i64, now: OffsetDateTime) -> Result<(), StoreError> {
    sqlx::query("UPDATE duplicate_runs SET heartbeat_at = $1 WHERE id = $2 AND status = $3")
        .bind(timestamp::to_db(now))
        .bind(id)
        .bind(RUNNING)
        .execute(&db.pool)
        .await
        .store()?;
    Ok(())
}

/// Marks failed the running runs whose last heartbeat is older than `stale_before` (their
/// server stopped), so that a new one may start; runs another server still beats for stay.
pub async fn abandon_stale(
    db: &Db,
    stale_before: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<u64, StoreError> {
    let ids: Vec<i64> = sqlx::query(
        "SELECT id FROM duplicate_runs WHERE status = $1 \
         AND (heartbeat_at IS NULL OR heartbeat_at < $2)",
    )
    .bind(RUNNING)
    .bind(timestamp::to_db(stale_before))
    .fetch_all(&db.pool)
    .await
    .store()?
    .iter()
    .map(|row| row.try_get(0).store())
    .collect::<Result<_, _>>()?;
    for &id in &ids {
        fail(db, id, "stopped with the server", &Actor::system(), now).await?;
    }
    Ok(ids.len() as u64)
}

pub async fn find(db: &Db, id: i64) -> Result<Option<DuplicateRun>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM duplicate_runs WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(from_row).transpose()
}

/// The latest runs, newest first.
pub async fn latest(db: &Db, limit: u32) -> Result<Vec<DuplicateRun>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM duplicate_runs ORDER BY id DESC LIMIT $1");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(from_row).collect()
}

/// The model of the latest finished run, as stored JSON.
pub async fn latest_model(db: &Db) -> Result<Option<String>, StoreError> {
    let row = sqlx::query(
        "SELECT model FROM duplicate_runs WHERE status = $1 AND model IS NOT NULL \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(DONE)
    .fetch_optional(&db.pool)
    .await
    .store()?;
    row.map(|r| r.try_get(0)).transpose().store()
}

/// When the latest run started, scheduled or not; `None` before the first.
pub async fn last_started(db: &Db) -> Result<Option<String>, StoreError> {
    let row = sqlx::query("SELECT started_at FROM duplicate_runs ORDER BY id DESC LIMIT 1")
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.map(|r| r.try_get(0)).transpose().store()
}
