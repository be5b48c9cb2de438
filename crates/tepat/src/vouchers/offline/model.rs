//! Offline spending as the services and the API see it: devices, limits, signed records,
//! what a sync did with each, and the proofs of a double spend.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::vouchers::model::Item;

pub const DEVICE_ACTIVE: &str = "active";

/// A double spend awaiting a district officer.
pub const OPEN: &str = "open";
/// Judged fraud by the district officer.
pub const UPHELD: &str = "upheld";
/// Judged an honest mistake (a phone's clock, a lost queue).
pub const DISMISSED: &str = "dismissed";

/// A shop's phone that signs what it records offline.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = MerchantDevice)]
pub struct Device {
    pub id: i64,
    pub merchant: i64,
    /// The Ed25519 public key, 32 bytes in base64url without padding.
    pub public_key: String,
    pub label: String,
    /// `active` or `revoked`.
    pub status: String,
}

/// A device to register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = NewMerchantDevice)]
#[serde(deny_unknown_fields)]
pub struct NewDevice {
    /// The Ed25519 public key, 32 bytes in base64url without padding.
    pub public_key: String,
    /// 1 to 60 characters, e.g. `HP kasir`.
    pub label: String,
}

/// A programme's offline limits, in rupiah.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = OfflineLimits)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// The most one voucher may be spent offline at one shop.
    pub per_voucher: i64,
    /// The most one shop may take offline in one day (WIB).
    pub per_day: i64,
    /// The most one shop may hold unsynced at once: what it can lose at most.
    pub outstanding: i64,
}

/// What a device signs for one purchase made offline; its JSON text is what is signed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = OfflineRecord)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The device's own id for the purchase: 8 to 64 letters, digits and `-`.
    pub id: String,
    /// The device's id, as registered.
    pub device: i64,
    /// The voucher's QR text (`TPV1.…`): only a signed voucher can be checked offline.
    pub voucher: String,
    pub items: Vec<Item>,
    /// When the purchase was made, RFC 3339 with its offset.
    pub at: String,
}

/// One signed record in a sync.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = SignedOfflineRecord)]
#[serde(deny_unknown_fields)]
pub struct Signed {
    /// The record's JSON text, exactly as the device signed it.
    pub record: String,
    /// The device's Ed25519 signature of the record's UTF-8 bytes, base64url.
    pub signature: String,
}

/// A device's queue.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = OfflineSync)]
#[serde(deny_unknown_fields)]
pub struct SyncBatch {
    pub device: i64,
    /// 1 to 1,000 records, in any order: they are spent in the order they were made.
    pub redemptions: Vec<Signed>,
}

/// What a sync did with one record.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = OfflineSyncItem)]
pub struct SyncItem {
    /// The record's id, when it could be read.
    pub id: Option<String>,
    /// `accepted`, `replayed` (synced before: nothing done), `refused`, or
    /// `double_spend` (refused, and kept as a proof).
    pub status: String,
    /// The redemption, when accepted or replayed.
    pub redemption: Option<i64>,
    pub amount: Option<i64>,
    /// What the voucher holds after this sync.
    pub remaining: Option<i64>,
    /// Why it was refused: a rule code.
    pub rule: Option<String>,
    /// Why it was refused, in Bahasa Indonesia.
    pub detail: Option<String>,
}

/// What a sync did.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = OfflineSyncResult)]
pub struct Synced {
    pub accepted: usize,
    pub replayed: usize,
    pub refused: usize,
    pub double_spends: usize,
    /// One per record, in the order sent.
    pub items: Vec<SyncItem>,
}

/// A purchase in a proof of double spend.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = DoubleSpendPurchase)]
pub struct Purchase {
    /// The redemption, for a purchase that was paid.
    pub redemption: Option<i64>,
    pub merchant: String,
    pub amount: i64,
    /// UTC, RFC 3339.
    pub at: String,
    /// The device, for one recorded offline.
    pub device: Option<i64>,
    pub device_key: Option<String>,
    /// The record and its signature, for one recorded offline.
    pub record: Option<String>,
    pub signature: Option<String>,
}

/// A double spend caught at a sync, with its proof.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DoubleSpend {
    pub id: i64,
    pub voucher: i64,
    pub voucher_code: String,
    pub merchant: String,
    pub merchant_name: String,
    pub region: String,
    pub amount: i64,
    /// What the voucher still held when the record was synced.
    pub remaining: i64,
    /// `open`, `upheld` or `dismissed`.
    pub status: String,
    pub decision_note: Option<String>,
    /// UTC, RFC 3339.
    pub detected_at: String,
    /// The refused purchase, signed by the shop's device.
    pub refused: Purchase,
    /// The purchases that spent the voucher first.
    pub earlier: Vec<Purchase>,
}
