//! Enrolment batches and enrolments as stored and served.

/// The states of a batch.
pub const WAITING: &str = "waiting";
pub const APPROVED: &str = "approved";
pub const REJECTED: &str = "rejected";
/// Replaced by a newer batch of the same programme and region before anyone decided it.
pub const SUPERSEDED: &str = "superseded";

/// An enrolment batch: a programme's rule applied to a region, cut at its quotas.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Batch {
    pub id: i64,
    pub programme: String,
    pub rule_version: i64,
    /// The region covered; empty for the whole country.
    pub region: String,
    /// `waiting`, `approved`, `rejected` or `superseded`.
    pub status: String,
    /// Households the rule finds eligible and not yet enrolled.
    pub eligible: i64,
    /// Within the quota: enrolled when the batch is approved.
    pub selected: i64,
    /// Beyond the quota, in order.
    pub waiting: i64,
    /// Never enrolled while held: a member in an undecided duplicate pair, a deceased head,
    /// no living member, or a programme this one excludes.
    pub held: i64,
    /// Eligible and already enrolled.
    pub already: i64,
    /// SHA-256 over the lines (`household_id,outcome,position\n`, household order).
    pub rows_sha256: String,
    /// UTC, RFC 3339.
    pub prepared_at: String,
    pub prepared_by: Option<i64>,
    pub prepared_by_role: String,
    pub decided_at: Option<String>,
    pub decided_by: Option<i64>,
    pub decided_by_role: Option<String>,
    pub decision_note: Option<String>,
    /// Households enrolled by the approval.
    pub enrolled: Option<i64>,
}

/// One household's line in a batch.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct BatchLine {
    pub household_id: i64,
    pub region: String,
    /// The quota counted against (empty: national); absent when the programme has none.
    pub quota_region: Option<String>,
    pub position: Option<i64>,
    pub score: Option<f64>,
    pub decile: Option<i64>,
    /// `selected`, `waiting` or `held`.
    pub outcome: String,
    /// `within_quota`, `beyond_quota`, `duplicate_pair:ID`, `head_deceased`,
    /// `no_living_member` or `excluded:PROGRAMME`.
    pub reason: String,
}

/// A household's enrolment in a programme.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Enrolment {
    pub id: i64,
    pub programme: String,
    pub household_id: i64,
    pub region: String,
    /// `active` or `ended`.
    pub status: String,
    /// `batch` (an approved batch) or `override` (put forward by a named official).
    pub source: String,
    pub batch_id: Option<i64>,
    /// The official's reason, for an override.
    pub reason: Option<String>,
    pub started_at: String,
    pub by: Option<i64>,
    pub by_role: String,
    pub ended_at: Option<String>,
}
