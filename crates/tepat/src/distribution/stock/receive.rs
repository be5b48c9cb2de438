//! Receiving bought goods into a hand-out's stock against the supplier's delivery note,
//! with a photo: the units into the stock and their value from the supplier's ledger
//! account to the stock's, with the receipt's event, or nothing.

use serde::Deserialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::model::{RECEIVED, value};
use super::moves::{self, NewDelivery};
use super::service::{goods_line, open_event, quantity, region_of, stock_account, supplier_for};
use super::store::{self, Goods, Purchase};
use crate::auth::{Permission, Principal};
use crate::db::{Db, ResultExt, StoreError};
use crate::distribution::error::DistributionError;
use crate::distribution::service::{created_by, trail};
use crate::distribution::store::Event;
use crate::events::{Action, Changes};
use crate::ledger::NewTransfer;

pub const GOODS_RECEIVED: Action = Action("distribution.goods_received");

/// What the ledger calls goods coming in from a supplier.
pub const TRANSFER_DELIVERY: &str = "goods_delivery";

/// A delivery note as typed; its photo travels beside it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = DistributionDeliveryInput)]
pub struct DeliveryInput {
    /// The supplier's delivery note number, 1 to 50 characters.
    pub note_number: String,
    /// Units received, at most what is still to come of the purchase.
    pub quantity: i64,
}

fn photo(bytes: &[u8]) -> Result<crate::complaints::photo::CleanPhoto, DistributionError> {
    use crate::complaints::photo::{PHOTO_BYTES_MAX, clean};
    if bytes.is_empty() {
        return Err(DistributionError::invalid(
            "photo",
            "required",
            "a photo of the goods and the delivery note is required",
            "foto barang dan surat jalan wajib dilampirkan",
        ));
    }
    if bytes.len() > PHOTO_BYTES_MAX {
        return Err(DistributionError::invalid(
            "photo",
            "size",
            "the photo is larger than 5 MB",
            "foto lebih dari 5 MB",
        ));
    }
    clean(bytes).ok_or_else(|| {
        DistributionError::invalid(
            "photo",
            "image",
            "must be a JPEG or PNG picture",
            "harus gambar JPEG atau PNG",
        )
    })
}

fn note_number(text: &str) -> Result<String, DistributionError> {
    crate::text::clean(text, crate::text::Lines::One)
        .ok()
        .filter(|n| (1..=50).contains(&n.chars().count()))
        .ok_or_else(|| {
            DistributionError::invalid(
                "note_number",
                "length",
                "must be 1 to 50 characters on one line",
                "harus 1 sampai 50 karakter dalam satu baris",
            )
        })
}

/// Puts a delivery note's units into the stock: the movement written, the transfer of
/// their value from the supplier to the stock to write with the receipt's event.
async fn stock_in(
    tx: &mut crate::db::Tx,
    (event, line): (&Event, &Goods),
    (delivery, units, amount): (i64, i64, i64),
    supplier_account: i64,
    now: OffsetDateTime,
) -> Result<[NewTransfer; 1], DistributionError> {
    let reference = format!("delivery:{delivery}");
    moves::insert_move(tx, (event.id, line.id), RECEIVED, units, &reference, now).await?;
    let stock = crate::ledger::store::open_accounts(tx, &[stock_account(event)], now).await?[0];
    let mut transfer = NewTransfer::single(
        format!("distribution:{reference}"),
        supplier_account,
        stock,
        amount,
        TRANSFER_DELIVERY,
    );
    transfer.reference = Some(format!("distribution_delivery:{delivery}"));
    Ok([transfer])
}

fn over_ordered(purchase: &Purchase) -> DistributionError {
    let left = purchase.quantity - purchase.received;
    DistributionError::conflict(
        "quantity",
        "ordered",
        &format!("more than is still to come of this purchase ({left} units)"),
        &format!("melebihi sisa pesanan yang belum diterima ({left} satuan)"),
    )
}

/// Receives goods of purchase `id` into its hand-out's stock against a delivery note: the
/// units into the stock, their value from the supplier's account to the stock's.
pub async fn deliver(
    db: &Db,
    caller: &Principal,
    id: i64,
    (input, bytes): (&DeliveryInput, &[u8]),
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<moves::Delivery, DistributionError> {
    caller.allows(Permission::CheckInRecipients, true)?;
    let purchase = store::purchase(db, id)
        .await?
        .ok_or(DistributionError::NotFound)?;
    let event = open_event(db, caller, purchase.event).await?;
    let note = note_number(&input.note_number)?;
    let units = quantity(input.quantity)?;
    let photo = photo(bytes)?;
    let goods = store::goods(db, event.id).await?;
    let line = goods_line(&goods, &purchase.item)?;
    let amount = value(units, line.unit_price)?;
    let (_, supplier_account) = supplier_for(db, &event, purchase.supplier).await?;
    let by = created_by(caller);
    let mut tx = db.begin_write().await?;
    if !store::receive(&mut tx, id, units).await? {
        return Err(over_ordered(&purchase));
    }
    let new = NewDelivery {
        purchase: id,
        note_number: &note,
        quantity: units,
        photo: &photo.bytes,
        photo_type: photo.content_type,
        by: &by,
    };
    let delivery = match moves::insert_delivery(&mut tx, &new, now).await {
        Err(StoreError::Conflict { .. }) => {
            return Err(DistributionError::conflict(
                "note_number",
                "taken",
                "this delivery note has been received already",
                "surat jalan ini sudah diterima",
            ));
        }
        other => other?,
    };
    let batch = stock_in(
        &mut tx,
        (&event, line),
        (delivery, units, amount),
        supplier_account,
        now,
    )
    .await?;
    let changes = Changes::new()
        .set("delivery", delivery)
        .set("purchase", id)
        .set("item", line.item.clone())
        .set("quantity", units)
        .set("note_number", note.clone());
    let region = region_of(&event)?;
    let trail = trail(
        caller,
        (GOODS_RECEIVED, event.id, &region),
        changes,
        request_id,
    );
    let written = crate::ledger::store::write(&mut tx, &batch, trail, now).await?;
    if written.first_refusal(&batch).is_some() {
        return Err(over_ordered(&purchase));
    }
    tx.commit().await.store()?;
    let all = moves::deliveries(db, event.id).await?;
    all.into_iter()
        .find(|d| d.id == delivery)
        .ok_or(DistributionError::NotFound)
}
