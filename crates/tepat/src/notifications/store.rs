//! SQL for the outbox: enqueuing inside the caller's transaction (once per cause),
//! claiming due messages with a lease, recording an attempt's outcome, listing within a
//! region scope, and putting a dead letter back in the queue.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::template::Message;
use super::{FAILED, PENDING, SENT};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::region_code::{RegionCode, ScopeParams};

/// A message about to be queued.
#[derive(Debug, Clone)]
pub struct NewNotification {
    /// What caused it: `voucher.issued`, `payment.rejected`, … (constants in `mod.rs`).
    pub kind: &'static str,
    /// The causing record; with `kind`, what makes the message unique.
    pub subject_type: &'static str,
    pub subject_id: String,
    pub household_id: Option<i64>,
    /// The household's village, for region scope.
    pub region: String,
    /// `sms` or `email`.
    pub channel: &'static str,
    /// The phone number or e-mail address; a message without one is not queued.
    pub address: Option<String>,
    pub message: Message,
}

/// A queued message, as the API shows it (the address masked by the service).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = Notification)]
pub struct Notification {
    pub id: i64,
    /// `voucher.issued`, `payment.sent`, `payment.rejected`, `proposal.decided`,
    /// `objection.answered` or `distribution.scheduled`.
    pub kind: String,
    pub subject_type: String,
    pub subject_id: String,
    pub household_id: Option<i64>,
    pub region_code: String,
    /// `sms` or `email`.
    pub channel: String,
    /// Masked: `0812****789`.
    pub address: String,
    pub subject: String,
    pub body: String,
    pub link: String,
    /// `pending`, `sent` or `failed` (a dead letter).
    pub status: String,
    pub attempts: i64,
    /// UTC, RFC 3339: when the worker may try it next.
    pub next_attempt_at: String,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    /// The village's name, for pages.
    pub region_name: Option<String>,
}

/// Queues a message inside the caller's transaction, so that it exists exactly when the
/// change that caused it does. The same (kind, subject) queued again, or a message with
/// no address, is not queued: `None`.
pub async fn enqueue(
    tx: &mut Tx,
    new: NewNotification,
    now: OffsetDateTime,
) -> Result<Option<i64>, StoreError> {
    let Some(address) = new.address.filter(|a| !a.trim().is_empty()) else {
        return Ok(None);
    };
    let at = timestamp::to_db(now);
    let row = sqlx::query(
        "INSERT INTO notifications (kind, subject_type, subject_id, household_id, region_code, \
         channel, address, subject, body, link, status, attempts, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $12, $12) \
         ON CONFLICT (kind, subject_type, subject_id) DO NOTHING RETURNING id",
    )
    .bind(new.kind)
    .bind(new.subject_type)
    .bind(new.subject_id)
    .bind(new.household_id)
    .bind(new.region)
    .bind(new.channel)
    .bind(address.trim().to_owned())
    .bind(new.message.subject)
    .bind(new.message.body)
    .bind(new.message.link)
    .bind(PENDING)
    .bind(at)
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    row.map(|r| r.try_get(0).store()).transpose()
}

/// A message a worker took to deliver, with the lease that marks it as its own.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    pub kind: String,
    pub channel: String,
    pub address: String,
    pub subject: String,
    pub body: String,
    pub link: String,
    pub attempts: i64,
    /// The lease's end as stored: the outcome is written only while it is still there.
    pub lease: String,
}

