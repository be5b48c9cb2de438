//! SQL for pledges and confirmations: writing a pledge, moving its state, finding it by
//! reference, the donor's history with the log entries that prove each step, the pledges
//! past due, and the confirmation photo.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::{Date, OffsetDateTime};

use super::super::PLEDGED;
use crate::complaints::photo::CleanPhoto;
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::Actor;

pub const PLEDGE_SUBJECT: &str = "donation_pledge";

/// A pledge as its donor (and the need's officials) see it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = DonationPledge)]
pub struct Pledge {
    pub id: i64,
    pub need_id: i64,
    #[serde(skip)]
    pub donor_account_id: i64,
    /// `money` or `goods`.
    pub kind: String,
    /// Money: the amount. Goods: the declared value of the quantity pledged.
    pub amount_rupiah: i64,
    pub quantity: Option<i64>,
    /// `transfer`, `village_office` or `merchant`.
    pub channel: String,
    pub merchant_id: Option<i64>,
    /// Write this in the transfer's message; the bank's notice carries it back.
    pub payment_reference: String,
    /// Whether the donor agreed to be named on the need's page.
    pub named: bool,
    /// `pledged`, `paid`, `delivered`, `confirmed`, `released` or `refunded`.
    pub status: String,
    /// `YYYY-MM-DD`: pay or deliver by then.
    pub due_date: String,
    /// UTC, RFC 3339.
    pub created_at: String,
    /// Refunded: the bank's reference of the transfer that returned the money.
    pub refund_reference: Option<String>,
}

const COLUMNS: &str = "p.id, p.need_id, p.donor_account_id, p.kind, p.amount_rupiah, \
    p.quantity, p.channel, p.merchant_id, p.payment_reference, p.named, p.status, p.due_date, \
    p.created_at, p.refund_reference";

fn pledge_from_row(row: &AnyRow) -> Result<Pledge, StoreError> {
    let named: i64 = row.try_get(9).store()?;
    Ok(Pledge {
        id: row.try_get(0).store()?,
        need_id: row.try_get(1).store()?,
        donor_account_id: row.try_get(2).store()?,
        kind: row.try_get(3).store()?,
        amount_rupiah: row.try_get(4).store()?,
        quantity: row.try_get(5).store()?,
        channel: row.try_get(6).store()?,
        merchant_id: row.try_get(7).store()?,
        payment_reference: row.try_get(8).store()?,
        named: named != 0,
        status: row.try_get(10).store()?,
        due_date: row.try_get(11).store()?,
        created_at: row.try_get(12).store()?,
        refund_reference: row.try_get(13).store()?,
    })
}

/// A pledge about to be written.
#[derive(Debug, Clone)]
pub struct NewPledge {
    pub need_id: i64,
    pub donor_account_id: i64,
    pub kind: &'static str,
    pub amount_rupiah: i64,
    pub quantity: Option<i64>,
    pub channel: &'static str,
    pub merchant_id: Option<i64>,
    pub payment_reference: String,
    pub named: bool,
    pub due_date: Date,
}

pub async fn insert(tx: &mut Tx, new: &NewPledge, now: OffsetDateTime) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO donation_pledges (need_id, donor_account_id, kind, amount_rupiah, \
         quantity, channel, merchant_id, payment_reference, named, status, due_date, \
         created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(new.need_id)
    .bind(new.donor_account_id)
    .bind(new.kind)
    .bind(new.amount_rupiah)
    .bind(new.quantity)
    .bind(new.channel)
    .bind(new.merchant_id)
    .bind(new.payment_reference.clone())
    .bind(i64::from(new.named))
    .bind(PLEDGED)
    .bind(new.due_date.to_string())
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()
}

/// Moves a pledge from `from` to `to`; false when it was no longer in `from`.
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    from: &str,
    to: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE donation_pledges SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
    )
    .bind(to.to_owned())
    .bind(timestamp::to_db(now))
    .bind(id)
    .bind(from.to_owned())
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() == 1)
}

