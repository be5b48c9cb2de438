//! A programme as stored and served: its description, benefit rule, quotas, exclusions and
//! the sources of its parameters. The eligibility rule is kept apart, in versions.

/// The channels money or goods reach a household by.
pub const CHANNELS: [&str; 3] = ["bank_transfer", "e_voucher", "goods"];
/// How often a programme pays.
pub const FREQUENCIES: [&str; 4] = ["monthly", "quarterly", "yearly", "once"];
/// The roles that may approve a programme's enrolment batches, widest first.
pub const APPROVERS: [&str; 3] = ["ministry_officer", "province_officer", "district_officer"];
/// The levels a programme's proposals may climb, in order (`proposals/`).
pub const CHAIN_LEVELS: [&str; 4] = ["village", "district", "province", "ministry"];
/// The periods an amount is counted in.
pub const PERIODS: [&str; 4] = ["year", "month", "day", "once"];

/// One amount of a benefit (a PKH component, the monthly Sembako balance, …).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub code: String,
    pub label: String,
    pub label_en: String,
    /// Whole rupiah.
    pub amount_rupiah: i64,
    /// `year`, `month`, `day` or `once`.
    pub period: String,
    /// The year the amount applies to.
    pub year: i32,
    /// Where the amount is published.
    pub source: String,
}

/// The benefit rule, as data for disbursement.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Benefit {
    /// `household` (one amount per family) or `member` (per qualifying member).
    pub per: String,
    /// At most this many components per family; 0 for no limit.
    pub max_components: u32,
    pub note: String,
    pub note_en: String,
    pub components: Vec<Component>,
}

/// How many may receive a programme in a region (empty region: nationally).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    /// A Kemendagri region code, or empty for the whole country.
    pub region: String,
    /// Never below zero.
    pub count: i64,
    /// What is counted: `keluarga` (families) or `siswa` (pupils).
    pub unit: String,
    pub year: i32,
    pub source: String,
}

/// A programme with its current eligibility rule.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Programme {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub description: String,
    pub description_en: String,
    /// Who runs it.
    pub operator: String,
    /// The role that approves enrolment batches: `ministry_officer` for national programmes,
    /// `province_officer` or `district_officer` for regional ones.
    pub approver: String,
    /// `monthly`, `quarterly`, `yearly` or `once`.
    pub frequency: String,
    /// `bank_transfer`, `e_voucher` or `goods`.
    pub channel: String,
    pub benefit: Benefit,
    pub quotas: Vec<Quota>,
    /// Codes of programmes a household in this one may not also receive.
    pub excludes: Vec<String>,
    /// Where the programme's parameters are published.
    pub source: String,
    pub rule: RuleVersion,
}

/// A published version of a programme's eligibility rule.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RuleVersion {
    pub version: i64,
    /// The rule's canonical source text.
    pub source: String,
    /// UTC, RFC 3339.
    pub published_at: String,
    pub published_by_role: String,
    /// The rule in words, in Bahasa Indonesia.
    pub words: String,
    /// The rule in words, in English.
    pub words_en: String,
}
