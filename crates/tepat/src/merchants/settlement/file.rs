//! A settlement's `pain.001.001.09` file: the same writer as a payroll's, one credit
//! transfer per shop (end-to-end id = the settlement line), debited from the bank's
//! settlement account. The same settlement always gives the same bytes.

use super::{Settlement, store};
use crate::db::{Db, StoreError};
use crate::disbursement::bank::pain001::{self, Header, Line};

/// The file's bytes.
pub async fn pain001(db: &Db, settlement: &Settlement) -> Result<Vec<u8>, StoreError> {
    let lines = store::lines(db, settlement.id).await?;
    let header = Header {
        message_id: settlement.message_id.clone(),
        execution_date: settlement.created_at.chars().take(10).collect(),
        created_at: settlement.created_at.clone(),
        count: lines.len() as i64,
        total: lines.iter().map(|l| l.1).sum(),
        debtor_name: format!("Pelunasan voucher e-warong {}", settlement.region),
        debtor_account: format!("settlement:{}", settlement.bank),
        bic: settlement.bank.clone(),
        remittance: "Pelunasan voucher Tepat baris".to_owned(),
    };
    let mut out = Vec::new();
    let io = |_| StoreError::NotFound;
    pain001::write_head(&mut out, &header).map_err(io)?;
    for (id, amount, account_number, holder_name) in lines {
        let line = Line {
            end_to_end_id: id,
            amount,
            account_number,
            holder_name,
        };
        pain001::write_line(&mut out, &header, &line).map_err(io)?;
    }
    pain001::write_tail(&mut out).map_err(io)?;
    Ok(out)
}

/// The file's name.
pub fn name(settlement: &Settlement) -> String {
    format!("tepat-warong-{}-{}.xml", settlement.id, settlement.bank)
}
