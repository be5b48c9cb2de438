//! Deliberations as the feature speaks of them: attendee roles and the ones a meeting
//! needs, item decisions, a deliberation as served, and its public summary.

use crate::web::i18n::Lang;

/// Roles an attendee may hold.
pub const ROLES: [&str; 8] = [
    "rt_rw",
    "family_representative",
    "babinsa",
    "bhabinkamtibmas",
    "village_head",
    "village_operator",
    "facilitator",
    "other",
];

/// A role in words.
pub fn role_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        "rt_rw" => ("Ketua RT/RW", "RT/RW head"),
        "family_representative" => ("Wakil keluarga yang diusulkan", "Family representative"),
        "babinsa" => ("Babinsa", "Babinsa (army village officer)"),
        "bhabinkamtibmas" => (
            "Bhabinkamtibmas",
            "Bhabinkamtibmas (police village officer)",
        ),
        "village_head" => ("Kepala desa/lurah", "Village head"),
        "village_operator" => ("Operator desa/kelurahan", "Village operator"),
        "facilitator" => ("Pendamping sosial", "Facilitator"),
        "other" => ("Warga/lainnya", "Other"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// Where a deliberation stands.
pub const SCHEDULED: &str = "scheduled";
pub const FINALISED: &str = "finalised";

/// An agenda item's decision in words.
pub fn decision_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        "approve" => ("Disetujui, diteruskan", "Approved, sent on"),
        "return" => ("Dikembalikan", "Returned"),
        "noted" => (
            "Dicatat, diverifikasi dinas sosial",
            "Noted, for the social office",
        ),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// One attendee.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Attendee {
    pub name: String,
    /// `rt_rw`, `family_representative`, `babinsa`, `bhabinkamtibmas`, `village_head`,
    /// `village_operator`, `facilitator` or `other`.
    pub role: String,
    /// For a family representative: the household they speak for.
    #[serde(default)]
    pub household_id: Option<i64>,
    /// For an official: their account (the one recording must be present).
    #[serde(default)]
    pub account_id: Option<i64>,
}

/// One agenda item and, once decided, its decision.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Item {
    /// `proposal` or `objection`.
    pub kind: String,
    pub id: i64,
    pub household_id: i64,
    /// The household's head, masked on public pages.
    pub household_head: Option<String>,
    /// What it asks: the proposal's kind and programme, or the objection's reason.
    pub summary: String,
    /// `approve`, `return` or `noted`; absent until finalised.
    pub decision: Option<String>,
    pub reasoning: Option<String>,
}

/// A deliberation as served.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Deliberation {
    pub id: i64,
    pub village: String,
    pub village_name: Option<String>,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    pub place: String,
    /// `scheduled` or `finalised`.
    pub status: String,
    pub chair: Option<String>,
    pub finalised_at: Option<String>,
    pub finalised_by: Option<String>,
    pub minutes_sha256: Option<String>,
    /// The index of the finalising event's entry in the transparency log, once sequenced.
    pub log_index: Option<i64>,
    pub attendees: Vec<Attendee>,
    /// The agenda: while scheduled, what waits now; once finalised, what was decided.
    pub items: Vec<Item>,
}

/// A finalised deliberation in the public list.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PublicDeliberation {
    pub id: i64,
    pub village: String,
    pub held_on: String,
    /// How many agenda items were decided.
    pub decisions: i64,
    /// The minutes page.
    pub minutes_url: String,
    /// The index of its entry in the transparency log (its inclusion proof is served at
    /// `/api/v1/log/proof/inclusion`); null until sequenced.
    pub log_index: Option<i64>,
}
