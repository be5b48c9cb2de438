//! Duplicate persons (kemungkinan duplikat): record linkage inside the application. A full
//! run over the registry (scheduled, on demand, or from the command line) and a check of
//! each record created or changed at entry propose candidate pairs; district officers
//! decide each pair — "orang yang sama" merges the duplicate into the person kept (a new
//! version, nothing deleted), "orang berbeda" is remembered and never proposed again.
//! A person in an undecided pair is held: enrolment and payment ask [`holds`] first.
//! See `README.md` in this folder.

pub mod api;
pub mod check;
pub mod error;
pub mod holds;
pub mod model;
pub mod notices;
pub mod pages;
mod refusal;
pub mod run_pages;
pub mod runner;
pub mod service;
pub mod store;

use crate::web::i18n::Lang;

/// Pair states.
pub const OPEN: &str = "open";
pub const SAME: &str = "same";
pub const DIFFERENT: &str = "different";
/// Closed without a decision of its own: one of the two was merged in another pair.
pub const CLOSED: &str = "closed";

/// How a pair was found.
pub const SOURCE_RUN: &str = "run";
pub const SOURCE_ENTRY: &str = "entry";

/// A pair state in words.
pub fn status_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        OPEN => ("belum diputuskan", "undecided"),
        SAME => ("orang yang sama (digabung)", "same person (merged)"),
        DIFFERENT => ("orang berbeda", "different people"),
        CLOSED => (
            "ditutup (salah satu sudah digabung)",
            "closed (one was merged)",
        ),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// How a pair was found, in words.
pub fn source_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        SOURCE_RUN => ("pemeriksaan seluruh data", "full registry run"),
        SOURCE_ENTRY => ("pemeriksaan saat data dicatat", "check at entry"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// A compared field in words.
pub fn field_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        "name" => ("Nama", "Name"),
        "birth_date" => ("Tanggal lahir", "Birth date"),
        "nik" => ("NIK", "NIK"),
        "sex" => ("Jenis kelamin", "Sex"),
        "birth_place" => ("Tempat lahir", "Birth place"),
        "household" => ("Keluarga dan alamat", "Household and address"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// An agreement level in words.
pub fn level_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        "missing" => ("tidak ada data", "missing"),
        "exact" => ("sama persis", "exact"),
        "close" => ("sangat mirip", "very close"),
        "fuzzy" => ("agak mirip", "somewhat alike"),
        "different" => ("berbeda", "different"),
        "typo" => ("beda satu angka / tertukar", "one digit off or swapped"),
        "partial" => ("sebagian sama", "partly the same"),
        "one_edit" => ("beda satu angka", "one digit off"),
        "verified_near" => ("nomor berurutan", "near number"),
        "distinct_verified" => ("dua NIK sah yang berbeda", "two different valid NIKs"),
        "regency_typo" => ("kode wilayah salah ketik", "regency digits mistyped"),
        "counted_in_nik" => ("sudah dihitung dalam NIK", "counted in the NIK"),
        "agree" => ("sama", "same"),
        "same_kk" => ("KK sama", "same KK"),
        "same_address" => ("alamat sama", "same address"),
        "same_rt_rw" => ("RT/RW sama", "same RT/RW"),
        "same_village" => ("desa/kelurahan sama", "same village"),
        "same_regency" => ("kabupaten/kota sama", "same regency"),
        "word_differs" => (
            "satu kata sama, kata lain berbeda",
            "one word shared, another different",
        ),
        "part_missing" => ("sebagian nama tidak ada", "part of the name missing"),
        "same_year" => ("tahun lahir sama", "same birth year"),
        "year_differs" => ("tahun lahir berbeda", "birth year differs"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// A run's stage in words.
pub fn stage_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        "reading" => ("membaca data", "reading"),
        "blocking" => ("mengelompokkan calon", "blocking"),
        "comparing" => ("membandingkan", "comparing"),
        "estimating" => ("menaksir bobot", "estimating weights"),
        "scoring" => ("menilai pasangan", "scoring"),
        "clustering" => ("menggabungkan pasangan", "clustering"),
        "storing" => ("menyimpan pasangan", "storing pairs"),
        "done" => ("selesai", "done"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .pages(pages::routes())
}

/// Start-up recovery: runs cut off by a stop are marked failed. Only runs without a
/// heartbeat for `runner::STALE_AFTER` are: several servers may share one database, and
/// the runs of the others are alive.
pub async fn recover(
    db: &crate::db::Db,
    now: time::OffsetDateTime,
) -> Result<(), crate::db::StoreError> {
    let stale_before = now - runner::STALE_AFTER;
    let cut_off = store::runs::abandon_stale(db, stale_before, now).await?;
    if cut_off > 0 {
        tracing::warn!(
            cut_off,
            "duplicate runs cut off by the last stop were marked failed"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_speak_both_languages_and_keep_unknown_codes() {
        assert_eq!(status_label(OPEN, Lang::Id), "belum diputuskan");
        assert_eq!(status_label(DIFFERENT, Lang::En), "different people");
        assert_eq!(level_label("same_kk", Lang::Id), "KK sama");
        assert_eq!(field_label("household", Lang::En), "Household and address");
        assert_eq!(level_label("new_level", Lang::Id), "new_level");
        assert_eq!(source_label(SOURCE_ENTRY, Lang::En), "check at entry");
        assert_eq!(stage_label("comparing", Lang::Id), "membandingkan");
    }
}
