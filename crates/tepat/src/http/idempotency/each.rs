//! The inline idempotency answers of a group of commands committed in one transaction (a
//! group of redemptions): the keys already used, read in one statement, and the new
//! answers, written in one.

use axum::http::StatusCode;
use axum::response::Response;
use sqlx::Row;
use time::OffsetDateTime;

use super::{AppError, Inline};
use crate::db::bulk::{insert_rows, placeholders, rows_per_statement};
use crate::db::{Engine, ResultExt, StoreError, Tx, timestamp};

/// What the keys of `commands` already hold, read inside `tx`: for each command, in
/// order, `None` when its key is new, else its stored answer (or the refusal of a key
/// used for another body, or still claimed) as [`Inline::earlier`] gives it.
pub async fn earlier_each(
    tx: &mut Tx,
    commands: &[&Inline],
) -> Result<Vec<Option<Result<Response, AppError>>>, StoreError> {
    let engine = Engine::of(tx);
    let mut found = std::collections::HashMap::new();
    for chunk in commands.chunks(rows_per_statement(2)) {
        // A join on the listed pairs reads the primary key's index; SQLite scans the
        // whole table for `(caller, idempotency_key) IN (VALUES …)`.
        let sql = format!(
            "SELECT k.caller, k.idempotency_key, k.request_hash, k.response_status, \
             k.response_body FROM (VALUES {}) AS v \
             JOIN idempotency_keys k ON k.caller = v.column1 AND k.idempotency_key = v.column2",
            placeholders(engine, chunk.len(), 2)
        );
        let query = chunk
            .iter()
            .fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, c| {
                q.bind(c.caller.clone()).bind(c.key.clone())
            });
        for row in query.fetch_all(&mut **tx).await.store()? {
            let pair: (String, String) = (row.try_get(0).store()?, row.try_get(1).store()?);
            let stored: (String, i64, String) = (
                row.try_get(2).store()?,
                row.try_get(3).store()?,
                row.try_get(4).store()?,
            );
            found.insert(pair, stored);
        }
    }
    Ok(commands
        .iter()
        .map(|c| {
            let (hash, status, body) = found.get(&(c.caller.clone(), c.key.clone()))?;
            Some(c.judge(hash, *status, body.clone()))
        })
        .collect())
}

const ANSWER_VALUES: usize = 6;

/// Stores the answers of several commands inside their transaction, in one statement per
/// chunk; a key taken meanwhile fails it with [`StoreError::Conflict`].
pub async fn record_each(
    tx: &mut Tx,
    answers: &[(&Inline, StatusCode, String)],
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let at = timestamp::to_db(now);
    insert_rows(
        tx,
        "idempotency_keys (caller, idempotency_key, request_hash, response_status, \
         response_body, created_at)",
        ANSWER_VALUES,
        answers,
        false,
        |query, (command, status, body)| {
            query
                .bind(command.caller.clone())
                .bind(command.key.clone())
                .bind(command.hash.clone())
                .bind(i64::from(status.as_u16()))
                .bind(body.clone())
                .bind(at.clone())
        },
    )
    .await?;
    Ok(())
}
