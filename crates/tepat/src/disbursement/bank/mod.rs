//! Paying by bank: the recipients' accounts from the banks' account-opening files, the
//! `pain.001.001.09` credit-transfer file of each payroll and bank, and the banks'
//! `pain.002` status reports posting or voiding the reservations. See the folder's
//! `README.md`.

pub mod accounts;
pub mod api;
pub mod export;
pub mod pages;
pub mod pain001;
pub mod pain002;
pub mod reconcile;
pub mod resolve;
pub mod simulated;
pub mod store;

/// The message id of a payroll's file for one bank; a status report names it back.
pub fn message_id(payroll: i64, bic: &str) -> String {
    format!("TEPAT-{payroll}-{bic}")
}

/// The payroll and bank a message id names.
pub fn parse_message_id(text: &str) -> Option<(i64, String)> {
    let rest = text.trim().strip_prefix("TEPAT-")?;
    let (payroll, bic) = rest.split_once('-')?;
    let payroll = payroll.parse().ok()?;
    is_bic(bic).then(|| (payroll, bic.to_owned()))
}

/// The file name of a payroll's file for one bank.
pub fn file_name(payroll: i64, bic: &str) -> String {
    format!("pain.001-payroll-{payroll}-{bic}.xml")
}

/// A BIC as ISO 9362 spells it: bank (4), country (2), location (2), branch (3, optional).
pub fn is_bic(text: &str) -> bool {
    let b = text.as_bytes();
    let upper_alnum = |c: &u8| c.is_ascii_uppercase() || c.is_ascii_digit();
    (b.len() == 8 || b.len() == 11)
        && b[..4].iter().all(upper_alnum)
        && b[4..6].iter().all(u8::is_ascii_uppercase)
        && b[6..].iter().all(upper_alnum)
}

/// What is wrong with a payee's bank and account number, if anything: the BIC must be a
/// bank's and the account 5 to 34 digits.
pub fn account_problem(bic: &str, account: &str) -> Option<crate::web::form::FieldRule> {
    use crate::web::form::FieldRule;
    if !is_bic(bic) {
        return Some(FieldRule::new(
            "bank_bic",
            "bic",
            "must be a bank's BIC (8 or 11 capital letters and digits)",
            "harus kode BIC bank (8 atau 11 huruf kapital dan angka)",
        ));
    }
    if !(5..=34).contains(&account.len()) || !account.bytes().all(|b| b.is_ascii_digit()) {
        return Some(FieldRule::new(
            "account_number",
            "digits",
            "must be 5 to 34 digits",
            "harus 5 sampai 34 angka",
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_name_their_payroll_and_bank() {
        let id = message_id(17, "BRINIDJA");
        assert_eq!(id, "TEPAT-17-BRINIDJA");
        assert_eq!(parse_message_id(&id), Some((17, "BRINIDJA".to_owned())));
        assert_eq!(parse_message_id("TEPAT-x-BRINIDJA"), None);
        assert_eq!(parse_message_id("TEPAT-17-brinidja"), None);
        assert_eq!(parse_message_id("OTHER-17-BRINIDJA"), None);
    }

    #[test]
    fn bics_follow_iso_9362() {
        for good in ["BRINIDJA", "BNINIDJA", "BMRIIDJA", "BRINIDJA123"] {
            assert!(is_bic(good), "{good}");
        }
        for bad in ["BRINID", "BRIN1DJA", "brinidja", "BRINIDJA12", "BRI NIDJA"] {
            assert!(!is_bic(bad), "{bad}");
        }
    }
}
