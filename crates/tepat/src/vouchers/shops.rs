//! The shops of merchants' sign-in accounts, kept a short while for the busiest request,
//! a redemption: reading a shop and what it sells took three queries per purchase.
//! Whether a shop is still active is not taken from here: the group that writes a
//! purchase reads it again inside its transaction (see `group/`), so a suspension takes
//! effect at once, on every server sharing the database.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::error::VoucherError;
use crate::auth::{Denied, Permission, Principal};
use crate::db::Db;
use crate::merchants::store::Stored;

/// How long a shop is kept: what it sells changes only by registering it again, and its
/// status is checked again anyway.
const SHOP_KEPT: Duration = Duration::from_secs(60);
/// Most shops kept; past it the cache starts again empty.
const SHOPS_KEPT_MAX: usize = 10_000;

/// Shops by sign-in account id.
#[derive(Default)]
pub struct ShopCache {
    shops: Mutex<HashMap<i64, (Instant, Arc<Stored>)>>,
}

impl ShopCache {
    /// The caller's own shop, as [`super::redeem::own_shop`] reads it, from the cache
    /// while it is fresh.
    pub async fn own_shop(&self, db: &Db, caller: &Principal) -> Result<Arc<Stored>, VoucherError> {
        caller.allows(Permission::RedeemVouchers, true)?;
        let account = caller.actor.id.ok_or(VoucherError::Denied(Denied::Role))?;
        if let Some(shop) = self.fresh(account) {
            return Ok(shop);
        }
        let shop = Arc::new(super::redeem::own_shop(db, caller).await?);
        if let Ok(mut shops) = self.shops.lock() {
            if shops.len() >= SHOPS_KEPT_MAX {
                shops.clear();
            }
            shops.insert(account, (Instant::now(), shop.clone()));
        }
        Ok(shop)
    }

    fn fresh(&self, account: i64) -> Option<Arc<Stored>> {
        let shops = self.shops.lock().ok()?;
        let (since, shop) = shops.get(&account)?;
        (since.elapsed() < SHOP_KEPT).then(|| shop.clone())
    }

    /// Drops a shop found suspended, so its next purchase reads it again.
    pub fn forget(&self, merchant: i64) {
        if let Ok(mut shops) = self.shops.lock() {
            shops.retain(|_, (_, shop)| shop.merchant.id != merchant);
        }
    }
}
