//! The dry run of an eligibility rule over a registry of synthetic households, timed: loads
//! the columns a rule reads (one query per table) and evaluates the new and the current
//! rule over every household, as `POST /api/v1/programmes/{code}/rule/preview` does.
//!
//! `cargo run --release -p tepat --example dry_run -- [HOUSEHOLDS] [RUNS]` (default
//! 1,000,000 households, 5 runs) on a fresh SQLite file in a temporary directory, or on the
//! PostgreSQL database named by `TEPAT_BENCH_DATABASE_URL` (emptied first). Households
//! have 1 to 6 living members; the synthetic rows fill the columns rules read, not every
//! rule of the registry.
//!
//! Then the dry run as the server answers it (`service::preview`, names of the sample and
//! of the regions included) from the copy it keeps in memory: the copy read once (every
//! attribute a rule may read, timed, with its size), then each rule previewed from it.
//!
//! Then, once, an enrolment: the `members` rule published for PKH with a national quota of
//! 400,000, a national batch prepared (rule applied, quota cut, every line written with its
//! event) and approved (the enrolments written), each timed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::Instant;

use tepat::clock::{Clock, SystemClock};
use tepat::db::Db;
use tepat::programmes::columns::{Columns, Needs};
use tepat::programmes::{service, store};

const RULES: [(&str, &str, &str); 3] = [
    (
        "members",
        "any(member, age >= 60 or age < 6) and members >= 3",
        "count(member) >= 1",
    ),
    (
        "survey",
        "electricity_va <= 900 and not owns_land and pregnant_members >= 1",
        "electricity_va <= 450",
    ),
    (
        "mixed",
        "in_region(\"31.75\") and any(member, age >= 6 and age <= 21) and sanitation != \"sendiri\"",
        "in_region(\"31\")",
    ),
];

