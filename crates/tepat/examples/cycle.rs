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

use std::time::Instant;

use tepat::auth::{Principal, Role};
use tepat::budgets::service::{self as budgets, AllocationInput, LineInput};
use tepat::clock::{Clock, SystemClock};
use tepat::db::Db;
use tepat::disbursement::bank::{export, reconcile, simulated};
use tepat::disbursement::payroll;
use tepat::disbursement::service::{self as cycles, CycleInput};
use tepat::events::{Action, Actor, ActorKind, Changes, NewEvent};

fn official(id: i64, role: Role) -> Principal {
    Principal {
        actor: Actor {
            kind: ActorKind::Account,
            id: Some(id),
            role: role.as_str().to_owned(),
        },
        name: format!("Petugas {id}"),
        role,
        region: None,
        token_scopes: None,
    }
}

/// `households` households in Jakarta's villages, one to six living members each, every
/// one enrolled in Sembako.
async fn fill(db: &Db, households: i64) {
    let fill = format!(
        "INSERT INTO households (id, kk_number, region_code, address, rt, rw, survey, status, \
         version, content_hash, created_at, updated_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {households}), \
         v AS (SELECT code, ROW_NUMBER() OVER (ORDER BY code) - 1 AS k FROM regions \
               WHERE level = 4 AND code LIKE '31.%'), \
         c AS (SELECT COUNT(*) AS total FROM v) \
         SELECT n.i, 'KK' || n.i, v.code, 'Jl. Uji', '1', '1', '{{}}', 'active', 1, 'x', \
           '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' \
         FROM n CROSS JOIN c JOIN v ON v.k = n.i % c.total"
    );
    sqlx::query(sqlx::AssertSqlSafe(fill))
        .execute(&db.pool)
        .await
        .unwrap();
    let members = "INSERT INTO persons (nik, household_id, region_code, full_name, name_key, \
         birth_place, birth_date, sex, relationship, life_status, version, content_hash, \
         created_at, updated_at) \
         SELECT 'N' || h.id || '-' || m.j, h.id, h.region_code, 'Uji', 'uji', 'Jakarta', \
           (1940 + (h.id * 7 + m.j * 13) % 85) || '-0' || (1 + m.j % 9) || '-1' || (m.j % 9), \
           CASE WHEN m.j % 2 = 0 THEN 'L' ELSE 'P' END, \
           CASE WHEN m.j = 1 THEN 'kepala' ELSE 'anak' END, 'hidup', 1, 'x', \
           '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' \
         FROM households h JOIN (SELECT 1 AS j UNION ALL SELECT 2 UNION ALL SELECT 3 \
           UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6) m \
           ON m.j <= 1 + h.id % 6";
    sqlx::query(members).execute(&db.pool).await.unwrap();
    let mut tx = db.begin_write().await.unwrap();
    let event = NewEvent {
        actor: Actor::system(),
        action: Action("enrolment.bench"),
        subject_type: "programme",
        subject_id: "SEMBAKO".to_owned(),
        region: None,
        changes: Changes::new(),
        request_id: None,
    };
    let event = tepat::events::store::record(&mut tx, event, SystemClock.now())
        .await
        .unwrap();
    let enrol = format!(
        "INSERT INTO enrolments (programme_code, household_id, region_code, status, source, \
         started_at, actor_kind, actor_role, event_id) \
         SELECT 'SEMBAKO', id, region_code, 'active', 'batch', '2026-01-01T00:00:00Z', \
         'system', 'system', {} FROM households",
        event.0
    );
    sqlx::query(sqlx::AssertSqlSafe(enrol))
        .execute(&mut *tx)
        .await
        .unwrap();
    // Every household holds an account at one of the four state banks, in turn.
    let accounts = "INSERT INTO recipient_accounts (household_id, channel, provider, \
         account_number, holder_name, source, updated_at) \
         SELECT id, 'bank_transfer', CASE id % 4 WHEN 0 THEN 'BRINIDJA' WHEN 1 THEN 'BNINIDJA' \
         WHEN 2 THEN 'BMRIIDJA' ELSE 'BTANIDJA' END, CAST(100000000000 + id AS TEXT), \
         'PENERIMA ' || id, 'bench', '2026-01-01T00:00:00Z' FROM households";
    sqlx::query(accounts).execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
}

/// A national Sembako line with its allocation to DKI Jakarta approved; the allocation id.
async fn budget(db: &Db, households: i64) -> i64 {
    let (maker, checker) = (
        official(1, Role::MinistryOfficer),
        official(2, Role::MinistryOfficer),
    );
    let now = SystemClock.now();
    let line = LineInput {
        programme: "SEMBAKO".to_owned(),
        year: 2027,
        source: "APBN".to_owned(),
        amount: households * 200_000 * 2,
        purpose: "Sembako 2027".to_owned(),
    };
    let line = budgets::create_line(db, &maker, &line, None, now)
        .await
        .unwrap();
    let allocation = AllocationInput {
        region: "31".to_owned(),
        amount: households * 200_000,
        note: "Sembako DKI".to_owned(),
    };
    let allocation = budgets::allocate(db, &maker, line.id, &allocation, None, now)
        .await
        .unwrap();
    budgets::decide(db, &checker, allocation.id, true, "", None, now)
        .await
        .unwrap();

    allocation.id
}

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
