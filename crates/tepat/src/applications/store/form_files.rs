//! Documents kept against a form that came back with a mistake, until the form is sent
//! (then they move to the application) or they expire.

use sqlx::Row;
use time::OffsetDateTime;

use super::documents::NewDocument;
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};

/// A kept document as the form lists it.
#[derive(Debug, Clone)]
pub struct KeptFile {
    pub id: i64,
    pub file_name: String,
    pub bytes: i64,
}

/// Removes every kept document uploaded before `before`.
pub async fn prune(tx: &mut Tx, before: OffsetDateTime) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM application_form_files WHERE uploaded_at < $1")
        .bind(timestamp::to_db(before))
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(())
}

/// Documents kept for `form_id`, and those kept from `client_key` since `since`.
pub async fn counts(
    tx: &mut Tx,
    form_id: &str,
    client_key: Option<&str>,
    since: OffsetDateTime,
) -> Result<(i64, i64), StoreError> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM application_form_files WHERE form_id = $1), \
         (SELECT COUNT(*) FROM application_form_files WHERE client_key = $2 \
          AND uploaded_at >= $3)",
    )
    .bind(form_id.to_owned())
    .bind(client_key.unwrap_or_default().to_owned())
    .bind(timestamp::to_db(since))
    .fetch_one(&mut **tx)
    .await
    .store()?;
    Ok((row.try_get(0).store()?, row.try_get(1).store()?))
}

/// Keeps `documents` against `form_id`.
pub async fn insert(
    tx: &mut Tx,
    form_id: &str,
    client_key: Option<&str>,
    documents: &[NewDocument],
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    for file in documents {
        sqlx::query(
            "INSERT INTO application_form_files (form_id, client_key, file_name, content_type, \
             content, sha256, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(form_id.to_owned())
        .bind(client_key.map(str::to_owned))
        .bind(file.file_name.clone())
        .bind(file.content_type)
        .bind(file.content.clone())
        .bind(file.sha256.clone())
        .bind(timestamp::to_db(now))
        .execute(&mut **tx)
        .await
        .store()?;
    }
    Ok(())
}

/// The documents kept for `form_id` as the form lists them, oldest first.
pub async fn list(db: &Db, form_id: &str) -> Result<Vec<KeptFile>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, file_name, CAST(LENGTH(content) AS BIGINT) FROM application_form_files \
         WHERE form_id = $1 ORDER BY id",
    )
    .bind(form_id.to_owned())
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|row| {
            Ok(KeptFile {
                id: row.try_get(0).store()?,
                file_name: row.try_get(1).store()?,
                bytes: row.try_get(2).store()?,
            })
        })
        .collect()
}

/// The names and contents of the documents kept for `form_id`, oldest first.
pub async fn contents(db: &Db, form_id: &str) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
    let rows = sqlx::query(
        "SELECT file_name, content FROM application_form_files WHERE form_id = $1 ORDER BY id",
    )
    .bind(form_id.to_owned())
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|row| Ok((row.try_get(0).store()?, row.try_get(1).store()?)))
        .collect()
}

/// Forgets the documents kept for `form_id`, once they are the application's.
pub async fn remove(tx: &mut Tx, form_id: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM application_form_files WHERE form_id = $1")
        .bind(form_id.to_owned())
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(())
}
