//! Spending a voucher at a merchant: the voucher (typed code or signed QR text) is checked
//! — signature, status, validity, programme, goods — and the basket's total moves from the
//! voucher's balance to the merchant's account by one ledger transfer, recorded with the
//! basket and one event. The ledger's floor on the voucher's account is what makes
//! overspending impossible: two merchants spending the last rupiah at the same instant
//! meet in one write transaction, and the second is refused.

use time::OffsetDateTime;

use super::error::VoucherError;
use super::keys::KeyRing;
use super::model::{ACTIVE, CLOSED, Item, NewRedemption, Redeemed, TRANSFER_REDEMPTION, Voucher};
use super::payload::{PREFIX, Payload, PayloadError};
use super::store;
use crate::auth::{Denied, Permission, Principal};
use crate::db::{Db, ResultExt, Tx};
use crate::events::{Action, Actor, Changes, NewEvent};
use crate::ledger::{NewTransfer, Refusal};
use crate::merchants::model::{ACTIVE as MERCHANT_ACTIVE, Merchant};
use crate::merchants::store::{self as merchants, Stored};
use crate::region_code::RegionCode;

pub const VOUCHER_REDEEMED: Action = Action("voucher.redeemed");

/// Most lines in one basket.
const ITEMS_MAX: usize = 30;
/// Most units of one line.
const QUANTITY_MAX: i64 = 10_000;

fn invalid(field: &'static str, rule: &'static str, en: &str, id: &str) -> VoucherError {
    VoucherError::invalid(field, rule, en, id)
}

/// The caller's own shop, active.
pub async fn own_shop(db: &Db, caller: &Principal) -> Result<Stored, VoucherError> {
    caller.allows(Permission::RedeemVouchers, true)?;
    let shop = match caller.actor.id {
        Some(account) => merchants::by_account(db, account).await?,
        None => None,
    };
    let shop = shop.ok_or(VoucherError::Denied(Denied::Role))?;
    if shop.merchant.status != MERCHANT_ACTIVE {
        return Err(suspended());
    }
    Ok(shop)
}

/// The refusal of a suspended shop.
pub fn suspended() -> VoucherError {
    VoucherError::conflict(
        "merchant",
        "suspended",
        "this shop is suspended and may not accept vouchers",
        "toko ini dibekukan dan tidak boleh menerima voucher",
    )
}

/// The voucher a typed code or QR text names, with its signature checked.
pub async fn find(db: &Db, keys: &KeyRing, text: &str) -> Result<Voucher, VoucherError> {
    let text = text.trim();
    let voucher = if text.starts_with(PREFIX) {
        let payload = Payload::open(text, &keys.verifier()?).map_err(|e| match e {
            PayloadError::Malformed => invalid(
                "voucher",
                "format",
                "is not a voucher code",
                "bukan kode voucher",
            ),
            PayloadError::Signature => invalid(
                "voucher",
                "signature",
                "its signature does not match: the voucher is forged or altered",
                "tanda tangannya tidak cocok: voucher palsu atau diubah",
            ),
        })?;
        store::by_id(db, payload.voucher)
            .await?
            .filter(|v| v.payload == text)
    } else {
        let code = super::code::parse(text).ok_or_else(|| {
            invalid(
                "voucher",
                "format",
                "must be the 12-character code under the QR code, or the QR code itself",
                "harus 12 karakter kode di bawah kode QR, atau kode QR itu sendiri",
            )
        })?;
        store::by_code(db, &code).await?
    };
    voucher.ok_or_else(|| {
        invalid(
            "voucher",
            "unknown",
            "names no voucher issued by this system",
            "tidak menunjuk voucher yang diterbitkan sistem ini",
        )
    })
}

/// Whether a voucher may be spent today at this shop.
pub fn check_voucher(
    voucher: &Voucher,
    shop: &Merchant,
    now: OffsetDateTime,
) -> Result<(), VoucherError> {
    if voucher.status == CLOSED {
        return Err(VoucherError::conflict(
            "voucher",
            "closed",
            "the cycle of this voucher is closed; what it held went back to the treasury",
            "tahap voucher ini sudah ditutup; sisa saldonya sudah kembali ke kas negara",
        ));
    }
    if voucher.status != ACTIVE {
        return Err(VoucherError::conflict(
            "voucher",
            "revoked",
            "this voucher was revoked",
            "voucher ini sudah dicabut",
        ));
    }
    if now.date().to_string() > voucher.valid_until {
        return Err(VoucherError::conflict(
            "voucher",
            "expired",
            &format!("this voucher expired after {}", voucher.valid_until),
            &format!(
                "voucher ini sudah kedaluwarsa setelah {}",
                voucher.valid_until
            ),
        ));
    }
    if !shop.goods.iter().any(|g| g.programme == voucher.programme) {
        return Err(invalid(
            "voucher",
            "programme",
            &format!("this shop does not serve {}", voucher.programme),
            &format!("toko ini tidak melayani {}", voucher.programme),
        ));
    }
    Ok(())
}

