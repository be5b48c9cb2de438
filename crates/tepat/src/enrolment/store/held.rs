//! The households a batch may never enrol while they stay so: a member in an undecided
//! duplicate pair, a head recorded as deceased, or no member recorded as living.

use std::collections::HashMap;

use futures_util::TryStreamExt;
use sqlx::Row;

use crate::db::{Db, ResultExt, StoreError};
use crate::duplicates::OPEN;
use crate::enrolment::select::Reason;
use crate::region_code::{RegionCode, ScopeParams};

/// The held households inside `within`, each with the first reason found.
pub async fn held(
    db: &Db,
    within: Option<&RegionCode>,
) -> Result<HashMap<i64, Reason>, StoreError> {
    let scope = ScopeParams::new(within);
    let mut found: HashMap<i64, Reason> = HashMap::new();
    let in_scope = crate::db::scope::within(&["p.region_code"]);
    for side in ["person_a", "person_b"] {
        let sql = format!(
            "SELECT p.household_id, d.id FROM duplicate_pairs d JOIN persons p ON p.id = d.{side} \
             WHERE {in_scope} AND d.status = $4 ORDER BY d.id"
        );
        let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.national)
            .bind(scope.exact.clone())
            .bind(scope.prefix.clone())
            .bind(OPEN)
            .fetch(&db.pool);
        while let Some(row) = rows.try_next().await.store()? {
            let household: Option<i64> = row.try_get(0).store()?;
            let pair: i64 = row.try_get(1).store()?;
            if let Some(household) = household {
                let reason = found.entry(household).or_insert(Reason::HeldByPair(pair));
                if let Reason::HeldByPair(first) = reason
                    && pair < *first
                {
                    *first = pair;
                }
            }
        }
    }
    let sql = format!(
        "SELECT p.household_id FROM persons p WHERE {in_scope} \
         AND p.relationship = 'kepala' AND p.life_status = 'meninggal'"
    );
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact.clone())
        .bind(scope.prefix.clone())
        .fetch(&db.pool);
    while let Some(row) = rows.try_next().await.store()? {
        let household: Option<i64> = row.try_get(0).store()?;
        if let Some(household) = household {
            found.entry(household).or_insert(Reason::HeadDeceased);
        }
    }
    let sql = format!(
        "SELECT h.id FROM households h WHERE {} AND h.status = 'active' \
         AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.household_id = h.id \
         AND p.life_status = 'hidup')",
        crate::db::scope::within(&["h.region_code"])
    );
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact.clone())
        .bind(scope.prefix.clone())
        .fetch(&db.pool);
    while let Some(row) = rows.try_next().await.store()? {
        let household: i64 = row.try_get(0).store()?;
        found.entry(household).or_insert(Reason::NoLivingMember);
    }
    Ok(found)
}
