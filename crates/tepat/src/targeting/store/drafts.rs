//! SQL for fitted models awaiting publication: keeping a fit, reading it back, and marking
//! it published inside the transaction that publishes it.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::Actor;

/// A fit as kept.
#[derive(Debug, Clone)]
pub struct StoredDraft {
    pub id: i64,
    pub name: String,
    /// The fitted model's JSON text, published as is.
    pub model: String,
    pub note: String,
    /// The fit's report as JSON (`calibrate::Calibration`).
    pub report: String,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub created_at: String,
    pub published_version: Option<i64>,
}

/// What a new draft holds.
pub struct NewDraft<'a> {
    pub name: &'a str,
    pub model: &'a str,
    pub note: &'a str,
    pub report: &'a str,
}

/// Keeps a fit and returns its id.
pub async fn insert(
    db: &Db,
    draft: &NewDraft<'_>,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO welfare_drafts (name, model, note, report, actor_kind, actor_id, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(draft.name.to_owned())
    .bind(draft.model.to_owned())
    .bind(draft.note.to_owned())
    .bind(draft.report.to_owned())
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(timestamp::to_db(now))
    .fetch_one(&mut *tx)
    .await
    .store()?
    .try_get(0)
    .store()?;
    tx.commit().await.store()?;
    Ok(id)
}

fn from_row(row: &AnyRow) -> Result<StoredDraft, StoreError> {
    Ok(StoredDraft {
        id: row.try_get(0).store()?,
        name: row.try_get(1).store()?,
        model: row.try_get(2).store()?,
        note: row.try_get(3).store()?,
        report: row.try_get(4).store()?,
        actor_kind: row.try_get(5).store()?,
        actor_id: row.try_get(6).store()?,
        created_at: row.try_get(7).store()?,
        published_version: row.try_get(8).store()?,
    })
}

/// One draft.
pub async fn find(db: &Db, id: i64) -> Result<Option<StoredDraft>, StoreError> {
    let row = sqlx::query(
        "SELECT id, name, model, note, report, actor_kind, actor_id, created_at, \
         published_version FROM welfare_drafts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
    .store()?;
    row.as_ref().map(from_row).transpose()
}

/// Marks a draft published as `version`; false when it already was.
pub async fn mark_published(tx: &mut Tx, id: i64, version: i64) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE welfare_drafts SET published_version = $1 \
         WHERE id = $2 AND published_version IS NULL",
    )
    .bind(version)
    .bind(id)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() == 1)
}
