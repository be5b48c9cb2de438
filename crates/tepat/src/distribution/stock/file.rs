//! A purchase's `pain.001.001.09` file: the same writer as a payroll's, one credit transfer
//! to the supplier's account, debited from the cycle's envelope. The same purchase always
//! gives the same bytes.

use super::store::{self, Purchase};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::disbursement::bank::pain001::{self, Header, Line};
use crate::distribution::error::DistributionError;

/// The purchase `id` of a hand-out in the caller's region, its file's name and bytes.
pub async fn pain001(
    db: &Db,
    caller: &Principal,
    id: i64,
) -> Result<(String, Vec<u8>), DistributionError> {
    caller.allows(Permission::ReadDistributions, false)?;
    let purchase = store::purchase(db, id)
        .await?
        .ok_or(DistributionError::NotFound)?;
    let event = crate::distribution::service::event_in_scope(db, caller, purchase.event).await?;
    let supplier = store::supplier(db, purchase.supplier)
        .await?
        .ok_or(DistributionError::NotFound)?;
    let cycle = crate::disbursement::store::cycle(db, purchase.cycle)
        .await?
        .ok_or(DistributionError::NotFound)?;
    let header = Header {
        message_id: message_id(&purchase),
        execution_date: purchase.created_at.chars().take(10).collect(),
        created_at: purchase.created_at.clone(),
        count: 1,
        total: purchase.amount,
        debtor_name: format!("{} untuk {}", cycle.name, event.name),
        debtor_account: cycle.envelope.unwrap_or_default(),
        bic: supplier.bank_bic.clone(),
        remittance: "Pembelian barang penyaluran Tepat".to_owned(),
    };
    let line = Line {
        end_to_end_id: purchase.id,
        amount: purchase.amount,
        account_number: supplier.account_number.clone(),
        holder_name: supplier.account_name.clone(),
    };
    let mut out = Vec::new();
    let io = |_| DistributionError::NotFound;
    pain001::write_head(&mut out, &header).map_err(io)?;
    pain001::write_line(&mut out, &header, &line).map_err(io)?;
    pain001::write_tail(&mut out).map_err(io)?;
    let name = format!("tepat-barang-{}-{}.xml", purchase.id, supplier.bank_bic);
    Ok((name, out))
}

/// The file's message id.
pub fn message_id(purchase: &Purchase) -> String {
    format!("TEPAT-BARANG-{}", purchase.id)
}