/// Marks a paid pledge refunded with the return transfer's bank reference; false when it
/// was no longer paid.
pub async fn mark_refunded(
    tx: &mut Tx,
    id: i64,
    reference: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let at = timestamp::to_db(now);
    let done = sqlx::query(
        "UPDATE donation_pledges SET status = $1, refund_reference = $2, refunded_at = $3, \
         updated_at = $3 WHERE id = $4 AND status = $5",
    )
    .bind(super::super::REFUNDED)
    .bind(reference.to_owned())
    .bind(at)
    .bind(id)
    .bind(super::super::PAID)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() == 1)
}

/// Notes that the donor was reminded, so that the watch reminds once.
pub async fn mark_reminded(tx: &mut Tx, id: i64, now: OffsetDateTime) -> Result<(), StoreError> {
    sqlx::query("UPDATE donation_pledges SET reminded_at = $1 WHERE id = $2")
        .bind(timestamp::to_db(now))
        .bind(id)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(())
}

pub async fn find(db: &Db, id: i64) -> Result<Option<Pledge>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM donation_pledges p WHERE p.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(pledge_from_row).transpose()
}

pub async fn find_in(tx: &mut Tx, id: i64) -> Result<Option<Pledge>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM donation_pledges p WHERE p.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    row.as_ref().map(pledge_from_row).transpose()
}

pub async fn by_reference(tx: &mut Tx, reference: &str) -> Result<Option<Pledge>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM donation_pledges p WHERE p.payment_reference = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(reference.to_owned())
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    row.as_ref().map(pledge_from_row).transpose()
}

/// The pledges of one need, oldest first, with the donor's display name.
pub async fn of_need(db: &Db, need_id: i64) -> Result<Vec<(Pledge, String)>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS}, a.display_name FROM donation_pledges p \
         JOIN accounts a ON a.id = p.donor_account_id WHERE p.need_id = $1 ORDER BY p.id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(need_id)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter()
        .map(|r| Ok((pledge_from_row(r)?, r.try_get(14).store()?)))
        .collect()
}

/// Pledges not yet confirmed nor released of one need, inside a transaction.
pub async fn live_of_need(tx: &mut Tx, need_id: i64) -> Result<Vec<Pledge>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM donation_pledges p WHERE p.need_id = $1 \
         AND p.status IN ('pledged', 'paid', 'delivered') ORDER BY p.id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(need_id)
        .fetch_all(&mut **tx)
        .await
        .store()?;
    rows.iter().map(pledge_from_row).collect()
}

/// A donor's pledges, newest first, before an id.
pub async fn of_donor(
    db: &Db,
    donor: i64,
    before_id: i64,
    limit: u32,
) -> Result<Vec<Pledge>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM donation_pledges p WHERE p.donor_account_id = $1 AND p.id < $2 \
         ORDER BY p.id DESC LIMIT $3"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(donor)
        .bind(before_id)
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(pledge_from_row).collect()
}

/// Pledges still `pledged` whose due date is before `today`, oldest first, with whether
/// their donor was reminded already.
pub async fn overdue(db: &Db, today: Date, limit: u32) -> Result<Vec<(Pledge, bool)>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS}, p.reminded_at FROM donation_pledges p \
         WHERE p.status = 'pledged' AND p.due_date < $1 ORDER BY p.id LIMIT $2"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(today.to_string())
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter()
        .map(|r| {
            let reminded: Option<String> = r.try_get(14).store()?;
            Ok((pledge_from_row(r)?, reminded.is_some()))
        })
        .collect()
}

/// One step of a pledge as the log holds it: the action, when, and the log entry's index
/// once sequenced.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = DonationProof)]
pub struct Proof {
    pub event_id: i64,
    /// `donation.pledged`, `donation.paid`, `donation.delivered`, `donation.confirmed`,
    /// `donation.released`.
    pub action: String,
    /// UTC, RFC 3339.
    pub at: String,
    /// The transparency log's entry, once sequenced: `/api/v1/log/entries/{log_index}`.
    pub log_index: Option<i64>,
}

