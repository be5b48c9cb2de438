//! SQL for the monthly monitoring of decisions: one grouped query per table, inside a
//! region (`$1`–`$3`) and a period (`$4`–`$5`, UTC text, end excluded).

use sqlx::Row;
use time::OffsetDateTime;

use crate::db::{Db, ResultExt, StoreError, timestamp};
use crate::region_code::{RegionCode, ScopeParams};

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// A region and a period, as every query here binds them.
pub struct Window {
    scope: ScopeParams,
    from: String,
    until: String,
}

impl Window {
    pub fn new(within: Option<&RegionCode>, from: OffsetDateTime, until: OffsetDateTime) -> Self {
        Self {
            scope: ScopeParams::new(within),
            from: timestamp::to_db(from),
            until: timestamp::to_db(until),
        }
    }

    /// `sql` with the region bound as `$1`–`$3`.
    fn scoped<'q>(&self, sql: String) -> Query<'q> {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.scope.national)
            .bind(self.scope.exact.clone())
            .bind(self.scope.prefix.clone())
    }

    /// `sql` with the region bound as `$1`–`$3` and the period as `$4`–`$5`.
    fn query<'q>(&self, sql: String) -> Query<'q> {
        self.scoped(sql)
            .bind(self.from.clone())
            .bind(self.until.clone())
    }
}

fn within(column: &str) -> String {
    crate::db::scope::within(&[column])
}

/// Runs a query of (text, text, count) rows.
async fn pairs(db: &Db, w: &Window, sql: String) -> Result<Vec<(String, String, i64)>, StoreError> {
    let rows = w.query(sql).fetch_all(&db.pool).await.store()?;
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

/// (kind, status, proposals) of the proposals made in the period.
pub async fn proposals_by_kind(
    db: &Db,
    w: &Window,
) -> Result<Vec<(String, String, i64)>, StoreError> {
    let sql = format!(
        "SELECT pr.kind, pr.status, COUNT(*) FROM proposals pr WHERE {} \
           AND pr.created_at >= $4 AND pr.created_at < $5 \
         GROUP BY pr.kind, pr.status ORDER BY 1, 2",
        within("pr.region_code")
    );
    pairs(db, w, sql).await
}

/// (`change_data`, status, change requests) of the registry change requests made in the
/// period: the "change data" kind of proposals (`changes/`), their statuses read as a
/// proposal's (`diajukan` pending, `disetujui` approved, `dikembalikan` returned).
pub async fn change_requests(
    db: &Db,
    w: &Window,
) -> Result<Vec<(String, String, i64)>, StoreError> {
    let sql = format!(
        "SELECT 'change_data', CASE c.status WHEN 'diajukan' THEN 'pending' \
           WHEN 'disetujui' THEN 'approved' ELSE 'returned' END, COUNT(*) \
         FROM change_requests c WHERE {} AND c.proposed_at >= $4 AND c.proposed_at < $5 \
         GROUP BY 2 ORDER BY 2",
        within("c.region_code")
    );
    pairs(db, w, sql).await
}

/// (reason, status, objections) of the objections filed in the period.
pub async fn objections_by_reason(
    db: &Db,
    w: &Window,
) -> Result<Vec<(String, String, i64)>, StoreError> {
    let sql = format!(
        "SELECT o.reason, o.status, COUNT(*) FROM objections o WHERE {} \
           AND o.created_at >= $4 AND o.created_at < $5 \
         GROUP BY o.reason, o.status ORDER BY 1, 2",
        within("o.region_code")
    );
    pairs(db, w, sql).await
}

/// (step, reached at, decided at, due at) of the steps decided in the period: the times
/// from which the days spent at each step are computed (a median needs every value).
pub async fn decided_steps(
    db: &Db,
    w: &Window,
) -> Result<Vec<(String, Option<String>, String, Option<String>)>, StoreError> {
    let sql = format!(
        "SELECT s.step, s.reached_at, s.decided_at, s.due_at FROM proposal_steps s \
         JOIN proposals pr ON pr.id = s.proposal_id WHERE {} \
           AND s.decided_at >= $4 AND s.decided_at < $5 ORDER BY s.step, s.id",
        within("pr.region_code")
    );
    let rows = w.query(sql).fetch_all(&db.pool).await.store()?;
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

/// (step, proposals) waiting now past their days; the period is not used.
pub async fn overdue_now(
    db: &Db,
    w: &Window,
    now: OffsetDateTime,
) -> Result<Vec<(String, i64)>, StoreError> {
    let sql = format!(
        "SELECT pr.step, COUNT(*) FROM proposals pr WHERE {} \
           AND pr.status = 'pending' AND pr.due_at < $4 GROUP BY pr.step ORDER BY 1",
        within("pr.region_code")
    );
    let rows = w
        .scoped(sql)
        .bind(timestamp::to_db(now))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter()
        .map(|r| Ok((r.try_get(0).store()?, r.try_get(1).store()?)))
        .collect()
}

/// (basis, '', proposals) flagged in the period, by the basis of their links.
pub async fn flagged_by_basis(
    db: &Db,
    w: &Window,
) -> Result<Vec<(String, String, i64)>, StoreError> {
    let sql = format!(
        "SELECT c.basis, '', COUNT(DISTINCT c.proposal_id) FROM proposal_conflicts c \
         JOIN proposals pr ON pr.id = c.proposal_id WHERE {} \
           AND c.found_at >= $4 AND c.found_at < $5 GROUP BY c.basis ORDER BY 1",
        within("pr.region_code")
    );
    pairs(db, w, sql).await
}

/// (account, name, role, proposals) of the officials linked to the households of
/// proposals flagged in the period, most first.
pub async fn linked_officials(
    db: &Db,
    w: &Window,
) -> Result<Vec<(i64, String, String, i64)>, StoreError> {
    let sql = format!(
        "SELECT c.account_id, a.display_name, c.account_role, COUNT(DISTINCT c.proposal_id) \
         FROM proposal_conflicts c JOIN proposals pr ON pr.id = c.proposal_id \
         JOIN accounts a ON a.id = c.account_id WHERE {} \
           AND c.found_at >= $4 AND c.found_at < $5 \
         GROUP BY c.account_id, a.display_name, c.account_role \
         ORDER BY 4 DESC, 1 LIMIT 50",
        within("pr.region_code")
    );
    let rows = w.query(sql).fetch_all(&db.pool).await.store()?;
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
