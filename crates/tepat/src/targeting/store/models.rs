//! Published welfare models: publishing one (with its event) and reading them back.

use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::{self, Action, Actor, Changes, NewEvent};

pub const MODEL_PUBLISHED: Action = Action("welfare_model.published");

/// A published model as stored.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PublishedModel {
    pub version: i64,
    pub name: String,
    /// The model's JSON text, exactly as published.
    pub model: String,
    /// SHA-256 of `model`, hex.
    pub model_sha256: String,
    /// What the publisher said about it (the fit, the sample).
    pub note: String,
    /// UTC, RFC 3339.
    pub published_at: String,
    pub actor_role: String,
    /// The publishing account's display name; none for the command line.
    pub actor_name: Option<String>,
}

/// SHA-256 of a model's text, hex.
pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Publishes a model as the next version, with its event, inside the caller's transaction.
pub async fn publish(
    tx: &mut Tx,
    name: &str,
    model_json: &str,
    note: &str,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let version: i64 = sqlx::query("SELECT COALESCE(MAX(version), 0) + 1 FROM welfare_models")
        .fetch_one(&mut **tx)
        .await
        .store()?
        .try_get(0)
        .store()?;
    let sha = sha256_hex(model_json);
    let changes = Changes::new()
        .set("version", version)
        .set("name", name)
        .set("model_sha256", sha.clone())
        .set("note", note);
    let event = NewEvent {
        actor: actor.clone(),
        action: MODEL_PUBLISHED,
        subject_type: "welfare_model",
        subject_id: version.to_string(),
        region: None,
        changes,
        request_id: None,
    };
    let event_id = events::store::record(tx, event, now).await?;
    sqlx::query(
        "INSERT INTO welfare_models (version, name, model, model_sha256, note, published_at, \
         actor_kind, actor_id, actor_role, event_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(version)
    .bind(name.to_owned())
    .bind(model_json.to_owned())
    .bind(sha)
    .bind(note.to_owned())
    .bind(timestamp::to_db(now))
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(event_id.0)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(version)
}

const COLUMNS: &str = "version, name, model, model_sha256, note, published_at, actor_role, \
    (SELECT a.display_name FROM accounts a WHERE a.id = m.actor_id \
     AND m.actor_kind = 'account') AS actor_name FROM welfare_models m";

fn from_row(row: &AnyRow) -> Result<PublishedModel, StoreError> {
    Ok(PublishedModel {
        version: row.try_get("version").store()?,
        name: row.try_get("name").store()?,
        model: row.try_get("model").store()?,
        model_sha256: row.try_get("model_sha256").store()?,
        note: row.try_get("note").store()?,
        published_at: row.try_get("published_at").store()?,
        actor_role: row.try_get("actor_role").store()?,
        actor_name: row.try_get("actor_name").store()?,
    })
}

/// One published version.
pub async fn find(db: &Db, version: i64) -> Result<Option<PublishedModel>, StoreError> {
    let sql = format!("SELECT {COLUMNS} WHERE version = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(version)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(from_row).transpose()
}

/// The latest published version.
pub async fn latest(db: &Db) -> Result<Option<PublishedModel>, StoreError> {
    let sql = format!("SELECT {COLUMNS} ORDER BY version DESC LIMIT 1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(from_row).transpose()
}

/// Every published version, newest first.
pub async fn list(db: &Db) -> Result<Vec<PublishedModel>, StoreError> {
    let sql = format!("SELECT {COLUMNS} ORDER BY version DESC");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(from_row).collect()
}
