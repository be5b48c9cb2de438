//! SQL for duplicate detection: candidate pairs (opened with their event, listed in a
//! region scope, counted, read one by one), runs, the persons the linkage reads, and the
//! decisions. Every write that changes state writes its event in the same transaction.

pub mod decide;
pub mod persons;
pub mod runs;

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::OPEN;
use super::model::{PairExplanation, PersonPair};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::{self, Action, Actor, Changes, NewEvent};
use crate::region_code::{RegionCode, ScopeParams};

pub const PAIR_OPENED: Action = Action("duplicate_pair.opened");

/// A candidate pair about to be opened.
#[derive(Debug, Clone)]
pub struct NewPair {
    pub pair: PersonPair,
    pub probability: f64,
    pub explanation: PairExplanation,
    /// `run` (a full run) or `entry` (the check when a record is created or changed).
    pub source: &'static str,
    pub run_id: Option<i64>,
    /// The region of the first person, for the event.
    pub region: Option<RegionCode>,
}

/// A stored candidate pair.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct DuplicatePair {
    pub id: i64,
    /// The person registered first (smaller id).
    pub person_a: i64,
    pub person_b: i64,
    /// Each person's current village.
    pub region_a: String,
    pub region_b: String,
    pub name_a: String,
    pub name_b: String,
    /// Match probability, 0 to 1.
    pub probability: f64,
    pub explanation: PairExplanation,
    /// `run` or `entry`.
    pub source: String,
    pub run_id: Option<i64>,
    /// `open`, `same` (merged), `different` (remembered) or `closed` (one of the two was
    /// merged into someone else meanwhile).
    pub status: String,
    /// UTC, RFC 3339.
    pub found_at: String,
    pub decided_at: Option<String>,
    pub decided_by_role: Option<String>,
    pub decided_by_name: Option<String>,
    pub decision_reason: Option<String>,
    /// For `same`: the person kept; the other now points at them.
    pub survivor_id: Option<i64>,
}

