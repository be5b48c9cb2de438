//! The one query behind the response times: every event of the items opened in a region
//! and period, with who acted (the account, directly or by its token: name, role, region), in order.

use sqlx::Row;
use time::OffsetDateTime;

use super::kinds;
use crate::db::{Db, ResultExt, StoreError, timestamp};
use crate::region_code::{RegionCode, ScopeParams};

/// One event of an item.
#[derive(Debug, Clone)]
pub struct ItemEvent {
    pub subject_type: String,
    pub subject_id: String,
    pub action: String,
    pub at: OffsetDateTime,
    /// The acting account (`account:7`; an API token counts for the account that owns
    /// it), or none for the program.
    pub actor: Option<String>,
    pub actor_role: String,
    pub actor_name: Option<String>,
    pub actor_region: Option<String>,
    /// The region of the event that opened the item.
    pub item_region: Option<String>,
    pub changes: String,
}

/// `'a', 'b'`: SQL literals of action names written in code (never input).
fn literals(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    quoted.join(", ")
}

/// Every event of the items opened inside `within` between `from` and `until` (end
/// excluded), ordered by item and then as they happened.
pub async fn item_events(
    db: &Db,
    within: Option<&RegionCode>,
    from: OffsetDateTime,
    until: OffsetDateTime,
) -> Result<Vec<ItemEvent>, StoreError> {
    let scope = ScopeParams::new(within);
    let sql = format!(
        "SELECT e.subject_type, e.subject_id, e.action, e.occurred_at, a.id, \
                e.actor_role, a.display_name, a.region_code, o.region_code, e.changes \
         FROM (SELECT subject_type, subject_id, MIN(region_code) AS region_code \
               FROM events WHERE action IN ({opening}) AND {scope} \
                 AND occurred_at >= $4 AND occurred_at < $5 \
               GROUP BY subject_type, subject_id) o \
         JOIN events e ON e.subject_type = o.subject_type AND e.subject_id = o.subject_id \
         LEFT JOIN api_tokens t ON e.actor_kind = 'token' AND t.id = e.actor_id \
         LEFT JOIN accounts a ON a.id = CASE WHEN e.actor_kind = 'account' \
                                        THEN e.actor_id ELSE t.account_id END \
         WHERE e.action IN ({all}) \
         ORDER BY e.subject_type, e.subject_id, e.id",
        opening = literals(&kinds::opening_actions()),
        all = literals(&kinds::all_actions()),
        scope = crate::db::scope::within(&["region_code"]),
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
    rows.iter().map(read).collect()
}

fn read(row: &sqlx::any::AnyRow) -> Result<ItemEvent, StoreError> {
    let at: String = row.try_get(3).store()?;
    let account: Option<i64> = row.try_get(4).store()?;
    Ok(ItemEvent {
        subject_type: row.try_get(0).store()?,
        subject_id: row.try_get(1).store()?,
        action: row.try_get(2).store()?,
        at: timestamp::from_db(&at)
            .ok_or_else(|| StoreError::Other(sqlx::Error::Decode(format!("time {at}").into())))?,
        actor: account.map(|id| format!("account:{id}")),
        actor_role: row.try_get(5).store()?,
        actor_name: row.try_get(6).store()?,
        actor_region: row.try_get(7).store()?,
        item_region: row.try_get(8).store()?,
        changes: row.try_get(9).store()?,
    })
}
