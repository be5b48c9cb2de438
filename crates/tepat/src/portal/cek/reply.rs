//! The SMS replies: one message each, Bahasa Indonesia, at most 160 characters.

use super::index::{Found, Index};
use super::lookup::{Asked, Lookup};
use crate::db::Db;
use crate::http::AppError;
use crate::registry::dates;

/// Characters of one SMS.
pub const SMS_CHARS_MAX: usize = 160;

pub const HELP: &str = "Tepat: kirim CEK <kode TPT-/SGH-> untuk status pengajuan atau \
                        sanggahan, atau CEK <NIK> <tgl lahir DDMMYYYY> untuk status bansos.";
pub const BAD_NIK: &str = "NIK harus 16 angka dan tanggal lahir DDMMYYYY, contoh: \
                           CEK 3175074101850001 01011985";
const NOT_FOUND: &str = "Tidak ada data bansos untuk NIK dan tanggal lahir itu.";

/// The text cut to one SMS.
pub fn one_sms(text: &str) -> String {
    if text.chars().count() <= SMS_CHARS_MAX {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(SMS_CHARS_MAX - 1).collect();
    cut.push('…');
    cut
}

/// "… coba lagi dalam N detik" from a limit's refusal.
pub fn wait(err: &AppError) -> String {
    err.detail(crate::web::i18n::Lang::Id)
}

/// The lookup of `CEK <NIK> <DDMMYYYY>`, when both read.
pub fn person_lookup(nik: &str, born: &str) -> Option<Lookup> {
    if born.len() != 8 || !born.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let asked = Asked {
        nik: Some(nik.to_owned()),
        birth_date: Some(format!("{}-{}-{}", &born[..2], &born[2..4], &born[4..])),
        ..Asked::default()
    };
    asked.read().ok()
}

/// A person's programmes in one line (the same answer for no match as for a wrong date).
pub fn person(index: &Index, found: Option<&Found>) -> String {
    let Some(found) = found else {
        return NOT_FOUND.to_owned();
    };
    let programmes: Vec<String> = found
        .held
        .iter()
        .map(|held| {
            let code = index
                .programmes
                .get(usize::from(held.programme))
                .map(|p| p.code.as_str())
                .unwrap_or_default();
            match held.until {
                Some(until) if !held.active => format!("{code} berakhir {}", dates::show(until)),
                _ => format!("{code} aktif sejak {}", dates::show(held.since)),
            }
        })
        .collect();
    let programmes = if programmes.is_empty() {
        "belum menerima bansos".to_owned()
    } else {
        programmes.join(", ")
    };
    let desil = found
        .desil
        .map(|d| format!("; desil {d}"))
        .unwrap_or_default();
    format!(
        "{}, {}: {programmes}{desil}. Data per {}.",
        found.masked_name,
        found.village_name,
        dates::show(found.updated)
    )
}

/// Where an application stands, by tracking number.
pub async fn application(db: &Db, code: &str) -> Result<String, AppError> {
    use crate::applications::model::Status;
    let not_found = || format!("Kode {code} tidak ditemukan. Periksa kode pengajuan Anda.");
    let Some(number) = crate::applications::tracking::TrackingNumber::parse(code) else {
        return Ok(not_found());
    };
    let Some((application, _)) =
        crate::applications::store::find_by_tracking(db, number.as_str()).await?
    else {
        return Ok(not_found());
    };
    let status = match application.status {
        Status::Submitted => "sedang diperiksa petugas",
        Status::Verified => "sudah diverifikasi, menunggu keputusan",
        Status::Accepted => "diterima, keluarga masuk data terpadu",
        Status::Rejected => "ditolak; alasan ada di laman status",
    };
    Ok(format!("Pengajuan {}: {status}.", number.as_str()))
}

/// Where an objection stands, by tracking code.
pub async fn objection(db: &Db, code: &str) -> Result<String, AppError> {
    use crate::objections::error::ObjectionError;
    match crate::objections::service::status(db, code).await {
        Ok(status) => Ok(format!(
            "Sanggahan {}: {}.",
            status.tracking_code,
            crate::objections::model::status_label(&status.status, crate::web::i18n::Lang::Id)
        )),
        Err(ObjectionError::NotFound) => Ok(format!(
            "Kode {code} tidak ditemukan. Periksa kode sanggahan Anda."
        )),
        Err(other) => Err(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_fit_one_sms() {
        assert!(HELP.chars().count() <= SMS_CHARS_MAX, "{}", HELP.len());
        assert!(BAD_NIK.chars().count() <= SMS_CHARS_MAX);
        let long = "x".repeat(400);
        assert_eq!(one_sms(&long).chars().count(), SMS_CHARS_MAX);
        assert_eq!(one_sms("pendek"), "pendek");
    }

    #[test]
    fn a_person_check_reads_nik_and_ddmmyyyy() {
        assert!(matches!(
            person_lookup("3175074101850001", "01011985"),
            Some(Lookup::ByNik { .. })
        ));
        assert!(person_lookup("3175074101850001", "1985-01-01").is_none());
        assert!(person_lookup("12345", "01011985").is_none());
        assert!(person_lookup("3175074101850001", "32131985").is_none());
    }
}
