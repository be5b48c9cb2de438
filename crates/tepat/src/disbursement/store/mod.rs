//! SQL for cycles, their entitlements and skips.

pub mod facts;

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::benefit::Line;
use super::model::{COMPUTED, Cycle, Entitlement, Skip};
use crate::budgets::model::Official;
use crate::db::bulk::insert_rows;
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::{Actor, EventId};
use crate::region_code::RegionCode;

/// A cycle to insert, as a draft.
pub struct NewCycle<'a> {
    pub programme: &'a str,
    pub name: &'a str,
    pub allocation_id: i64,
    pub region: &'a str,
    pub months: i64,
}

pub async fn insert_cycle(
    tx: &mut Tx,
    cycle: &NewCycle<'_>,
    actor: &Actor,
    name: &str,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO cycles (programme_code, name, allocation_id, region_code, months, status, \
         created_kind, created_id, created_role, created_name, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(cycle.programme.to_owned())
    .bind(cycle.name.to_owned())
    .bind(cycle.allocation_id)
    .bind(cycle.region.to_owned())
    .bind(cycle.months)
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(name.to_owned())
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()
}

pub async fn set_event(tx: &mut Tx, id: i64, event: EventId) -> Result<(), StoreError> {
    sqlx::query("UPDATE cycles SET event_id = $1 WHERE id = $2")
        .bind(event.0)
        .bind(id)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(())
}

const COLUMNS: &str = "c.id, c.programme_code, c.name, c.allocation_id, c.region_code, \
     c.months, c.status, c.control_count, c.control_amount, c.skipped, c.rows_sha256, \
     a.code AS envelope, c.created_id, c.created_role, c.created_name, c.created_at, \
     c.computed_id, c.computed_role, c.computed_name, c.computed_at, c.approved_id, \
     c.approved_role, c.approved_name, c.approved_at";

pub async fn cycle(db: &Db, id: i64) -> Result<Option<Cycle>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM cycles c \
         LEFT JOIN ledger_accounts a ON a.id = c.envelope_account_id WHERE c.id = $1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(cycle_from_row).transpose()
}

/// Cycles of regions inside `within` (all when `None`), newest first.
pub async fn cycles(db: &Db, within: Option<&RegionCode>) -> Result<Vec<Cycle>, StoreError> {
    let (all, exact) = match within {
        None => (1i64, String::new()),
        Some(region) => (0, region.as_str().to_owned()),
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM cycles c LEFT JOIN ledger_accounts a \
         ON a.id = c.envelope_account_id \
         WHERE $1 = 1 OR c.region_code = $2 OR c.region_code LIKE $3 ORDER BY c.id DESC"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(all)
        .bind(exact.clone())
        .bind(format!("{exact}.%"))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(cycle_from_row).collect()
}

fn official(row: &AnyRow, prefix: &str) -> Result<Option<Official>, StoreError> {
    let role: Option<String> = row.try_get(format!("{prefix}_role").as_str()).store()?;
    let Some(role) = role else {
        return Ok(None);
    };
    Ok(Some(Official {
        id: row.try_get(format!("{prefix}_id").as_str()).store()?,
        name: row
            .try_get::<Option<String>, _>(format!("{prefix}_name").as_str())
            .store()?
            .unwrap_or_default(),
        role,
    }))
}

fn cycle_from_row(row: &AnyRow) -> Result<Cycle, StoreError> {
    Ok(Cycle {
        id: row.try_get("id").store()?,
        programme: row.try_get("programme_code").store()?,
        name: row.try_get("name").store()?,
        allocation_id: row.try_get("allocation_id").store()?,
        region_code: row.try_get("region_code").store()?,
        months: row.try_get("months").store()?,
        status: row.try_get("status").store()?,
        control_count: row.try_get("control_count").store()?,
        control_amount: row.try_get("control_amount").store()?,
        skipped: row.try_get("skipped").store()?,
        rows_sha256: row.try_get("rows_sha256").store()?,
        envelope: row.try_get("envelope").store()?,
        created_by: official(row, "created")?.unwrap_or(Official {
            id: None,
            name: String::new(),
            role: String::new(),
        }),
        created_at: row.try_get("created_at").store()?,
        computed_by: official(row, "computed")?,
        computed_at: row.try_get("computed_at").store()?,
        approved_by: official(row, "approved")?,
        approved_at: row.try_get("approved_at").store()?,
    })
}

/// A computation's rows.
pub struct Computed<'a> {
    pub entitlements: &'a [(i64, i64, String, i64, Vec<Line>)],
    pub skips: &'a [Skip],
    pub amount: i64,
    pub sha256: &'a str,
}

const ENTITLEMENT_VALUES: usize = 7;
const SKIP_VALUES: usize = 5;

