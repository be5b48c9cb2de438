//! Delivery notes, stock movements and shortfalls in the database: SQL only.

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};

/// A supplier's delivery note received into a hand-out's stock.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = DistributionDelivery)]
pub struct Delivery {
    pub id: i64,
    pub purchase: i64,
    pub item: String,
    /// The supplier's delivery note number.
    pub note_number: String,
    pub quantity: i64,
    /// Where the photo of the goods and the note is served.
    pub photo: String,
    pub received_by: String,
    pub received_at: String,
}

/// A delivery note about to be written.
pub struct NewDelivery<'a> {
    pub purchase: i64,
    pub note_number: &'a str,
    pub quantity: i64,
    pub photo: &'a [u8],
    pub photo_type: &'a str,
    pub by: &'a str,
}

pub async fn insert_delivery(
    tx: &mut Tx,
    new: &NewDelivery<'_>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO distribution_deliveries (purchase_id, note_number, quantity, photo, \
         photo_type, received_by, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         RETURNING id",
    )
    .bind(new.purchase)
    .bind(new.note_number.to_owned())
    .bind(new.quantity)
    .bind(new.photo.to_vec())
    .bind(new.photo_type.to_owned())
    .bind(new.by.to_owned())
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()
}

/// The API path of a delivery note's photo.
pub fn photo_path(id: i64) -> String {
    format!("/api/v1/distributions/deliveries/{id}/photo")
}

fn delivery_from(row: &AnyRow) -> Result<Delivery, StoreError> {
    let id: i64 = row.try_get(0).store()?;
    Ok(Delivery {
        id,
        purchase: row.try_get(1).store()?,
        item: row.try_get(2).store()?,
        note_number: row.try_get(3).store()?,
        quantity: row.try_get(4).store()?,
        photo: photo_path(id),
        received_by: row.try_get(5).store()?,
        received_at: row.try_get(6).store()?,
    })
}

/// A hand-out's delivery notes, oldest first.
pub async fn deliveries(db: &Db, event: i64) -> Result<Vec<Delivery>, StoreError> {
    let rows = sqlx::query(
        "SELECT d.id, d.purchase_id, g.item, d.note_number, d.quantity, d.received_by, \
         d.received_at FROM distribution_deliveries d \
         JOIN distribution_purchases p ON p.id = d.purchase_id \
         JOIN distribution_goods g ON g.id = p.goods_id \
         WHERE p.event_id = $1 ORDER BY d.id",
    )
    .bind(event)
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter().map(delivery_from).collect()
}

/// A delivery note's photo, its type and the hand-out it belongs to.
pub async fn photo(db: &Db, id: i64) -> Result<Option<(Vec<u8>, String, i64)>, StoreError> {
    let row = sqlx::query(
        "SELECT d.photo, d.photo_type, p.event_id FROM distribution_deliveries d \
         JOIN distribution_purchases p ON p.id = d.purchase_id WHERE d.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
    .store()?;
    let Some(row) = row else { return Ok(None) };
    let bytes: Option<Vec<u8>> = row.try_get(0).store()?;
    let kind: Option<String> = row.try_get(1).store()?;
    let event: i64 = row.try_get(2).store()?;
    Ok(bytes.zip(kind).map(|(bytes, kind)| (bytes, kind, event)))
}

/// One movement of stock, signed: positive in, negative out.
pub async fn insert_move(
    tx: &mut Tx,
    (event, goods): (i64, i64),
    kind: &str,
    quantity: i64,
    reference: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO distribution_stock_moves (event_id, goods_id, kind, quantity, reference, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(event)
    .bind(goods)
    .bind(kind.to_owned())
    .bind(quantity)
    .bind(reference.to_owned())
    .bind(timestamp::to_db(now))
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(())
}

/// Units moved per goods line of a hand-out and kind: (goods id, kind, units, signed).
pub async fn totals(db: &Db, event: i64) -> Result<Vec<(i64, String, i64)>, StoreError> {
    totals_on(&db.pool, event).await
}

pub async fn totals_in(tx: &mut Tx, event: i64) -> Result<Vec<(i64, String, i64)>, StoreError> {
    totals_on(&mut **tx, event).await
}

async fn totals_on<'e, E>(exec: E, event: i64) -> Result<Vec<(i64, String, i64)>, StoreError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT goods_id, kind, CAST(SUM(quantity) AS BIGINT) FROM distribution_stock_moves \
         WHERE event_id = $1 GROUP BY goods_id, kind",
    )
    .bind(event)
    .fetch_all(exec)
    .await
    .store()?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get(0).store()?,
                r.try_get(1).store()?,
                r.try_get(2).store()?,
            ))
        })
        .collect()
}

/// Units missing when a hand-out's stock was counted: a flag for the district officer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = DistributionShortfall)]
pub struct Shortfall {
    pub id: i64,
    pub event: i64,
    pub item: String,
    /// Units that should have been left.
    pub expected: i64,
    pub counted: i64,
    pub missing: i64,
    /// Rupiah, at the agreed price.
    pub value: i64,
    /// `open`, `upheld` (a loss to pursue) or `dismissed` (explained).
    pub status: String,
    pub decision_note: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub created_at: String,
}

/// A shortfall about to be written: (event, goods), expected, counted, value.
pub async fn insert_shortfall(
    tx: &mut Tx,
    (event, goods): (i64, i64),
    (expected, counted, value): (i64, i64, i64),
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO distribution_shortfalls (event_id, goods_id, expected, counted, missing, \
         value, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7) RETURNING id",
    )
    .bind(event)
    .bind(goods)
    .bind(expected)
    .bind(counted)
    .bind(expected - counted)
    .bind(value)
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()
}

const SHORTFALL_SQL: &str = "SELECT f.id, f.event_id, g.item, f.expected, f.counted, \
    f.missing, f.value, f.status, f.decision_note, f.decided_by, f.decided_at, f.created_at \
    FROM distribution_shortfalls f JOIN distribution_goods g ON g.id = f.goods_id";

fn shortfall_from(row: &AnyRow) -> Result<Shortfall, StoreError> {
    Ok(Shortfall {
        id: row.try_get(0).store()?,
        event: row.try_get(1).store()?,
        item: row.try_get(2).store()?,
        expected: row.try_get(3).store()?,
        counted: row.try_get(4).store()?,
        missing: row.try_get(5).store()?,
        value: row.try_get(6).store()?,
        status: row.try_get(7).store()?,
        decision_note: row.try_get(8).store()?,
        decided_by: row.try_get(9).store()?,
        decided_at: row.try_get(10).store()?,
        created_at: row.try_get(11).store()?,
    })
}

pub async fn shortfalls(db: &Db, event: i64) -> Result<Vec<Shortfall>, StoreError> {
    let sql = format!("{SHORTFALL_SQL} WHERE f.event_id = $1 ORDER BY f.id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(event)
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(shortfall_from).collect()
}

pub async fn shortfall(db: &Db, id: i64) -> Result<Option<Shortfall>, StoreError> {
    let sql = format!("{SHORTFALL_SQL} WHERE f.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(shortfall_from).transpose()
}

/// Decides an open shortfall; false when it was decided already.
pub async fn decide(
    tx: &mut Tx,
    id: i64,
    (status, note, by): (&str, &str, &str),
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE distribution_shortfalls SET status = $1, decision_note = $2, decided_by = $3, \
         decided_at = $4 WHERE id = $5 AND status = 'open'",
    )
    .bind(status.to_owned())
    .bind(note.to_owned())
    .bind(by.to_owned())
    .bind(timestamp::to_db(now))
    .bind(id)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() == 1)
}
