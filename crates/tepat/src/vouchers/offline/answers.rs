//! What a sync answers for each record — accepted, replayed, refused with its rule, or a
//! double spend — and the counts over them.

use super::model::{SyncItem, Synced};
use crate::vouchers::error::VoucherError;

pub fn refused(id: Option<String>, rule: &str, detail: &str) -> SyncItem {
    SyncItem {
        id,
        status: "refused".to_owned(),
        redemption: None,
        amount: None,
        remaining: None,
        rule: Some(rule.to_owned()),
        detail: Some(detail.to_owned()),
    }
}

pub fn from_error(id: &str, err: VoucherError) -> Result<SyncItem, VoucherError> {
    match err {
        VoucherError::Invalid(rule) | VoucherError::Conflict(rule) => {
            Ok(refused(Some(id.to_owned()), rule.rule, &rule.message_id))
        }
        other => Err(other),
    }
}

pub fn replayed(id: String, redemption: Option<i64>, amount: Option<i64>) -> SyncItem {
    SyncItem {
        id: Some(id),
        status: "replayed".to_owned(),
        redemption,
        amount,
        remaining: None,
        rule: Some("replayed".to_owned()),
        detail: Some("catatan ini sudah disinkronkan sebelumnya; tidak ada yang diubah".to_owned()),
    }
}

pub fn double_spent(id: &str, amount: i64, remaining: i64) -> SyncItem {
    SyncItem {
        id: Some(id.to_owned()),
        status: "double_spend".to_owned(),
        redemption: None,
        amount: Some(amount),
        remaining: Some(remaining),
        rule: Some("double_spend".to_owned()),
        detail: Some(format!(
            "voucher sudah dibelanjakan lebih dulu; sisa saldonya {} tidak cukup. \
             Catatan ini disimpan sebagai bukti belanja ganda untuk diperiksa dinas",
            crate::budgets::model::rupiah(remaining)
        )),
    }
}

pub fn summary(items: Vec<Option<SyncItem>>) -> Synced {
    let items: Vec<SyncItem> = items
        .into_iter()
        .map(|item| item.unwrap_or_else(|| refused(None, "format", "catatan tidak terbaca")))
        .collect();
    let count = |status: &str| items.iter().filter(|i| i.status == status).count();
    Synced {
        accepted: count("accepted"),
        replayed: count("replayed"),
        refused: count("refused"),
        double_spends: count("double_spend"),
        items,
    }
}
