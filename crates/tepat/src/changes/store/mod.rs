//! Change requests in the store: SQL only. Writing a request, reading one or a page of
//! them inside a region scope, claiming a decision, sending a returned one again, and
//! linking what an approval wrote.
//! Evidence files and the household reads and writes an approval needs have their own
//! modules.

pub mod evidence;
pub mod household;

use serde_json::Value;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};
use time::OffsetDateTime;

use super::model::{
    ChangeKind, ChangeRequest, ChangeRequestId, ChangeStatus, Proposal, ProposerKey,
};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::region_code::{RegionCode, ScopeParams};
use crate::registry::store::{HouseholdId, PersonId};

// The applications feature takes its document limits and types from here.
pub use super::evidence::{
    EVIDENCE_BYTES_MAX, EVIDENCE_FILES_MAX, EVIDENCE_LIMIT_TEXT, Evidence, EvidenceInfo,
    check_files,
};

/// Who signs a proposal or a decision, as the request row keeps it.
#[derive(Debug, Clone, Copy)]
pub struct Signer<'a> {
    pub kind: &'a str,
    pub id: Option<i64>,
    pub role: &'a str,
    pub name: &'a str,
}

/// A request as it is first written.
#[derive(Debug, Clone)]
pub struct NewRequest<'a> {
    pub household_id: HouseholdId,
    pub region_code: &'a str,
    pub proposal: &'a Proposal,
    pub reason: &'a str,
    pub proposer: Signer<'a>,
}

/// Writes a proposed request and returns its id.
pub async fn insert(
    tx: &mut Tx,
    new: &NewRequest<'_>,
    now: OffsetDateTime,
) -> Result<ChangeRequestId, StoreError> {
    let payload = serde_json::to_string(new.proposal)
        .map_err(|e| StoreError::Other(sqlx::Error::Encode(e.into())))?;
    let row = sqlx::query(
        "INSERT INTO change_requests (household_id, person_id, region_code, kind, payload, \
         reason, status, proposer_kind, proposer_id, proposer_role, proposer_name, proposed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(new.household_id.0)
    .bind(new.proposal.person_id().map(|p| p.0))
    .bind(new.region_code.to_owned())
    .bind(new.proposal.kind().as_str())
    .bind(payload)
    .bind(new.reason.to_owned())
    .bind(ChangeStatus::Proposed.as_str())
    .bind(new.proposer.kind.to_owned())
    .bind(new.proposer.id)
    .bind(new.proposer.role.to_owned())
    .bind(new.proposer.name.to_owned())
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()?;
    Ok(ChangeRequestId(row.try_get(0).store()?))
}

const COLUMNS: &str = "id, household_id, person_id, region_code, kind, payload, reason, status, \
    proposer_name, proposer_role, proposed_at, decider_name, decided_at, decision_note, result, \
    proposer_kind, proposer_id";

fn decode(what: &str, text: &str) -> StoreError {
    StoreError::Other(sqlx::Error::Decode(
        format!("stored change request {what} {text:?} is not known").into(),
    ))
}

fn from_row(row: &AnyRow) -> Result<ChangeRequest, StoreError> {
    let kind: String = row.try_get(4).store()?;
    let payload: String = row.try_get(5).store()?;
    let status: String = row.try_get(7).store()?;
    let result: Option<String> = row.try_get(14).store()?;
    Ok(ChangeRequest {
        id: ChangeRequestId(row.try_get(0).store()?),
        household_id: HouseholdId(row.try_get(1).store()?),
        person_id: row.try_get::<Option<i64>, _>(2).store()?.map(PersonId),
        region_code: row.try_get(3).store()?,
        kind: ChangeKind::parse(&kind).ok_or_else(|| decode("kind", &kind))?,
        proposal: serde_json::from_str(&payload).map_err(|_| decode("payload", &kind))?,
        reason: row.try_get(6).store()?,
        status: ChangeStatus::parse(&status).ok_or_else(|| decode("status", &status))?,
        proposer_name: row.try_get(8).store()?,
        proposer_role: row.try_get(9).store()?,
        proposed_at: row.try_get(10).store()?,
        decider_name: row.try_get(11).store()?,
        decided_at: row.try_get(12).store()?,
        decision_note: row.try_get(13).store()?,
        result: result.and_then(|r| serde_json::from_str::<Value>(&r).ok()),
        evidence: Vec::new(),
        proposer: ProposerKey {
            kind: row.try_get(15).store()?,
            id: row.try_get(16).store()?,
        },
    })
}

/// What a list of requests is narrowed to; `None` is no narrowing.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListFilter {
    pub status: Option<ChangeStatus>,
    pub household_id: Option<HouseholdId>,
    /// Only requests with a smaller id (the page before).
    pub before: Option<ChangeRequestId>,
}

