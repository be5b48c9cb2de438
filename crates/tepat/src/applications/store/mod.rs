//! Applications in the store: inserting one, finding it by id, by tracking number or by the
//! form that sent it, listing a region's queue and counting recent submissions. SQL only;
//! the rules and the transactions are the services'.

pub mod claims;
pub mod documents;
pub mod form_files;
pub mod views;

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::model::{Application, ApplicationId, ApplicationInput, Status, VisitResult};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::region_code::{RegionCode, ScopeParams};

pub use claims::{Officer, claim_decision, claim_verification, link_household};
pub use documents::NewDocument;

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
    pub status: Status,
    /// The sender's address as `rules::client_key` counts it, when the server saw one.
    pub client_key: Option<&'a str>,
}

/// Inserts the application and its documents; returns its id. A taken tracking number or
/// form id comes back as `StoreError::Conflict` naming the constraint.
pub async fn insert(
    tx: &mut Tx,
    row: &NewRow<'_>,
    documents: &[NewDocument],
    now: OffsetDateTime,
) -> Result<ApplicationId, StoreError> {
    let inserted = sqlx::query(
        "INSERT INTO applications (tracking_number, form_id, region_code, payload, statement, \
         head_name, head_birth_date, member_count, status, submitted_at, client_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(row.tracking_number.to_owned())
    .bind(row.form_id.map(str::to_owned))
    .bind(row.region_code.to_owned())
    .bind(row.payload.clone())
    .bind(row.statement.to_owned())
    .bind(row.head_name.to_owned())
    .bind(row.head_birth_date.to_owned())
    .bind(row.member_count)
    .bind(row.status.as_str())
    .bind(timestamp::to_db(now))
    .bind(row.client_key.map(str::to_owned))
    .fetch_one(&mut **tx)
    .await
    .store()?;
    let id = ApplicationId(inserted.try_get(0).store()?);
    documents::insert(tx, id, documents).await?;
    Ok(id)
}

/// Applications submitted for `region` since `since`, for the submission limit; read
/// inside the transaction that would add one more.
pub async fn count_since(
    tx: &mut Tx,
    region: &RegionCode,
    since: OffsetDateTime,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(*) FROM applications WHERE region_code = $1 AND submitted_at >= $2",
    )
    .bind(region.as_str().to_owned())
    .bind(timestamp::to_db(since))
    .fetch_one(&mut **tx)
    .await
    .store()?;
    row.try_get::<i64, _>(0).store()
}

/// Applications sent from the client `client_key` since `since`, for the per-client limit;
/// read inside the transaction that would add one more.
pub async fn count_from_client_since(
    tx: &mut Tx,
    client_key: &str,
    since: OffsetDateTime,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(*) FROM applications WHERE client_key = $1 AND submitted_at >= $2",
    )
    .bind(client_key.to_owned())
    .bind(timestamp::to_db(since))
    .fetch_one(&mut **tx)
    .await
    .store()?;
    row.try_get::<i64, _>(0).store()
}

const COLUMNS: &str = "id, tracking_number, region_code, status, submitted_at, head_name, \
    member_count, payload, statement, visit_result, visit_note, survey, verifier_name, \
    verifier_role, verified_at, decider_name, decider_role, decided_at, decision_reason, \
    household_id, head_birth_date";

fn corrupt(what: &str) -> StoreError {
    StoreError::Other(sqlx::Error::Decode(
        format!("unreadable stored {what}").into(),
    ))
}

fn from_row(row: &AnyRow) -> Result<(Application, String), StoreError> {
    let payload: String = row.try_get(7).store()?;
    let survey: Option<String> = row.try_get(11).store()?;
    let mut input: ApplicationInput =
        serde_json::from_str(&payload).map_err(|_| corrupt("payload"))?;
    input.statement = row.try_get(8).store()?;
    let status: String = row.try_get(3).store()?;
    let visit: Option<String> = row.try_get(9).store()?;
    let application = Application {
        id: ApplicationId(row.try_get(0).store()?),
        tracking_number: row.try_get(1).store()?,
        region_code: row.try_get(2).store()?,
        status: Status::parse(&status).ok_or_else(|| corrupt("status"))?,
        submitted_at: row.try_get(4).store()?,
        head_name: row.try_get(5).store()?,
        member_count: row.try_get(6).store()?,
        input,
        visit_result: match visit {
            Some(code) => Some(VisitResult::parse(&code).ok_or_else(|| corrupt("visit"))?),
            None => None,
        },
        visit_note: row.try_get(10).store()?,
        survey: match survey {
            Some(text) => Some(serde_json::from_str(&text).map_err(|_| corrupt("survey"))?),
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
pub async fn find(db: &Db, id: ApplicationId) -> Result<Option<Application>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM applications WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    let Some((mut application, _)) = row.as_ref().map(from_row).transpose()? else {
        return Ok(None);
    };
    application.documents = documents::list(db, id).await?;
    Ok(Some(application))
}

/// One application (without its documents) as the write transaction `tx` sees it, for a
/// decision taken in that transaction.
pub async fn find_in(tx: &mut Tx, id: ApplicationId) -> Result<Option<Application>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM applications WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    Ok(row
        .as_ref()
        .map(from_row)
        .transpose()?
        .map(|(application, _)| application))
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

/// Applications inside `scope`, newest first, optionally of one status.
pub async fn list(
    db: &Db,
    scope: Option<&RegionCode>,
    status: Option<Status>,
    before: Option<ApplicationId>,
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
        .bind(status.map(Status::as_str).unwrap_or_default())
        .bind(before.map_or(i64::MAX, |b| b.0))
        .bind(limit)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter()
        .map(|row| from_row(row).map(|(application, _)| application))
        .collect()
}
