//! Batches: writing one with its lines and its event, superseding the undecided ones it
//! replaces, deciding one, and reading them back.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::text;
use crate::db::bulk::insert_rows;
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::enrolment::model::{Batch, BatchLine, SUPERSEDED, WAITING};
use crate::enrolment::select::Line;
use crate::events::{self, Action, Actor, Changes, NewEvent};
use crate::region_code::{RegionCode, ScopeParams};

pub const BATCH_PREPARED: Action = Action("enrolment.batch_prepared");
pub const BATCH_APPROVED: Action = Action("enrolment.batch_approved");
pub const BATCH_REJECTED: Action = Action("enrolment.batch_rejected");

/// A batch about to be written.
#[derive(Debug, Clone)]
pub struct NewBatch<'a> {
    pub programme: &'a str,
    pub rule_version: i64,
    pub region: &'a str,
    pub already: i64,
    pub basis: &'a str,
    pub rows_sha256: &'a str,
}

fn count(lines: &[Line], outcome: crate::enrolment::select::Outcome) -> i64 {
    lines.iter().filter(|l| l.outcome == outcome).count() as i64
}

/// Marks undecided batches of the same programme and region superseded; returns their ids.
async fn supersede(tx: &mut Tx, programme: &str, region: &str) -> Result<Vec<i64>, StoreError> {
    let rows = sqlx::query(
        "UPDATE enrolment_batches SET status = $1 \
         WHERE programme_code = $2 AND region_code = $3 AND status = $4 RETURNING id",
    )
    .bind(SUPERSEDED)
    .bind(programme.to_owned())
    .bind(region.to_owned())
    .bind(WAITING)
    .fetch_all(&mut **tx)
    .await
    .store()?;
    rows.iter().map(|r| r.try_get(0).store()).collect()
}

/// Writes a batch, its lines and its `enrolment.batch_prepared` event in the caller's
/// transaction; undecided batches of the same programme and region become superseded.
pub async fn insert(
    tx: &mut Tx,
    batch: &NewBatch<'_>,
    lines: &[Line],
    actor: &Actor,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let superseded = supersede(tx, batch.programme, batch.region).await?;
    let (selected, waiting, held) = counts(lines);
    let event = prepared_event(batch, lines, superseded, actor, request_id);
    let event_id = events::store::record(tx, event, now).await?;
    let row = sqlx::query(
        "INSERT INTO enrolment_batches (programme_code, rule_version, region_code, status, \
         eligible, selected, waiting, held, already, basis, rows_sha256, prepared_at, \
         prepared_kind, prepared_id, prepared_role, prepared_event) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
         RETURNING id",
    )
    .bind(batch.programme.to_owned())
    .bind(batch.rule_version)
    .bind(batch.region.to_owned())
    .bind(WAITING)
    .bind(selected + waiting + held)
    .bind(selected)
    .bind(waiting)
    .bind(held)
    .bind(batch.already)
    .bind(batch.basis.to_owned())
    .bind(batch.rows_sha256.to_owned())
    .bind(timestamp::to_db(now))
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(event_id.0)
    .fetch_one(&mut **tx)
    .await
    .store()?;
    let id: i64 = row.try_get(0).store()?;
    insert_lines(tx, id, lines).await?;
    Ok(id)
}

/// (selected, waiting, held) among the lines.
fn counts(lines: &[Line]) -> (i64, i64, i64) {
    use crate::enrolment::select::Outcome;
    (
        count(lines, Outcome::Selected),
        count(lines, Outcome::Waiting),
        count(lines, Outcome::Held),
    )
}

/// The `enrolment.batch_prepared` event: the programme, rule version, region, the counts,
/// the lines' digest and the batches it supersedes.
fn prepared_event(
    batch: &NewBatch<'_>,
    lines: &[Line],
    superseded: Vec<i64>,
    actor: &Actor,
    request_id: Option<String>,
) -> NewEvent {
    let (selected, waiting, held) = counts(lines);
    let changes = Changes::new()
        .set("programme", batch.programme)
        .set("rule_version", batch.rule_version)
        .set("region", batch.region)
        .set("eligible", selected + waiting + held)
        .set("selected", selected)
        .set("waiting", waiting)
        .set("held", held)
        .set("already", batch.already)
        .set("rows_sha256", batch.rows_sha256)
        .set("superseded", superseded);
    NewEvent {
        actor: actor.clone(),
        action: BATCH_PREPARED,
        subject_type: "programme",
        subject_id: batch.programme.to_owned(),
        region: RegionCode::parse(batch.region).ok(),
        changes,
        request_id,
    }
}

async fn insert_lines(tx: &mut Tx, id: i64, lines: &[Line]) -> Result<(), StoreError> {
    insert_rows(
        tx,
        "enrolment_batch_lines (batch_id, household_id, region_code, quota_region, position, \
         score, decile, outcome, reason)",
        9,
        lines,
        false,
        |query, l| {
            query
                .bind(id)
                .bind(l.household_id)
                .bind(l.region.clone())
                .bind(l.quota_region.clone())
                .bind(l.position)
                .bind(l.score)
                .bind(l.decile)
                .bind(l.outcome.code())
                .bind(l.reason.to_code())
                // A score may be missing: prepared on every run (see `crate::db`).
                .persistent(false)
        },
    )
    .await?;
    Ok(())
}

