//! Money in the demo: national PKH and Sembako budget lines planned by the ministry, their
//! allocations to Jakarta Timur approved by the DKI office and one to Jakarta Pusat waiting
//! for a checker; a PKH cycle for Jakarta Timur computed by the district office and
//! approved by the DKI office (its envelope funded in the ledger) with its bank payroll
//! approved, paid by bank file and reconciled (`payments.rs`), PKH tahap 2 exported and
//! awaiting the banks, and a Sembako cycle computed and waiting for its checker.

use time::{Duration, OffsetDateTime};

use super::enrolment::principal;
use crate::budgets::service::{self as budgets, AllocationInput, LineInput};
use crate::db::Db;
use crate::disbursement::service::{self as cycles, CycleInput};
use crate::vouchers::keys::KeyRing;

/// (programme, amount, purpose) of the national lines.
const LINES: [(&str, i64, &str); 2] = [
    (
        "PKH",
        50_000_000_000,
        "Bantuan sosial PKH tahun anggaran 2027, empat tahap",
    ),
    (
        "SEMBAKO",
        20_000_000_000,
        "Bantuan pangan Sembako tahun anggaran 2027, bulanan",
    ),
];

/// (line index, region, amount, note, approved)
const ALLOCATIONS: [(usize, &str, i64, &str, bool); 3] = [
    (
        0,
        "31.75",
        2_000_000_000,
        "PKH Kota Jakarta Timur 2027",
        true,
    ),
    (
        1,
        "31.75",
        1_000_000_000,
        "Sembako Kota Jakarta Timur 2027",
        true,
    ),
    (
        0,
        "31.71",
        1_500_000_000,
        "PKH Kota Jakarta Pusat 2027",
        false,
    ),
];

pub async fn seed(db: &Db, keys: &KeyRing, now: OffsetDateTime) -> anyhow::Result<()> {
    let ministry = principal(db, "kemensos").await?;
    let province = principal(db, "dinsos.dki").await?;
    let at = now - Duration::days(6);
    let mut lines = Vec::new();
    for (programme, amount, purpose) in LINES {
        let input = LineInput {
            programme: programme.to_owned(),
            year: 2027,
            source: "APBN".to_owned(),
            amount,
            purpose: purpose.to_owned(),
        };
        let line = budgets::create_line(db, &ministry, &input, None, at)
            .await
            .map_err(|e| anyhow::anyhow!("demo budget line {programme}: {e}"))?;
        lines.push(line.id);
    }
    let mut approved = Vec::new();
    for (index, region, amount, note, approve) in ALLOCATIONS {
        let input = AllocationInput {
            region: region.to_owned(),
            amount,
            note: note.to_owned(),
        };
        let maker = if approve { &ministry } else { &province };
        let allocation = budgets::allocate(db, maker, lines[index], &input, None, at)
            .await
            .map_err(|e| anyhow::anyhow!("demo allocation {note}: {e}"))?;
        if approve {
            let checked = at + Duration::hours(2);
            budgets::decide(db, &province, allocation.id, true, "", None, checked)
                .await
                .map_err(|e| anyhow::anyhow!("demo approval {note}: {e}"))?;
            approved.push(allocation.id);
        }
    }
    cycles_seed(db, now, &approved).await?;
    super::budget_watch::seed(db, now).await?;
    super::vouchers::seed(db, keys, approved[1], now).await
}

/// The PKH cycle with its payroll, and the Sembako cycle waiting for its checker.
async fn cycles_seed(db: &Db, now: OffsetDateTime, approved: &[i64]) -> anyhow::Result<()> {
    let province = principal(db, "dinsos.dki").await?;
    let district = principal(db, "dinsos.jaktim").await?;
    let cycle = |allocation: i64, name: &str, months: i64| CycleInput {
        allocation_id: allocation,
        name: name.to_owned(),
        months,
    };
    let at = now - Duration::days(2);
    let pkh = cycles::create(
        db,
        &district,
        &cycle(approved[0], "PKH 2027 tahap 1", 3),
        None,
        at,
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo PKH cycle: {e}"))?;
    cycles::compute(db, &district, pkh.id, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo PKH computation: {e}"))?;
    cycles::approve(db, &province, pkh.id, None, at + Duration::hours(3))
        .await
        .map_err(|e| anyhow::anyhow!("demo PKH approval: {e}"))?;
    super::payments::accounts_seed(db, at).await?;
    let payroll = crate::disbursement::payroll::submit(
        db,
        &district,
        pkh.id,
        "31.75",
        "bank_transfer",
        None,
        at + Duration::hours(4),
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo PKH payroll: {e}"))?;
    let payroll = crate::disbursement::payroll::approve(
        db,
        &province,
        payroll.id,
        None,
        at + Duration::hours(5),
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo PKH payroll approval: {e}"))?;
    super::payments::first_cycle_paid(db, &payroll, &district, &province, at + Duration::hours(6))
        .await?;
    let later = now - Duration::hours(12);
    super::payments::second_cycle(db, approved[0], &district, &province, later).await?;
    let at = now - Duration::hours(5);
    let sembako = cycle(approved[1], "Sembako 2027 Februari", 1);
    let sembako = cycles::create(db, &district, &sembako, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo Sembako cycle: {e}"))?;
    cycles::compute(db, &district, sembako.id, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo Sembako computation: {e}"))?;
    Ok(())
}
