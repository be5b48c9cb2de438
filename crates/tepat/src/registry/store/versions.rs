//! Version rows: one per change of a household or person, with the acting official, the
//! reason, the changed fields, the whole record as it became (with its digest) and the
//! event that wrote it.

use serde_json::{Map, Value};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};
use time::OffsetDateTime;

use super::Acting;
use crate::db::bulk::insert_rows;
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::EventId;

pub const HOUSEHOLD: &str = "household";
pub const PERSON: &str = "person";

/// A version about to be written.
#[derive(Debug, Clone)]
pub struct NewVersion {
    pub subject_type: &'static str,
    pub subject_id: i64,
    pub version: i64,
    pub action: &'static str,
    /// `{"field": {"from": …, "to": …}}`; empty for a record's first version.
    pub changes: Value,
    pub snapshot: String,
}

/// A stored version, as the history pages and API show it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Version {
    pub version: i64,
    /// UTC, RFC 3339.
    pub recorded_at: String,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub actor_role: String,
    pub action: String,
    pub reason: String,
    #[schema(value_type = Object)]
    pub changes: Value,
    #[schema(value_type = Object)]
    pub snapshot: Value,
    /// `household` or `person`: whose version it is (a household's history lists its
    /// members' versions too).
    pub subject_type: String,
    pub subject_id: i64,
}

impl Version {
    /// The member a person's version is about, by name as the viewer may see it; `None`
    /// for a household's own version.
    pub fn member_name(&self) -> Option<&str> {
        if self.subject_type != PERSON {
            return None;
        }
        self.snapshot.get("full_name").and_then(Value::as_str)
    }
}

const COLUMNS: usize = 13;

/// Writes the versions one event wrote, inside the caller's transaction and after the
/// event (whose log entry commits to them).
pub async fn insert(
    tx: &mut Tx,
    event: EventId,
    versions: &[NewVersion],
    acting: &Acting,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let written: Vec<(EventId, &NewVersion)> = versions.iter().map(|v| (event, v)).collect();
    insert_many(tx, &written, acting, now).await
}

/// Writes versions of many events (a bulk import: one event per household), each with the
/// event that wrote it, in multi-row statements inside the caller's transaction.
pub async fn insert_many(
    tx: &mut Tx,
    versions: &[(EventId, &NewVersion)],
    acting: &Acting,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let at = timestamp::to_db(now);
    insert_rows(
        tx,
        "record_versions (subject_type, subject_id, version, recorded_at, actor_kind, \
         actor_id, actor_role, action, reason, changes, snapshot, snapshot_sha256, event_id)",
        COLUMNS,
        versions,
        false,
        |query, (event, v)| {
            query
                .bind(v.subject_type)
                .bind(v.subject_id)
                .bind(v.version)
                .bind(at.clone())
                .bind(acting.actor.kind.as_str())
                .bind(acting.actor.id)
                .bind(acting.actor.role.clone())
                .bind(v.action)
                .bind(acting.reason.clone())
                .bind(v.changes.to_string())
                .bind(v.snapshot.clone())
                .bind(super::snapshot_sha256(&v.snapshot))
                .bind(event.0)
        },
    )
    .await?;
    Ok(())
}

const VERSION_COLUMNS: &str = "version, recorded_at, actor_kind, actor_id, actor_role, action, \
    reason, changes, snapshot, subject_type, subject_id";

/// Every version of a record, newest first.
pub async fn history(
    db: &Db,
    subject_type: &str,
    subject_id: i64,
) -> Result<Vec<Version>, StoreError> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM record_versions \
         WHERE subject_type = $1 AND subject_id = $2 ORDER BY version DESC"
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(subject_type)
        .bind(subject_id)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(version_from_row).collect()
}

/// A household's history as a family reads it: the household's versions and those of its
/// members (a newborn's first version, a member's correction, death or move), newest first.
/// A member who left for another household takes their versions there. Versions written
/// at the same moment follow the events that wrote them.
pub async fn household_history(db: &Db, household_id: i64) -> Result<Vec<Version>, StoreError> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM record_versions \
         WHERE (subject_type = $1 AND subject_id = $2) OR (subject_type = $3 AND subject_id IN \
         (SELECT id FROM persons WHERE household_id = $2)) \
         ORDER BY recorded_at DESC, COALESCE(event_id, 0) DESC, version DESC"
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(HOUSEHOLD)
        .bind(household_id)
        .bind(PERSON)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(version_from_row).collect()
}

fn version_from_row(row: &AnyRow) -> Result<Version, StoreError> {
    let changes: String = row.try_get(7).store()?;
    let snapshot: String = row.try_get(8).store()?;
    Ok(Version {
        version: row.try_get(0).store()?,
        recorded_at: row.try_get(1).store()?,
        actor_kind: row.try_get(2).store()?,
        actor_id: row.try_get(3).store()?,
        actor_role: row.try_get(4).store()?,
        action: row.try_get(5).store()?,
        reason: row.try_get(6).store()?,
        changes: serde_json::from_str(&changes).unwrap_or(Value::Null),
        snapshot: serde_json::from_str(&snapshot).unwrap_or(Value::Null),
        subject_type: row.try_get(9).store()?,
        subject_id: row.try_get(10).store()?,
    })
}

/// The latest snapshot of a record, for computing what a correction changes.
pub async fn latest_snapshot(
    tx: &mut Tx,
    subject_type: &str,
    subject_id: i64,
) -> Result<Value, StoreError> {
    let row = sqlx::query(
        "SELECT snapshot FROM record_versions WHERE subject_type = $1 AND subject_id = $2 \
         ORDER BY version DESC LIMIT 1",
    )
    .bind(subject_type)
    .bind(subject_id)
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    let text: Option<String> = row.map(|r| r.try_get(0)).transpose().store()?;
    Ok(text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(Value::Null))
}

/// The fields that differ between two snapshots, as `{"field": {"from": …, "to": …}}`.
pub fn diff(before: &Value, after: &Value) -> Value {
    let empty = Map::new();
    let before = before.as_object().unwrap_or(&empty);
    let after = after.as_object().unwrap_or(&empty);
    let mut changed = Map::new();
    for (key, to) in after {
        let from = before.get(key).unwrap_or(&Value::Null);
        if from != to {
            changed.insert(key.clone(), serde_json::json!({ "from": from, "to": to }));
        }
    }
    Value::Object(changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_lists_only_changed_fields() {
        let before = json!({"name": "Budi", "rt": "005"});
        let after = json!({"name": "Budi Santoso", "rt": "005"});
        assert_eq!(
            diff(&before, &after),
            json!({"name": {"from": "Budi", "to": "Budi Santoso"}})
        );
    }
}
