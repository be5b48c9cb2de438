//! Change requests in the store: proposing (checked at once, kept with its evidence),
//! listing within a region scope, and deciding. Approval writes the change, links every
//! version it wrote to the request, and records the decision, all in one transaction; a
//! request is decided once (a second approval finds it decided and changes nothing).

use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::apply::{self, plan};
use super::{
    APPROVED, PROPOSED, Proposal, RETURNED, STATUS_APPROVED, STATUS_PROPOSED, STATUS_RETURNED,
};
use crate::auth::{Permission, Principal};
use crate::db::{Db, ResultExt, timestamp};
use crate::events::{self, Changes, NewEvent};
use crate::http::{AppError, FieldError};
use crate::region_code::{RegionCode, ScopeParams};
use crate::registry::store::{Acting, begin_write};

/// Evidence files per request, and the size of each.
pub const EVIDENCE_FILES_MAX: usize = 3;
pub const EVIDENCE_BYTES_MAX: usize = 5 * 1024 * 1024;
pub const EVIDENCE_LIMIT_TEXT: &str = "5 MB";
/// Longest reason or decision note.
pub const NOTE_CHARS_MAX: usize = 500;

/// A file sent as evidence (a death certificate, a letter from the RT, a photo).
#[derive(Debug, Clone)]
pub struct Evidence {
    pub file_name: String,
    pub content: Vec<u8>,
}

/// Evidence as lists show it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct EvidenceInfo {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub bytes: i64,
    pub sha256: String,
}

/// A change request with its decision.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ChangeRequest {
    pub id: i64,
    pub household_id: i64,
    pub person_id: Option<i64>,
    pub region_code: String,
    pub kind: String,
    pub proposal: Proposal,
    pub reason: String,
    /// `diajukan` (proposed), `disetujui` (approved) or `dikembalikan` (returned).
    pub status: String,
    pub proposer_name: String,
    pub proposer_role: String,
    pub proposed_at: String,
    pub decider_name: Option<String>,
    pub decided_at: Option<String>,
    pub decision_note: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub result: Option<Value>,
    pub evidence: Vec<EvidenceInfo>,
    #[serde(skip)]
    proposer_kind: String,
    #[serde(skip)]
    proposer_id: Option<i64>,
}

/// The type of an evidence file, read from its first bytes (never from its name).
pub fn sniff(content: &[u8]) -> Option<&'static str> {
    if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if content.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if content.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

fn note(field: &str, text: &str, required: bool) -> Result<String, AppError> {
    let text = text.trim();
    if required && text.chars().count() < 5 {
        return Err(AppError::Invalid(vec![FieldError::new(
            field,
            "required",
            "state the reason in at least 5 characters",
            "tuliskan alasannya, paling sedikit 5 karakter",
        )]));
    }
    if text.chars().count() > NOTE_CHARS_MAX || text.chars().any(char::is_control) {
        return Err(AppError::Invalid(vec![FieldError::new(
            field,
            "too-long",
            &format!("at most {NOTE_CHARS_MAX} characters of plain text"),
            &format!("paling banyak {NOTE_CHARS_MAX} karakter teks biasa"),
        )]));
    }
    Ok(text.to_owned())
}

fn check_evidence(files: &[Evidence]) -> Result<Vec<&'static str>, AppError> {
    check_files("evidence", files)
}

/// Checks files sent as evidence or documents: how many, how large, and that each is a
/// JPEG, PNG or PDF by its content. Errors name `field[index]`.
pub fn check_files(field: &str, files: &[Evidence]) -> Result<Vec<&'static str>, AppError> {
    if files.len() > EVIDENCE_FILES_MAX {
        return Err(AppError::Invalid(vec![FieldError::new(
            field,
            "too-many",
            &format!("at most {EVIDENCE_FILES_MAX} files"),
            &format!("paling banyak {EVIDENCE_FILES_MAX} berkas"),
        )]));
    }
    let mut types = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let field = format!("{field}[{index}]");
        if file.content.len() > EVIDENCE_BYTES_MAX {
            return Err(AppError::Invalid(vec![FieldError::new(
                &field,
                "too-large",
                &format!("{} is larger than {EVIDENCE_LIMIT_TEXT}", file.file_name),
                &format!("{} lebih besar dari {EVIDENCE_LIMIT_TEXT}", file.file_name),
            )]));
        }
        let Some(kind) = sniff(&file.content) else {
            return Err(AppError::Invalid(vec![FieldError::new(
                &field,
                "file-type",
                &format!("{} is not a JPEG, PNG or PDF file", file.file_name),
                &format!("{} bukan berkas JPEG, PNG atau PDF", file.file_name),
            )]));
        };
        types.push(kind);
    }
    Ok(types)
}