/// Replaces a cycle's computed rows (a cycle not yet approved) and its control totals.
pub async fn replace_rows(
    tx: &mut Tx,
    cycle: i64,
    computed: &Computed<'_>,
    actor: &Actor,
    name: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    for table in ["entitlements", "cycle_skips"] {
        let sql = format!("DELETE FROM {table} WHERE cycle_id = $1");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(cycle)
            .execute(&mut **tx)
            .await
            .store()?;
    }
    insert_rows(
        tx,
        "entitlements (cycle_id, household_id, enrolment_id, region_code, amount, components, \
         status)",
        ENTITLEMENT_VALUES,
        computed.entitlements,
        false,
        |query, (household, enrolment, region, amount, lines)| {
            query
                .bind(cycle)
                .bind(*household)
                .bind(*enrolment)
                .bind(region.clone())
                .bind(*amount)
                .bind(serde_json::to_string(lines).unwrap_or_default())
                .bind(COMPUTED)
        },
    )
    .await?;
    insert_rows(
        tx,
        "cycle_skips (cycle_id, household_id, enrolment_id, region_code, reason)",
        SKIP_VALUES,
        computed.skips,
        false,
        |query, skip| {
            query
                .bind(cycle)
                .bind(skip.household_id)
                .bind(skip.enrolment_id)
                .bind(skip.region_code.clone())
                .bind(skip.reason.clone())
        },
    )
    .await?;
    let count = i64::try_from(computed.entitlements.len()).unwrap_or(i64::MAX);
    let skipped = i64::try_from(computed.skips.len()).unwrap_or(i64::MAX);
    sqlx::query(
        "UPDATE cycles SET status = 'computed', control_count = $1, control_amount = $2, \
         skipped = $3, rows_sha256 = $4, computed_kind = $5, computed_id = $6, \
         computed_role = $7, computed_name = $8, computed_at = $9 WHERE id = $10",
    )
    .bind(count)
    .bind(computed.amount)
    .bind(skipped)
    .bind(computed.sha256.to_owned())
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(name.to_owned())
    .bind(timestamp::to_db(now))
    .bind(cycle)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(())
}

/// Marks a computed cycle approved; false when it is not `computed` with `sha256` any
/// more (approved by someone else, or recomputed since it was read).
pub async fn approve(
    tx: &mut Tx,
    cycle: i64,
    sha256: &str,
    envelope: i64,
    actor: &Actor,
    name: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE cycles SET status = 'approved', envelope_account_id = $1, approved_kind = $2, \
         approved_id = $3, approved_role = $4, approved_name = $5, approved_at = $6 \
         WHERE id = $7 AND status = 'computed' AND rows_sha256 = $8",
    )
    .bind(envelope)
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(actor.role.clone())
    .bind(name.to_owned())
    .bind(timestamp::to_db(now))
    .bind(cycle)
    .bind(sha256.to_owned())
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() == 1)
}

/// Up to `limit` entitlements of a cycle inside `within`, by household.
pub async fn entitlements(
    db: &Db,
    cycle: i64,
    within: Option<&RegionCode>,
    limit: i64,
) -> Result<Vec<Entitlement>, StoreError> {
    let (all, exact) = match within {
        None => (1i64, String::new()),
        Some(region) => (0, region.as_str().to_owned()),
    };
    let rows = sqlx::query(
        "SELECT id, cycle_id, household_id, enrolment_id, region_code, amount, components, \
         status, payroll_id FROM entitlements WHERE cycle_id = $1 \
         AND ($2 = 1 OR region_code = $3 OR region_code LIKE $4) ORDER BY household_id LIMIT $5",
    )
    .bind(cycle)
    .bind(all)
    .bind(exact.clone())
    .bind(format!("{exact}.%"))
    .bind(limit)
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|row| {
            let components: String = row.try_get("components").store()?;
            Ok(Entitlement {
                id: row.try_get("id").store()?,
                cycle_id: row.try_get("cycle_id").store()?,
                household_id: row.try_get("household_id").store()?,
                enrolment_id: row.try_get("enrolment_id").store()?,
                region_code: row.try_get("region_code").store()?,
                amount: row.try_get("amount").store()?,
                components: serde_json::from_str(&components).unwrap_or_default(),
                status: row.try_get("status").store()?,
                payroll_id: row.try_get("payroll_id").store()?,
            })
        })
        .collect()
}

/// Skips of a cycle counted per reason.
pub async fn skip_counts(db: &Db, cycle: i64) -> Result<Vec<(String, i64)>, StoreError> {
    let rows = sqlx::query(
        "SELECT reason, COUNT(*) FROM cycle_skips WHERE cycle_id = $1 GROUP BY reason \
         ORDER BY reason",
    )
    .bind(cycle)
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|row| Ok((row.try_get(0).store()?, row.try_get(1).store()?)))
        .collect()
}