/// Opens a pair with its event unless the two were decided different, either was merged,
/// or the pair is already open (also when a run and a check at entry open it at once: the
/// unique index on open pairs then skips it rather than failing the transaction); returns
/// its id when opened.
pub async fn open(
    tx: &mut Tx,
    new: &NewPair,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<Option<i64>, StoreError> {
    let explanation = serde_json::to_string(&new.explanation).unwrap_or_default();
    let row = sqlx::query(
        "INSERT INTO duplicate_pairs (person_a, person_b, probability, explanation, source, \
         run_id, status, found_at) SELECT $1, $2, $3, $4, $5, $6, $7, $8 \
         WHERE NOT EXISTS (SELECT 1 FROM duplicate_distinct x \
             WHERE x.person_a = $1 AND x.person_b = $2) \
           AND NOT EXISTS (SELECT 1 FROM duplicate_pairs y \
             WHERE y.person_a = $1 AND y.person_b = $2 AND y.status = $7) \
           AND NOT EXISTS (SELECT 1 FROM persons p \
             WHERE (p.id = $1 OR p.id = $2) AND p.merged_into IS NOT NULL) \
         ON CONFLICT (person_a, person_b) WHERE status = 'open' DO NOTHING \
         RETURNING id",
    )
    .bind(new.pair.a)
    .bind(new.pair.b)
    .bind(new.probability)
    .bind(explanation)
    .bind(new.source)
    .bind(new.run_id)
    .bind(OPEN)
    .bind(timestamp::to_db(now))
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    let Some(row) = row else {
        return Ok(None);
    };
    let id: i64 = row.try_get(0).store()?;
    let changes = Changes::new()
        .set("person_a", new.pair.a)
        .set("person_b", new.pair.b)
        .set("probability", new.probability)
        .set("source", new.source)
        .set("status", OPEN);
    let event = NewEvent {
        actor: actor.clone(),
        action: PAIR_OPENED,
        subject_type: "duplicate_pair",
        subject_id: id.to_string(),
        region: new.region.clone(),
        changes,
        request_id: None,
    };
    events::store::record(tx, event, now).await?;
    Ok(Some(id))
}

const COLUMNS: &str = "d.id, d.person_a, d.person_b, pa.region_code, pb.region_code, \
    pa.full_name, pb.full_name, d.probability, d.explanation, d.source, d.run_id, d.status, \
    d.found_at, d.decided_at, d.decided_by_role, d.decided_by_name, d.decision_reason, \
    d.survivor_id FROM duplicate_pairs d JOIN persons pa ON pa.id = d.person_a \
    JOIN persons pb ON pb.id = d.person_b";

/// Either person inside the scope shows the pair.
fn in_scope() -> String {
    crate::db::scope::within(&["pa.region_code", "pb.region_code"])
}

fn pair_from_row(row: &AnyRow) -> Result<DuplicatePair, StoreError> {
    let explanation: String = row.try_get(8).store()?;
    let explanation = serde_json::from_str(&explanation).map_err(|e| {
        StoreError::Other(sqlx::Error::Decode(format!("pair explanation: {e}").into()))
    })?;
    Ok(DuplicatePair {
        id: row.try_get(0).store()?,
        person_a: row.try_get(1).store()?,
        person_b: row.try_get(2).store()?,
        region_a: row.try_get(3).store()?,
        region_b: row.try_get(4).store()?,
        name_a: row.try_get(5).store()?,
        name_b: row.try_get(6).store()?,
        probability: row.try_get(7).store()?,
        explanation,
        source: row.try_get(9).store()?,
        run_id: row.try_get(10).store()?,
        status: row.try_get(11).store()?,
        found_at: row.try_get(12).store()?,
        decided_at: row.try_get(13).store()?,
        decided_by_role: row.try_get(14).store()?,
        decided_by_name: row.try_get(15).store()?,
        decision_reason: row.try_get(16).store()?,
        survivor_id: row.try_get(17).store()?,
    })
}

/// Pairs with either person inside `within` (all when `None`), with status `status`
/// (any when empty), newest first, before an id.
pub async fn list(
    db: &Db,
    within: Option<&RegionCode>,
    status: &str,
    before_id: i64,
    limit: u32,
) -> Result<Vec<DuplicatePair>, StoreError> {
    let scope = ScopeParams::new(within);
    let in_scope = in_scope();
    let sql = format!(
        "SELECT {COLUMNS} WHERE {in_scope} AND ($4 = '' OR d.status = $4) AND d.id < $5 \
         ORDER BY d.id DESC LIMIT $6"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(status.to_owned())
        .bind(before_id)
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(pair_from_row).collect()
}

/// Pairs per status inside `within`.
pub async fn counts(
    db: &Db,
    within: Option<&RegionCode>,
) -> Result<Vec<(String, i64)>, StoreError> {
    let scope = ScopeParams::new(within);
    let in_scope = in_scope();
    let sql = format!(
        "SELECT d.status, COUNT(*) FROM duplicate_pairs d JOIN persons pa ON pa.id = d.person_a \
         JOIN persons pb ON pb.id = d.person_b WHERE {in_scope} GROUP BY d.status"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter()
        .map(|row| Ok((row.try_get(0).store()?, row.try_get(1).store()?)))
        .collect()
}

/// A pair read inside a write transaction, so a decision sees the regions it checks.
pub async fn find_in(tx: &mut Tx, id: i64) -> Result<Option<DuplicatePair>, StoreError> {
    let sql = format!("SELECT {COLUMNS} WHERE d.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    row.as_ref().map(pair_from_row).transpose()
}

pub async fn find(db: &Db, id: i64) -> Result<Option<DuplicatePair>, StoreError> {
    let sql = format!("SELECT {COLUMNS} WHERE d.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(pair_from_row).transpose()
}

/// Open pairs naming `person_id`, newest first.
pub async fn open_for_person(db: &Db, person_id: i64) -> Result<Vec<DuplicatePair>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} WHERE d.status = $1 AND (d.person_a = $2 OR d.person_b = $2) \
         ORDER BY d.id DESC"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(OPEN)
        .bind(person_id)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(pair_from_row).collect()
}
