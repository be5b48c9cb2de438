//! Applications in the store: inserting one with its documents, finding it by id, by
//! tracking number or by the form that sent it, listing a region's queue, and claiming a
//! status change so that two officers acting at once cannot both take the same step.

use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::model::{Application, Document};
use crate::changes::store::EvidenceInfo;
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::Actor;
use crate::region_code::{RegionCode, ScopeParams};

/// Longest file name kept for a document.
const FILE_NAME_CHARS_MAX: usize = 200;

/// A new application's row.
pub struct NewRow<'a> {
    pub tracking_number: &'a str,
    pub form_id: Option<&'a str>,
    pub region_code: &'a str,
    pub payload: String,
    pub statement: &'a str,
    pub head_name: &'a str,
    pub head_birth_date: &'a str,
    pub member_count: i64,
    pub status: &'a str,
}

/// Inserts the application and its documents; returns its id. A taken tracking number or
/// form id comes back as `StoreError::Conflict` naming the constraint.
pub async fn insert(
    tx: &mut Tx,
    row: &NewRow<'_>,
    documents: &[(Document, &'static str)],
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let inserted = sqlx::query(
        "INSERT INTO applications (tracking_number, form_id, region_code, payload, statement, \
         head_name, head_birth_date, member_count, status, submitted_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(row.tracking_number.to_owned())
    .bind(row.form_id.map(str::to_owned))
    .bind(row.region_code.to_owned())
    .bind(row.payload.clone())
    .bind(row.statement.to_owned())
    .bind(row.head_name.to_owned())
    .bind(row.head_birth_date.to_owned())
    .bind(row.member_count)
    .bind(row.status.to_owned())
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()?;
    let id: i64 = inserted.try_get(0).store()?;
    for (file, content_type) in documents {
        sqlx::query(
            "INSERT INTO application_documents (application_id, file_name, content_type, \
             content, sha256) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(
            file.file_name
                .chars()
                .take(FILE_NAME_CHARS_MAX)
                .collect::<String>(),
        )
        .bind(*content_type)
        .bind(file.content.clone())
        .bind(hex::encode(Sha256::digest(&file.content)))
        .execute(&mut **tx)
        .await
        .store()?;
    }
    Ok(id)
}

/// Applications submitted for `region` since `since`, for the submission limit.
pub async fn count_since(
    db: &Db,
    region: &RegionCode,
    since: OffsetDateTime,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(*) FROM applications WHERE region_code = $1 AND submitted_at >= $2",
    )
    .bind(region.as_str().to_owned())
    .bind(timestamp::to_db(since))
    .fetch_one(&db.pool)
    .await
    .store()?;
    row.try_get::<i64, _>(0).store()
}

const COLUMNS: &str = "id, tracking_number, region_code, status, submitted_at, head_name, \
    member_count, payload, statement, visit_result, visit_note, survey, verifier_name, \
    verifier_role, verified_at, decider_name, decider_role, decided_at, decision_reason, \
    household_id, head_birth_date";

fn from_row(row: &AnyRow) -> Result<(Application, String), StoreError> {
    let payload: String = row.try_get(7).store()?;
    let survey: Option<String> = row.try_get(11).store()?;
    let corrupt = |e: serde_json::Error| StoreError::Other(sqlx::Error::Decode(Box::new(e)));
    let mut input: super::model::ApplicationInput =
        serde_json::from_str(&payload).map_err(corrupt)?;
    input.statement = row.try_get(8).store()?;
    let application = Application {
        id: row.try_get(0).store()?,
        tracking_number: row.try_get(1).store()?,
        region_code: row.try_get(2).store()?,
        status: row.try_get(3).store()?,
        submitted_at: row.try_get(4).store()?,
        head_name: row.try_get(5).store()?,
        member_count: row.try_get(6).store()?,
        input,
        visit_result: row.try_get(9).store()?,
        visit_note: row.try_get(10).store()?,
        survey: match survey {
            Some(text) => Some(serde_json::from_str(&text).map_err(corrupt)?),
            None => None,
        },
        verifier_name: row.try_get(12).store()?,
        verifier_role: row.try_get(13).store()?,
        verified_at: row.try_get(14).store()?,
        decider_name: row.try_get(15).store()?,
        decider_role: row.try_get(16).store()?,
        decided_at: row.try_get(17).store()?,
        decision_reason: row.try_get(18).store()?,
        household_id: row.try_get(19).store()?,
        documents: Vec::new(),
    };
    Ok((application, row.try_get(20).store()?))
}

async fn find_where(
    db: &Db,
    column: &'static str,
    value: String,
) -> Result<Option<(Application, String)>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM applications WHERE {column} = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(value)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(from_row).transpose()
}

/// One application with its document list.
pub async fn find(db: &Db, id: i64) -> Result<Option<Application>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM applications WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    let Some((mut application, _)) = row.as_ref().map(from_row).transpose()? else {
        return Ok(None);
    };
    application.documents = documents(db, id).await?;
    Ok(Some(application))
}

