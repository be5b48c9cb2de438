//! Plan against realisation, read from the ledger, never typed: one grouped query over
//! the transfers that fund and revise a line, allocate it to regions, fund cycles'
//! envelopes, pay recipients and return what was not paid — summed per line, region,
//! kind of money and hour, then folded into months in WIB.

use std::collections::{BTreeMap, HashMap};

use sqlx::Row;
use time::{Duration, PrimitiveDateTime};

use crate::db::{Db, ResultExt, StoreError};

/// What a transfer means for a line's plan or realisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// The line's amount grew (its funding, a raise).
    PlanUp,
    /// The line's amount shrank (a cut returned to the treasury).
    PlanDown,
    /// Given to a region by an approved allocation.
    Allocated,
    /// Set aside for a cycle's entitlements (its envelope).
    Committed,
    /// Reached a recipient's account (a bank or e-wallet payment, a voucher's balance).
    Paid,
    /// Went back to the treasury from an envelope.
    Returned,
    /// A voucher's unspent balance back to the treasury.
    Unspent,
}

impl Kind {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "plan_up" => Self::PlanUp,
            "plan_down" => Self::PlanDown,
            "allocated" => Self::Allocated,
            "committed" => Self::Committed,
            "paid" => Self::Paid,
            "returned" => Self::Returned,
            "unspent" => Self::Unspent,
            _ => return None,
        })
    }
}

/// One grouped row: rupiah of one kind on one line in one region during one WIB month.
#[derive(Debug, Clone)]
pub struct Cell {
    pub line: i64,
    /// The allocation's or cycle's region; empty for the line itself (plan).
    pub region: String,
    pub kind: Kind,
    /// `YYYY-MM` in WIB.
    pub month: String,
    pub rupiah: i64,
    /// The highest transparency-log index of the events behind it, once sequenced.
    pub log_index: Option<i64>,
}

const CELLS: &str = "\
SELECT l.id AS line, \
  CASE WHEN t.code = 'allocate' THEN c.region_code ELSE '' END AS region, \
  CASE WHEN t.code = 'allocate' THEN 'allocated' \
       WHEN t.credit_account_id = l.account_id THEN 'plan_up' ELSE 'plan_down' END AS kind, \
  SUBSTR(t.created_at, 1, 13) AS hour, CAST(SUM(t.amount) AS BIGINT) AS rupiah, \
  MAX(e.log_index) AS log_index \
FROM ledger_transfers t \
JOIN budget_lines l ON l.account_id = t.debit_account_id OR l.account_id = t.credit_account_id \
JOIN ledger_accounts c ON c.id = t.credit_account_id \
LEFT JOIN events e ON e.id = t.event_id \
WHERE t.code IN ('fund', 'revision', 'allocate') \
GROUP BY l.id, CASE WHEN t.code = 'allocate' THEN c.region_code ELSE '' END, \
  CASE WHEN t.code = 'allocate' THEN 'allocated' \
       WHEN t.credit_account_id = l.account_id THEN 'plan_up' ELSE 'plan_down' END, \
  SUBSTR(t.created_at, 1, 13) \
UNION ALL \
SELECT al.budget_line_id AS line, cy.region_code AS region, \
  CASE WHEN t.code = 'envelope' THEN 'committed' \
       WHEN t.code = 'return' AND d.kind = 'recipient' THEN 'unspent' \
       WHEN t.code = 'return' THEN 'returned' ELSE 'paid' END AS kind, \
  SUBSTR(t.created_at, 1, 13) AS hour, CAST(SUM(t.amount) AS BIGINT) AS rupiah, \
  MAX(e.log_index) AS log_index \
FROM ledger_transfers t \
JOIN ledger_accounts d ON d.id = t.debit_account_id \
LEFT JOIN vouchers v ON v.ledger_account_id = t.debit_account_id AND t.code = 'return' \
JOIN cycles cy ON cy.envelope_account_id = t.debit_account_id \
  OR cy.envelope_account_id = t.credit_account_id OR cy.id = v.cycle_id \
JOIN budget_allocations al ON al.id = cy.allocation_id \
LEFT JOIN events e ON e.id = t.event_id \
WHERE t.code IN ('envelope', 'return', 'voucher') OR (t.code = 'pay' AND t.phase = 'post') \
GROUP BY al.budget_line_id, cy.region_code, \
  CASE WHEN t.code = 'envelope' THEN 'committed' \
       WHEN t.code = 'return' AND d.kind = 'recipient' THEN 'unspent' \
       WHEN t.code = 'return' THEN 'returned' ELSE 'paid' END, \
  SUBSTR(t.created_at, 1, 13)";

/// (line, region, kind, month) of a cell.
type CellKey = (i64, String, Kind, String);

/// Every line's plan and realisation, per region, kind and WIB month.
pub async fn cells(db: &Db) -> Result<Vec<Cell>, StoreError> {
    let rows = sqlx::query(CELLS).fetch_all(&db.pool).await.store()?;
    let mut folded: BTreeMap<CellKey, (i64, Option<i64>)> = BTreeMap::new();
    for row in &rows {
        let kind: String = row.try_get("kind").store()?;
        let Some(kind) = Kind::parse(&kind) else {
            continue;
        };
        let hour: String = row.try_get("hour").store()?;
        let key = (
            row.try_get("line").store()?,
            row.try_get("region").store()?,
            kind,
            wib_month(&hour),
        );
        let rupiah: i64 = row.try_get("rupiah").store()?;
        let index: Option<i64> = row.try_get("log_index").store()?;
        let cell = folded.entry(key).or_insert((0, None));
        cell.0 += rupiah;
        cell.1 = cell.1.max(index);
    }
    Ok(folded
        .into_iter()
        .map(|((line, region, kind, month), (rupiah, log_index))| Cell {
            line,
            region,
            kind,
            month,
            rupiah,
            log_index,
        })
        .collect())
}

/// `YYYY-MM` in WIB (UTC+7) of a stored UTC hour `YYYY-MM-DDTHH`.
pub fn wib_month(hour: &str) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]");
    match PrimitiveDateTime::parse(hour, format) {
        Ok(at) => {
            let wib = at + Duration::hours(7);
            format!("{:04}-{:02}", wib.year(), u8::from(wib.month()))
        }
        Err(_) => hour.chars().take(7).collect(),
    }
}

const RECIPIENTS: &str = "\
SELECT al.budget_line_id AS line, cy.region_code AS region, \
  COUNT(DISTINCT t.credit_account_id) AS recipients \
FROM ledger_transfers t \
JOIN cycles cy ON cy.envelope_account_id = t.debit_account_id \
JOIN budget_allocations al ON al.id = cy.allocation_id \
WHERE t.code = 'voucher' OR (t.code = 'pay' AND t.phase = 'post') \
GROUP BY al.budget_line_id, cy.region_code";

/// Recipients paid per line and region: distinct recipient accounts credited.
pub async fn recipients(db: &Db) -> Result<HashMap<(i64, String), i64>, StoreError> {
    let rows = sqlx::query(RECIPIENTS).fetch_all(&db.pool).await.store()?;
    rows.iter()
        .map(|row| {
            Ok((
                (row.try_get("line").store()?, row.try_get("region").store()?),
                row.try_get("recipients").store()?,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_counted_in_wib() {
        assert_eq!(wib_month("2027-01-31T16"), "2027-01");
        assert_eq!(wib_month("2027-01-31T17"), "2027-02");
        assert_eq!(wib_month("2027-12-31T18"), "2028-01");
    }
}
