//! SQL for programmes: inserting the shipped ones, reading them with their current rule,
//! publishing a new rule version (with its event). Loading the registry into columns for
//! a dry run is in `registry.rs`.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::model::{Benefit, Programme, Quota, RuleVersion};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::{self, Action, Actor, Changes, NewEvent};

mod registry;

pub use registry::{child_region_names, head_names, load_columns};

pub const PROGRAMME_CREATED: Action = Action("programme.created");
pub const RULE_PUBLISHED: Action = Action("programme.rule_published");

/// A programme as shipped or entered, with its first rule's canonical text.
#[derive(Debug, Clone)]
pub struct NewProgramme {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub description: String,
    pub description_en: String,
    pub operator: String,
    pub approver: String,
    pub chain: String,
    pub frequency: String,
    pub channel: String,
    pub benefit: Benefit,
    pub quotas: Vec<Quota>,
    pub excludes: Vec<String>,
    pub source: String,
    pub rule: String,
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Other(sqlx::Error::Decode(Box::new(e))))
}

/// Inserts a programme and its rule as version 1, with an event each, unless a programme
/// with its code exists; true when inserted.
pub async fn insert_if_missing(
    tx: &mut Tx,
    programme: &NewProgramme,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO programmes (code, name, name_en, description, description_en, operator, \
         frequency, channel, benefit, quotas, excludes, source, created_at, approver, chain) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
         ON CONFLICT (code) DO NOTHING",
    )
    .bind(programme.code.clone())
    .bind(programme.name.clone())
    .bind(programme.name_en.clone())
    .bind(programme.description.clone())
    .bind(programme.description_en.clone())
    .bind(programme.operator.clone())
    .bind(programme.frequency.clone())
    .bind(programme.channel.clone())
    .bind(json(&programme.benefit)?)
    .bind(json(&programme.quotas)?)
    .bind(json(&programme.excludes)?)
    .bind(programme.source.clone())
    .bind(timestamp::to_db(now))
    .bind(programme.approver.clone())
    .bind(programme.chain.clone())
    .execute(&mut **tx)
    .await
    .store()?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    let event = NewEvent {
        actor: actor.clone(),
        action: PROGRAMME_CREATED,
        subject_type: "programme",
        subject_id: programme.code.clone(),
        region: None,
        changes: Changes::new()
            .set("name", programme.name.clone())
            .set("operator", programme.operator.clone())
            .set("approver", programme.approver.clone())
            .set("chain", programme.chain.clone())
            .set("frequency", programme.frequency.clone())
            .set("channel", programme.channel.clone())
            .set(
                "benefit",
                serde_json::to_value(&programme.benefit).unwrap_or_default(),
            )
            .set(
                "quotas",
                serde_json::to_value(&programme.quotas).unwrap_or_default(),
            )
            .set("excludes", programme.excludes.clone()),
        request_id: None,
    };
    events::store::record(tx, event, now).await?;
    publish_rule(
        tx,
        &programme.code,
        0,
        &programme.rule,
        "",
        actor,
        None,
        now,
    )
    .await?;
    Ok(true)
}

/// Writes rule version `previous + 1` and its event; the caller holds the transaction
/// in which it read `previous` (and `old`, the rule it replaces).
#[allow(clippy::too_many_arguments)]
pub async fn publish_rule(
    tx: &mut Tx,
    code: &str,
    previous: i64,
    rule: &str,
    old: &str,
    actor: &Actor,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let version = previous + 1;
    sqlx::query(
        "INSERT INTO programme_rules (programme_code, version, rule, published_at, actor_kind, \
         actor_id, actor_role) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(code.to_owned())
    .bind(version)
    .bind(rule.to_owned())
    .bind(timestamp::to_db(now))
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .execute(&mut **tx)
    .await
    .store()?;
    let changes = if previous == 0 {
        Changes::new().set("rule", rule).set("version", version)
    } else {
        Changes::new()
            .change("rule", old, rule)
            .change("version", previous, version)
    };
    let event = NewEvent {
        actor: actor.clone(),
        action: RULE_PUBLISHED,
        subject_type: "programme",
        subject_id: code.to_owned(),
        region: None,
        changes,
        request_id,
    };
    events::store::record(tx, event, now).await?;
    Ok(version)
}

const COLUMNS: &str = "p.code, p.name, p.name_en, p.description, p.description_en, \
    p.operator, p.frequency, p.channel, p.benefit, p.quotas, p.excludes, p.source, \
    r.version, r.rule, r.published_at, r.actor_role, p.approver \
    FROM programmes p JOIN programme_rules r ON r.programme_code = p.code \
    AND r.version = (SELECT MAX(l.version) FROM programme_rules l \
                     WHERE l.programme_code = p.code)";

fn parse_json<T: serde::de::DeserializeOwned>(row: &AnyRow, at: usize) -> Result<T, StoreError> {
    let text: String = row.try_get(at).store()?;
    serde_json::from_str(&text).map_err(|e| StoreError::Other(sqlx::Error::Decode(Box::new(e))))
}

fn programme_from_row(row: &AnyRow) -> Result<Programme, StoreError> {
    Ok(Programme {
        code: row.try_get(0).store()?,
        name: row.try_get(1).store()?,
        name_en: row.try_get(2).store()?,
        description: row.try_get(3).store()?,
        description_en: row.try_get(4).store()?,
        operator: row.try_get(5).store()?,
        frequency: row.try_get(6).store()?,
        channel: row.try_get(7).store()?,
        benefit: parse_json(row, 8)?,
        quotas: parse_json(row, 9)?,
        excludes: parse_json(row, 10)?,
        source: row.try_get(11).store()?,
        approver: row.try_get(16).store()?,
        rule: RuleVersion {
            version: row.try_get(12).store()?,
            source: row.try_get(13).store()?,
            published_at: row.try_get(14).store()?,
            published_by_role: row.try_get(15).store()?,
            words: String::new(),
            words_en: String::new(),
        },
    })
}

/// Every programme with its current rule, by code.
pub async fn list(db: &Db) -> Result<Vec<Programme>, StoreError> {
    let sql = format!("SELECT {COLUMNS} ORDER BY p.code");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(programme_from_row).collect()
}

pub async fn find(db: &Db, code: &str) -> Result<Option<Programme>, StoreError> {
    let sql = format!("SELECT {COLUMNS} WHERE p.code = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(code.to_owned())
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(programme_from_row).transpose()
}

/// The current rule's version and text, read inside the publishing transaction.
pub async fn current_rule_in(tx: &mut Tx, code: &str) -> Result<Option<(i64, String)>, StoreError> {
    let row = sqlx::query(
        "SELECT version, rule FROM programme_rules WHERE programme_code = $1 \
         ORDER BY version DESC LIMIT 1",
    )
    .bind(code.to_owned())
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    row.map(|r| Ok((r.try_get(0).store()?, r.try_get(1).store()?)))
        .transpose()
}

/// Every published version of a programme's rule, newest first.
pub async fn versions(db: &Db, code: &str) -> Result<Vec<RuleVersion>, StoreError> {
    let rows = sqlx::query(
        "SELECT version, rule, published_at, actor_role FROM programme_rules \
         WHERE programme_code = $1 ORDER BY version DESC",
    )
    .bind(code.to_owned())
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            Ok(RuleVersion {
                version: r.try_get(0).store()?,
                source: r.try_get(1).store()?,
                published_at: r.try_get(2).store()?,
                published_by_role: r.try_get(3).store()?,
                words: String::new(),
                words_en: String::new(),
            })
        })
        .collect()
}
