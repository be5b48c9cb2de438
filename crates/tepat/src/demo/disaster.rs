//! The flood in Klender in the demo: the ministry declares the village a disaster area in
//! the Bencana rule, the district enrols its households, and an approved Bencana
//! cycle for Jakarta Timur funds its envelope, from which the relief goods are bought.

use time::{Duration, OffsetDateTime};

use super::enrolment::principal;
use crate::budgets::service::{self as budgets, AllocationInput, LineInput};
use crate::db::Db;
use crate::disbursement::service::{self as cycles, CycleInput};

/// The Bencana rule with Klender declared a disaster area: every household living there.
const RULE: &str = "in_region(\"31.75.07.1003\")";

/// Declares the flood, enrols the households and approves the cycle: the cycle's id.
pub async fn seed(db: &Db, now: OffsetDateTime) -> anyhow::Result<i64> {
    let ministry = principal(db, "kemensos").await?;
    let province = principal(db, "dinsos.dki").await?;
    let district = principal(db, "dinsos.jaktim").await?;
    let at = now - Duration::days(4);
    crate::programmes::service::publish(db, &ministry, "BENCANA", RULE, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo Bencana rule: {e}"))?;
    let batch = crate::enrolment::service::prepare(db, &district, "BENCANA", None, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo Bencana batch: {e}"))?;
    let note = "Banjir Klender: wilayah terdampak ditetapkan";
    crate::enrolment::service::approve(db, &ministry, batch.id, note, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo Bencana approval: {e}"))?;
    let line = LineInput {
        programme: "BENCANA".to_owned(),
        year: 2027,
        source: "APBN".to_owned(),
        amount: 5_000_000_000,
        purpose: "Dana siap pakai bantuan korban bencana 2027".to_owned(),
    };
    let line = budgets::create_line(db, &ministry, &line, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo Bencana line: {e}"))?;
    let allocation = AllocationInput {
        region: "31.75".to_owned(),
        amount: 250_000_000,
        note: "Tanggap darurat banjir Jakarta Timur".to_owned(),
    };
    let allocation = budgets::allocate(db, &ministry, line.id, &allocation, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo Bencana allocation: {e}"))?;
    budgets::decide(db, &province, allocation.id, true, "", None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo Bencana allocation approval: {e}"))?;
    let input = CycleInput {
        allocation_id: allocation.id,
        name: "Bantuan banjir Klender 2027".to_owned(),
        months: 1,
    };
    let cycle = cycles::create(db, &district, &input, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo Bencana cycle: {e}"))?;
    cycles::compute(db, &district, cycle.id, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo Bencana computation: {e}"))?;
    cycles::approve(db, &province, cycle.id, None, at + Duration::hours(1))
        .await
        .map_err(|e| anyhow::anyhow!("demo Bencana approval: {e}"))?;
    Ok(cycle.id)
}
