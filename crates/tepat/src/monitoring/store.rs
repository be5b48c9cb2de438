//! SQL for monitoring: households per desil per region, enrolments per programme, the
//! desil counts of the last two scoring runs, and how enrolled households moved between
//! desil from their previous score to their current one.

use sqlx::Row;

use crate::db::{Db, ResultExt, StoreError};
use crate::region_code::{RegionCode, ScopeParams};

/// Runs `sql` (its scope condition bound as `$1`–`$3`) and reads three columns a row.
async fn triples<A, B, C>(
    db: &Db,
    scope: &ScopeParams,
    sql: String,
) -> Result<Vec<(A, B, C)>, StoreError>
where
    for<'r> A: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
    for<'r> B: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
    for<'r> C: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact.clone())
        .bind(scope.prefix.clone())
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get(0).store()?,
                r.try_get(1).store()?,
                r.try_get(2).store()?,
            ))
        })
        .collect()
}

/// (region prefix, desil, households) for the current scores of active households inside
/// `within`, grouped by the first `length` characters of the village code.
pub async fn desil_by_region(
    db: &Db,
    within: Option<&RegionCode>,
    length: usize,
) -> Result<Vec<(String, i64, i64)>, StoreError> {
    let scope = ScopeParams::new(within);
    // `length` is a number chosen in code, never input.
    let sql = format!(
        "SELECT substr(h.region_code, 1, {length}) AS area, w.decile, COUNT(*) \
         FROM welfare_current w JOIN households h ON h.id = w.household_id \
         WHERE {} AND h.status = 'active' AND w.decile IS NOT NULL \
         GROUP BY substr(h.region_code, 1, {length}), w.decile ORDER BY 1, 2",
        crate::db::scope::within(&["h.region_code"])
    );
    triples(db, &scope, sql).await
}

/// (programme, source, households) of the active enrolments inside `within`.
pub async fn enrolled(
    db: &Db,
    within: Option<&RegionCode>,
) -> Result<Vec<(String, String, i64)>, StoreError> {
    let scope = ScopeParams::new(within);
    let sql = format!(
        "SELECT programme_code, source, COUNT(*) FROM enrolments e \
         WHERE {} AND status = 'active' GROUP BY programme_code, source ORDER BY 1, 2",
        crate::db::scope::within(&["e.region_code"])
    );
    triples(db, &scope, sql).await
}

/// (run, desil, households) of the two latest scoring runs, for households inside `within`.
pub async fn last_two_runs(
    db: &Db,
    within: Option<&RegionCode>,
) -> Result<Vec<(i64, i64, i64)>, StoreError> {
    let scope = ScopeParams::new(within);
    let sql = format!(
        "SELECT s.run_id, s.decile, COUNT(*) FROM welfare_scores s \
         JOIN households h ON h.id = s.household_id \
         WHERE {} AND s.decile IS NOT NULL AND s.run_id IN \
           (SELECT id FROM welfare_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 2) \
         GROUP BY s.run_id, s.decile ORDER BY 1, 2",
        crate::db::scope::within(&["h.region_code"])
    );
    triples(db, &scope, sql).await
}

/// (previous desil, current desil, households) for households enrolled in any programme
/// inside `within` that have been scored at least twice: their two latest scores.
pub async fn movement(
    db: &Db,
    within: Option<&RegionCode>,
) -> Result<Vec<(i64, i64, i64)>, StoreError> {
    let scope = ScopeParams::new(within);
    let sql = format!(
        "WITH ranked AS (SELECT s.household_id, s.decile, \
           ROW_NUMBER() OVER (PARTITION BY s.household_id ORDER BY s.run_id DESC) AS n \
           FROM welfare_scores s JOIN households h ON h.id = s.household_id \
           WHERE {} AND s.decile IS NOT NULL AND s.household_id IN \
             (SELECT household_id FROM enrolments WHERE status = 'active')) \
         SELECT p.decile, c.decile, COUNT(*) FROM ranked c \
         JOIN ranked p ON p.household_id = c.household_id AND p.n = 2 \
         WHERE c.n = 1 GROUP BY p.decile, c.decile ORDER BY 1, 2",
        crate::db::scope::within(&["h.region_code"])
    );
    triples(db, &scope, sql).await
}