/// Checks every line of a basket (cleaning descriptions); its total.
pub fn check_items(
    items: &mut [Item],
    voucher: &Voucher,
    shop: &Merchant,
) -> Result<i64, VoucherError> {
    if items.is_empty() || items.len() > ITEMS_MAX {
        return Err(invalid(
            "items",
            "count",
            "a basket has 1 to 30 lines",
            "keranjang berisi 1 sampai 30 baris",
        ));
    }
    let sells: Vec<&String> = shop
        .goods
        .iter()
        .filter(|g| g.programme == voucher.programme)
        .flat_map(|g| &g.categories)
        .collect();
    let mut total: i64 = 0;
    for (index, item) in items.iter_mut().enumerate() {
        let line = index + 1;
        if !voucher.categories.contains(&item.category) {
            return Err(invalid(
                "items",
                "category",
                &format!(
                    "line {line}: {} is not goods this programme pays for",
                    item.category
                ),
                &format!(
                    "baris {line}: {} bukan barang yang dibiayai program ini",
                    item.category
                ),
            ));
        }
        if !sells.contains(&&item.category) {
            return Err(invalid(
                "items",
                "merchant_category",
                &format!("line {line}: this shop may not sell {}", item.category),
                &format!(
                    "baris {line}: toko ini tidak boleh menjual {}",
                    item.category
                ),
            ));
        }
        item.description = crate::text::clean(&item.description, crate::text::Lines::One)
            .ok()
            .filter(|d| (1..=100).contains(&d.chars().count()))
            .ok_or_else(|| {
                invalid(
                    "items",
                    "description",
                    &format!("line {line}: the description must be 1 to 100 characters"),
                    &format!("baris {line}: uraian harus 1 sampai 100 karakter"),
                )
            })?;
        if !(1..=QUANTITY_MAX).contains(&item.quantity) || item.amount <= 0 {
            return Err(invalid(
                "items",
                "positive",
                &format!("line {line}: quantity must be 1 to 10000 and amount above zero"),
                &format!("baris {line}: jumlah harus 1 sampai 10000 dan nilai di atas nol"),
            ));
        }
        total = total.checked_add(item.amount).unwrap_or(i64::MAX);
    }
    Ok(total)
}

/// Spends a voucher at the caller's shop once per `client_key` (the key the shop's form
/// gave the purchase): sent again, the first purchase is the answer.
pub async fn redeem_once(
    db: &Db,
    keys: &KeyRing,
    caller: &Principal,
    input: NewRedemption,
    client_key: Option<String>,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Redeemed, VoucherError> {
    let Some(key) = client_key.filter(|k| !k.is_empty() && k.len() <= 100) else {
        return redeem(db, keys, caller, input, Once::default(), request_id, now).await;
    };
    let shop = own_shop(db, caller).await?;
    let earlier = || async {
        let found = store::by_client_key(db, shop.merchant.id, &key).await?;
        Ok::<_, VoucherError>(found.map(|(id, amount, remaining)| Redeemed {
            id,
            amount,
            remaining,
        }))
    };
    if let Some(done) = earlier().await? {
        return Ok(done);
    }
    let once = Once {
        client_key: Some(&key),
        idempotency: None,
    };
    match redeem(db, keys, caller, input, once, request_id, now).await {
        Err(VoucherError::Store(crate::db::StoreError::Conflict { .. })) => {
            earlier().await?.ok_or(VoucherError::NotFound)
        }
        other => other,
    }
}

/// What makes a purchase happen once: the purchase key the shop's form gave it, and the
/// API's idempotency key, whose answer is stored in the purchase's own transaction.
#[derive(Default, Clone, Copy)]
pub struct Once<'a> {
    pub client_key: Option<&'a str>,
    pub idempotency: Option<&'a crate::http::idempotency::Inline>,
}

