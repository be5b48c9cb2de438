//! Scoring runs and their score rows: starting a run, writing a batch of scores, ranking
//! them into desil in SQL, the run's digest and counts, finishing it with its one event,
//! and reading a household's current score and history.

use std::collections::HashMap;

use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use crate::db::bulk::insert_rows;
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::{self, Action, Actor, Changes, NewEvent};
use crate::targeting::rank::GROUP_MIN;

pub const SCORES_COMPUTED: Action = Action("welfare_scores.computed");

/// Rows read back per statement when a run's digest is computed.
const DIGEST_BATCH: i64 = 20_000;

/// A run about to start.
#[derive(Debug, Clone)]
pub struct NewRun<'a> {
    pub model_version: i64,
    pub model_sha256: &'a str,
    pub ranking: &'a str,
    pub trigger: &'a str,
}

/// Starts a run inside the caller's transaction; returns its id.
pub async fn start_run(
    tx: &mut Tx,
    run: &NewRun<'_>,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO welfare_runs (model_version, model_sha256, ranking, trigger_kind, \
         started_at, actor_kind, actor_id, actor_role) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(run.model_version)
    .bind(run.model_sha256.to_owned())
    .bind(run.ranking.to_owned())
    .bind(run.trigger.to_owned())
    .bind(timestamp::to_db(now))
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .fetch_one(&mut **tx)
    .await
    .store()?;
    row.try_get(0).store()
}

/// One household's new score, before ranking.
#[derive(Debug, Clone)]
pub struct NewScore {
    pub household_id: i64,
    pub score: f64,
    pub rank_group: String,
    /// `YYYY-MM-DD`.
    pub survey_date: String,
    pub household_version: i64,
}

/// Writes a batch of a run's scores (desil still empty).
pub async fn insert(
    tx: &mut Tx,
    run_id: i64,
    model_version: i64,
    computed_at: &str,
    scores: &[NewScore],
) -> Result<(), StoreError> {
    insert_rows(
        tx,
        "welfare_scores (run_id, household_id, model_version, score, rank_group, survey_date, \
         household_version, computed_at)",
        8,
        scores,
        false,
        |query, s| {
            query
                .bind(run_id)
                .bind(s.household_id)
                .bind(model_version)
                .bind(s.score)
                .bind(s.rank_group.clone())
                .bind(s.survey_date.clone())
                .bind(s.household_version)
                .bind(computed_at.to_owned())
        },
    )
    .await?;
    Ok(())
}

/// Ranks a run's scores into desil (`rank.rs` states the formula): within each group, or
/// against the whole run for a group under `GROUP_MIN` households. Ties share the lower rank.
pub async fn rank(tx: &mut Tx, run_id: i64) -> Result<(), StoreError> {
    sqlx::query(
        "WITH ranked AS (SELECT household_id, \
           RANK() OVER (PARTITION BY rank_group ORDER BY score) AS group_rank, \
           COUNT(*) OVER (PARTITION BY rank_group) AS group_size, \
           RANK() OVER (ORDER BY score) AS run_rank, \
           COUNT(*) OVER () AS run_size \
           FROM welfare_scores WHERE run_id = $1) \
         UPDATE welfare_scores SET decile = CASE WHEN ranked.group_size >= $2 \
           THEN (ranked.group_rank - 1) * 10 / ranked.group_size + 1 \
           ELSE (ranked.run_rank - 1) * 10 / ranked.run_size + 1 END \
         FROM ranked \
         WHERE welfare_scores.run_id = $1 AND welfare_scores.household_id = ranked.household_id",
    )
    .bind(run_id)
    .bind(GROUP_MIN)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(())
}

/// What a run wrote: how many rows, how many per desil (index 0 = desil 1), and the
/// SHA-256 over every row in household order, each row the line
/// `household_id,model_version,score,decile\n` with the score to six decimals.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Digest256 {
    pub rows: i64,
    pub per_decile: [i64; 10],
    pub sha256: String,
}

