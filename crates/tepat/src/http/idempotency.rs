//! Idempotency keys for commands from outside: the first request with a key is executed
//! and its response stored; a repeat with the same key and body gets the stored response
//! and changes nothing; the same key with another body is refused.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use sqlx::Row;
use time::OffsetDateTime;

use super::json::{API_BODY_BYTES_MAX, ApiJson, parse_json};
use super::{AppError, FieldError};
use crate::db::{Db, ResultExt, StoreError, timestamp};
use crate::events::Actor;

mod each;

pub use each::{earlier_each, record_each};

pub const HEADER: &str = "idempotency-key";
/// Longest key accepted; UUIDs and similar fit comfortably.
const KEY_LENGTH_MAX: usize = 200;
/// Status stored while the first request with a key is still running.
const IN_PROGRESS: i64 = 0;
/// How long a claim "still running" holds, in seconds: the longest a request may take.
static LEASE_SECONDS: AtomicU64 = AtomicU64::new(30);

/// Sets how long a request may run (the server's request time limit). A claim older than
/// that belongs to a request that ended without answering — its process killed, its
/// client gone — and the next request with the key takes it over instead of waiting
/// forever; the commands' own checks (a status that has moved on, a transfer id that
/// exists) keep a command that did commit from being done twice.
pub fn set_lease(limit: std::time::Duration) {
    LEASE_SECONDS.store(limit.as_secs().max(1), Ordering::Relaxed);
}

/// A JSON command with its idempotency key and the hash of its body.
pub struct IdempotentJson<T> {
    pub key: String,
    pub request_hash: String,
    pub body: T,
}

fn key_error(message: &str, message_id: &str) -> AppError {
    AppError::BadRequest(FieldError::new(
        "Idempotency-Key",
        "header",
        message,
        message_id,
    ))
}

/// The `Idempotency-Key` header, checked.
pub fn key_from(headers: &axum::http::HeaderMap) -> Result<String, AppError> {
    let key = match headers.get(HEADER).map(|v| v.to_str()) {
        None => {
            return Err(key_error(
                "the Idempotency-Key header is required for this command",
                "header Idempotency-Key wajib ada",
            ));
        }
        Some(Err(_)) => return Err(key_error("must be printable ASCII", "harus berupa ASCII")),
        Some(Ok(text)) if !text.bytes().all(|b| (b' '..=b'~').contains(&b)) => {
            return Err(key_error("must be printable ASCII", "harus berupa ASCII"));
        }
        Some(Ok(text)) if text.len() > KEY_LENGTH_MAX => {
            return Err(key_error(
                "must be 1 to 200 characters",
                "harus 1 sampai 200 karakter",
            ));
        }
        Some(Ok(text)) => text.trim().to_owned(),
    };
    if key.is_empty() {
        return Err(key_error(
            "must be 1 to 200 characters",
            "harus 1 sampai 200 karakter",
        ));
    }
    Ok(key)
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for IdempotentJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let key = key_from(req.headers())?;
        let ApiJson(raw): ApiJson<serde_json::Value> = ApiJson::from_request(req, state).await?;
        let bytes = Bytes::from(serde_json::to_vec(&raw).map_err(anyhow::Error::from)?);
        debug_assert!(bytes.len() <= API_BODY_BYTES_MAX * 2);
        let request_hash = hex::encode(Sha256::digest(&bytes));
        let body = parse_json(&bytes)?;
        Ok(Self {
            key,
            request_hash,
            body,
        })
    }
}

enum Begin {
    Fresh,
    Replay(StatusCode, String),
    InProgress,
    Mismatch,
}

async fn begin(
    db: &Db,
    caller: &str,
    key: &str,
    hash: &str,
    now: OffsetDateTime,
) -> Result<Begin, StoreError> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (caller, idempotency_key, request_hash, response_status, \
         response_body, created_at) VALUES ($1, $2, $3, $4, '', $5) \
         ON CONFLICT (caller, idempotency_key) DO NOTHING",
    )
    .bind(caller)
    .bind(key)
    .bind(hash)
    .bind(IN_PROGRESS)
    .bind(timestamp::to_db(now))
    .execute(&db.pool)
    .await
    .store()?;
    if inserted.rows_affected() == 1 {
        return Ok(Begin::Fresh);
    }
    let row = sqlx::query(
        "SELECT request_hash, response_status, response_body, created_at FROM idempotency_keys \
         WHERE caller = $1 AND idempotency_key = $2",
    )
    .bind(caller)
    .bind(key)
    .fetch_one(&db.pool)
    .await
    .store()?;
    let stored_hash: String = row.try_get(0).store()?;
    let status: i64 = row.try_get(1).store()?;
    if stored_hash != hash {
        return Ok(Begin::Mismatch);
    }
    if status == IN_PROGRESS {
        let claimed: String = row.try_get(3).store()?;
        return Ok(if take_over(db, caller, key, &claimed, now).await? {
            Begin::Fresh
        } else {
            Begin::InProgress
        });
    }
    let status = u16::try_from(status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok());
    Ok(Begin::Replay(
        status.unwrap_or(StatusCode::OK),
        row.try_get(2).store()?,
    ))
}

