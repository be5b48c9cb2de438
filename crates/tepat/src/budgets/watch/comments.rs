//! Citizens' comments on a budget line: anyone may comment (a name is optional), at most
//! `PER_ADDRESS_PER_DAY` from one address a day; a moderator (a district officer or above
//! whose region covers the line) hides one with a reason — never deletes it. Both are events.

use sqlx::Row;
use time::{Duration, OffsetDateTime};

use crate::auth::{Denied, Permission, Principal, Role};
use crate::budgets::error::BudgetError;
use crate::budgets::service::text_rule;
use crate::db::{Db, ResultExt, timestamp};
use crate::events::{Action, Actor, Changes, NewEvent};
use crate::region_code::RegionCode;

pub const COMMENT_POSTED: Action = Action("budget.comment_posted");
pub const COMMENT_HIDDEN: Action = Action("budget.comment_hidden");
/// Comments one address may post in a day.
pub const PER_ADDRESS_PER_DAY: i64 = 5;
const BODY_CHARS: std::ops::RangeInclusive<usize> = 5..=1_000;
const NAME_CHARS: std::ops::RangeInclusive<usize> = 1..=100;
const REASON_CHARS: std::ops::RangeInclusive<usize> = 5..=500;

/// A comment as shown.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Comment {
    pub id: i64,
    pub name: Option<String>,
    pub body: String,
    pub created_at: String,
}

/// A line's shown comments, oldest first, and how many were hidden.
pub async fn of_line(db: &Db, line: i64) -> Result<(Vec<Comment>, i64), BudgetError> {
    let rows = sqlx::query(
        "SELECT id, author_name, body, created_at, hidden FROM budget_comments \
         WHERE budget_line_id = $1 ORDER BY id",
    )
    .bind(line)
    .fetch_all(&db.pool)
    .await
    .store()?;
    let mut shown = Vec::new();
    let mut hidden = 0;
    for row in &rows {
        if row.try_get::<i64, _>("hidden").store()? == 1 {
            hidden += 1;
            continue;
        }
        shown.push(Comment {
            id: row.try_get("id").store()?,
            name: row.try_get("author_name").store()?,
            body: row.try_get("body").store()?,
            created_at: row.try_get("created_at").store()?,
        });
    }
    Ok((shown, hidden))
}

fn citizen() -> Actor {
    Actor {
        role: "citizen".into(),
        ..Actor::system()
    }
}

/// Takes a citizen's comment on line `line`.
pub async fn post(
    db: &Db,
    line: i64,
    name: &str,
    body: &str,
    client: Option<&str>,
    now: OffsetDateTime,
) -> Result<i64, BudgetError> {
    let budget = crate::budgets::store::line(db, line)
        .await?
        .ok_or(BudgetError::NotFound)?;
    let body = text_rule("body", body, BODY_CHARS)?;
    let name = if name.trim().is_empty() {
        None
    } else {
        Some(text_rule("name", name, NAME_CHARS)?)
    };
    let mut tx = db.begin_write().await?;
    if let Some(key) = client {
        let sent: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM budget_comments WHERE client_key = $1 AND created_at > $2",
        )
        .bind(key.to_owned())
        .bind(timestamp::to_db(now - Duration::days(1)))
        .fetch_one(&mut *tx)
        .await
        .store()?;
        if sent >= PER_ADDRESS_PER_DAY {
            return Err(BudgetError::TooMany);
        }
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO budget_comments (budget_line_id, author_name, body, client_key, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(line)
    .bind(name.clone())
    .bind(body.clone())
    .bind(client.map(str::to_owned))
    .bind(timestamp::to_db(now))
    .fetch_one(&mut *tx)
    .await
    .store()?;
    let event = NewEvent {
        actor: citizen(),
        action: COMMENT_POSTED,
        subject_type: "budget_comment",
        subject_id: id.to_string(),
        region: RegionCode::parse(&budget.region_code).ok(),
        changes: Changes::new()
            .set("budget_line", line)
            .set("name", name.unwrap_or_default())
            .set("body", body),
        request_id: None,
    };
    let event = crate::events::store::record(&mut tx, event, now).await?;
    sqlx::query("UPDATE budget_comments SET event_id = $1 WHERE id = $2")
        .bind(event.0)
        .bind(id)
        .execute(&mut *tx)
        .await
        .store()?;
    tx.commit().await.store()?;
    Ok(id)
}

/// Whether the caller may moderate comments on a line of `owner` (empty: national).
pub fn moderates(caller: &Principal, owner: &str) -> bool {
    let role = caller.allows(Permission::ReadBudgets, true).is_ok() && caller.role != Role::Auditor;
    let scope = if owner.is_empty() {
        caller.region.is_none()
    } else {
        caller.covers_code(owner)
    };
    role && scope
}

/// Hides comment `id` with a reason; its line's id.
pub async fn hide(
    db: &Db,
    caller: &Principal,
    id: i64,
    reason: &str,
    now: OffsetDateTime,
) -> Result<i64, BudgetError> {
    caller.allows(Permission::ReadBudgets, true)?;
    if caller.role == Role::Auditor {
        return Err(BudgetError::Denied(Denied::Role));
    }
    let line: i64 = sqlx::query_scalar("SELECT budget_line_id FROM budget_comments WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?
        .ok_or(BudgetError::NotFound)?;
    let budget = crate::budgets::store::line(db, line)
        .await?
        .ok_or(BudgetError::NotFound)?;
    if !moderates(caller, &budget.region_code) {
        return Err(BudgetError::NotFound);
    }
    let reason = text_rule("reason", reason, REASON_CHARS)?;
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE budget_comments SET hidden = 1, hidden_kind = $1, hidden_id = $2, \
         hidden_role = $3, hidden_name = $4, hidden_at = $5, hide_reason = $6 \
         WHERE id = $7 AND hidden = 0",
    )
    .bind(caller.actor.kind.as_str())
    .bind(caller.actor.id)
    .bind(caller.actor.role.clone())
    .bind(caller.name.clone())
    .bind(timestamp::to_db(now))
    .bind(reason.clone())
    .bind(id)
    .execute(&mut *tx)
    .await
    .store()?;
    if done.rows_affected() != 1 {
        return Err(BudgetError::conflict(
            "comment",
            "hidden",
            "this comment is already hidden",
            "komentar ini sudah disembunyikan",
        ));
    }
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: COMMENT_HIDDEN,
        subject_type: "budget_comment",
        subject_id: id.to_string(),
        region: RegionCode::parse(&budget.region_code).ok(),
        changes: Changes::new()
            .change("hidden", false, true)
            .set("reason", reason),
        request_id: None,
    };
    crate::events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    Ok(line)
}
