//! A voucher as the services see it, and as lists and answers show it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const ACTIVE: &str = "active";
pub const REVOKED: &str = "revoked";
/// Its cycle closed: what it still held went back to the treasury.
pub const CLOSED: &str = "closed";

/// What the ledger calls issuing a voucher (envelope → the voucher's balance).
pub const TRANSFER_VOUCHER: &str = "voucher";
/// What the ledger calls spending one (the voucher's balance → the merchant).
pub const TRANSFER_REDEMPTION: &str = "redemption";

/// A voucher with its remaining balance from the ledger.
#[derive(Debug, Clone)]
pub struct Voucher {
    pub id: i64,
    pub code: String,
    pub entitlement_id: i64,
    pub cycle_id: i64,
    pub programme: String,
    pub household_id: i64,
    pub region_code: String,
    pub amount: i64,
    pub categories: Vec<String>,
    /// Last day it may be spent, `YYYY-MM-DD`.
    pub valid_until: String,
    /// The signed QR text.
    pub payload: String,
    pub ledger_account_id: i64,
    pub status: String,
    pub remaining: i64,
}

/// A voucher in a list for printing cards.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VoucherListed {
    pub id: i64,
    /// The typed code (12 characters; printed in groups of four).
    pub code: String,
    pub programme: String,
    pub categories: Vec<String>,
    pub amount: i64,
    pub remaining: i64,
    /// Last day it may be spent, `YYYY-MM-DD`.
    pub valid_until: String,
}

/// One line of a basket.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = BasketItem)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// A goods category code of the voucher's programme, e.g. `beras`.
    pub category: String,
    pub description: String,
    pub quantity: i64,
    /// Rupiah for this line.
    pub amount: i64,
}

/// A purchase with a voucher.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRedemption {
    /// The typed code or the QR text (`TPV1.…`).
    pub voucher: String,
    pub items: Vec<Item>,
}

/// What a redemption did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Redeemed {
    pub id: i64,
    pub amount: i64,
    /// What the voucher still holds.
    pub remaining: i64,
}

/// Vouchers issued for a cycle's entitlements in a region.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Issued {
    pub cycle: i64,
    pub region: String,
    pub count: i64,
    pub amount: i64,
}
