//! Offline limits: per programme, the most one voucher may be spent offline at one shop,
//! the most a shop may take offline in a day, and the most it may hold unsynced — which
//! bounds what a shop can lose when a phone that was offline brings a voucher already
//! spent elsewhere. The phone applies them before it records a purchase; the sync applies
//! them again, so a phone that ignores them gains nothing.

use std::collections::HashMap;

use super::model::Limits;
use super::store;
use super::sync::Candidate;
use crate::budgets::model::rupiah;
use crate::db::Tx;
use crate::vouchers::error::VoucherError;

/// What one sync has admitted so far, against the limits.
pub struct Tally {
    merchant: i64,
    limits: HashMap<String, Limits>,
    /// Offline rupiah per voucher at this shop, stored and admitted (all the sync's
    /// vouchers, loaded at once).
    per_voucher: HashMap<i64, i64>,
    /// Offline rupiah per day (its first instant) at this shop, stored and admitted.
    per_day: HashMap<String, i64>,
    /// Rupiah admitted in this sync per programme: what the phone held unsynced.
    outstanding: HashMap<String, i64>,
}

fn over(rule: &'static str, en: &str, id: String) -> VoucherError {
    VoucherError::conflict("items", rule, en, &id)
}

impl Tally {
    /// A tally for a shop, with what it already took offline from these vouchers.
    pub async fn load(
        tx: &mut Tx,
        merchant: i64,
        limits: HashMap<String, Limits>,
        vouchers: &[i64],
    ) -> Result<Self, VoucherError> {
        Ok(Self {
            merchant,
            limits,
            per_voucher: store::offline_totals_of(tx, merchant, vouchers).await?,
            per_day: HashMap::new(),
            outstanding: HashMap::new(),
        })
    }

    /// Admits a purchase made on `day` (first and last instant), or names the limit it
    /// passes.
    pub async fn admit(
        &mut self,
        tx: &mut Tx,
        candidate: &Candidate,
        day: (String, String),
    ) -> Result<(), VoucherError> {
        let voucher = &candidate.voucher;
        let total = candidate.total;
        let Some(limits) = self.limits.get(&voucher.programme).copied() else {
            return Err(VoucherError::conflict(
                "voucher",
                "offline_not_allowed",
                "this programme's vouchers may not be spent offline",
                "voucher program ini tidak boleh dibelanjakan tanpa sinyal",
            ));
        };
        let spent = self.per_voucher.get(&voucher.id).copied().unwrap_or(0);
        if spent + total > limits.per_voucher {
            return Err(over(
                "offline_per_voucher",
                "over the offline limit for one voucher",
                format!(
                    "melebihi batas belanja tanpa sinyal per voucher ({})",
                    rupiah(limits.per_voucher)
                ),
            ));
        }
        let today = match self.per_day.get(&day.0) {
            Some(today) => *today,
            None => store::offline_total_between(tx, self.merchant, &day.0, &day.1).await?,
        };
        if today + total > limits.per_day {
            return Err(over(
                "offline_per_day",
                "over the shop's offline limit for one day",
                format!(
                    "melebihi batas belanja tanpa sinyal per hari ({})",
                    rupiah(limits.per_day)
                ),
            ));
        }
        let held = self
            .outstanding
            .get(&voucher.programme)
            .copied()
            .unwrap_or(0);
        if held + total > limits.outstanding {
            return Err(over(
                "offline_outstanding",
                "over what a shop may hold unsynced",
                format!(
                    "melebihi batas belanja tanpa sinyal yang belum disinkronkan ({})",
                    rupiah(limits.outstanding)
                ),
            ));
        }
        self.per_voucher.insert(voucher.id, spent + total);
        self.per_day.insert(day.0, today + total);
        self.outstanding
            .insert(voucher.programme.clone(), held + total);
        Ok(())
    }
}