/// Takes over a claim older than the lease (see [`set_lease`]); whether it was taken.
/// Two takers race on the claim's time: one wins.
async fn take_over(
    db: &Db,
    caller: &str,
    key: &str,
    claimed: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let lease = time::Duration::seconds(LEASE_SECONDS.load(Ordering::Relaxed) as i64);
    let Some(since) = timestamp::from_db(claimed) else {
        return Ok(false);
    };
    if now - since < lease {
        return Ok(false);
    }
    let taken = sqlx::query(
        "UPDATE idempotency_keys SET created_at = $1 WHERE caller = $2 \
         AND idempotency_key = $3 AND response_status = $4 AND created_at = $5",
    )
    .bind(timestamp::to_db(now))
    .bind(caller)
    .bind(key)
    .bind(IN_PROGRESS)
    .bind(claimed)
    .execute(&db.pool)
    .await
    .store()?;
    Ok(taken.rows_affected() == 1)
}

async fn finish(
    db: &Db,
    caller: &str,
    key: &str,
    status: StatusCode,
    body: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE idempotency_keys SET response_status = $1, response_body = $2 \
         WHERE caller = $3 AND idempotency_key = $4",
    )
    .bind(i64::from(status.as_u16()))
    .bind(body)
    .bind(caller)
    .bind(key)
    .execute(&db.pool)
    .await
    .store()?;
    Ok(())
}

async fn abandon(db: &Db, caller: &str, key: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM idempotency_keys WHERE caller = $1 AND idempotency_key = $2")
        .bind(caller)
        .bind(key)
        .execute(&db.pool)
        .await
        .store()?;
    Ok(())
}

fn json_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// Whose keys these are: the keys of two callers never meet.
pub fn caller_key(actor: &Actor) -> String {
    format!("{}:{}", actor.kind.as_str(), actor.id.unwrap_or_default())
}

/// Runs `command` once per (actor, key) and answers with its JSON: the common shape of an
/// idempotent command, on top of [`run`]. `hash` names the command (the body's hash, and
/// the subject it acts on when that is in the path).
pub async fn once<R, F>(
    db: &Db,
    actor: &Actor,
    key: &str,
    hash: &str,
    now: OffsetDateTime,
    command: F,
) -> Result<Response, AppError>
where
    R: serde::Serialize,
    F: std::future::Future<Output = Result<(StatusCode, R), AppError>>,
{
    let command = async {
        let (status, value) = command.await?;
        Ok((
            status,
            serde_json::to_value(value).map_err(anyhow::Error::from)?,
        ))
    };
    run(db, &caller_key(actor), key, hash, now, command).await
}

impl<T> IdempotentJson<T> {
    /// Runs `command` once for this key and body on behalf of `actor`. `subject` is the
    /// record the path names (a pair id, a flag id): it is part of the command, so a key
    /// reused for another subject is refused.
    pub async fn once<R, F>(
        &self,
        db: &Db,
        actor: &Actor,
        subject: Option<&str>,
        now: OffsetDateTime,
        command: F,
    ) -> Result<Response, AppError>
    where
        R: serde::Serialize,
        F: std::future::Future<Output = Result<(StatusCode, R), AppError>>,
    {
        let hash = match subject {
            Some(subject) => format!("{}:{subject}", self.request_hash),
            None => self.request_hash.clone(),
        };
        once(db, actor, &self.key, &hash, now, command).await
    }
}