const COLUMNS: &str = "id, programme_code, rule_version, region_code, status, eligible, \
    selected, waiting, held, already, rows_sha256, prepared_at, prepared_id, prepared_role, \
    decided_at, decided_id, decided_role, decision_note, enrolled, basis";

fn from_row(row: &AnyRow) -> Result<(Batch, String), StoreError> {
    let batch = Batch {
        id: row.try_get(0).store()?,
        programme: text(row, 1)?,
        rule_version: row.try_get(2).store()?,
        region: text(row, 3)?,
        status: text(row, 4)?,
        eligible: row.try_get(5).store()?,
        selected: row.try_get(6).store()?,
        waiting: row.try_get(7).store()?,
        held: row.try_get(8).store()?,
        already: row.try_get(9).store()?,
        rows_sha256: text(row, 10)?,
        prepared_at: text(row, 11)?,
        prepared_by: row.try_get(12).store()?,
        prepared_by_role: text(row, 13)?,
        decided_at: row.try_get(14).store()?,
        decided_by: row.try_get(15).store()?,
        decided_by_role: row.try_get(16).store()?,
        decision_note: row.try_get(17).store()?,
        enrolled: row.try_get(18).store()?,
    };
    Ok((batch, text(row, 19)?))
}

/// A batch with its basis (the enrolments it was prepared against), inside a transaction.
pub async fn find_in(tx: &mut Tx, id: i64) -> Result<Option<(Batch, String)>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM enrolment_batches WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    row.as_ref().map(from_row).transpose()
}

/// A batch.
pub async fn find(db: &Db, id: i64) -> Result<Option<Batch>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM enrolment_batches WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    Ok(row.as_ref().map(from_row).transpose()?.map(|(b, _)| b))
}

/// A programme's batches whose region lies inside `within` (or holds it), newest first.
pub async fn list(
    db: &Db,
    programme: &str,
    within: Option<&RegionCode>,
    limit: i64,
) -> Result<Vec<Batch>, StoreError> {
    let scope = ScopeParams::new(within);
    let sql = format!(
        "SELECT {COLUMNS} FROM enrolment_batches \
         WHERE ($1 = 1 OR region_code = $2 OR region_code LIKE $3) AND programme_code = $4 \
         ORDER BY id DESC LIMIT $5"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(programme.to_owned())
        .bind(limit)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(|r| Ok(from_row(r)?.0)).collect()
}

/// A batch's lines with one outcome, in position order (household order for held ones),
/// inside `within`, after `after` lines.
pub async fn lines(
    db: &Db,
    batch_id: i64,
    outcome: &str,
    within: Option<&RegionCode>,
    after: i64,
    limit: i64,
) -> Result<Vec<BatchLine>, StoreError> {
    let scope = ScopeParams::new(within);
    let rows = sqlx::query(
        "SELECT household_id, region_code, quota_region, position, score, decile, outcome, \
         reason FROM enrolment_batch_lines \
         WHERE ($1 = 1 OR region_code = $2 OR region_code LIKE $3) \
         AND batch_id = $4 AND outcome = $5 \
         ORDER BY quota_region, position, household_id LIMIT $6 OFFSET $7",
    )
    .bind(scope.national)
    .bind(scope.exact)
    .bind(scope.prefix)
    .bind(batch_id)
    .bind(outcome.to_owned())
    .bind(limit)
    .bind(after)
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            Ok(BatchLine {
                household_id: r.try_get(0).store()?,
                region: text(r, 1)?,
                quota_region: r.try_get(2).store()?,
                position: r.try_get(3).store()?,
                score: r.try_get(4).store()?,
                decile: r.try_get(5).store()?,
                outcome: text(r, 6)?,
                reason: text(r, 7)?,
            })
        })
        .collect()
}

/// A decision on a waiting batch.
pub struct Decision<'a> {
    pub batch: &'a Batch,
    pub status: &'static str,
    pub note: &'a str,
    pub enrolled: Option<i64>,
}

/// Records the decision and its event (`enrolment.batch_approved` or `…_rejected`) in the
/// caller's transaction; returns the event's id.
pub async fn decide(
    tx: &mut Tx,
    decision: &Decision<'_>,
    actor: &Actor,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let batch = decision.batch;
    let mut changes = Changes::new()
        .change("status", WAITING, decision.status)
        .set("programme", batch.programme.clone())
        .set("region", batch.region.clone())
        .set("rows_sha256", batch.rows_sha256.clone())
        .set("note", decision.note);
    if let Some(enrolled) = decision.enrolled {
        changes = changes.set("enrolled", enrolled);
    }
    let action = if decision.status == crate::enrolment::model::APPROVED {
        BATCH_APPROVED
    } else {
        BATCH_REJECTED
    };
    let event = NewEvent {
        actor: actor.clone(),
        action,
        subject_type: "enrolment_batch",
        subject_id: batch.id.to_string(),
        region: RegionCode::parse(&batch.region).ok(),
        changes,
        request_id,
    };
    let event_id = events::store::record(tx, event, now).await?;
    sqlx::query(
        "UPDATE enrolment_batches SET status = $1, decided_at = $2, decided_id = $3, \
         decided_role = $4, decision_note = $5, enrolled = $6, decided_event = $7 \
         WHERE id = $8 AND status = $9",
    )
    .bind(decision.status)
    .bind(timestamp::to_db(now))
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(decision.note.to_owned())
    .bind(decision.enrolled)
    .bind(event_id.0)
    .bind(batch.id)
    .bind(WAITING)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(event_id.0)
}
