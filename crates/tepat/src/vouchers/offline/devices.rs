//! A shop's phones: each registers its own Ed25519 public key (the private key never
//! leaves the phone) and signs with it every purchase it records offline. A sync names
//! the device; only an active device of the caller's own shop is heard.

use ed25519_dalek::VerifyingKey;
use time::OffsetDateTime;

use super::model::{DEVICE_ACTIVE, Device, NewDevice};
use super::record::public_key;
use super::store;
use crate::auth::Principal;
use crate::db::{Db, ResultExt};
use crate::events::{Action, Changes, NewEvent};
use crate::merchants::store::Stored;
use crate::region_code::RegionCode;
use crate::vouchers::error::VoucherError;
use crate::vouchers::redeem::own_shop;

pub const DEVICE_REGISTERED: Action = Action("merchant_device.registered");

/// Longest device label.
const LABEL_CHARS_MAX: usize = 60;

fn unknown() -> VoucherError {
    VoucherError::invalid(
        "device",
        "unknown",
        "is not an active device registered to this shop",
        "bukan perangkat aktif yang terdaftar untuk toko ini",
    )
}

/// The caller's shop's active device with this id, and its key.
pub async fn own_device(
    db: &Db,
    shop: &Stored,
    id: i64,
) -> Result<(i64, VerifyingKey), VoucherError> {
    let device = store::device_by_id(db, id)
        .await?
        .filter(|d| d.merchant == shop.merchant.id && d.status == DEVICE_ACTIVE)
        .ok_or_else(unknown)?;
    let key = public_key(&device.public_key).ok_or_else(unknown)?;
    Ok((device.id, key))
}

/// Registers a phone of the caller's shop; the same key again is the same device.
pub async fn register(
    db: &Db,
    caller: &Principal,
    input: NewDevice,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Device, VoucherError> {
    let shop = own_shop(db, caller).await?;
    let key = public_key(&input.public_key).ok_or_else(|| {
        VoucherError::invalid(
            "public_key",
            "ed25519",
            "must be a 32-byte Ed25519 public key in base64url",
            "harus kunci publik Ed25519 32 bita dalam base64url",
        )
    })?;
    let label = crate::text::clean(&input.label, crate::text::Lines::One)
        .ok()
        .filter(|l| (1..=LABEL_CHARS_MAX).contains(&l.chars().count()))
        .ok_or_else(|| {
            VoucherError::invalid(
                "label",
                "length",
                "must be 1 to 60 characters",
                "harus 1 sampai 60 karakter",
            )
        })?;
    let text = crate::vouchers::keys::verifier_text(&key);
    if let Some(known) = store::device_by_key(db, &text).await? {
        if known.merchant == shop.merchant.id {
            return Ok(known);
        }
        return Err(VoucherError::conflict(
            "public_key",
            "taken",
            "this key belongs to another shop's device",
            "kunci ini milik perangkat toko lain",
        ));
    }
    let mut tx = db.begin_write().await?;
    let id = store::insert_device(&mut tx, shop.merchant.id, &text, &label, now).await?;
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: DEVICE_REGISTERED,
        subject_type: "merchant_device",
        subject_id: id.to_string(),
        region: RegionCode::parse(&shop.merchant.region_code).ok(),
        changes: Changes::new()
            .set("merchant", shop.merchant.code.clone())
            .set("public_key", text.clone()),
        request_id,
    };
    crate::events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    Ok(Device {
        id,
        merchant: shop.merchant.id,
        public_key: text,
        label,
        status: DEVICE_ACTIVE.to_owned(),
    })
}
