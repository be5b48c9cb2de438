//! Complaints as the feature speaks of them: categories (API contract codes, each with its
//! words), statuses, the offices' levels and who answers at each, and a complaint as
//! officials and as its reporter see it.

use crate::auth::Role;
use crate::region_code::RegionCode;
use crate::web::i18n::Lang;

/// Categories, as the API names them.
pub const CATEGORIES: [&str; 7] = [
    "not_received",
    "wrong_amount",
    "distribution",
    "data_error",
    "service",
    "question",
    "other",
];

/// The category of questions, which may be published as public answers.
pub const QUESTION: &str = "question";

/// A category in words.
pub fn category_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        "not_received" => ("Bantuan tidak diterima", "Aid not received"),
        "wrong_amount" => ("Jumlah bantuan tidak sesuai", "Wrong amount"),
        "distribution" => ("Masalah penyaluran", "Distribution problem"),
        "data_error" => ("Data keliru", "Data error"),
        "service" => ("Pelayanan petugas", "Service"),
        "question" => ("Pertanyaan", "A question"),
        "other" => ("Lainnya", "Other"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// Where a complaint stands.
pub const OPEN: &str = "open";
pub const ANSWERED: &str = "answered";
pub const RESOLVED: &str = "resolved";
pub const REOPENED: &str = "reopened";
pub const STATUSES: [&str; 4] = [OPEN, ANSWERED, RESOLVED, REOPENED];

/// A status in words.
pub fn status_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        OPEN => ("Menunggu tanggapan", "Awaiting a response"),
        ANSWERED => ("Sedang ditangani", "Being handled"),
        RESOLVED => ("Selesai dijawab", "Resolved"),
        REOPENED => ("Dibuka kembali", "Reopened"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// What happened to a complaint, as its history lists it.
pub fn update_label(kind: &str, lang: Lang) -> String {
    let (id, en) = match kind {
        "submitted" => ("Pengaduan diterima", "Complaint received"),
        "replied" => ("Tanggapan petugas", "Official's reply"),
        "resolved" => ("Jawaban akhir", "Final answer"),
        "reopened" => ("Dibuka kembali oleh pelapor", "Reopened by the reporter"),
        "rated" => ("Penilaian pelapor", "Reporter's rating"),
        "escalated" => ("Dinaikkan ke tingkat atas", "Escalated one level up"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// The offices that answer, lowest first.
pub const LEVELS: [&str; 4] = ["village", "district", "province", "ministry"];

/// A level in words.
pub fn level_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        "village" => ("Pemerintah desa/kelurahan", "Village office"),
        "district" => ("Dinas sosial kabupaten/kota", "District social office"),
        "province" => ("Dinas sosial provinsi", "Province social office"),
        "ministry" => ("Kementerian Sosial", "Ministry of Social Affairs"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// The level above `level`, if any.
pub fn level_above(level: &str) -> Option<&'static str> {
    let at = LEVELS.iter().position(|l| *l == level)?;
    LEVELS.get(at + 1).copied()
}

/// The role that answers at a level.
pub fn answering_role(level: &str) -> Role {
    match level {
        "village" => Role::VillageOperator,
        "province" => Role::ProvinceOfficer,
        "ministry" => Role::MinistryOfficer,
        _ => Role::DistrictOfficer,
    }
}

/// The region of the office at `level` over `village` (`''` for the ministry).
pub fn office_region(village: &RegionCode, level: &str) -> String {
    let code = village.as_str();
    match level {
        "village" => code.to_owned(),
        "district" => code.get(..5).unwrap_or(code).to_owned(),
        "province" => village.province().as_str().to_owned(),
        _ => String::new(),
    }
}

/// One step of a complaint's history.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ComplaintUpdate)]
pub struct Update {
    /// `submitted`, `replied`, `resolved`, `reopened`, `rated` or `escalated`.
    pub kind: String,
    /// The complaint's status after it.
    pub status: String,
    /// An official's words, or the reporter's when reopening.
    pub body: Option<String>,
    /// The level of the office that wrote or now answers.
    pub office_level: Option<String>,
    pub at: String,
}

/// A complaint as officials see it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Complaint {
    pub id: i64,
    pub tracking_code: String,
    pub category: String,
    pub region_code: String,
    pub programme: Option<String>,
    pub description: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// Whether the reporter left a way to reach them (the contact itself is never shown:
    /// messages go through the outbox).
    pub has_contact: bool,
    pub photos: i64,
    /// `open`, `answered`, `resolved` or `reopened`.
    pub status: String,
    /// The level that must answer: `village`, `district`, `province` or `ministry`.
    pub office_level: String,
    pub office_region: String,
    /// UTC, RFC 3339: when the first response is due.
    pub due_at: String,
    pub overdue: bool,
    pub first_response_at: Option<String>,
    pub resolved_at: Option<String>,
    pub answer: Option<String>,
    pub reopened: bool,
    pub rating: Option<i64>,
    pub created_at: String,
    pub history: Vec<Update>,
}

/// What the reporter sees by tracking code: their complaint's status, its history and the
/// officials' answers, never anyone's contact.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ComplaintStatus {
    pub tracking_code: String,
    pub category: String,
    pub region_code: String,
    pub status: String,
    pub office_level: String,
    pub due_at: String,
    pub answer: Option<String>,
    /// Whether the reporter may still reopen it (once, after it is resolved).
    pub may_reopen: bool,
    /// Whether the reporter may rate the answer (once it is resolved, until rated).
    pub may_rate: bool,
    pub rating: Option<i64>,
    pub created_at: String,
    pub history: Vec<Update>,
}

/// A published answer to a question, with nothing personal in it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PublicAnswer {
    pub id: i64,
    pub programme: Option<String>,
    pub question: String,
    pub answer: String,
    pub published_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_go_up_to_the_ministry_and_stop() {
        assert_eq!(level_above("village"), Some("district"));
        assert_eq!(level_above("province"), Some("ministry"));
        assert_eq!(level_above("ministry"), None);
        assert_eq!(level_above("nowhere"), None);
        let klender = RegionCode::parse("31.75.07.1003").unwrap();
        assert_eq!(office_region(&klender, "district"), "31.75");
        assert_eq!(office_region(&klender, "province"), "31");
        assert_eq!(office_region(&klender, "ministry"), "");
        assert_eq!(answering_role("village"), Role::VillageOperator);
    }

    #[test]
    fn every_code_has_words() {
        for code in CATEGORIES {
            assert_ne!(category_label(code, Lang::Id), code);
        }
        for code in STATUSES {
            assert_ne!(status_label(code, Lang::Id), code);
        }
        for code in LEVELS {
            assert_ne!(level_label(code, Lang::Id), code);
        }
    }
}
