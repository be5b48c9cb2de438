//! Paying in the demo: recipients' accounts at Bank DKI and BRI from the banks'
//! account-opening files; PKH tahap 1 paid by bank file and reconciled from the banks'
//! status reports (a payment rejected for a closed account and paid again into the new
//! account by the next payroll); PKH tahap 2 approved with its payroll exported and not
//! yet answered.

use sqlx::Row;
use time::{Duration, OffsetDateTime};

use super::enrolment::principal;
use crate::auth::Principal;
use crate::db::Db;
use crate::disbursement::bank::{accounts, export, reconcile, simulated, store as bank_store};
use crate::disbursement::payroll::{self, Payroll};
use crate::disbursement::service::{self as cycles, CycleInput};

/// The banks recipients hold accounts at, in turn.
const BANKS: [&str; 2] = ["BDKIIDJA", "BRINIDJA"];

/// The reason codes of the demo's rejected payments, in turn.
const REJECTIONS: [&str; 4] = ["AC04", "AC01", "MD07", "AM04"];

/// Loads an account for every household of Jakarta Timur enrolled in a programme.
pub async fn accounts_seed(db: &Db, now: OffsetDateTime) -> anyhow::Result<()> {
    let rows = sqlx::query(
        "SELECT h.id, h.kk_number, COALESCE(MIN(p.full_name), '') FROM households h \
         LEFT JOIN persons p ON p.household_id = h.id AND p.relationship = 'head' \
         WHERE h.id IN (SELECT household_id FROM enrolments) GROUP BY h.id, h.kk_number \
         ORDER BY h.id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut csv = String::from("no_kk,kanal,penyedia,no_rekening,nama_pemilik\n");
    for row in &rows {
        let (id, kk, name): (i64, String, String) =
            (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
        let name = if name.is_empty() {
            format!("KELUARGA {id}")
        } else {
            name.to_uppercase()
        };
        let bank = BANKS[(id % 2) as usize];
        csv.push_str(&format!(
            "{kk},bank_transfer,{bank},{:012},\"{}\"\n",
            1_000_000_000 + id * 7,
            name.replace('"', "")
        ));
    }
    let actor = principal(db, "bank.dki").await?.actor;
    accounts::import(
        db,
        &actor,
        "rekening-kolektif-2027.csv",
        csv.as_bytes(),
        now,
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo accounts: {e}"))?;
    Ok(())
}

/// Writes a payroll's files (into a folder removed afterwards: the demo keeps only the
/// record of the export) and returns each bank's file. The folder's name is drawn at
/// random: two demos seeded at once in one process (each on its own database) have
/// payrolls with the same numbers.
async fn exported(
    db: &Db,
    payroll: &Payroll,
    now: OffsetDateTime,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let dir = std::env::temp_dir().join(format!(
        "tepat-demo-{}-{}-{}",
        std::process::id(),
        payroll.id,
        hex::encode(rand::random::<[u8; 8]>())
    ));
    std::fs::create_dir_all(&dir)?;
    let actor = principal(db, "dinsos.jaktim").await?.actor;
    let written = export::export(db, payroll, None, &dir, &actor, now)
        .await
        .map_err(|e| anyhow::anyhow!("demo export: {e}"))?;
    let mut files = Vec::new();
    for file in written {
        files.push((file.bank, std::fs::read(&file.path)?));
    }
    std::fs::remove_dir_all(&dir)?;
    Ok(files)
}

/// Exports a payroll and answers it as the banks would: the payments `reject` picks
/// (by their index in a bank's file) rejected with a reason, the rest settled.
async fn pay_by_bank(
    db: &Db,
    payroll: &Payroll,
    now: OffsetDateTime,
    reject: fn(usize) -> bool,
) -> anyhow::Result<()> {
    let bank = principal(db, "bank.dki").await?;
    for (index, (bic, file)) in exported(db, payroll, now).await?.into_iter().enumerate() {
        let version = if index % 2 == 0 {
            "pain.002.001.03"
        } else {
            "pain.002.001.12"
        };
        let id = format!("{bic}-STS-{}", payroll.id);
        let report = simulated::answer(file.as_slice(), version, &id, |i, _| {
            reject(i).then(|| REJECTIONS[i % REJECTIONS.len()])
        })
        .map_err(|e| anyhow::anyhow!("demo status report: {e}"))?;
        reconcile::import(db, &bank, report.as_bytes(), None, now + Duration::hours(2))
            .await
            .map_err(|e| anyhow::anyhow!("demo status import: {e}"))?;
    }
    Ok(())
}

/// Tahap 1 paid by bank file: the bank rejects the first payment of each file (the
/// account was closed), the bank's new account-opening file gives the household a new
/// account, and the next payroll pays it — a reconciled cycle with a re-payment behind it.
pub async fn first_cycle_paid(
    db: &Db,
    payroll: &Payroll,
    district: &Principal,
    province: &Principal,
    at: OffsetDateTime,
) -> anyhow::Result<()> {
    pay_by_bank(db, payroll, at, |i| i == 0).await?;
    let rows = sqlx::query(
        "SELECT h.kk_number, h.id FROM entitlements e JOIN households h ON h.id = e.household_id \
         WHERE e.cycle_id = $1 AND e.status = 'rejected' ORDER BY h.id",
    )
    .bind(payroll.cycle_id)
    .fetch_all(&db.pool)
    .await?;
    let mut csv = String::from("no_kk,penyedia,no_rekening,nama_pemilik\n");
    for row in &rows {
        let (kk, id): (String, i64) = (row.try_get(0)?, row.try_get(1)?);
        csv.push_str(&format!(
            "{kk},BRINIDJA,{:012},KELUARGA {id}\n",
            2_000_000_000 + id
        ));
    }
    let bank = principal(db, "bank.dki").await?.actor;
    let later = at + Duration::days(1);
    accounts::import(db, &bank, "rekening-baru-2027.csv", csv.as_bytes(), later)
        .await
        .map_err(|e| anyhow::anyhow!("demo new accounts: {e}"))?;
    let again = payroll::submit(
        db,
        district,
        payroll.cycle_id,
        "31.75",
        "bank_transfer",
        None,
        later,
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo re-payment payroll: {e}"))?;
    let again = payroll::approve(db, province, again.id, None, later + Duration::hours(1))
        .await
        .map_err(|e| anyhow::anyhow!("demo re-payment approval: {e}"))?;
    pay_by_bank(db, &again, later + Duration::hours(2), |_| false).await
}

/// PKH tahap 2: computed, approved, its payroll approved and exported, no answer yet.
pub async fn second_cycle(
    db: &Db,
    allocation: i64,
    district: &Principal,
    province: &Principal,
    at: OffsetDateTime,
) -> anyhow::Result<()> {
    let input = CycleInput {
        allocation_id: allocation,
        name: "PKH 2027 tahap 2".to_owned(),
        months: 3,
    };
    let cycle = cycles::create(db, district, &input, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo PKH tahap 2: {e}"))?;
    cycles::compute(db, district, cycle.id, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo PKH tahap 2 computation: {e}"))?;
    cycles::approve(db, province, cycle.id, None, at + Duration::hours(1))
        .await
        .map_err(|e| anyhow::anyhow!("demo PKH tahap 2 approval: {e}"))?;
    let submitted = payroll::submit(
        db,
        district,
        cycle.id,
        "31.75",
        "bank_transfer",
        None,
        at + Duration::hours(2),
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo PKH tahap 2 payroll: {e}"))?;
    let approved = payroll::approve(db, province, submitted.id, None, at + Duration::hours(3))
        .await
        .map_err(|e| anyhow::anyhow!("demo PKH tahap 2 payroll approval: {e}"))?;
    exported(db, &approved, at + Duration::hours(4)).await?;
    let waiting = bank_store::banks(db, approved.id).await?;
    anyhow::ensure!(!waiting.is_empty(), "demo PKH tahap 2: no bank file");
    Ok(())
}
