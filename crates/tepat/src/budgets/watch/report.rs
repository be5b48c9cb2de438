//! The public budget watch's figures for a region and programme: per line, the plan
//! against what was allocated, committed, paid and returned, month by month, with its
//! revisions, the unit cost per recipient and the gap between money allocated and money
//! that reached recipients — and the log checkpoint they were computed at.

use std::collections::BTreeMap;

use super::figures::{self, Cell, Kind};
use crate::budgets::model::BudgetLine;
use crate::budgets::revisions::{BudgetRevision, store as revisions};
use crate::db::{Db, StoreError};

/// One month of a line.
#[derive(Debug, Clone, Default, serde::Serialize, utoipa::ToSchema)]
#[schema(as = BudgetWatchMonth)]
pub struct Month {
    /// `YYYY-MM`, WIB.
    pub month: String,
    /// The plan at the end of the month, rupiah.
    pub plan: i64,
    pub allocated: i64,
    pub committed: i64,
    pub paid: i64,
    pub returned: i64,
}

/// A line's figures inside the chosen region.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = BudgetWatchLine)]
pub struct LineFigures {
    pub line_id: i64,
    pub programme: String,
    pub year: i32,
    pub source: String,
    /// The region whose budget it is; empty for the national budget.
    pub owner: String,
    pub purpose: String,
    pub version: i64,
    /// The line's amount (whole region), or what was allocated inside the chosen region.
    pub plan: i64,
    pub allocated: i64,
    pub committed: i64,
    pub paid: i64,
    /// Back to the treasury: envelopes' remainders and vouchers' unspent balances.
    pub returned: i64,
    /// Paid less vouchers' unspent balances returned.
    pub reached: i64,
    pub recipients: i64,
    /// Paid ÷ recipients paid, rupiah; none before anyone is paid.
    pub unit_cost: Option<i64>,
    /// Allocated less what reached recipients.
    pub gap: i64,
    /// The highest log index of the events behind these figures, once sequenced.
    pub last_log_index: Option<i64>,
    pub months: Vec<Month>,
    pub revisions: Vec<BudgetRevision>,
}

/// The figures for `region` (empty: the whole country) and `programme` (empty: all).
pub async fn report(
    db: &Db,
    region: &str,
    programme: &str,
) -> Result<Vec<LineFigures>, StoreError> {
    let lines: Vec<BudgetLine> = crate::budgets::store::lines(db, None)
        .await?
        .into_iter()
        .filter(|l| programme.is_empty() || l.programme == programme)
        .filter(|l| {
            region.is_empty() || inside(&l.region_code, region) || inside(region, &l.region_code)
        })
        .collect();
    let cells = figures::cells(db).await?;
    let recipients = figures::recipients(db).await?;
    let ids: Vec<i64> = lines.iter().map(|l| l.id).collect();
    let mut all_revisions = revisions::of_lines(db, &ids).await?;
    let mut out = Vec::new();
    for line in lines {
        let mine: Vec<&Cell> = cells
            .iter()
            .filter(|c| c.line == line.id)
            .filter(|c| region.is_empty() || c.kind.is_plan() || inside(&c.region, region))
            .collect();
        let paid_to: i64 = recipients
            .iter()
            .filter(|((l, r), _)| *l == line.id && (region.is_empty() || inside(r, region)))
            .map(|(_, n)| n)
            .sum();
        let (revs, rest): (Vec<_>, Vec<_>) = all_revisions
            .into_iter()
            .partition(|r| r.budget_line_id == line.id);
        all_revisions = rest;
        out.push(line_figures(line, &mine, paid_to, revs, region));
    }
    Ok(out)
}

impl Kind {
    fn is_plan(self) -> bool {
        matches!(self, Kind::PlanUp | Kind::PlanDown)
    }
}

/// Whether `code` is `region` or lies inside it; everything is inside the country ("").
pub fn inside(code: &str, region: &str) -> bool {
    region.is_empty() || code == region || code.starts_with(&format!("{region}."))
}

fn line_figures(
    line: BudgetLine,
    cells: &[&Cell],
    recipients: i64,
    revisions: Vec<BudgetRevision>,
    region: &str,
) -> LineFigures {
    // Inside the owner's region, a region's plan is what was allocated to it.
    let regional =
        !region.is_empty() && region != line.region_code && inside(region, &line.region_code);
    let mut months: BTreeMap<String, Month> = BTreeMap::new();
    let total = |kind: Kind| -> i64 {
        cells
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.rupiah)
            .sum()
    };
    for cell in cells {
        let month = months.entry(cell.month.clone()).or_insert_with(|| Month {
            month: cell.month.clone(),
            ..Month::default()
        });
        match cell.kind {
            Kind::PlanUp => month.plan += cell.rupiah,
            Kind::PlanDown => month.plan -= cell.rupiah,
            Kind::Allocated => month.allocated += cell.rupiah,
            Kind::Committed => month.committed += cell.rupiah,
            Kind::Paid => month.paid += cell.rupiah,
            Kind::Returned | Kind::Unspent => month.returned += cell.rupiah,
        }
    }
    let mut plan = 0;
    let mut months: Vec<Month> = months.into_values().collect();
    for month in &mut months {
        plan += if regional {
            month.allocated
        } else {
            month.plan
        };
        month.plan = plan;
    }
    let allocated = total(Kind::Allocated);
    let paid = total(Kind::Paid);
    let reached = paid - total(Kind::Unspent);
    LineFigures {
        line_id: line.id,
        programme: line.programme,
        year: line.year,
        source: line.source,
        owner: line.region_code,
        purpose: line.purpose,
        version: line.version,
        plan: if regional { allocated } else { line.amount },
        allocated,
        committed: total(Kind::Committed),
        paid,
        returned: total(Kind::Returned) + total(Kind::Unspent),
        reached,
        recipients,
        unit_cost: (recipients > 0).then(|| paid / recipients),
        gap: allocated - reached,
        last_log_index: cells.iter().filter_map(|c| c.log_index).max(),
        months,
        revisions,
    }
}
