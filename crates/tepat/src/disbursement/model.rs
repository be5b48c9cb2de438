//! Cycles and entitlements as stored and served.

use crate::budgets::model::Official;

/// Cycle states, in order.
pub const DRAFT: &str = "draft";
pub const COMPUTED: &str = "computed";
pub const APPROVED: &str = "approved";
pub const DISBURSED: &str = "disbursed";
pub const RECONCILED: &str = "reconciled";
pub const CLOSED: &str = "closed";

/// What the ledger calls the transfer that funds a cycle's envelope.
pub const TRANSFER_ENVELOPE: &str = "envelope";

/// A programme cycle with its control totals.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Cycle {
    pub id: i64,
    pub programme: String,
    /// "PKH 2027 tahap 1".
    pub name: String,
    /// The approved budget allocation it is paid from.
    pub allocation_id: i64,
    pub region_code: String,
    /// How many months of the benefit this cycle pays.
    pub months: i64,
    /// `draft`, `computed`, `approved`, `disbursed`, `reconciled` or `closed`.
    pub status: String,
    /// Entitlements computed.
    pub control_count: i64,
    /// Their total, rupiah.
    pub control_amount: i64,
    /// Households skipped, each with a reason.
    pub skipped: i64,
    pub rows_sha256: Option<String>,
    /// The envelope's ledger account, once approved.
    pub envelope: Option<String>,
    pub created_by: Official,
    pub created_at: String,
    pub computed_by: Option<Official>,
    pub computed_at: Option<String>,
    pub approved_by: Option<Official>,
    pub approved_at: Option<String>,
}

/// One household's entitlement in a cycle.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Entitlement {
    pub id: i64,
    pub cycle_id: i64,
    pub household_id: i64,
    pub enrolment_id: i64,
    pub region_code: String,
    /// Rupiah.
    pub amount: i64,
    pub components: Vec<super::benefit::Line>,
    /// `computed`, `reserved`, `paid`, `rejected` or `returned`.
    pub status: String,
    /// The payroll it is (last) paid in.
    pub payroll_id: Option<i64>,
}

/// A household skipped by a computation, with the reason.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Skip {
    pub household_id: i64,
    pub enrolment_id: i64,
    pub region_code: String,
    /// `head_deceased_no_adult`, `duplicate_undecided`, `suspended`, `objection_open` or
    /// `nothing_due`.
    pub reason: String,
}

/// The ledger account code of a cycle's envelope.
pub fn envelope_account_code(cycle: i64) -> String {
    format!("envelope:cycle:{cycle}")
}