/// Reads a run's rows back in household order, a batch at a time, into its digest.
pub async fn digest(tx: &mut Tx, run_id: i64, model_version: i64) -> Result<Digest256, StoreError> {
    let mut hasher = Sha256::new();
    let mut found = Digest256::default();
    let mut after = 0_i64;
    loop {
        let rows = sqlx::query(
            "SELECT household_id, score, decile FROM welfare_scores \
             WHERE run_id = $1 AND household_id > $2 ORDER BY household_id LIMIT $3",
        )
        .bind(run_id)
        .bind(after)
        .bind(DIGEST_BATCH)
        .fetch_all(&mut **tx)
        .await
        .store()?;
        let mut line = String::with_capacity(64);
        for row in &rows {
            let household: i64 = row.try_get(0).store()?;
            let score: f64 = row.try_get(1).store()?;
            let decile: i64 = row.try_get(2).store()?;
            line.clear();
            line.push_str(&format!(
                "{household},{model_version},{score:.6},{decile}\n"
            ));
            hasher.update(line.as_bytes());
            found.rows += 1;
            if let Some(slot) = usize::try_from(decile - 1)
                .ok()
                .and_then(|i| found.per_decile.get_mut(i))
            {
                *slot += 1;
            }
            after = household;
        }
        if (rows.len() as i64) < DIGEST_BATCH {
            break;
        }
    }
    found.sha256 = hex::encode(hasher.finalize());
    Ok(found)
}

/// Finishes a run: its counts and digest on the run row, and its one event, whose log
/// entry commits to the digest through the event's changes.
pub async fn finish_run(
    tx: &mut Tx,
    run_id: i64,
    model_version: i64,
    digest: &Digest256,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let changes = Changes::new()
        .set("model_version", model_version)
        .set("households", digest.rows)
        .set("per_decile", digest.per_decile.to_vec())
        .set("rows_sha256", digest.sha256.clone());
    let event = NewEvent {
        actor: actor.clone(),
        action: SCORES_COMPUTED,
        subject_type: "welfare_run",
        subject_id: run_id.to_string(),
        region: None,
        changes,
        request_id: None,
    };
    let event_id = events::store::record(tx, event, now).await?;
    sqlx::query(
        "UPDATE welfare_runs SET households = $1, rows_sha256 = $2, finished_at = $3, \
         event_id = $4 WHERE id = $5",
    )
    .bind(digest.rows)
    .bind(digest.sha256.clone())
    .bind(timestamp::to_db(now))
    .bind(event_id.0)
    .bind(run_id)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(event_id.0)
}

/// A stored score.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRow {
    pub run_id: i64,
    pub model_version: i64,
    pub score: f64,
    pub decile: i64,
    pub survey_date: String,
    pub household_version: i64,
    pub computed_at: String,
}

const SCORE_COLUMNS: &str =
    "run_id, model_version, score, decile, survey_date, household_version, computed_at";

fn score_from(row: &AnyRow) -> Result<ScoreRow, StoreError> {
    Ok(ScoreRow {
        run_id: row.try_get(0).store()?,
        model_version: row.try_get(1).store()?,
        score: row.try_get(2).store()?,
        decile: row.try_get::<Option<i64>, _>(3).store()?.unwrap_or(0),
        survey_date: row.try_get(4).store()?,
        household_version: row.try_get(5).store()?,
        computed_at: row.try_get(6).store()?,
    })
}

/// A household's scores, newest run first: its history of desil.
pub async fn history(db: &Db, household_id: i64) -> Result<Vec<ScoreRow>, StoreError> {
    let sql = format!(
        "SELECT {SCORE_COLUMNS} FROM welfare_scores WHERE household_id = $1 \
         ORDER BY run_id DESC"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(household_id)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(score_from).collect()
}

/// A household's current desil, for features that read every household at once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurrentDecile {
    pub score: f64,
    pub decile: i64,
    pub model_version: i64,
}

/// Every scored household's current score, desil and model version, by household id.
pub async fn current_deciles(db: &Db) -> Result<HashMap<i64, CurrentDecile>, StoreError> {
    let rows =
        sqlx::query("SELECT household_id, score, decile, model_version FROM welfare_current")
            .fetch_all(&db.pool)
            .await
            .store()?;
    let mut found = HashMap::with_capacity(rows.len());
    for row in &rows {
        let decile: Option<i64> = row.try_get(2).store()?;
        found.insert(
            row.try_get(0).store()?,
            CurrentDecile {
                score: row.try_get(1).store()?,
                decile: decile.unwrap_or(0),
                model_version: row.try_get(3).store()?,
            },
        );
    }
    Ok(found)
}

/// The run a household's current score came from, and the run row's digest.
pub async fn run_digest(db: &Db, run_id: i64) -> Result<Option<(i64, String)>, StoreError> {
    let row = sqlx::query("SELECT households, rows_sha256 FROM welfare_runs WHERE id = $1")
        .bind(run_id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.map(|r| {
        Ok((
            r.try_get(0).store()?,
            r.try_get::<Option<String>, _>(1)
                .store()?
                .unwrap_or_default(),
        ))
    })
    .transpose()
}