/// Requests inside `scope` (`None`: national), newest first.
pub async fn list(
    db: &Db,
    scope: Option<&RegionCode>,
    filter: &ListFilter,
    limit: i64,
) -> Result<Vec<ChangeRequest>, StoreError> {
    let scope = ScopeParams::new(scope);
    let sql = format!(
        "SELECT {COLUMNS} FROM change_requests \
         WHERE ($1 = 1 OR region_code = $2 OR region_code LIKE $3) \
         AND ($4 = '' OR status = $4) AND ($5 = 0 OR household_id = $5) AND id < $6 \
         ORDER BY id DESC LIMIT $7"
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(filter.status.map(ChangeStatus::as_str).unwrap_or_default())
        .bind(filter.household_id.map_or(0, |h| h.0))
        .bind(filter.before.map_or(i64::MAX, |b| b.0))
        .bind(limit)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(from_row).collect()
}

/// One request with its evidence list, read on `conn` (the pool, or a transaction that
/// decides on what it reads).
pub async fn find(
    conn: &mut AnyConnection,
    id: ChangeRequestId,
) -> Result<Option<ChangeRequest>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM change_requests WHERE id = $1");
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await
        .store()?;
    let Some(row) = row else {
        return Ok(None);
    };
    let mut request = from_row(&row)?;
    request.evidence = evidence::list(conn, id).await?;
    Ok(Some(request))
}

/// Records a decision on a request that is still proposed. False when another decision
/// came first: the update claims the row, so of two decisions at once only one applies.
pub async fn claim(
    tx: &mut Tx,
    id: ChangeRequestId,
    status: ChangeStatus,
    decider: Signer<'_>,
    note: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let claimed = sqlx::query(
        "UPDATE change_requests SET status = $1, decider_kind = $2, decider_id = $3, \
         decider_role = $4, decider_name = $5, decided_at = $6, decision_note = $7 \
         WHERE id = $8 AND status = $9",
    )
    .bind(status.as_str())
    .bind(decider.kind.to_owned())
    .bind(decider.id)
    .bind(decider.role.to_owned())
    .bind(decider.name.to_owned())
    .bind(timestamp::to_db(now))
    .bind(note.to_owned())
    .bind(id.0)
    .bind(ChangeStatus::Proposed.as_str())
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(claimed.rows_affected() == 1)
}

/// Points the versions an approval wrote (found by their reason) at the request, and keeps
/// the approval's result on it.
pub async fn record_result(
    tx: &mut Tx,
    id: ChangeRequestId,
    version_reason: &str,
    result: &Value,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE record_versions SET change_request_id = $1 \
         WHERE reason = $2 AND change_request_id IS NULL",
    )
    .bind(id.0)
    .bind(version_reason.to_owned())
    .execute(&mut **tx)
    .await
    .store()?;
    sqlx::query("UPDATE change_requests SET result = $1 WHERE id = $2")
        .bind(result.to_string())
        .bind(id.0)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(())
}

/// Sends a returned request again with its corrected proposal and reason. The last
/// decision (who returned it, when, and the note) stays on the row until the next one, so
/// the officer reads what was asked. False when the request is no longer returned: the
/// update claims the row, so of two corrections at once only one applies.
pub async fn reopen(
    tx: &mut Tx,
    id: ChangeRequestId,
    proposal: &Proposal,
    reason: &str,
) -> Result<bool, StoreError> {
    let payload = serde_json::to_string(proposal)
        .map_err(|e| StoreError::Other(sqlx::Error::Encode(e.into())))?;
    let reopened = sqlx::query(
        "UPDATE change_requests SET payload = $1, person_id = $2, reason = $3, status = $4 \
         WHERE id = $5 AND status = $6",
    )
    .bind(payload)
    .bind(proposal.person_id().map(|p| p.0))
    .bind(reason.to_owned())
    .bind(ChangeStatus::Proposed.as_str())
    .bind(id.0)
    .bind(ChangeStatus::Returned.as_str())
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(reopened.rows_affected() == 1)
}
