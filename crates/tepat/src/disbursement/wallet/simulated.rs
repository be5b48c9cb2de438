//! The simulated e-wallet provider of the demo and the tests: it pays every payment at
//! once, except into a wallet number ending in `00`, which it rejects as an unknown
//! account (`AC01`).

use super::{WalletBatch, WalletPayment, WalletStatus};

pub struct Simulated;

impl Simulated {
    pub fn send(&self, batch: &str, payments: &[WalletPayment]) -> WalletBatch {
        WalletBatch {
            batch: batch.to_owned(),
            statuses: payments
                .iter()
                .map(|p| {
                    let unknown = p.wallet.ends_with("00");
                    WalletStatus {
                        id: p.id.clone(),
                        status: if unknown { "rejected" } else { "paid" }.to_owned(),
                        reason: unknown.then(|| "AC01".to_owned()),
                        amount: Some(p.amount),
                    }
                })
                .collect(),
        }
    }
}
