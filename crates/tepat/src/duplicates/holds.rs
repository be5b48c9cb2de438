//! Holds: a person in an undecided candidate pair is held — enrolment in a programme and
//! payment wait until a district officer has decided whether they are someone registered
//! twice. Enrolment and payment ask here; the person page shows a badge.

use sqlx::Row;

use super::OPEN;
use crate::db::{Db, ResultExt, StoreError};
use crate::region_code::{RegionCode, ScopeParams};

/// A held person and the undecided pairs that hold them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Hold {
    pub person_id: i64,
    pub region_code: String,
    /// The open pairs naming the person, oldest first.
    pub pair_ids: Vec<i64>,
}

/// True when the person is in an undecided candidate pair.
pub async fn is_held(db: &Db, person_id: i64) -> Result<bool, StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(*) FROM duplicate_pairs WHERE status = $1 \
         AND (person_a = $2 OR person_b = $2)",
    )
    .bind(OPEN)
    .bind(person_id)
    .fetch_one(&db.pool)
    .await
    .store()?;
    let open: i64 = row.try_get(0).store()?;
    Ok(open > 0)
}

/// The undecided pairs holding a person, oldest first; empty when not held.
pub async fn pairs_holding(db: &Db, person_id: i64) -> Result<Vec<i64>, StoreError> {
    let rows = sqlx::query(
        "SELECT id FROM duplicate_pairs WHERE status = $1 AND (person_a = $2 OR person_b = $2) \
         ORDER BY id",
    )
    .bind(OPEN)
    .bind(person_id)
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter().map(|row| row.try_get(0).store()).collect()
}

/// The person this one was merged into, when a district officer found them the same.
pub async fn merged_into(db: &Db, person_id: i64) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query("SELECT merged_into FROM persons WHERE id = $1")
        .bind(person_id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    match row {
        Some(row) => row.try_get(0).store(),
        None => Ok(None),
    }
}

/// Held persons inside `within` (all when `None`), by person id after `after_id`.
pub async fn list(
    db: &Db,
    within: Option<&RegionCode>,
    after_id: i64,
    limit: u32,
) -> Result<Vec<Hold>, StoreError> {
    let scope = ScopeParams::new(within);
    let rows = sqlx::query(
        "SELECT p.id, p.region_code, d.id FROM persons p JOIN duplicate_pairs d \
         ON (d.person_a = p.id OR d.person_b = p.id) AND d.status = $4 \
         WHERE ($1 = 1 OR p.region_code = $2 OR p.region_code LIKE $3) AND p.id > $5 \
           AND p.id IN (SELECT q.id FROM persons q JOIN duplicate_pairs e \
             ON (e.person_a = q.id OR e.person_b = q.id) AND e.status = $4 \
             WHERE ($1 = 1 OR q.region_code = $2 OR q.region_code LIKE $3) AND q.id > $5 \
             GROUP BY q.id ORDER BY q.id LIMIT $6) \
         ORDER BY p.id, d.id",
    )
    .bind(scope.national)
    .bind(scope.exact)
    .bind(scope.prefix)
    .bind(OPEN)
    .bind(after_id)
    .bind(i64::from(limit))
    .fetch_all(&db.pool)
    .await
    .store()?;
    let mut holds: Vec<Hold> = Vec::new();
    for row in &rows {
        let person_id: i64 = row.try_get(0).store()?;
        let pair_id: i64 = row.try_get(2).store()?;
        match holds.last_mut() {
            Some(hold) if hold.person_id == person_id => hold.pair_ids.push(pair_id),
            _ => holds.push(Hold {
                person_id,
                region_code: row.try_get(1).store()?,
                pair_ids: vec![pair_id],
            }),
        }
    }
    Ok(holds)
}