/// Takes up to `limit` due pending messages for one worker: their next attempt moves to
/// the lease's end, so another worker (another server) leaves them alone until then, and
/// a worker that dies mid-way gives them back when the lease runs out. One statement, so
/// two workers never claim the same message: on PostgreSQL the second re-reads a row the
/// first changed and finds it no longer due; SQLite has one writer.
pub async fn claim(
    db: &Db,
    now: OffsetDateTime,
    lease_until: OffsetDateTime,
    limit: u32,
) -> Result<Vec<Claimed>, StoreError> {
    let (now, lease) = (timestamp::to_db(now), timestamp::to_db(lease_until));
    let mut tx = db.begin_write().await?;
    let rows = sqlx::query(
        "UPDATE notifications SET next_attempt_at = $1 \
         WHERE id IN (SELECT id FROM notifications WHERE status = $2 AND next_attempt_at <= $3 \
                      ORDER BY next_attempt_at, id LIMIT $4) \
           AND status = $2 AND next_attempt_at <= $3 \
         RETURNING id, kind, channel, address, subject, body, link, attempts",
    )
    .bind(lease.clone())
    .bind(PENDING)
    .bind(now)
    .bind(i64::from(limit))
    .fetch_all(&mut *tx)
    .await
    .store()?;
    tx.commit().await.store()?;
    let mut claimed = rows
        .iter()
        .map(|row| {
            Ok(Claimed {
                id: row.try_get(0).store()?,
                kind: row.try_get(1).store()?,
                channel: row.try_get(2).store()?,
                address: row.try_get(3).store()?,
                subject: row.try_get(4).store()?,
                body: row.try_get(5).store()?,
                link: row.try_get(6).store()?,
                attempts: row.try_get(7).store()?,
                lease: lease.clone(),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    claimed.sort_by_key(|c| c.id);
    Ok(claimed)
}

/// Marks a claimed message delivered; false when its lease was lost meanwhile.
pub async fn mark_sent(
    db: &Db,
    claimed: &Claimed,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE notifications SET status = $1, attempts = attempts + 1, sent_at = $2, \
         last_error = NULL WHERE id = $3 AND status = $4 AND next_attempt_at = $5",
    )
    .bind(SENT)
    .bind(timestamp::to_db(now))
    .bind(claimed.id)
    .bind(PENDING)
    .bind(claimed.lease.clone());
    written(db, done).await
}

/// Records a failed attempt: pending again at `next_at`, or a dead letter when `dead`.
pub async fn mark_failed(
    db: &Db,
    claimed: &Claimed,
    error: &str,
    next_at: OffsetDateTime,
    dead: bool,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE notifications SET status = $1, attempts = attempts + 1, next_attempt_at = $2, \
         last_error = $3 WHERE id = $4 AND status = $5 AND next_attempt_at = $6",
    )
    .bind(if dead { FAILED } else { PENDING })
    .bind(timestamp::to_db(next_at))
    .bind(error.to_owned())
    .bind(claimed.id)
    .bind(PENDING)
    .bind(claimed.lease.clone());
    written(db, done).await
}

/// Runs one outcome update in its own write transaction (on SQLite, the one writer);
/// true when it changed the row.
async fn written(db: &Db, update: crate::db::bulk::BulkQuery) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let done = update.execute(&mut *tx).await.store()?;
    tx.commit().await.store()?;
    Ok(done.rows_affected() == 1)
}

/// Puts a dead letter back in the queue, due now, with its attempts counted afresh; false
/// when it is not a dead letter (any more).
pub async fn requeue(tx: &mut Tx, id: i64, now: OffsetDateTime) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE notifications SET status = $1, attempts = 0, next_attempt_at = $2 \
         WHERE id = $3 AND status = $4",
    )
    .bind(PENDING)
    .bind(timestamp::to_db(now))
    .bind(id)
    .bind(FAILED)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() == 1)
}

const COLUMNS: &str = "n.id, n.kind, n.subject_type, n.subject_id, n.household_id, \
    n.region_code, n.channel, n.address, n.subject, n.body, n.link, n.status, n.attempts, \
    n.next_attempt_at, n.last_error, n.created_at, n.sent_at, \
    (SELECT r.name FROM regions r WHERE r.code = n.region_code) AS region_name";

/// A message as pages and the API show it: a sign-up code's digits hidden.
fn from_row(row: &AnyRow) -> Result<Notification, StoreError> {
    let kind: String = row.try_get(1).store()?;
    let body: String = row.try_get(9).store()?;
    let body = if kind == super::CONTACT_CODE {
        body.chars()
            .map(|c| if c.is_ascii_digit() { '•' } else { c })
            .collect()
    } else {
        body
    };
    Ok(Notification {
        id: row.try_get(0).store()?,
        kind,
        subject_type: row.try_get(2).store()?,
        subject_id: row.try_get(3).store()?,
        household_id: row.try_get(4).store()?,
        region_code: row.try_get(5).store()?,
        channel: row.try_get(6).store()?,
        address: row.try_get(7).store()?,
        subject: row.try_get(8).store()?,
        body,
        link: row.try_get(10).store()?,
        status: row.try_get(11).store()?,
        attempts: row.try_get(12).store()?,
        next_attempt_at: row.try_get(13).store()?,
        last_error: row.try_get(14).store()?,
        created_at: row.try_get(15).store()?,
        sent_at: row.try_get(16).store()?,
        region_name: row.try_get(17).store()?,
    })
}

/// Messages inside `within` (all when `None`) with `status` (any when empty), newest
/// first, before an id.
pub async fn list(
    db: &Db,
    within: Option<&RegionCode>,
    status: &str,
    before_id: i64,
    limit: u32,
) -> Result<Vec<Notification>, StoreError> {
    let ScopeParams {
        national,
        exact,
        prefix,
    } = ScopeParams::new(within);
    let in_scope = crate::db::scope::within(&["n.region_code"]);
    let sql = format!(
        "SELECT {COLUMNS} FROM notifications n \
         WHERE {in_scope} AND ($4 = '' OR n.status = $4) AND n.id < $5 \
         ORDER BY n.id DESC LIMIT $6"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(national)
        .bind(exact)
        .bind(prefix)
        .bind(status.to_owned())
        .bind(before_id)
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(from_row).collect()
}

/// One message, read inside a write transaction so that a retry sees the status it changes.
pub async fn find_in(tx: &mut Tx, id: i64) -> Result<Option<Notification>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM notifications n WHERE n.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    row.as_ref().map(from_row).transpose()
}

pub async fn find(db: &Db, id: i64) -> Result<Option<Notification>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM notifications n WHERE n.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(from_row).transpose()
}
