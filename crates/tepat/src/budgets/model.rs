//! Budget lines and their allocations to regions, as stored and served.

/// The sources of funds a budget line may come from.
pub const SOURCES: [&str; 3] = ["APBN", "APBD", "DANA_DESA"];

/// Allocation states.
pub const SUBMITTED: &str = "submitted";
pub const APPROVED: &str = "approved";
pub const REJECTED: &str = "rejected";

/// The ledger's code for what an allocation transfer is for.
pub const TRANSFER_ALLOCATE: &str = "allocate";
/// The ledger's code for a budget line's funding from its treasury.
pub const TRANSFER_FUND: &str = "fund";

/// An official as a budget record names them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[schema(as = BudgetOfficial)]
pub struct Official {
    pub id: Option<i64>,
    pub name: String,
    pub role: String,
}

/// A budget line with what it has given out, from its ledger account.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct BudgetLine {
    pub id: i64,
    pub programme: String,
    pub year: i32,
    /// `APBN`, `APBD` or `DANA_DESA`.
    pub source: String,
    /// The region whose budget it is; empty for the national budget.
    pub region_code: String,
    /// Rupiah.
    pub amount: i64,
    pub purpose: String,
    /// The version in force: 1 as planned, one more for each approved revision. The amount
    /// and purpose above are this version's.
    pub version: i64,
    /// Rupiah given to regions by approved allocations.
    pub allocated: i64,
    /// Rupiah still free to allocate.
    pub available: i64,
    /// Allocations waiting for a checker.
    pub waiting: i64,
    /// The ledger account's code.
    pub account: String,
    pub created_by: Official,
    /// UTC, RFC 3339.
    pub created_at: String,
}

/// An allocation of a budget line to a region.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct BudgetAllocation {
    pub id: i64,
    pub budget_line_id: i64,
    pub region_code: String,
    /// Rupiah.
    pub amount: i64,
    pub note: String,
    /// `submitted`, `approved` or `rejected`.
    pub status: String,
    pub maker: Official,
    /// UTC, RFC 3339.
    pub made_at: String,
    pub checker: Option<Official>,
    pub checked_at: Option<String>,
    pub decision_note: Option<String>,
    /// The ledger transfer that moved the money, once approved.
    pub transfer_id: Option<String>,
}

/// The ledger transfer id of an allocation's approval.
pub fn allocation_transfer_id(allocation: i64) -> String {
    format!("allocation:{allocation}")
}

/// The ledger account code of a budget line.
pub fn line_account_code(programme: &str, year: i32, source: &str, region: &str) -> String {
    let owner = if region.is_empty() {
        "national"
    } else {
        region
    };
    format!("budget:{programme}:{year}:{source}:{owner}")
}

/// The ledger account code of a region's allocation of a budget line.
pub fn allocation_account_code(line: i64, region: &str) -> String {
    format!("allocation:{line}:{region}")
}

/// Rupiah as Indonesians write it: `Rp1.234.500`.
pub fn rupiah(amount: i64) -> String {
    let sign = if amount < 0 { "-" } else { "" };
    format!(
        "{sign}Rp{}",
        crate::sheets::limits::grouped(amount.unsigned_abs(), '.')
    )
}