async fn fill(db: &Db, households: i64) {
    // Villages of Jakarta and Bandung from the shipped list, picked by household id.
    let fill = format!(
        "INSERT INTO households (id, kk_number, region_code, address, rt, rw, survey, status, \
         version, content_hash, created_at, updated_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {households}), \
         v AS (SELECT code, ROW_NUMBER() OVER (ORDER BY code) - 1 AS k FROM regions \
               WHERE level = 4 AND (code LIKE '31.%' OR code LIKE '32.73.%')), \
         c AS (SELECT COUNT(*) AS total FROM v) \
         SELECT n.i, 'KK' || n.i, v.code, 'Jl. Uji', '1', '1', \
           '{{\"electricity_va\": ' || ((n.i % 4) * 450) || ', \"owns_land\": ' || \
           (CASE WHEN n.i % 3 = 0 THEN 'true' ELSE 'false' END) || \
           ', \"pregnant_members\": ' || (n.i % 2) || ', \"sanitation\": \"' || \
           (CASE WHEN n.i % 5 = 0 THEN 'bersama' ELSE 'sendiri' END) || '\"}}', \
           'active', 1, 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' \
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
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let households: i64 = args
        .get(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let runs: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(5);
    let dir = tempfile::tempdir().unwrap();
    let url = std::env::var("TEPAT_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let db = Db::connect(&url).await.unwrap();
    tepat::app::prepare(&db, &SystemClock).await.unwrap();
    let started = Instant::now();
    fill(&db, households).await;
    let persons: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT COUNT(*) FROM persons")
            .fetch_one(&db.pool)
            .await
            .unwrap(),
        0,
    )
    .unwrap();
    println!(
        "{households} households, {persons} members, filled in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let (schema, programmes) = service::schema(&db).await.unwrap();
    let codes: Vec<String> = programmes.iter().map(|p| p.code.clone()).collect();
    let today = SystemClock.now().date();
    for (name, source, current) in RULES {
        let rule = eligibility::Rule::compile(source, &schema).unwrap();
        let current = eligibility::Rule::compile(current, &schema).unwrap();
        let (mut loads, mut evaluations, mut totals) = (Vec::new(), Vec::new(), Vec::new());
        let mut eligible = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let mut columns = Columns::new(Needs::of(&[&rule, &current]), today);
            store::load_columns(&db, None, &mut columns, &codes)
                .await
                .unwrap();
            let loaded = start.elapsed().as_secs_f64();
            let (preview, _, _) = service::tally(&columns, &rule, &current, None);
            let total = start.elapsed().as_secs_f64();
            eligible = preview.eligible;
            loads.push(loaded);
            evaluations.push(total - loaded);
            totals.push(total);
        }
        println!(
            "{name:<8} eligible {eligible:>8}  load {:.3} s  evaluate {:.3} s  total {:.3} s  (medians of {runs})",
            median(loads),
            median(evaluations),
            median(totals)
        );
    }
    kept_copy(&db, runs).await;
    enrol(&db).await;
}

fn ministry() -> tepat::auth::Principal {
    tepat::auth::Principal {
        actor: tepat::events::Actor::system(),
        name: "bench".into(),
        role: tepat::auth::Role::MinistryOfficer,
        region: None,
        token_scopes: None,
    }
}

/// Peak resident memory of this process, from `/proc/self/status` (Linux).
fn peak_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// The copy the server keeps, read once, then every rule previewed from it.
async fn kept_copy(db: &Db, runs: usize) {
    use tepat::programmes::snapshot::Snapshots;
    let kept = Snapshots::default();
    let now = SystemClock.now();
    let (_, programmes) = service::schema(db).await.unwrap();
    let codes: Vec<String> = programmes.iter().map(|p| p.code.clone()).collect();
    let snapshot = kept
        .get(db, &codes, tepat::clock::today(now), now)
        .await
        .unwrap();
    println!(
        "copy in memory: {} households read in {:.3} s, about {} MiB (peak resident {} MiB)",
        snapshot.columns.len(),
        snapshot.took.as_secs_f64(),
        snapshot.columns.heap_bytes() / (1 << 20),
        peak_mib().unwrap_or(0)
    );
    let caller = ministry();
    for (name, source, _) in RULES {
        let mut totals = Vec::new();
        let mut eligible = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let run = service::preview(
                db,
                &kept,
                &caller,
                "PKH",
                source,
                now,
                tepat::web::i18n::Lang::Id,
            )
            .await
            .unwrap();
            totals.push(start.elapsed().as_secs_f64());
            eligible = run.preview.eligible;
        }
        println!(
            "{name:<8} eligible {eligible:>8}  preview from the copy {:.3} s  (median of {runs})",
            median(totals)
        );
    }
}

/// Publishes the `members` rule for PKH with a national quota of 400,000, then prepares and
/// approves a national batch, timing each step.
async fn enrol(db: &Db) {
    let ministry = ministry();
    let now = SystemClock.now();
    service::publish(db, &ministry, "PKH", RULES[0].1, None, now)
        .await
        .unwrap();
    let quota =
        r#"[{"region": "", "count": 400000, "unit": "keluarga", "year": 2026, "source": "bench"}]"#;
    sqlx::query("UPDATE programmes SET quotas = $1 WHERE code = 'PKH'")
        .bind(quota)
        .execute(&db.pool)
        .await
        .unwrap();
    let start = Instant::now();
    let batch = tepat::enrolment::service::prepare(db, &ministry, "PKH", None, None, now)
        .await
        .unwrap();
    let prepared = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let approved = tepat::enrolment::service::approve(db, &ministry, batch.id, "", None, now)
        .await
        .unwrap();
    let approving = start.elapsed().as_secs_f64();
    println!(
        "enrolment: batch of {} eligible ({} selected, {} waiting) prepared in {prepared:.3} s; \
         {} enrolled on approval in {approving:.3} s; total {:.3} s",
        batch.eligible,
        batch.selected,
        batch.waiting,
        approved.enrolled.unwrap_or(0),
        prepared + approving
    );
}
