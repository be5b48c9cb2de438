//! The documents sent with an application: writing them with the application, listing them
//! and reading one back.

use super::super::model::ApplicationId;
use crate::changes::store::{EvidenceInfo, evidence};
use crate::db::{Db, ResultExt, StoreError, Tx};

/// A document as it is stored: its name already shortened, its type found from its content
/// and its SHA-256 computed.
pub struct NewDocument {
    pub file_name: String,
    pub content_type: &'static str,
    pub content: Vec<u8>,
    pub sha256: String,
}

pub(super) async fn insert(
    tx: &mut Tx,
    id: ApplicationId,
    documents: &[NewDocument],
) -> Result<(), StoreError> {
    for file in documents {
        sqlx::query(
            "INSERT INTO application_documents (application_id, file_name, content_type, \
             content, sha256) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id.0)
        .bind(file.file_name.clone())
        .bind(file.content_type)
        .bind(file.content.clone())
        .bind(file.sha256.clone())
        .execute(&mut **tx)
        .await
        .store()?;
    }
    Ok(())
}

pub(super) async fn list(db: &Db, id: ApplicationId) -> Result<Vec<EvidenceInfo>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, file_name, content_type, CAST(LENGTH(content) AS BIGINT), sha256 \
         FROM application_documents WHERE application_id = $1 ORDER BY id",
    )
    .bind(id.0)
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter().map(evidence::info_from_row).collect()
}

/// One document's name, type and bytes.
pub async fn document(
    db: &Db,
    application: ApplicationId,
    file: i64,
) -> Result<Option<(String, String, Vec<u8>)>, StoreError> {
    let row = sqlx::query(
        "SELECT file_name, content_type, content FROM application_documents \
         WHERE application_id = $1 AND id = $2",
    )
    .bind(application.0)
    .bind(file)
    .fetch_optional(&db.pool)
    .await
    .store()?;
    row.as_ref().map(evidence::file_from_row).transpose()
}
