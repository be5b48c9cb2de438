//! Before the hand-out: registering suppliers, setting the goods each household gets,
//! buying them from a supplier with the money of a cycle's envelope, and receiving them
//! into the hand-out's stock against delivery notes (`receive.rs`). Each step commits with
//! its event and ledger transfers, or not at all.

use serde::Deserialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::model::{NewGoods, NewSupplier, QUANTITY_MAX, value};
use super::store::{self, Goods, Purchase, Supplier};
use crate::auth::{Permission, Principal};
use crate::db::{Db, ResultExt, StoreError};
use crate::distribution::error::DistributionError;
use crate::distribution::model::CLOSED;
use crate::distribution::service::{created_by, event_in_scope, record, trail};
use crate::distribution::store::Event;
use crate::events::{Action, Changes};
use crate::ledger::{AccountKind, Limit, NewAccount, NewTransfer};
use crate::region_code::RegionCode;

pub const SUPPLIER_REGISTERED: Action = Action("supplier.registered");
pub const GOODS_SET: Action = Action("distribution.goods_set");
pub const GOODS_PURCHASED: Action = Action("distribution.goods_purchased");

/// What the ledger calls each movement of goods' value.
pub const TRANSFER_PURCHASE: &str = "goods_purchase";

/// The ledger account of a supplier.
pub fn supplier_account(region: &str, name: &str) -> NewAccount {
    NewAccount {
        code: format!("supplier:{region}:{name}"),
        kind: AccountKind::Supplier,
        name: name.to_owned(),
        region: Some(region.to_owned()),
        programme: None,
        // It never delivers more than it was paid for.
        limit: Limit::DebitsWithinCredits,
    }
}

/// The ledger account of a hand-out's stock: nothing goes out before it came in.
pub fn stock_account(event: &Event) -> NewAccount {
    NewAccount {
        code: format!("stock:distribution:{}", event.id),
        kind: AccountKind::Stock,
        name: format!("Stok barang {}", event.name),
        region: Some(event.region.clone()),
        programme: Some(event.programme.clone()),
        limit: Limit::DebitsWithinCredits,
    }
}

/// Registers a supplier in a regency or city of the officer's region.
pub async fn register_supplier(
    db: &Db,
    caller: &Principal,
    new: NewSupplier,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Supplier, DistributionError> {
    caller.allows(Permission::ManageDistributions, true)?;
    let (new, region) = new.checked()?;
    if !caller.covers(&region) || crate::regions::store::find(db, &region).await?.is_none() {
        return Err(DistributionError::invalid(
            "region",
            "in_scope",
            "names no regency or city in your region",
            "tidak menunjuk kabupaten/kota di wilayah Anda",
        ));
    }
    let mut tx = db.begin_write().await?;
    let account = crate::ledger::store::open_accounts(
        &mut tx,
        &[supplier_account(region.as_str(), &new.name)],
        now,
    )
    .await?[0];
    let id = match store::insert_supplier(&mut tx, (&new, account), &created_by(caller), now).await
    {
        Err(StoreError::Conflict { .. }) => {
            return Err(DistributionError::conflict(
                "name",
                "taken",
                "a supplier of this name is registered here already",
                "pemasok dengan nama ini sudah terdaftar di wilayah ini",
            ));
        }
        other => other?,
    };
    let changes = Changes::new()
        .set("name", new.name.clone())
        .set("bank_bic", new.bank_bic.clone());
    let mut event = trail(
        caller,
        (SUPPLIER_REGISTERED, id, &region),
        changes,
        request_id,
    );
    event.subject_type = "supplier";
    crate::events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    store::supplier(db, id)
        .await?
        .ok_or(DistributionError::NotFound)
}

pub(super) fn region_of(event: &Event) -> Result<RegionCode, DistributionError> {
    RegionCode::parse(&event.region).map_err(|_| DistributionError::NotFound)
}

/// A hand-out of the caller's region still open for goods.
pub(super) async fn open_event(
    db: &Db,
    caller: &Principal,
    id: i64,
) -> Result<Event, DistributionError> {
    let event = event_in_scope(db, caller, id).await?;
    if event.status == CLOSED {
        return Err(DistributionError::closed());
    }
    Ok(event)
}

/// Sets what each household of hand-out `id` receives, while nothing is bought for it.
pub async fn set_goods(
    db: &Db,
    caller: &Principal,
    id: i64,
    goods: NewGoods,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Vec<Goods>, DistributionError> {
    caller.allows(Permission::ManageDistributions, true)?;
    let event = open_event(db, caller, id).await?;
    let goods = goods.checked()?;
    let mut tx = db.begin_write().await?;
    if store::purchase_count(&mut tx, id).await? > 0 {
        return Err(DistributionError::conflict(
            "items",
            "purchased",
            "goods have been bought for this distribution: its list stays as it is",
            "barang untuk penyaluran ini sudah dibeli: daftarnya tidak dapat diubah",
        ));
    }
    store::replace_goods(&mut tx, id, &goods.items).await?;
    let items: Vec<String> = goods.items.iter().map(|i| i.item.clone()).collect();
    let changes = Changes::new().set("items", items);
    let region = region_of(&event)?;
    record(
        &mut tx,
        caller,
        (GOODS_SET, id, &region),
        changes,
        request_id,
        now,
    )
    .await?;
    tx.commit().await.store()?;
    Ok(store::goods(db, id).await?)
}

/// Goods to buy for a hand-out.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = DistributionPurchaseInput)]
#[serde(deny_unknown_fields)]
pub struct PurchaseInput {
    /// A supplier registered for the hand-out's regency or city.
    pub supplier: i64,
    /// An approved cycle of the hand-out's programme whose envelope pays.
    pub cycle: i64,
    /// The item's code on the hand-out's goods list.
    pub item: String,
    /// Units, 1 to 1,000,000.
    pub quantity: i64,
}

pub(super) fn goods_line<'a>(
    goods: &'a [Goods],
    item: &str,
) -> Result<&'a Goods, DistributionError> {
    goods.iter().find(|g| g.item == item).ok_or_else(|| {
        DistributionError::invalid(
            "item",
            "unknown",
            "is not on this distribution's goods list",
            "tidak ada dalam daftar barang penyaluran ini",
        )
    })
}

