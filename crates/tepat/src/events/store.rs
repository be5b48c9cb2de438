//! SQL for the event trail.

use sqlx::Row;
use time::OffsetDateTime;

use super::model::{ActorKind, Event, EventId, NewEvent};
use crate::db::bulk::insert_rows;
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::region_code::{RegionCode, ScopeParams};

/// Writes an event inside the caller's transaction, so it commits with the change, and
/// queues its log entry there too: both commit, or neither.
pub async fn record(
    tx: &mut Tx,
    event: NewEvent,
    now: OffsetDateTime,
) -> Result<EventId, StoreError> {
    record_many(tx, vec![event], now)
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// Values of one event row.
const EVENT_VALUES: usize = 10;

/// Writes many events inside the caller's transaction with multi-row statements (a bulk
/// import records one per household) and queues them for the log in the order given.
/// Returns their ids in that order.
pub async fn record_many(
    tx: &mut Tx,
    events: Vec<NewEvent>,
    now: OffsetDateTime,
) -> Result<Vec<EventId>, StoreError> {
    let at = timestamp::to_db(now);
    let ids = insert_rows(
        tx,
        "events (occurred_at, actor_kind, actor_id, actor_role, action, subject_type, \
         subject_id, region_code, changes, request_id)",
        EVENT_VALUES,
        &events,
        true,
        |query, event| {
            query
                .bind(at.clone())
                .bind(event.actor.kind.as_str())
                .bind(event.actor.id)
                .bind(event.actor.role.clone())
                .bind(event.action.0)
                .bind(event.subject_type)
                .bind(event.subject_id.clone())
                .bind(event.region.as_ref().map(|r| r.as_str().to_owned()))
                .bind(event.changes.to_json_string())
                .bind(event.request_id.clone())
        },
    )
    .await?;
    enqueue_many(tx, &ids).await?;
    Ok(ids.into_iter().map(EventId).collect())
}

const COLUMNS: &str = "id, occurred_at, actor_kind, actor_id, actor_role, action, subject_type, \
                       subject_id, region_code, changes, log_index";

/// Events inside `within` (all when `None`), newest first, after the cursor id.
pub async fn list(
    db: &Db,
    within: Option<&RegionCode>,
    before_id: Option<i64>,
    limit: u32,
) -> Result<Vec<Event>, StoreError> {
    let ScopeParams {
        national,
        exact,
        prefix,
    } = ScopeParams::new(within);
    let in_scope = crate::db::scope::within(&["region_code"]);
    let sql = format!(
        "SELECT {COLUMNS} FROM events \
         WHERE {in_scope} AND id < $4 \
         ORDER BY id DESC LIMIT $5"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(national)
        .bind(exact)
        .bind(prefix)
        .bind(before_id.unwrap_or(i64::MAX))
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(event_from_row).collect()
}

/// Counts events inside `within`, all time and since `since`.
pub async fn count(
    db: &Db,
    within: Option<&RegionCode>,
    since: OffsetDateTime,
) -> Result<(i64, i64), StoreError> {
    let ScopeParams {
        national,
        exact,
        prefix,
    } = ScopeParams::new(within);
    let row = sqlx::query(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN occurred_at >= $4 THEN 1 ELSE 0 END), 0) \
         FROM events WHERE ($1 = 1 OR region_code = $2 OR region_code LIKE $3)",
    )
    .bind(national)
    .bind(exact)
    .bind(prefix)
    .bind(timestamp::to_db(since))
    .fetch_one(&db.pool)
    .await
    .store()?;
    Ok((row.try_get(0).store()?, row.try_get(1).store()?))
}

/// Events per UTC day inside `within` since `since`, as (YYYY-MM-DD, count).
pub async fn per_day(
    db: &Db,
    within: Option<&RegionCode>,
    since: OffsetDateTime,
) -> Result<Vec<(String, i64)>, StoreError> {
    let ScopeParams {
        national,
        exact,
        prefix,
    } = ScopeParams::new(within);
    let rows = sqlx::query(
        "SELECT SUBSTR(occurred_at, 1, 10) AS day, COUNT(*) FROM events \
         WHERE ($1 = 1 OR region_code = $2 OR region_code LIKE $3) AND occurred_at >= $4 \
         GROUP BY SUBSTR(occurred_at, 1, 10) ORDER BY day",
    )
    .bind(national)
    .bind(exact)
    .bind(prefix)
    .bind(timestamp::to_db(since))
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|row| Ok((row.try_get(0).store()?, row.try_get(1).store()?)))
        .collect()
}

fn event_from_row(row: &sqlx::any::AnyRow) -> Result<Event, StoreError> {
    let changes: String = row.try_get("changes").store()?;
    let kind: String = row.try_get("actor_kind").store()?;
    Ok(Event {
        id: row.try_get("id").store()?,
        occurred_at: row.try_get("occurred_at").store()?,
        actor_kind: ActorKind::parse(&kind),
        actor_id: row.try_get("actor_id").store()?,
        actor_role: row.try_get("actor_role").store()?,
        action: row.try_get("action").store()?,
        subject_type: row.try_get("subject_type").store()?,
        subject_id: row.try_get("subject_id").store()?,
        region_code: row.try_get("region_code").store()?,
        changes: serde_json::from_str(&changes).unwrap_or(serde_json::Value::Null),
        log_index: row.try_get("log_index").store()?,
    })
}

/// Queues events for the transparency log, in the order given, inside their transaction;
/// the log's sequencer (`audit/`) reads the queue.
pub async fn enqueue_many(tx: &mut Tx, event_ids: &[i64]) -> Result<(), StoreError> {
    insert_rows(
        tx,
        "log_queue (event_id)",
        1,
        event_ids,
        false,
        |query, id| query.bind(*id),
    )
    .await?;
    Ok(())
}

/// The longest list of accounts named at once (a page of the trail names at most this many).
const NAMES_MAX: usize = 500;

/// Display names of the accounts among `ids`, as (id, name); unknown ids are left out.
pub async fn account_names(db: &Db, ids: &[i64]) -> Result<Vec<(i64, String)>, StoreError> {
    let ids: Vec<i64> = ids.iter().copied().take(NAMES_MAX).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = (1..=ids.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("SELECT id, display_name FROM accounts WHERE id IN ({placeholders})");
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for id in &ids {
        query = query.bind(*id);
    }
    let rows = query.fetch_all(&db.pool).await.store()?;
    rows.iter()
        .map(|row| Ok((row.try_get(0).store()?, row.try_get(1).store()?)))
        .collect()
}
