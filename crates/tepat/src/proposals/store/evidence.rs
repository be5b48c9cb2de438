//! SQL for a proposal's evidence files: writing them inside the proposing transaction,
//! listing them without their content, and reading one file back.

use sqlx::Row;
use time::OffsetDateTime;

use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::proposals::evidence::{Checked, EvidenceItem};

/// Writes the checked files of a proposal.
pub async fn attach(
    tx: &mut Tx,
    proposal: i64,
    files: &[Checked],
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    for file in files {
        sqlx::query(
            "INSERT INTO proposal_evidence (proposal_id, file_name, content_type, bytes, \
             sha256, content, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(proposal)
        .bind(file.file_name.clone())
        .bind(file.kind.to_owned())
        .bind(file.content.len() as i64)
        .bind(file.sha256.clone())
        .bind(file.content.clone())
        .bind(timestamp::to_db(now))
        .execute(&mut **tx)
        .await
        .store()?;
    }
    Ok(())
}

/// The evidence of a proposal, oldest first, without content.
pub async fn evidence_of(tx: &mut Tx, proposal: i64) -> Result<Vec<EvidenceItem>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, content_type, bytes, sha256, file_name FROM proposal_evidence \
         WHERE proposal_id = $1 ORDER BY id",
    )
    .bind(proposal)
    .fetch_all(&mut **tx)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            Ok(EvidenceItem {
                id: r.try_get(0).store()?,
                kind: r.try_get(1).store()?,
                bytes: r.try_get(2).store()?,
                sha256: r.try_get(3).store()?,
                file_name: r.try_get(4).store()?,
            })
        })
        .collect()
}

/// One evidence file of a proposal: (bytes, content type).
pub async fn evidence_file(
    db: &Db,
    proposal: i64,
    id: i64,
) -> Result<Option<(Vec<u8>, String)>, StoreError> {
    let row = sqlx::query(
        "SELECT content, content_type FROM proposal_evidence WHERE proposal_id = $1 AND id = $2",
    )
    .bind(proposal)
    .bind(id)
    .fetch_optional(&db.pool)
    .await
    .store()?;
    row.map(|r| Ok((r.try_get(0).store()?, r.try_get(1).store()?)))
        .transpose()
}