pub(super) fn quantity(quantity: i64) -> Result<i64, DistributionError> {
    if (1..=QUANTITY_MAX).contains(&quantity) {
        Ok(quantity)
    } else {
        Err(DistributionError::invalid(
            "quantity",
            "range",
            "must be 1 to 1,000,000 units",
            "harus 1 sampai 1.000.000 satuan",
        ))
    }
}

/// The envelope account that pays, from a cycle of the hand-out's programme and region.
async fn envelope(db: &Db, event: &Event, cycle: i64) -> Result<i64, DistributionError> {
    let cycle = crate::disbursement::store::cycle(db, cycle)
        .await?
        .filter(|c| c.programme == event.programme)
        .filter(|c| event.region.starts_with(&format!("{}.", c.region_code)))
        .ok_or_else(|| {
            DistributionError::invalid(
                "cycle",
                "programme",
                "must be a cycle of this distribution's programme and region",
                "harus tahap program dan wilayah penyaluran ini",
            )
        })?;
    let code = cycle.envelope.ok_or_else(|| {
        DistributionError::conflict(
            "cycle",
            "approved",
            "the cycle is not approved: its envelope holds no money yet",
            "tahap belum disetujui: amplopnya belum berisi dana",
        )
    })?;
    let account = crate::ledger::store::read::account_by_code(db, &code).await?;
    account.map(|a| a.id).ok_or(DistributionError::NotFound)
}

/// A supplier of the hand-out's regency or city, with its ledger account's id.
pub(super) async fn supplier_for(
    db: &Db,
    event: &Event,
    id: i64,
) -> Result<(Supplier, i64), DistributionError> {
    let supplier = store::supplier(db, id)
        .await?
        .filter(|s| event.region.starts_with(&format!("{}.", s.region)))
        .ok_or_else(|| {
            DistributionError::invalid(
                "supplier",
                "in_scope",
                "must be a supplier registered for this distribution's regency or city",
                "harus pemasok yang terdaftar di kabupaten/kota penyaluran ini",
            )
        })?;
    let account = crate::ledger::store::read::account_by_code(db, &supplier.ledger_account)
        .await?
        .ok_or(DistributionError::NotFound)?;
    Ok((supplier, account.id))
}

fn envelope_short() -> DistributionError {
    DistributionError::conflict(
        "cycle",
        "envelope",
        "the cycle's envelope does not hold enough",
        "amplop tahap tidak mencukupi",
    )
}

/// Buys goods for hand-out `id` from a supplier: the money moves from the cycle's envelope
/// to the supplier in the ledger, with the purchase and its event.
pub async fn purchase(
    db: &Db,
    caller: &Principal,
    id: i64,
    input: &PurchaseInput,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Purchase, DistributionError> {
    caller.allows(Permission::ManageDistributions, true)?;
    let event = open_event(db, caller, id).await?;
    let goods = store::goods(db, id).await?;
    let line = goods_line(&goods, &input.item)?;
    let quantity = quantity(input.quantity)?;
    let amount = value(quantity, line.unit_price)?;
    let (supplier, supplier_account) = supplier_for(db, &event, input.supplier).await?;
    let envelope = envelope(db, &event, input.cycle).await?;
    let by = created_by(caller);
    let new = store::NewPurchase {
        event: id,
        goods: line.id,
        supplier: supplier.id,
        cycle: input.cycle,
        quantity,
        amount,
        by: &by,
    };
    let mut tx = db.begin_write().await?;
    let purchase = store::insert_purchase(&mut tx, &new, now).await?;
    let mut transfer = NewTransfer::single(
        format!("distribution:purchase:{purchase}"),
        envelope,
        supplier_account,
        amount,
        TRANSFER_PURCHASE,
    );
    transfer.reference = Some(format!("distribution_purchase:{purchase}"));
    let batch = [transfer];
    let changes = Changes::new()
        .set("purchase", purchase)
        .set("item", line.item.clone())
        .set("quantity", quantity)
        .set("supplier", supplier.id)
        .set("cycle", input.cycle);
    let region = region_of(&event)?;
    let trail = trail(caller, (GOODS_PURCHASED, id, &region), changes, request_id);
    let written = crate::ledger::store::write(&mut tx, &batch, trail, now).await?;
    if written.first_refusal(&batch).is_some() {
        return Err(envelope_short());
    }
    tx.commit().await.store()?;
    store::purchase(db, purchase)
        .await?
        .ok_or(DistributionError::NotFound)
}
