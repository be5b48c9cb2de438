//! SQL for the officials' deadlines: the proposals waiting at a step (and past its days),
//! and per official the items waiting past their days at the official's step and the
//! steps they decided late.

use sqlx::Row;
use time::OffsetDateTime;

use crate::db::{Db, ResultExt, StoreError, timestamp};
use crate::region_code::{RegionCode, ScopeParams};

/// (waiting, of which past their days) at `step` inside `within`.
pub async fn at_step(
    db: &Db,
    within: Option<&RegionCode>,
    step: &str,
    now: OffsetDateTime,
) -> Result<(i64, i64), StoreError> {
    let scope = ScopeParams::new(within);
    let sql = format!(
        "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN pr.due_at < $5 THEN 1 ELSE 0 END), 0) \
           AS BIGINT) \
         FROM proposals pr WHERE {} AND pr.status = 'pending' AND pr.step = $4",
        crate::db::scope::within(&["pr.region_code"])
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(step.to_owned())
        .bind(timestamp::to_db(now))
        .fetch_one(&db.pool)
        .await
        .store()?;
    Ok((row.try_get(0).store()?, row.try_get(1).store()?))
}

/// One official's deadlines.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct OfficialDeadlines {
    pub account_id: i64,
    pub name: String,
    pub role: String,
    /// The official's region; empty for the whole country.
    pub region: String,
    /// Proposals waiting past their days at the official's step in their region.
    pub waiting_overdue: i64,
    /// Steps the official decided in the period.
    pub decided: i64,
    /// Of those, decided after they were due.
    pub decided_late: i64,
}

/// The role whose officials decide a proposal's step, in SQL.
const ROLE_OF_STEP: &str = "CASE pr.step WHEN 'village' THEN 'village_operator' \
    WHEN 'district' THEN 'district_officer' WHEN 'province' THEN 'province_officer' \
    WHEN 'ministry' THEN 'ministry_officer' END";

/// Per official, inside `within`: the items waiting past their days now at a step of the
/// official's level and region (every active official of that level there is counted),
/// and the steps decided in `[from, until)` with how many of them late. Two grouped
/// queries; officials with nothing to count are left out.
pub async fn deadlines_per_official(
    db: &Db,
    within: Option<&RegionCode>,
    (from, until): (OffsetDateTime, OffsetDateTime),
    now: OffsetDateTime,
) -> Result<Vec<OfficialDeadlines>, StoreError> {
    let scope = ScopeParams::new(within);
    let in_scope = crate::db::scope::within(&["pr.region_code"]);
    let waiting = format!(
        "SELECT a.id, a.display_name, a.role, COALESCE(a.region_code, ''), COUNT(*) \
         FROM proposals pr JOIN accounts a ON a.status = 'active' AND a.role = {ROLE_OF_STEP} \
          AND (a.region_code IS NULL OR pr.region_code = a.region_code \
               OR pr.region_code LIKE a.region_code || '.%') \
         WHERE {in_scope} AND pr.status = 'pending' AND pr.due_at < $4 \
         GROUP BY a.id, a.display_name, a.role, a.region_code"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(waiting))
        .bind(scope.national)
        .bind(scope.exact.clone())
        .bind(scope.prefix.clone())
        .bind(timestamp::to_db(now))
        .fetch_all(&db.pool)
        .await
        .store()?;
    let mut found: Vec<OfficialDeadlines> = Vec::new();
    for r in &rows {
        found.push(OfficialDeadlines {
            waiting_overdue: r.try_get(4).store()?,
            ..official_of(r)?
        });
    }
    let decided = format!(
        "SELECT a.id, a.display_name, a.role, COALESCE(a.region_code, ''), COUNT(*), \
           CAST(SUM(CASE WHEN s.decided_at > s.due_at THEN 1 ELSE 0 END) AS BIGINT) \
         FROM proposal_steps s JOIN proposals pr ON pr.id = s.proposal_id \
         JOIN accounts a ON a.id = s.official_id \
         WHERE {in_scope} AND s.official_kind = 'account' \
           AND s.decided_at >= $4 AND s.decided_at < $5 \
         GROUP BY a.id, a.display_name, a.role, a.region_code"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(decided))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(timestamp::to_db(from))
        .bind(timestamp::to_db(until))
        .fetch_all(&db.pool)
        .await
        .store()?;
    for r in &rows {
        let id: i64 = r.try_get(0).store()?;
        let at = match found.iter().position(|o| o.account_id == id) {
            Some(at) => at,
            None => {
                found.push(official_of(r)?);
                found.len() - 1
            }
        };
        found[at].decided = r.try_get(4).store()?;
        found[at].decided_late = r.try_get(5).store()?;
    }
    found.sort_by(|a, b| {
        (b.waiting_overdue + b.decided_late, a.account_id)
            .cmp(&(a.waiting_overdue + a.decided_late, b.account_id))
    });
    Ok(found)
}

/// The official a counting row names (id, name, role, region in its first four columns).
fn official_of(r: &sqlx::any::AnyRow) -> Result<OfficialDeadlines, StoreError> {
    Ok(OfficialDeadlines {
        account_id: r.try_get(0).store()?,
        name: r.try_get(1).store()?,
        role: r.try_get(2).store()?,
        region: r.try_get(3).store()?,
        ..OfficialDeadlines::default()
    })
}
