//! The reads behind the statistics: one grouped query per figure over the whole country,
//! each row one village (the region the row was recorded in), added into that region's
//! `Figures`; then the names of regions, programmes and cycles. Run once per refresh,
//! never per request.

use std::collections::HashMap;

use futures_util::TryStreamExt;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::figures::{DESIL_SLOTS, Direction, Figures};
use crate::budgets::watch::figures::wib_month;
use crate::db::{Db, ResultExt, StoreError};

/// Names of regions, programmes and cycles, read with the figures.
#[derive(Debug, Default)]
pub struct Names {
    /// Every region's name by code.
    pub regions: HashMap<String, String>,
    /// (code, name) of every programme, in code order.
    pub programmes: Vec<(String, String)>,
    /// Per cycle id: (programme code, cycle name).
    pub cycles: HashMap<i64, (String, String)>,
}

const HOUSEHOLDS: &str = "SELECT region_code, COUNT(*) FROM households \
    WHERE status = 'active' GROUP BY region_code";

const PERSONS: &str = "SELECT h.region_code, COUNT(*) FROM persons p \
    JOIN households h ON h.id = p.household_id \
    WHERE h.status = 'active' AND p.life_status = 'hidup' GROUP BY h.region_code";

const RECIPIENTS: &str = "SELECT e.region_code, e.programme_code, \
    COALESCE(w.decile, 0), COUNT(*) FROM enrolments e \
    LEFT JOIN welfare_current w ON w.household_id = e.household_id \
    WHERE e.status = 'active' GROUP BY e.region_code, e.programme_code, COALESCE(w.decile, 0)";

/// Additions by how the household came in; the UTC hour is folded into a WIB month here.
const ADDED: &str = "SELECT region_code, source, SUBSTR(started_at, 1, 13), COUNT(*) \
    FROM enrolments GROUP BY region_code, source, SUBSTR(started_at, 1, 13)";

/// Removals by the removal proposal's reason (`other` when an enrolment ended otherwise).
const REMOVED: &str = "SELECT e.region_code, COALESCE(p.reason, 'other'), \
    SUBSTR(e.ended_at, 1, 13), COUNT(*) FROM enrolments e \
    LEFT JOIN proposals p ON p.enrolment_id = e.id AND p.kind = 'remove' \
      AND p.status = 'approved' \
    WHERE e.ended_at IS NOT NULL \
    GROUP BY e.region_code, COALESCE(p.reason, 'other'), SUBSTR(e.ended_at, 1, 13)";

/// Money that reached households: entitlements paid by the bank or as a voucher's balance,
/// each moved by its ledger transfer (`pay` posted, or `voucher`) in the same transaction
/// that set its status.
const PAID: &str = "SELECT region_code, cycle_id, COUNT(*), CAST(SUM(amount) AS BIGINT) \
    FROM entitlements WHERE status = 'paid' GROUP BY region_code, cycle_id";

const DELIBERATIONS: &str = "SELECT d.region_code, SUBSTR(d.held_on, 1, 7), \
    COUNT(DISTINCT d.id), COUNT(i.id) FROM deliberations d \
    LEFT JOIN deliberation_items i ON i.deliberation_id = d.id \
    WHERE d.status = 'finalised' GROUP BY d.region_code, SUBSTR(d.held_on, 1, 7)";

const OBJECTIONS: &str = "SELECT region_code, reason, status, COUNT(*) FROM objections \
    GROUP BY region_code, reason, status";

type Villages = HashMap<String, Figures>;

/// Runs `sql` and hands each row to `add` with its region's figures.
async fn each<F>(
    db: &Db,
    sql: &'static str,
    villages: &mut Villages,
    mut add: F,
) -> Result<(), StoreError>
where
    F: FnMut(&mut Figures, &AnyRow) -> Result<(), StoreError>,
{
    let mut rows = sqlx::query(sql).fetch(&db.pool);
    while let Some(row) = rows.try_next().await.store()? {
        let region: String = row.try_get(0).store()?;
        add(villages.entry(region).or_default(), &row)?;
    }
    Ok(())
}

fn text(row: &AnyRow, at: usize) -> Result<String, StoreError> {
    row.try_get(at).store()
}

fn number(row: &AnyRow, at: usize) -> Result<i64, StoreError> {
    row.try_get(at).store()
}

/// Every village's figures, before the roll-up.
pub async fn villages(db: &Db) -> Result<Villages, StoreError> {
    let mut v = Villages::new();
    each(db, HOUSEHOLDS, &mut v, |f, r| {
        f.households += number(r, 1)?;
        Ok(())
    })
    .await?;
    each(db, PERSONS, &mut v, |f, r| {
        f.persons += number(r, 1)?;
        Ok(())
    })
    .await?;
    each(db, RECIPIENTS, &mut v, |f, r| {
        let slot = usize::try_from(number(r, 2)?).unwrap_or(0);
        let slot = if slot < DESIL_SLOTS { slot } else { 0 };
        f.recipients.entry(text(r, 1)?).or_default()[slot] += number(r, 3)?;
        Ok(())
    })
    .await?;
    changes(db, &mut v).await?;
    each(db, PAID, &mut v, |f, r| {
        let paid = f.paid.entry(number(r, 1)?).or_default();
        paid.0 += number(r, 2)?;
        paid.1 += number(r, 3)?;
        Ok(())
    })
    .await?;
    each(db, DELIBERATIONS, &mut v, |f, r| {
        let month = f.deliberations.entry(text(r, 1)?).or_default();
        month.0 += number(r, 2)?;
        month.1 += number(r, 3)?;
        Ok(())
    })
    .await?;
    each(db, OBJECTIONS, &mut v, |f, r| {
        *f.objections.entry((text(r, 1)?, text(r, 2)?)).or_default() += number(r, 3)?;
        Ok(())
    })
    .await?;
    Ok(v)
}

async fn changes(db: &Db, v: &mut Villages) -> Result<(), StoreError> {
    for (sql, direction) in [(ADDED, Direction::In), (REMOVED, Direction::Out)] {
        each(db, sql, v, |f, r| {
            let key = (wib_month(&text(r, 2)?), direction, text(r, 1)?);
            *f.changes.entry(key).or_default() += number(r, 3)?;
            Ok(())
        })
        .await?;
    }
    Ok(())
}

/// Codes looked up in one query (`regions::store::names` takes at most this many).
const NAMES_PER_QUERY: usize = 500;

/// The names the tables show: of the regions with figures (`codes`), of every programme and
/// of every cycle. Only the regions with figures are read, not the whole official list, so
/// a small registry's refresh stays quick.
pub async fn names(db: &Db, codes: &[&str]) -> Result<Names, StoreError> {
    let mut names = Names::default();
    for chunk in codes.chunks(NAMES_PER_QUERY) {
        names
            .regions
            .extend(crate::regions::store::names(db, chunk).await?);
    }
    for row in sqlx::query("SELECT code, name FROM programmes ORDER BY code")
        .fetch_all(&db.pool)
        .await
        .store()?
    {
        names.programmes.push((text(&row, 0)?, text(&row, 1)?));
    }
    for row in sqlx::query("SELECT id, programme_code, name FROM cycles")
        .fetch_all(&db.pool)
        .await
        .store()?
    {
        names
            .cycles
            .insert(number(&row, 0)?, (text(&row, 1)?, text(&row, 2)?));
    }
    Ok(names)
}