/// Records a proposal after checking it against the household as it is now.
#[allow(clippy::too_many_arguments)]
pub async fn propose(
    db: &Db,
    caller: &Principal,
    household_id: i64,
    proposal: &Proposal,
    reason: &str,
    evidence: &[Evidence],
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<i64, AppError> {
    caller.require_write(Permission::ProposeChange)?;
    let (household, _) = apply::load(db, household_id).await?;
    let region = RegionCode::parse(&household.village_code)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("stored region: {e}")))?;
    caller.require_in(Permission::ProposeChange, &region)?;
    let reason = note("reason", reason, true)?;
    let types = check_evidence(evidence)?;
    plan(db, household_id, proposal, now).await?;
    let mut tx = begin_write(db).await?;
    let row = sqlx::query(
        "INSERT INTO change_requests (household_id, person_id, region_code, kind, payload, \
         reason, status, proposer_kind, proposer_id, proposer_role, proposer_name, proposed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(household_id)
    .bind(proposal.person_id())
    .bind(household.village_code.clone())
    .bind(proposal.kind())
    .bind(serde_json::to_string(proposal).map_err(anyhow::Error::from)?)
    .bind(reason)
    .bind(STATUS_PROPOSED)
    .bind(caller.actor.kind.as_str())
    .bind(caller.actor.id)
    .bind(caller.role.as_str())
    .bind(caller.name.clone())
    .bind(timestamp::to_db(now))
    .fetch_one(&mut *tx)
    .await
    .store()?;
    let id: i64 = row.try_get(0).store()?;
    for (file, content_type) in evidence.iter().zip(types) {
        sqlx::query(
            "INSERT INTO change_request_evidence (change_request_id, file_name, content_type, \
             content, sha256) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(file.file_name.chars().take(200).collect::<String>())
        .bind(content_type)
        .bind(file.content.clone())
        .bind(hex::encode(Sha256::digest(&file.content)))
        .execute(&mut *tx)
        .await
        .store()?;
    }
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: PROPOSED,
        subject_type: "change_request",
        subject_id: id.to_string(),
        region: Some(region),
        changes: Changes::new()
            .set("kind", proposal.kind())
            .set("household_id", household_id)
            .set("evidence_files", evidence.len()),
        request_id,
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    Ok(id)
}

const COLUMNS: &str = "id, household_id, person_id, region_code, kind, payload, reason, status, \
    proposer_name, proposer_role, proposed_at, decider_name, decided_at, decision_note, result, \
    proposer_kind, proposer_id";

fn from_row(row: &AnyRow) -> Result<ChangeRequest, AppError> {
    let payload: String = row.try_get(5).store()?;
    let result: Option<String> = row.try_get(14).store()?;
    Ok(ChangeRequest {
        id: row.try_get(0).store()?,
        household_id: row.try_get(1).store()?,
        person_id: row.try_get(2).store()?,
        region_code: row.try_get(3).store()?,
        kind: row.try_get(4).store()?,
        proposal: serde_json::from_str(&payload).map_err(anyhow::Error::from)?,
        reason: row.try_get(6).store()?,
        status: row.try_get(7).store()?,
        proposer_name: row.try_get(8).store()?,
        proposer_role: row.try_get(9).store()?,
        proposed_at: row.try_get(10).store()?,
        decider_name: row.try_get(11).store()?,
        decided_at: row.try_get(12).store()?,
        decision_note: row.try_get(13).store()?,
        result: result.and_then(|r| serde_json::from_str(&r).ok()),
        evidence: Vec::new(),
        proposer_kind: row.try_get(15).store()?,
        proposer_id: row.try_get(16).store()?,
    })
}

/// Requests in the caller's region, newest first, optionally of one status or household.
pub async fn list(
    db: &Db,
    caller: &Principal,
    status: Option<&str>,
    household: Option<i64>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<ChangeRequest>, AppError> {
    caller.require(Permission::ReadRegistry)?;
    let scope = ScopeParams::new(caller.region.as_ref());
    let sql = format!(
        "SELECT {COLUMNS} FROM change_requests \
         WHERE ($1 = 1 OR region_code = $2 OR region_code LIKE $3) \
         AND ($4 = '' OR status = $4) AND ($5 = 0 OR household_id = $5) AND id < $6 \
         ORDER BY id DESC LIMIT $7"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(status.unwrap_or_default().to_owned())
        .bind(household.unwrap_or(0))
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(from_row).collect()
}

/// One request with its evidence list, when the caller's region covers it.
pub async fn get(db: &Db, caller: &Principal, id: i64) -> Result<ChangeRequest, AppError> {
    caller.require(Permission::ReadRegistry)?;
    let sql = format!("SELECT {COLUMNS} FROM change_requests WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?
        .ok_or(AppError::NotFound)?;
    let mut request = from_row(&row)?;
    let region = RegionCode::parse(&request.region_code)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("stored region: {e}")))?;
    caller.require_in(Permission::ReadRegistry, &region)?;
    let rows = sqlx::query(
        "SELECT id, file_name, content_type, CAST(LENGTH(content) AS BIGINT), sha256 \
         FROM change_request_evidence WHERE change_request_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await
    .store()?;
    for row in rows {
        request.evidence.push(EvidenceInfo {
            id: row.try_get(0).store()?,
            file_name: row.try_get(1).store()?,
            content_type: row.try_get(2).store()?,
            bytes: row.try_get::<i64, _>(3).store()?,
            sha256: row.try_get(4).store()?,
        });
    }
    Ok(request)
}

/// An evidence file's type and bytes, for those who may see the request.
pub async fn evidence(
    db: &Db,
    caller: &Principal,
    request: i64,
    file: i64,
) -> Result<(String, String, Vec<u8>), AppError> {
    get(db, caller, request).await?;
    let row = sqlx::query(
        "SELECT file_name, content_type, content FROM change_request_evidence \
         WHERE change_request_id = $1 AND id = $2",
    )
    .bind(request)
    .bind(file)
    .fetch_optional(&db.pool)
    .await
    .store()?
    .ok_or(AppError::NotFound)?;
    Ok((
        row.try_get(0).store()?,
        row.try_get(1).store()?,
        row.try_get(2).store()?,
    ))
}

/// A decision on a proposed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Return,
}

/// Approves (writing the change) or returns a proposed request. The decider must not be
/// its proposer.
pub async fn decide(
    db: &Db,
    caller: &Principal,
    id: i64,
    decision: Decision,
    decision_note: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<ChangeRequest, AppError> {
    caller.require_write(Permission::DecideChange)?;
    let request = get(db, caller, id).await?;
    let region = RegionCode::parse(&request.region_code)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("stored region: {e}")))?;
    caller.require_in(Permission::DecideChange, &region)?;
    let decision_note = note("note", decision_note, decision == Decision::Return)?;
    if request.proposer_kind == caller.actor.kind.as_str()
        && request.proposer_id.is_some()
        && request.proposer_id == caller.actor.id
    {
        return Err(AppError::Conflict(FieldError::new(
            "decision",
            "four-eyes",
            "the proposer of a change cannot decide it",
            "pengusul perubahan tidak dapat memutuskan usulannya sendiri",
        )));
    }
    if request.status != STATUS_PROPOSED {
        return Err(already_decided());
    }
    let planned = match decision {
        Decision::Approve => Some(plan(db, request.household_id, &request.proposal, now).await?),
        Decision::Return => None,
    };
    let mut tx = begin_write(db).await?;
    let status = match decision {
        Decision::Approve => STATUS_APPROVED,
        Decision::Return => STATUS_RETURNED,
    };
    // Claims the request first, so a second decision running at once finds it decided.
    let claimed = sqlx::query(
        "UPDATE change_requests SET status = $1, decider_kind = $2, decider_id = $3, \
         decider_role = $4, decider_name = $5, decided_at = $6, decision_note = $7 \
         WHERE id = $8 AND status = $9",
    )
    .bind(status)
    .bind(caller.actor.kind.as_str())
    .bind(caller.actor.id)
    .bind(caller.role.as_str())
    .bind(caller.name.clone())
    .bind(timestamp::to_db(now))
    .bind(decision_note.clone())
    .bind(id)
    .bind(STATUS_PROPOSED)
    .execute(&mut *tx)
    .await
    .store()?;
    if claimed.rows_affected() != 1 {
        return Err(already_decided());
    }
    let mut changes = Changes::new()
        .set("kind", request.kind.clone())
        .set("household_id", request.household_id);
    if let Some(planned) = planned {
        let acting = Acting {
            actor: caller.actor.clone(),
            request_id: request_id.clone(),
            reason: format!(
                "usulan #{id} ({}) dari {} ({}): {}",
                request.kind, request.proposer_name, request.proposer_role, request.reason
            ),
        };
        let result = apply::execute(&mut tx, request.household_id, planned, &acting, now).await?;
        sqlx::query(
            "UPDATE record_versions SET change_request_id = $1 \
             WHERE reason = $2 AND change_request_id IS NULL",
        )
        .bind(id)
        .bind(acting.reason.clone())
        .execute(&mut *tx)
        .await
        .store()?;
        sqlx::query("UPDATE change_requests SET result = $1 WHERE id = $2")
            .bind(result.to_string())
            .bind(id)
            .execute(&mut *tx)
            .await
            .store()?;
        changes = changes.set("result", result);
    }
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: match decision {
            Decision::Approve => APPROVED,
            Decision::Return => RETURNED,
        },
        subject_type: "change_request",
        subject_id: id.to_string(),
        region: Some(region),
        changes,
        request_id,
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    if decision == Decision::Approve {
        // Changed and added members are compared with the registry, as at first entry.
        crate::duplicates::check::check_household(db, request.household_id, &caller.actor, now)
            .await;
    }
    get(db, caller, id).await
}

fn already_decided() -> AppError {
    AppError::Conflict(FieldError::new(
        "status",
        "decided",
        "this request has already been decided",
        "usulan ini sudah diputuskan",
    ))
}