/// The events of a pledge, in order.
pub async fn proofs(db: &Db, pledge_id: i64) -> Result<Vec<Proof>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, action, occurred_at, log_index FROM events \
         WHERE subject_type = $1 AND subject_id = $2 ORDER BY id",
    )
    .bind(PLEDGE_SUBJECT)
    .bind(pledge_id.to_string())
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            Ok(Proof {
                event_id: r.try_get(0).store()?,
                action: r.try_get(1).store()?,
                at: r.try_get(2).store()?,
                log_index: r.try_get(3).store()?,
            })
        })
        .collect()
}

/// Writes the confirmation of a pledge with its photo.
pub async fn insert_confirmation(
    tx: &mut Tx,
    pledge: &Pledge,
    note: &str,
    photo: &CleanPhoto,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO donation_confirmations (pledge_id, need_id, confirmed_for, note, photo, \
         photo_type, by_id, by_role, at) VALUES ($1, $2, 'household', $3, $4, $5, $6, $7, $8)",
    )
    .bind(pledge.id)
    .bind(pledge.need_id)
    .bind(note.to_owned())
    .bind(photo.bytes.clone())
    .bind(photo.content_type)
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(timestamp::to_db(now))
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(())
}

/// The confirmation photo of a pledge and its content type.
pub async fn photo(db: &Db, pledge_id: i64) -> Result<Option<(Vec<u8>, String)>, StoreError> {
    let row =
        sqlx::query("SELECT photo, photo_type FROM donation_confirmations WHERE pledge_id = $1")
            .bind(pledge_id)
            .fetch_optional(&db.pool)
            .await
            .store()?;
    row.map(|r| Ok((r.try_get(0).store()?, r.try_get(1).store()?)))
        .transpose()
}

/// Active registered merchants a donor may send goods through for a need in `village`:
/// those of the village first, then the rest of its district, by name.
pub async fn merchants_near(db: &Db, village: &str) -> Result<Vec<(i64, String)>, StoreError> {
    let district = crate::region_code::RegionCode::parse(village)
        .ok()
        .and_then(|code| code.parent())
        .map_or_else(|| village.to_owned(), |code| code.as_str().to_owned());
    let rows = sqlx::query(
        "SELECT id, name FROM merchants WHERE status = 'active' \
         AND (region_code = $1 OR region_code LIKE $2) \
         ORDER BY CASE WHEN region_code = $1 THEN 0 ELSE 1 END, name LIMIT 50",
    )
    .bind(village.to_owned())
    .bind(format!("{district}.%"))
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|row| Ok((row.try_get(0).store()?, row.try_get(1).store()?)))
        .collect()
}

/// Money paid to needs withdrawn or expired inside `within` and not yet returned: the
/// money officials' worklist of refunds, oldest first, with the need's village name.
pub async fn refundable(
    db: &Db,
    within: Option<&crate::region_code::RegionCode>,
    limit: u32,
) -> Result<Vec<(Pledge, String)>, StoreError> {
    let crate::region_code::ScopeParams {
        national,
        exact,
        prefix,
    } = crate::region_code::ScopeParams::new(within);
    let in_scope = crate::db::scope::within(&["n.region_code"]);
    let sql = format!(
        "SELECT {COLUMNS}, COALESCE(r.name, n.region_code) FROM donation_pledges p \
         JOIN donation_needs n ON n.id = p.need_id \
         LEFT JOIN regions r ON r.code = n.region_code \
         WHERE {in_scope} AND p.status = 'paid' AND p.kind = 'money' \
         AND n.status IN ('withdrawn', 'expired') ORDER BY p.id LIMIT $4"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(national)
        .bind(exact)
        .bind(prefix)
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter()
        .map(|r| Ok((pledge_from_row(r)?, r.try_get(14).store()?)))
        .collect()
}
