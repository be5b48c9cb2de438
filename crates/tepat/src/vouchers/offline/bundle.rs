//! What a shop's phone keeps to check vouchers without a connection: the verifier key,
//! the vouchers revoked in the shop's regency, the shop's devices and, per programme it
//! serves, its offline limits — with the most the shop can lose to offline spending.

use std::collections::BTreeMap;

use serde::Serialize;
use sqlx::Row;
use utoipa::ToSchema;

use super::model::{Device, Limits};
use super::store;
use crate::auth::Principal;
use crate::db::{Db, ResultExt};
use crate::region_code::RegionCode;
use crate::vouchers::error::VoucherError;
use crate::vouchers::keys::{KeyRing, verifier_text};
use crate::vouchers::redeem::own_shop;

/// Most revoked vouchers a phone keeps: a regency's worth.
const REVOKED_MAX: i64 = 100_000;

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = OfflineBundle)]
pub struct Bundle {
    /// The shop's code.
    pub merchant: String,
    /// `Ed25519`.
    pub algorithm: String,
    /// The voucher verifier key, base64url.
    pub key: String,
    pub devices: Vec<Device>,
    /// Per programme the shop serves.
    pub limits: BTreeMap<String, Limits>,
    /// The goods categories the shop may sell, per programme.
    pub goods: BTreeMap<String, Vec<String>>,
    /// Ids of revoked vouchers of those programmes in the shop's regency.
    pub revoked: Vec<i64>,
    /// The most the shop can lose to offline spending: the sum of its programmes'
    /// unsynced limits.
    pub loss_bound: i64,
}

/// The caller's shop's bundle.
pub async fn bundle(db: &Db, keys: &KeyRing, caller: &Principal) -> Result<Bundle, VoucherError> {
    let shop = own_shop(db, caller).await?;
    let all = store::limits(db).await?;
    let goods: BTreeMap<String, Vec<String>> = shop
        .merchant
        .goods
        .iter()
        .map(|g| (g.programme.clone(), g.categories.clone()))
        .collect();
    let limits: BTreeMap<String, Limits> = goods
        .keys()
        .filter_map(|p| all.get(p).map(|l| (p.clone(), *l)))
        .collect();
    let regency = RegionCode::parse(&shop.merchant.region_code)
        .ok()
        .and_then(|r| r.parent())
        .and_then(|r| r.parent())
        .map_or_else(
            || shop.merchant.region_code.clone(),
            |r| r.as_str().to_owned(),
        );
    let rows = sqlx::query(
        "SELECT id, programme_code FROM vouchers WHERE status = 'revoked' \
         AND region_code LIKE $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(format!("{regency}%"))
    .bind(REVOKED_MAX)
    .fetch_all(&db.pool)
    .await
    .store()?;
    let mut revoked = Vec::new();
    for row in &rows {
        let programme: String = row.try_get(1).store()?;
        if goods.contains_key(&programme) {
            revoked.push(row.try_get(0).store()?);
        }
    }
    Ok(Bundle {
        merchant: shop.merchant.code.clone(),
        algorithm: "Ed25519".to_owned(),
        key: verifier_text(&keys.verifier()?),
        devices: store::devices_of(db, shop.merchant.id).await?,
        loss_bound: limits.values().map(|l| l.outstanding).sum(),
        limits,
        goods,
        revoked,
    })
}
