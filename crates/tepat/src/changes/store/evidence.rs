//! Evidence files in the store: kept with their request, listed without their bytes, and
//! read back one at a time.

use sha2::{Digest, Sha256};
use sqlx::AnyConnection;
use sqlx::Row;

use super::super::evidence::{Evidence, EvidenceInfo, FILE_NAME_CHARS_MAX};
use super::super::model::ChangeRequestId;
use crate::db::{Db, ResultExt, StoreError, Tx};

/// Keeps checked files with request `id`; `types` are their content types, in order.
pub async fn insert(
    tx: &mut Tx,
    id: ChangeRequestId,
    files: &[Evidence],
    types: &[&'static str],
) -> Result<(), StoreError> {
    for (file, content_type) in files.iter().zip(types) {
        sqlx::query(
            "INSERT INTO change_request_evidence (change_request_id, file_name, content_type, \
             content, sha256) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id.0)
        .bind(
            // A name is a hint for the reader: what it must not show is left out.
            crate::text::without_refused(&file.file_name)
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
    Ok(())
}

/// The files of request `id`, in the order they were sent.
pub async fn list(
    conn: &mut AnyConnection,
    id: ChangeRequestId,
) -> Result<Vec<EvidenceInfo>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, file_name, content_type, CAST(LENGTH(content) AS BIGINT), sha256 \
         FROM change_request_evidence WHERE change_request_id = $1 ORDER BY id",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await
    .store()?;
    rows.iter().map(info_from_row).collect()
}

/// A file's name, type and bytes.
pub async fn file(
    db: &Db,
    id: ChangeRequestId,
    file: i64,
) -> Result<Option<(String, String, Vec<u8>)>, StoreError> {
    let row = sqlx::query(
        "SELECT file_name, content_type, content FROM change_request_evidence \
         WHERE change_request_id = $1 AND id = $2",
    )
    .bind(id.0)
    .bind(file)
    .fetch_optional(&db.pool)
    .await
    .store()?;
    row.as_ref().map(file_from_row).transpose()
}

/// A file listed without its bytes, from `id, file_name, content_type, length, sha256`;
/// self-registration documents are listed the same way.
pub fn info_from_row(row: &sqlx::any::AnyRow) -> Result<EvidenceInfo, StoreError> {
    Ok(EvidenceInfo {
        id: row.try_get(0).store()?,
        file_name: row.try_get(1).store()?,
        content_type: row.try_get(2).store()?,
        bytes: row.try_get(3).store()?,
        sha256: row.try_get(4).store()?,
    })
}

/// A file's name, type and bytes, from `file_name, content_type, content`.
pub fn file_from_row(row: &sqlx::any::AnyRow) -> Result<(String, String, Vec<u8>), StoreError> {
    Ok((
        row.try_get(0).store()?,
        row.try_get(1).store()?,
        row.try_get(2).store()?,
    ))
}
