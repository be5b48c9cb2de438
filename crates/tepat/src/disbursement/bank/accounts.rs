//! Recipients' accounts: a bank's (or e-wallet provider's) account-opening file, CSV with
//! the header `no_kk,kanal,penyedia,no_rekening,nama_pemilik` (`kanal` may be left out:
//! `bank_transfer`). The whole file is checked first; one bad row refuses it, naming every
//! bad row, and nothing is written.

use std::collections::HashMap;

use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::db::{Db, ResultExt};
use crate::disbursement::error::CycleError;
use crate::events::{Action, Actor, Changes, NewEvent};

pub const ACCOUNTS_IMPORTED: Action = Action("recipient_accounts.imported");

/// The most bad rows a refusal names.
const ERRORS_SHOWN_MAX: usize = 20;

/// One row of an account-opening file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    pub kk_number: String,
    pub channel: String,
    pub provider: String,
    pub account_number: String,
    pub holder_name: String,
}

/// What an import did.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct AccountsImported {
    pub rows: usize,
    /// SHA-256 of the file, as recorded in the log.
    pub sha256: String,
}

/// Reads and checks every row; the refusal names each bad row (line, column, rule).
pub fn parse(bytes: &[u8]) -> Result<Vec<AccountRow>, Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = reader.headers().map_err(|e| vec![e.to_string()])?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (Some(kk), Some(provider), Some(number), Some(holder)) = (
        column("no_kk"),
        column("penyedia"),
        column("no_rekening"),
        column("nama_pemilik"),
    ) else {
        return Err(vec![
            "kepala berkas harus no_kk,kanal,penyedia,no_rekening,nama_pemilik".to_owned(),
        ]);
    };
    let channel = column("kanal");
    let (mut rows, mut errors) = (Vec::new(), Vec::new());
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let Ok(record) = record else {
            errors.push(format!("baris {line}: tidak terbaca sebagai CSV"));
            continue;
        };
        let get = |i: usize| record.get(i).unwrap_or("").to_owned();
        let row = AccountRow {
            kk_number: get(kk),
            channel: channel.map_or_else(|| "bank_transfer".to_owned(), get),
            provider: get(provider),
            account_number: get(number),
            holder_name: get(holder),
        };
        match check(&row) {
            Ok(()) => rows.push(row),
            Err(why) => errors.push(format!("baris {line}: {why}")),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// The rules of one row, the first broken one in words.
fn check(row: &AccountRow) -> Result<(), String> {
    if row.kk_number.len() != 16 || !row.kk_number.bytes().all(|b| b.is_ascii_digit()) {
        return Err("no_kk harus 16 angka".to_owned());
    }
    match row.channel.as_str() {
        "bank_transfer" if !super::is_bic(&row.provider) => {
            return Err("penyedia harus kode BIC bank (8 atau 11 huruf/angka)".to_owned());
        }
        "bank_transfer" => {}
        "e_wallet" => {
            let ok = (2..=32).contains(&row.provider.len())
                && row
                    .provider
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !ok {
                return Err("penyedia dompet elektronik harus 2–32 huruf kecil/angka".to_owned());
            }
        }
        _ => return Err("kanal harus bank_transfer atau e_wallet".to_owned()),
    }
    if !(6..=20).contains(&row.account_number.len())
        || !row.account_number.bytes().all(|b| b.is_ascii_digit())
    {
        return Err("no_rekening harus 6–20 angka".to_owned());
    }
    if row.holder_name.is_empty() || row.holder_name.chars().count() > 70 {
        return Err("nama_pemilik wajib diisi, paling panjang 70 huruf".to_owned());
    }
    Ok(())
}

/// Imports an account-opening file: every row checked, every KK found in the registry,
/// then all of them written (a household's account in a channel replaced by the newer
/// one) with one event, or none.
pub async fn import(
    db: &Db,
    actor: &Actor,
    source: &str,
    bytes: &[u8],
    now: OffsetDateTime,
) -> Result<AccountsImported, CycleError> {
    let rows = parse(bytes).map_err(refusal)?;
    let sha256 = hex::encode(Sha256::digest(bytes));
    let mut tx = db.begin_bulk().await?;
    let kks: Vec<String> = rows.iter().map(|r| r.kk_number.clone()).collect();
    let households: HashMap<String, i64> = super::store::households_by_kk(&mut tx, &kks).await?;
    let missing: Vec<String> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !households.contains_key(&r.kk_number))
        .map(|(i, r)| format!("baris {}: no_kk {} tidak terdaftar", i + 2, r.kk_number))
        .collect();
    if !missing.is_empty() {
        return Err(refusal(missing));
    }
    super::store::upsert_accounts(&mut tx, &rows, &households, source, now).await?;
    let event = NewEvent {
        actor: actor.clone(),
        action: ACCOUNTS_IMPORTED,
        subject_type: "recipient_accounts",
        subject_id: sha256.clone(),
        region: None,
        changes: Changes::new().set("rows", rows.len()).set("source", source),
        request_id: None,
    };
    crate::events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    Ok(AccountsImported {
        rows: rows.len(),
        sha256,
    })
}

fn refusal(errors: Vec<String>) -> CycleError {
    let mut shown: Vec<String> = errors.iter().take(ERRORS_SHOWN_MAX).cloned().collect();
    if errors.len() > ERRORS_SHOWN_MAX {
        shown.push(format!("… dan {} lagi", errors.len() - ERRORS_SHOWN_MAX));
    }
    let text = shown.join("; ");
    CycleError::invalid(
        "file",
        "account_rows",
        &format!(
            "{} rows break the account file's rules: {text}",
            errors.len()
        ),
        &format!(
            "{} baris melanggar aturan berkas rekening: {text}",
            errors.len()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_file_reads_and_kanal_defaults_to_bank() {
        let file = "no_kk,penyedia,no_rekening,nama_pemilik\n\
                    3175010101010001,BRINIDJA,001201000123,SITI AMINAH\n";
        let rows = parse(file.as_bytes()).expect("valid");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].channel, "bank_transfer");
        assert_eq!(rows[0].provider, "BRINIDJA");
    }

    #[test]
    fn every_bad_row_is_named_with_its_rule() {
        let file = "no_kk,kanal,penyedia,no_rekening,nama_pemilik\n\
                    317501,bank_transfer,BRINIDJA,001201000123,A\n\
                    3175010101010001,bank_transfer,bri,001201000123,A\n\
                    3175010101010001,e_wallet,dana,08123456789,B\n\
                    3175010101010001,bank_transfer,BRINIDJA,12-34,C\n\
                    3175010101010001,tunai,BRINIDJA,001201000123,D\n";
        let errors = parse(file.as_bytes()).expect_err("invalid");
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(errors[0].starts_with("baris 2: no_kk"));
        assert!(errors[1].starts_with("baris 3: penyedia"));
        assert!(errors[2].starts_with("baris 5: no_rekening"));
        assert!(errors[3].starts_with("baris 6: kanal"));
    }

    #[test]
    fn a_file_without_the_columns_is_refused() {
        let errors = parse(b"kk,bank\n1,2\n").expect_err("invalid");
        assert!(errors[0].contains("no_kk,kanal,penyedia"));
    }
}