/// Runs `command` once per (caller, key). Refusals of the command itself (4xx) are not
/// stored, so a corrected request may reuse the key; successes are replayed.
pub async fn run<F>(
    db: &Db,
    caller: &str,
    key: &str,
    hash: &str,
    now: OffsetDateTime,
    command: F,
) -> Result<Response, AppError>
where
    F: std::future::Future<Output = Result<(StatusCode, serde_json::Value), AppError>>,
{
    match begin(db, caller, key, hash, now).await? {
        Begin::Fresh => {}
        Begin::Replay(status, body) => return Ok(json_response(status, body)),
        Begin::InProgress => {
            return Err(AppError::Conflict(FieldError::new(
                "Idempotency-Key",
                "in-progress",
                "a request with this key is still being processed",
                "permintaan dengan kunci ini masih diproses",
            )));
        }
        Begin::Mismatch => {
            return Err(AppError::Conflict(FieldError::new(
                "Idempotency-Key",
                "reused",
                "this key was already used with a different body",
                "kunci ini sudah dipakai untuk isi permintaan lain",
            )));
        }
    }
    match command.await {
        Ok((status, value)) => {
            let body = value.to_string();
            finish(db, caller, key, status, &body).await?;
            Ok(json_response(status, body))
        }
        Err(err) => {
            abandon(db, caller, key).await?;
            Err(err)
        }
    }
}

/// A command that records its own answer in its own transaction: one write instead of a
/// claim, the command and the answer (the path of the busiest command, a redemption).
/// [`Inline::earlier`] answers a key already used; [`Inline::record`] stores the answer
/// inside the command's transaction, so the command and its answer commit together. Two
/// requests with one key that race both run the command; the second's answer meets the
/// first's row, its transaction is rolled back, and [`Inline::earlier`] then replays the
/// first.
pub struct Inline {
    caller: String,
    key: String,
    hash: String,
}

impl Inline {
    /// Whose key it is and the key: two commands with the same pair are one command.
    pub fn identity(&self) -> (&str, &str) {
        (&self.caller, &self.key)
    }

    pub fn new<T>(command: &IdempotentJson<T>, actor: &Actor) -> Self {
        Self {
            caller: caller_key(actor),
            key: command.key.clone(),
            hash: command.request_hash.clone(),
        }
    }

    /// The stored answer for this key, or the refusal of a key used for another body or
    /// still claimed by a request of the other path; `None` when the key is new.
    pub async fn earlier(&self, db: &Db) -> Result<Option<Response>, AppError> {
        let row = sqlx::query(
            "SELECT request_hash, response_status, response_body FROM idempotency_keys \
             WHERE caller = $1 AND idempotency_key = $2",
        )
        .bind(self.caller.clone())
        .bind(self.key.clone())
        .fetch_optional(&db.pool)
        .await
        .store()?;
        let Some(row) = row else {
            return Ok(None);
        };
        let (hash, status): (String, i64) = (row.try_get(0).store()?, row.try_get(1).store()?);
        self.judge(&hash, status, row.try_get(2).store()?).map(Some)
    }

    /// What a stored row with this key says to this command: its answer, or the refusal
    /// of a key used for another body or still claimed by a request of the other path.
    fn judge(&self, stored_hash: &str, status: i64, body: String) -> Result<Response, AppError> {
        if stored_hash != self.hash {
            return Err(AppError::Conflict(FieldError::new(
                "Idempotency-Key",
                "reused",
                "this key was already used with a different body",
                "kunci ini sudah dipakai untuk isi permintaan lain",
            )));
        }
        let status = u16::try_from(status)
            .ok()
            .and_then(|s| StatusCode::from_u16(s).ok())
            .filter(|_| status != IN_PROGRESS);
        match status {
            Some(status) => Ok(json_response(status, body)),
            None => Err(AppError::Conflict(FieldError::new(
                "Idempotency-Key",
                "in-progress",
                "a request with this key is still being processed",
                "permintaan dengan kunci ini masih diproses",
            ))),
        }
    }

    /// Stores the answer inside the command's transaction; a key taken meanwhile is
    /// [`StoreError::Conflict`].
    pub async fn record(
        &self,
        tx: &mut crate::db::Tx,
        status: StatusCode,
        body: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO idempotency_keys (caller, idempotency_key, request_hash, \
             response_status, response_body, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(self.caller.clone())
        .bind(self.key.clone())
        .bind(self.hash.clone())
        .bind(i64::from(status.as_u16()))
        .bind(body.to_owned())
        .bind(timestamp::to_db(now))
        .execute(&mut **tx)
        .await
        .store()?;
        Ok(())
    }

    /// The answer of a command whose key was taken by a request racing it.
    pub async fn replay(&self, db: &Db) -> Result<Response, AppError> {
        self.earlier(db).await?.ok_or(AppError::NotFound)
    }
}
