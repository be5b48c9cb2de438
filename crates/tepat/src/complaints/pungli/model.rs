//! Pungli reports as the feature speaks of them: who may be accused, statuses, the
//! inspectorate a report goes to (the region above the accused, never the accused's own),
//! and a report as the inspectorate and as its reporter see it.

use crate::web::i18n::Lang;

/// Who is accused, by role.
pub const ACCUSED_ROLES: [&str; 8] = [
    "village_operator",
    "facilitator",
    "district_officer",
    "province_officer",
    "ministry_officer",
    "bank",
    "merchant",
    "other",
];

/// An accused role in words.
pub fn accused_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        "village_operator" => ("Perangkat/operator desa atau kelurahan", "Village official"),
        "facilitator" => ("Pendamping sosial", "Facilitator"),
        "district_officer" => (
            "Petugas dinas sosial kabupaten/kota",
            "District social officer",
        ),
        "province_officer" => ("Petugas dinas sosial provinsi", "Province officer"),
        "ministry_officer" => ("Petugas Kementerian Sosial", "Ministry officer"),
        "bank" => ("Bank atau agen penyalur", "Bank or payment agent"),
        "merchant" => ("E-warong", "Merchant (e-warong)"),
        "other" => ("Lainnya", "Other"),
        other => (other, other),
    };
    lang.pick(id, en)
}

pub const OPEN: &str = "open";
pub const ANSWERED: &str = "answered";
pub const CLOSED: &str = "closed";

/// A status in words.
pub fn status_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        OPEN => (
            "Menunggu tanggapan inspektorat",
            "Awaiting the inspectorate",
        ),
        ANSWERED => ("Ditanggapi inspektorat", "Answered by the inspectorate"),
        CLOSED => ("Selesai ditindaklanjuti", "Closed"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// Days the inspectorate has to give a first response before the report goes one level up.
pub const RESPONSE_DAYS: i64 = 7;

/// The inspectorate over `region`: the region above it; the national inspectorate (`''`)
/// over a province and over itself.
pub fn inspectorate_above(region: &str) -> String {
    match region.rfind('.') {
        Some(at) => region[..at].to_owned(),
        None => String::new(),
    }
}

/// The inspectorate region in words: its code, or the national one.
pub fn inspectorate_label(region: &str, lang: Lang) -> String {
    if region.is_empty() {
        lang.pick("Inspektorat Jenderal (nasional)", "National inspectorate")
    } else {
        region.to_owned()
    }
}

/// A note on a report: the inspectorate's answer or what the reporter added.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = PungliNote)]
pub struct Note {
    /// `reporter` or `inspectorate`.
    pub author: String,
    pub body: String,
    pub at: String,
}

/// A report as the inspectorate sees it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PungliReport {
    pub id: i64,
    pub accused_role: String,
    pub accused_region: String,
    pub accused_name: Option<String>,
    pub description: String,
    /// `YYYY-MM-DD`.
    pub happened_on: String,
    pub place: String,
    pub has_contact: bool,
    pub photos: i64,
    /// `open`, `answered` or `closed`.
    pub status: String,
    /// The inspectorate it is addressed to (`''` is the national one).
    pub inspectorate_region: String,
    pub due_at: String,
    pub overdue: bool,
    pub first_response_at: Option<String>,
    pub escalations: i64,
    pub created_at: String,
    pub notes: Vec<Note>,
}

/// What the reporter sees with the secret code.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PungliStatus {
    pub status: String,
    pub inspectorate_region: String,
    pub due_at: String,
    pub created_at: String,
    pub notes: Vec<Note>,
}

/// Public figures of one region: counts and handling times, never content.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PungliFigures {
    /// The regency (or province) of the accused.
    pub region_code: String,
    pub region_name: Option<String>,
    pub reports: i64,
    pub answered: i64,
    /// Waiting for a first response past their days.
    pub overdue: i64,
    /// Median days from the report to the first response, of those answered.
    pub median_days_to_response: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_goes_to_the_region_above_the_accused() {
        assert_eq!(inspectorate_above("31.75.07.1003"), "31.75.07");
        assert_eq!(inspectorate_above("31.75"), "31");
        assert_eq!(inspectorate_above("31"), "");
        assert_eq!(inspectorate_above(""), "");
    }
}
