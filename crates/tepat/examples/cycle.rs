//! A programme cycle over a synthetic registry, timed through the services the API calls:
//! `N` Sembako households in DKI Jakarta enrolled, a national budget line allocated to the
//! province, the cycle computed (every household's entitlement) and approved (its envelope
//! funded), then one payroll for the province submitted and approved (a recipient account
//! opened and a pending ledger transfer written for every entitlement, in one
//! transaction), its pain.001 files written (one per bank) and validated against the
//! schema, the banks' pain.002 answers imported, and `ledger check` over the result.
//!
//! `cargo run --release -p tepat --example cycle -- [N]` (default 1,000,000) on a fresh
//! SQLite file in a temporary directory, or on the PostgreSQL database named by
//! `TEPAT_BENCH_DATABASE_URL` (a fresh, empty database).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod support;

use std::time::Instant;

use support::{budget, fill, official};
use tepat::auth::Role;
use tepat::clock::{Clock, SystemClock};
use tepat::db::Db;
use tepat::disbursement::bank::{export, reconcile, simulated};
use tepat::disbursement::payroll;
use tepat::disbursement::service::{self as cycles, CycleInput};
use tepat::events::Actor;

/// The cycle from creation to a reserved payroll, each step timed.
async fn run_cycle(db: &Db, allocation: i64) {
    let (maker, checker) = (
        official(1, Role::MinistryOfficer),
        official(2, Role::MinistryOfficer),
    );
    let now = SystemClock.now();
    let all = Instant::now();
    let input = CycleInput {
        allocation_id: allocation,
        name: "Sembako 2027 Januari".to_owned(),
        months: 1,
    };
    let cycle = cycles::create(db, &maker, &input, None, now).await.unwrap();
    let started = Instant::now();
    let computed = cycles::compute(db, &maker, cycle.id, None, now)
        .await
        .unwrap();
    timed(
        &format!("cycle computed: {} entitlements", computed.control_count),
        started,
    );
    let started = Instant::now();
    cycles::compute(db, &maker, cycle.id, None, now)
        .await
        .unwrap();
    timed(
        "cycle recomputed, registry unchanged (nothing written)",
        started,
    );
    let started = Instant::now();
    cycles::approve(db, &checker, cycle.id, None, now)
        .await
        .unwrap();
    timed("cycle approved (envelope funded)", started);
    let started = Instant::now();
    let submitted = payroll::submit(db, &maker, cycle.id, "31", "bank_transfer", None, now)
        .await
        .unwrap();
    timed(
        &format!(
            "payroll submitted: {} entitlements",
            submitted.control_count
        ),
        started,
    );
    let started = Instant::now();
    let approved = payroll::approve(db, &checker, submitted.id, None, now)
        .await
        .unwrap();
    timed(
        "payroll approved: recipient accounts opened, a pending transfer each",
        started,
    );
    timed("cycle from creation to reserved payroll", all);
    let files = bank_files(db, &approved).await;
    timed("cycle from creation to validated pain.001 files", all);
    statuses(db, &files).await;
}

/// The payroll's pain.001 files written (one per bank) and validated against the schema
/// with `xmllint --stream` when it is installed.
async fn bank_files(db: &Db, approved: &payroll::Payroll) -> Vec<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("tepat-bench-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let started = Instant::now();
    let written = export::export(
        db,
        approved,
        None,
        &dir,
        &Actor::system(),
        SystemClock.now(),
    )
    .await
    .unwrap();
    let bytes: u64 = written
        .iter()
        .map(|w| std::fs::metadata(&w.path).unwrap().len())
        .sum();
    timed(
        &format!(
            "pain.001 written: {} files, {} payments, {} MB",
            written.len(),
            written.iter().map(|w| w.count).sum::<i64>(),
            bytes / 1_000_000
        ),
        started,
    );
    let schema = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/iso20022/pain.001.001.09.xsd"
    );
    let started = Instant::now();
    for file in &written {
        let valid = std::process::Command::new("xmllint")
            .args(["--noout", "--stream", "--schema", schema])
            .arg(&file.path)
            .output()
            .map(|o| o.status.success());
        match valid {
            Ok(true) => {}
            Ok(false) => println!("INVALID: {}", file.path.display()),
            Err(_) => {
                println!("xmllint not installed: files not validated");
                break;
            }
        }
    }
    timed(
        "pain.001 validated against the XSD (xmllint --stream)",
        started,
    );
    written.into_iter().map(|w| w.path).collect()
}

/// Each bank answers its file (one payment in a hundred rejected, closed account); the
/// answers are imported, each timed.
async fn statuses(db: &Db, files: &[std::path::PathBuf]) {
    let bank = official(3, Role::Bank);
    let mut reports = Vec::new();
    for (index, path) in files.iter().enumerate() {
        let file = std::io::BufReader::new(std::fs::File::open(path).unwrap());
        let id = format!("STS-{index}");
        let report = simulated::answer(file, "pain.002.001.12", &id, |i, _| {
            (i % 100 == 7).then_some("AC04")
        })
        .unwrap();
        reports.push(report);
    }
    let started = Instant::now();
    let mut lines = 0;
    for report in &reports {
        let done = reconcile::import(db, &bank, report.as_bytes(), None, SystemClock.now())
            .await
            .unwrap();
        lines += done.file.paid + done.file.rejected;
    }
    timed(&format!("pain.002 imported: {lines} statuses"), started);
    for path in files {
        std::fs::remove_file(path).ok();
    }
}

fn timed(label: &str, started: Instant) {
    println!("{label}: {:.2} s", started.elapsed().as_secs_f64());
}

#[tokio::main]
async fn main() {
    let households: i64 = std::env::args()
        .nth(1)
        .map_or(1_000_000, |a| a.parse().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let url = std::env::var("TEPAT_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("cycle.db").display()));
    let db = Db::connect(&url).await.unwrap();
    tepat::app::prepare(&db, &SystemClock).await.unwrap();
    let started = Instant::now();
    fill(&db, households).await;
    timed(
        &format!("{:?}: {households} households enrolled", db.engine),
        started,
    );

    let allocation = budget(&db, households).await;
    run_cycle(&db, allocation).await;
    let started = Instant::now();
    let report = tepat::ledger::check::check(&db).await.unwrap();
    timed(
        &format!(
            "ledger check: {} transfers, {} accounts, {} violations",
            report.transfers,
            report.accounts,
            report.violations.len()
        ),
        started,
    );
}
