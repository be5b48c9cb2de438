//! Objections as the feature speaks of them: reasons, statuses, the levels that verify,
//! an objection as officials see it, and its public status by tracking code.

use crate::web::i18n::Lang;

/// Why a resident objects to a recipient.
pub const REASONS: [&str; 6] = [
    "not_poor",
    "deceased",
    "moved",
    "duplicate",
    "civil_servant",
    "other",
];

/// Where an objection stands.
pub const OPEN: &str = "open";
pub const ESCALATED: &str = "escalated";
pub const FOUNDED: &str = "founded";
pub const UNFOUNDED: &str = "unfounded";

/// The levels that verify: the district within `VERIFY_DAYS`, then the province.
pub const DISTRICT: &str = "district";
pub const PROVINCE: &str = "province";

/// Days the district has to verify an objection before it goes to the province.
pub const VERIFY_DAYS: i64 = 14;

/// A reason in words.
pub fn reason_label(code: &str, lang: Lang) -> String {
    crate::proposals::model::reason_label(code, lang)
}

/// A status in words.
pub fn status_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        OPEN => (
            "Menunggu verifikasi dinas sosial kabupaten/kota",
            "Awaiting the district",
        ),
        ESCALATED => (
            "Dinaikkan ke dinas sosial provinsi (lewat 14 hari)",
            "Escalated to the province (past 14 days)",
        ),
        FOUNDED => (
            "Terbukti: diusulkan keluar dari program",
            "Founded: proposed for removal",
        ),
        UNFOUNDED => ("Tidak terbukti", "Unfounded"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// A name as the public sees it: the first letter of each word, the rest hidden
/// (`Budi Santoso` → `B*** S******`).
pub fn masked_name(name: &str) -> String {
    name.split_whitespace()
        .map(|word| {
            let mut chars = word.chars();
            let first: String = chars.next().into_iter().collect();
            first + &"*".repeat(chars.count())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The objector, shown only to the officer who verifies.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Objector {
    pub person_id: i64,
    pub name: String,
    pub nik: String,
}

/// An objection as officials see it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Objection {
    pub id: i64,
    pub enrolment_id: i64,
    pub household_id: i64,
    /// The recipient household's head, as the caller may see the name.
    pub household_head: Option<String>,
    pub programme: String,
    pub region_code: String,
    /// `not_poor`, `deceased`, `moved`, `duplicate`, `civil_servant` or `other`.
    pub reason: String,
    pub description: String,
    pub has_photo: bool,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// `open`, `escalated`, `founded` or `unfounded`.
    pub status: String,
    /// Who must verify: `district`, or `province` once escalated.
    pub level: String,
    /// UTC, RFC 3339: when the level's time runs out.
    pub due_at: String,
    pub overdue: bool,
    pub created_at: String,
    pub escalated_at: Option<String>,
    pub verified_at: Option<String>,
    pub verifier_name: Option<String>,
    pub verifier_role: Option<String>,
    pub finding_note: Option<String>,
    /// The removal proposal a founded objection became.
    pub proposal_id: Option<i64>,
    /// Only for the district officer (and, once escalated, the province officer) who
    /// verifies; hidden from everyone else.
    pub objector: Option<Objector>,
}

/// What the objector sees by tracking code: no one's name.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ObjectionStatus {
    pub tracking_code: String,
    pub programme: String,
    pub status: String,
    pub submitted_at: String,
    pub due_at: String,
    pub escalated_at: Option<String>,
    pub verified_at: Option<String>,
    /// The finding, once verified.
    pub finding_note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_masked_word_by_word() {
        assert_eq!(masked_name("Budi Santoso"), "B*** S******");
        assert_eq!(masked_name("  Ani "), "A**");
        assert_eq!(masked_name(""), "");
    }
}
