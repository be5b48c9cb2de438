//! SQL for the answers banks and e-wallet providers send: status files, each imported
//! once, and the exceptions that could not be applied until a person resolves them.

use sqlx::Row;
use time::OffsetDateTime;

use crate::db::bulk::insert_rows;
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};

/// A status file already imported: its summary.
pub async fn status_file(db: &Db, sha256: &str) -> Result<Option<FileRow>, StoreError> {
    let row = sqlx::query(
        "SELECT sha256, message_id, original_message_id, payroll_id, version, paid, rejected, \
         exceptions, imported_name, imported_at FROM payment_status_files WHERE sha256 = $1",
    )
    .bind(sha256.to_owned())
    .fetch_optional(&db.pool)
    .await
    .store()?;
    row.map(|r| {
        Ok(FileRow {
            sha256: r.try_get(0).store()?,
            message_id: r.try_get(1).store()?,
            original_message_id: r.try_get(2).store()?,
            payroll_id: r.try_get(3).store()?,
            version: r.try_get(4).store()?,
            paid: r.try_get(5).store()?,
            rejected: r.try_get(6).store()?,
            exceptions: r.try_get(7).store()?,
            imported_by: r.try_get(8).store()?,
            imported_at: r.try_get(9).store()?,
        })
    })
    .transpose()
}

/// An imported status file as stored.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct FileRow {
    pub sha256: String,
    pub message_id: String,
    pub original_message_id: String,
    pub payroll_id: i64,
    /// `pain.002.001.03` or `pain.002.001.12`.
    pub version: String,
    pub paid: i64,
    pub rejected: i64,
    pub exceptions: i64,
    pub imported_by: String,
    pub imported_at: String,
}

/// Claims a status file: false when it was imported already (by this or a concurrent
/// import, which then waits for this transaction on PostgreSQL and fails the key).
pub async fn claim_file(
    tx: &mut Tx,
    row: &FileRow,
    actor: &crate::events::Actor,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO payment_status_files (sha256, message_id, original_message_id, payroll_id, \
         version, paid, rejected, exceptions, imported_kind, imported_id, imported_role, \
         imported_name, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (sha256) DO NOTHING",
    )
    .bind(row.sha256.clone())
    .bind(row.message_id.clone())
    .bind(row.original_message_id.clone())
    .bind(row.payroll_id)
    .bind(row.version.clone())
    .bind(row.paid)
    .bind(row.rejected)
    .bind(row.exceptions)
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(row.imported_by.clone())
    .bind(row.imported_at.clone())
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_file_event(tx: &mut Tx, sha256: &str, event: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE payment_status_files SET event_id = $1 WHERE sha256 = $2")
        .bind(event)
        .bind(sha256.to_owned())
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(())
}

/// A status line that could not be applied.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Exception {
    pub end_to_end_id: String,
    /// `unknown_id`, `amount_differs`, `duplicate`, `after_final` or `unknown_status`.
    pub kind: String,
    pub detail: String,
}

const EXCEPTION_VALUES: usize = 6;

pub async fn insert_exceptions(
    tx: &mut Tx,
    file: &str,
    payroll: i64,
    exceptions: &[Exception],
) -> Result<(), StoreError> {
    insert_rows(
        tx,
        "payment_exceptions (status_file, payroll_id, end_to_end_id, kind, detail, status)",
        EXCEPTION_VALUES,
        exceptions,
        false,
        |q, e| {
            q.bind(file.to_owned())
                .bind(payroll)
                .bind(e.end_to_end_id.clone())
                .bind(e.kind.clone())
                .bind(e.detail.clone())
                .bind("open")
        },
    )
    .await?;
    Ok(())
}

/// The open exceptions of a payroll, oldest first.
pub async fn open_exceptions(db: &Db, payroll: i64) -> Result<Vec<(i64, Exception)>, StoreError> {
    let rows = sqlx::query(
        "SELECT end_to_end_id, kind, detail, id FROM payment_exceptions \
         WHERE payroll_id = $1 AND status = 'open' ORDER BY id",
    )
    .bind(payroll)
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            let exception = Exception {
                end_to_end_id: r.try_get(0).store()?,
                kind: r.try_get(1).store()?,
                detail: r.try_get(2).store()?,
            };
            Ok((r.try_get(3).store()?, exception))
        })
        .collect()
}

/// The payroll of an exception.
pub async fn exception_payroll(db: &Db, id: i64) -> Result<Option<i64>, StoreError> {
    sqlx::query_scalar("SELECT payroll_id FROM payment_exceptions WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()
}

/// Marks an open exception resolved; false when it was not open.
pub async fn resolve_exception(
    tx: &mut Tx,
    id: i64,
    actor: &crate::events::Actor,
    name: &str,
    note: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE payment_exceptions SET status = 'resolved', resolved_id = $1, \
         resolved_name = $2, resolved_note = $3, resolved_at = $4 \
         WHERE id = $5 AND status = 'open'",
    )
    .bind(actor.id)
    .bind(name.to_owned())
    .bind(note.to_owned())
    .bind(timestamp::to_db(now))
    .bind(id)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() == 1)
}
