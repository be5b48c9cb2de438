//! SQL of the community's reports over time: complaints counted per category, village and
//! hour (folded into weeks in Rust, as both engines group text alike), and their places.

use sqlx::Row;
use time::OffsetDateTime;

use crate::db::{Db, ResultExt, StoreError, timestamp};
use crate::region_code::{RegionCode, ScopeParams};

/// Places plotted at most: the latest complaints with coordinates.
pub const POINTS_MAX: i64 = 2_000;

/// (category, village, hour `YYYY-MM-DD HH` in UTC, complaints) inside `within` from
/// `from` (included) to `until` (excluded).
pub async fn counts(
    db: &Db,
    within: Option<&RegionCode>,
    from: OffsetDateTime,
    until: OffsetDateTime,
) -> Result<Vec<(String, String, String, i64)>, StoreError> {
    let scope = ScopeParams::new(within);
    let sql = format!(
        "SELECT c.category, c.region_code, SUBSTR(c.created_at, 1, 13), COUNT(*) \
         FROM complaints c WHERE {} AND c.created_at >= $4 AND c.created_at < $5 \
         GROUP BY c.category, c.region_code, SUBSTR(c.created_at, 1, 13)",
        crate::db::scope::within(&["c.region_code"])
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(timestamp::to_db(from))
        .bind(timestamp::to_db(until))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get(0).store()?,
                r.try_get(1).store()?,
                r.try_get(2).store()?,
                r.try_get(3).store()?,
            ))
        })
        .collect()
}

/// (category, village, latitude, longitude) of the latest complaints with a place.
pub async fn points(
    db: &Db,
    within: Option<&RegionCode>,
    from: OffsetDateTime,
) -> Result<Vec<(String, String, f64, f64)>, StoreError> {
    let scope = ScopeParams::new(within);
    let sql = format!(
        "SELECT c.category, c.region_code, c.latitude, c.longitude FROM complaints c \
         WHERE {} AND c.created_at >= $4 AND c.latitude IS NOT NULL \
           AND c.longitude IS NOT NULL ORDER BY c.id DESC LIMIT $5",
        crate::db::scope::within(&["c.region_code"])
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(timestamp::to_db(from))
        .bind(POINTS_MAX)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get(0).store()?,
                r.try_get(1).store()?,
                r.try_get(2).store()?,
                r.try_get(3).store()?,
            ))
        })
        .collect()
}
