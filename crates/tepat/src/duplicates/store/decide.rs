//! SQL for decisions on a pair, each inside the caller's transaction with its event:
//! claiming the pair (so a second decision finds it decided), remembering "different
//! people", and merging the duplicate person into the one kept with a new version.

use serde_json::{Value, json};
use sqlx::Row;
use time::OffsetDateTime;

use super::super::model::{Decision, PersonPair};
use super::super::{CLOSED, OPEN};
use crate::auth::Principal;
use crate::db::{ResultExt, StoreError, Tx, timestamp};
use crate::events::{self, Action, Actor, Changes, NewEvent};
use crate::region_code::RegionCode;
use crate::registry::store::Acting;
use crate::registry::store::versions::{self, NewVersion};

pub const PAIR_DECIDED: Action = Action("duplicate_pair.decided");
pub const PAIR_CLOSED: Action = Action("duplicate_pair.closed");
pub const PERSON_MERGED: Action = Action("person.merged");

/// A decision as the transaction writes it.
#[derive(Debug, Clone)]
pub struct DecisionIn<'a> {
    pub pair_id: i64,
    pub pair: PersonPair,
    pub decision: Decision,
    pub reason: &'a str,
    /// For `Same`: the person kept.
    pub survivor: Option<i64>,
    pub region: Option<RegionCode>,
    pub request_id: Option<String>,
}

/// Marks an open pair decided and writes the decision's event; false when it was no
/// longer open (decided meanwhile).
pub async fn claim(
    tx: &mut Tx,
    decision: &DecisionIn<'_>,
    caller: &Principal,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE duplicate_pairs SET status = $1, decided_at = $2, decided_by_kind = $3, \
         decided_by_id = $4, decided_by_role = $5, decided_by_name = $6, \
         decision_reason = $7, survivor_id = $8 WHERE id = $9 AND status = $10",
    )
    .bind(decision.decision.status())
    .bind(timestamp::to_db(now))
    .bind(caller.actor.kind.as_str())
    .bind(caller.actor.id)
    .bind(caller.role.as_str())
    .bind(caller.name.clone())
    .bind(decision.reason.to_owned())
    .bind(decision.survivor)
    .bind(decision.pair_id)
    .bind(OPEN)
    .execute(&mut **tx)
    .await
    .store()?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    let mut changes = Changes::new()
        .change("status", OPEN, decision.decision.status())
        .set("reason", decision.reason);
    if let Some(survivor) = decision.survivor {
        changes = changes.set("survivor_id", survivor);
    }
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: PAIR_DECIDED,
        subject_type: "duplicate_pair",
        subject_id: decision.pair_id.to_string(),
        region: decision.region.clone(),
        changes,
        request_id: decision.request_id.clone(),
    };
    events::store::record(tx, event, now).await?;
    Ok(true)
}

/// Remembers that the two are different people, so no run or check proposes them again.
pub async fn remember_distinct(
    tx: &mut Tx,
    pair: PersonPair,
    pair_id: i64,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO duplicate_distinct (person_a, person_b, pair_id, decided_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (person_a, person_b) DO NOTHING",
    )
    .bind(pair.a)
    .bind(pair.b)
    .bind(pair_id)
    .bind(timestamp::to_db(now))
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(())
}

/// Closes `duplicate` as merged into `survivor`: a new version of the person naming the
/// decision, and its event. The record and all its versions stay.
pub async fn merge(
    tx: &mut Tx,
    duplicate: i64,
    survivor: i64,
    acting: &Acting,
    region: Option<RegionCode>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let row = sqlx::query("SELECT version FROM persons WHERE id = $1 AND merged_into IS NULL")
        .bind(duplicate)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    let version: i64 = match row {
        Some(row) => row.try_get(0).store()?,
        None => return Err(StoreError::NotFound),
    };
    let mut snapshot = versions::latest_snapshot(tx, versions::PERSON, duplicate).await?;
    if let Value::Object(fields) = &mut snapshot {
        fields.insert("merged_into".to_owned(), json!(survivor));
    }
    sqlx::query("UPDATE persons SET merged_into = $1, version = $2, updated_at = $3 WHERE id = $4")
        .bind(survivor)
        .bind(version + 1)
        .bind(timestamp::to_db(now))
        .bind(duplicate)
        .execute(&mut **tx)
        .await
        .store()?;
    let merged = NewVersion {
        subject_type: versions::PERSON,
        subject_id: duplicate,
        version: version + 1,
        action: "merged",
        changes: json!({"merged_into": {"from": null, "to": survivor}}),
        snapshot: snapshot.to_string(),
    };
    let event = NewEvent {
        actor: acting.actor.clone(),
        action: PERSON_MERGED,
        subject_type: "person",
        subject_id: duplicate.to_string(),
        region,
        changes: Changes::new()
            .change("merged_into", Value::Null, survivor)
            .set("reason", acting.reason.clone()),
        request_id: acting.request_id.clone(),
    };
    let event = events::store::record(tx, event, now).await?;
    versions::insert(tx, event, &[merged], acting, now).await?;
    Ok(())
}

/// Closes the other open pairs of a person just merged: the person they name is no longer
/// in the registry on their own, and the next run compares the one kept instead.
pub async fn close_others(
    tx: &mut Tx,
    merged: i64,
    decided_pair: i64,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<u64, StoreError> {
    let rows = sqlx::query(
        "UPDATE duplicate_pairs SET status = $1, decided_at = $2, decision_reason = $3 \
         WHERE status = $4 AND (person_a = $5 OR person_b = $5) AND id <> $6 RETURNING id",
    )
    .bind(CLOSED)
    .bind(timestamp::to_db(now))
    .bind(format!("person #{merged} merged in pair #{decided_pair}"))
    .bind(OPEN)
    .bind(merged)
    .bind(decided_pair)
    .fetch_all(&mut **tx)
    .await
    .store()?;
    for row in &rows {
        let id: i64 = row.try_get(0).store()?;
        let event = NewEvent {
            actor: actor.clone(),
            action: PAIR_CLOSED,
            subject_type: "duplicate_pair",
            subject_id: id.to_string(),
            region: None,
            changes: Changes::new()
                .change("status", OPEN, CLOSED)
                .set("merged_person", merged)
                .set("decided_pair", decided_pair),
            request_id: None,
        };
        events::store::record(tx, event, now).await?;
    }
    Ok(rows.len() as u64)
}