/// Spends a voucher at the caller's shop.
pub async fn redeem(
    db: &Db,
    keys: &KeyRing,
    caller: &Principal,
    mut input: NewRedemption,
    once: Once<'_>,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Redeemed, VoucherError> {
    let shop = own_shop(db, caller).await?;
    let voucher = find(db, keys, &input.voucher).await?;
    check_voucher(&voucher, &shop.merchant, now)?;
    let total = check_items(&mut input.items, &voucher, &shop.merchant)?;
    let purchase = Spend {
        actor: &caller.actor,
        shop: &shop,
        voucher: &voucher,
        items: &input.items,
        total,
        request_id,
    };
    let mut tx = db.begin_write().await?;
    let done = spend(&mut tx, &purchase, once, now).await?;
    tx.commit().await.store()?;
    Ok(done)
}

/// A checked purchase: who spends which voucher at which shop, for what basket.
pub struct Spend<'a> {
    pub actor: &'a Actor,
    pub shop: &'a Stored,
    pub voucher: &'a Voucher,
    /// The basket, its descriptions cleaned.
    pub items: &'a [Item],
    pub total: i64,
    pub request_id: Option<String>,
}

impl Spend<'_> {
    /// The one transfer of a redemption: the voucher's balance to the shop's account.
    pub fn transfer(&self, id: String) -> NewTransfer {
        NewTransfer::single(
            id,
            self.voucher.ledger_account_id,
            self.shop.ledger_account,
            self.total,
            TRANSFER_REDEMPTION,
        )
        .with_reference(format!("voucher:{}", self.voucher.id))
    }

    /// The redemption's event, which the ledger completes with its transfer.
    pub fn event(&self) -> NewEvent {
        let shop = &self.shop.merchant;
        NewEvent {
            actor: self.actor.clone(),
            action: VOUCHER_REDEEMED,
            subject_type: "voucher",
            subject_id: self.voucher.id.to_string(),
            region: RegionCode::parse(&shop.region_code).ok(),
            changes: Changes::new()
                .set("merchant", shop.code.clone())
                .set("redeemed_rupiah", self.total)
                .set("items", self.items.len()),
            request_id: self.request_id.clone(),
        }
    }

    /// The basket as stored with the redemption.
    pub fn items_json(&self) -> String {
        serde_json::to_string(self.items).unwrap_or_default()
    }
}

/// A fresh id for a redemption's transfer.
pub fn transfer_id() -> String {
    format!("redemption:{}", crate::http::token::random_token())
}

/// Writes a checked purchase inside `tx`: its transfer (refused past the voucher's
/// balance), its redemption and, for the API, its idempotency answer.
pub async fn spend(
    tx: &mut Tx,
    purchase: &Spend<'_>,
    once: Once<'_>,
    now: OffsetDateTime,
) -> Result<Redeemed, VoucherError> {
    let transfer_id = transfer_id();
    let transfer = purchase.transfer(transfer_id.clone());
    let batch = std::slice::from_ref(&transfer);
    let written = crate::ledger::store::write(tx, batch, purchase.event(), now).await?;
    if let Some((_, _, refusal)) = written.first_refusal(batch) {
        return Err(overspent(refusal, purchase.voucher));
    }
    let items = purchase.items_json();
    let row = store::RedemptionRow {
        voucher: purchase.voucher.id,
        merchant: purchase.shop.merchant.id,
        amount: purchase.total,
        items: &items,
        transfer: &transfer_id,
        client_key: once.client_key,
    };
    let id = store::insert_redemption(tx, &row, now).await?;
    let remaining = store::remaining(tx, purchase.voucher.ledger_account_id).await?;
    let done = Redeemed {
        id,
        amount: purchase.total,
        remaining,
    };
    if let Some(inline) = once.idempotency {
        let body = serde_json::to_string(&done).unwrap_or_default();
        let created = axum::http::StatusCode::CREATED;
        inline.record(tx, created, &body, now).await?;
    }
    Ok(done)
}

/// The refusal of a basket past what the voucher still holds.
pub fn overspent(refusal: &Refusal, voucher: &Voucher) -> VoucherError {
    let left = match refusal {
        Refusal::ExceedsCredits { shortfall, .. } => format!(" (kurang Rp {shortfall})"),
        _ => String::new(),
    };
    VoucherError::conflict(
        "voucher",
        "balance",
        &format!(
            "the basket is more than voucher {} still holds: {refusal}",
            voucher.id
        ),
        &format!("belanjaan melebihi sisa saldo voucher{left}"),
    )
}