/// An application by tracking number, with the head's birth date (`YYYY-MM-DD`) that the
/// status check compares.
pub async fn find_by_tracking(
    db: &Db,
    tracking_number: &str,
) -> Result<Option<(Application, String)>, StoreError> {
    find_where(db, "tracking_number", tracking_number.to_owned()).await
}

/// The application a form sent, if it was sent before.
pub async fn find_by_form(db: &Db, form_id: &str) -> Result<Option<Application>, StoreError> {
    Ok(find_where(db, "form_id", form_id.to_owned())
        .await?
        .map(|(application, _)| application))
}

async fn documents(db: &Db, id: i64) -> Result<Vec<EvidenceInfo>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, file_name, content_type, CAST(LENGTH(content) AS BIGINT), sha256 \
         FROM application_documents WHERE application_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|row| {
            Ok(EvidenceInfo {
                id: row.try_get(0).store()?,
                file_name: row.try_get(1).store()?,
                content_type: row.try_get(2).store()?,
                bytes: row.try_get(3).store()?,
                sha256: row.try_get(4).store()?,
            })
        })
        .collect()
}

/// One document's name, type and bytes.
pub async fn document(
    db: &Db,
    application: i64,
    file: i64,
) -> Result<Option<(String, String, Vec<u8>)>, StoreError> {
    let row = sqlx::query(
        "SELECT file_name, content_type, content FROM application_documents \
         WHERE application_id = $1 AND id = $2",
    )
    .bind(application)
    .bind(file)
    .fetch_optional(&db.pool)
    .await
    .store()?;
    row.map(|row| {
        Ok((
            row.try_get(0).store()?,
            row.try_get(1).store()?,
            row.try_get(2).store()?,
        ))
    })
    .transpose()
}

/// Applications inside `scope`, newest first, optionally of one status.
pub async fn list(
    db: &Db,
    scope: Option<&RegionCode>,
    status: Option<&str>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<Application>, StoreError> {
    let scope = ScopeParams::new(scope);
    let sql = format!(
        "SELECT {COLUMNS} FROM applications \
         WHERE ($1 = 1 OR region_code = $2 OR region_code LIKE $3) \
         AND ($4 = '' OR status = $4) AND id < $5 ORDER BY id DESC LIMIT $6"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(status.unwrap_or_default().to_owned())
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter()
        .map(|row| from_row(row).map(|(application, _)| application))
        .collect()
}

/// The official taking a step, as stored on the application.
pub struct Officer<'a> {
    pub actor: &'a Actor,
    pub name: &'a str,
}

/// Records the field visit and moves the application from `from` to `to`; false when it
/// was no longer in `from` (someone else acted first).
pub async fn claim_verification(
    tx: &mut Tx,
    id: i64,
    (from, to): (&str, &str),
    officer: &Officer<'_>,
    (visit_result, visit_note, survey): (&str, &str, String),
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE applications SET status = $1, visit_result = $2, visit_note = $3, survey = $4, \
         verifier_kind = $5, verifier_id = $6, verifier_role = $7, verifier_name = $8, \
         verified_at = $9 WHERE id = $10 AND status = $11",
    )
    .bind(to.to_owned())
    .bind(visit_result.to_owned())
    .bind(visit_note.to_owned())
    .bind(survey)
    .bind(officer.actor.kind.as_str())
    .bind(officer.actor.id)
    .bind(officer.actor.role.clone())
    .bind(officer.name.to_owned())
    .bind(timestamp::to_db(now))
    .bind(id)
    .bind(from.to_owned())
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() == 1)
}

/// Records a decision, moving the application from `from` to `to`; false when it was no
/// longer in `from`.
pub async fn claim_decision(
    tx: &mut Tx,
    id: i64,
    (from, to): (&str, &str),
    officer: &Officer<'_>,
    reason: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE applications SET status = $1, decider_kind = $2, decider_id = $3, \
         decider_role = $4, decider_name = $5, decided_at = $6, decision_reason = $7 \
         WHERE id = $8 AND status = $9",
    )
    .bind(to.to_owned())
    .bind(officer.actor.kind.as_str())
    .bind(officer.actor.id)
    .bind(officer.actor.role.clone())
    .bind(officer.name.to_owned())
    .bind(timestamp::to_db(now))
    .bind(reason.to_owned())
    .bind(id)
    .bind(from.to_owned())
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() == 1)
}

/// Links an accepted application to the household it created, and every version the
/// acceptance wrote (found by their reason) to the application.
pub async fn link_household(
    tx: &mut Tx,
    id: i64,
    household_id: i64,
    version_reason: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE applications SET household_id = $1 WHERE id = $2")
        .bind(household_id)
        .bind(id)
        .execute(&mut **tx)
        .await
        .store()?;
    sqlx::query(
        "UPDATE record_versions SET application_id = $1 \
         WHERE reason = $2 AND application_id IS NULL",
    )
    .bind(id)
    .bind(version_reason.to_owned())
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(())
}
