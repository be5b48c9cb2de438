//! Crash safety: the real binary killed (`kill -9`) at many points while it writes a
//! payroll's bank files and while it imports a bank's status report. After each kill the
//! data is as before or as after — never between — `tepat ledger check` passes, and
//! running the command again finishes the job without paying anyone twice.

mod served;

use std::path::Path;
use std::time::Duration;

use reqwest::StatusCode;

use super::{answer, approved_payroll, count, pain001};
use crate::common::TestApp;

/// Kills per command.
const KILLS: usize = 25;

/// Delays spread over twice `span` (how long the binary takes to open the database and
/// read the ledger here, so that kills fall before, during and after the work on a fast
/// or a slow machine alike), from a fixed seed so that a run can be repeated.
fn delays(seed: u64, span: Duration) -> Vec<Duration> {
    let mut state = seed;
    let range = (span.as_micros() as u64 * 2).max(1);
    (0..KILLS)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            Duration::from_micros((state >> 33) % range)
        })
        .collect()
}

/// Runs `tepat ARGS`, killed with SIGKILL after `after` unless it finished first; whether
/// it finished.
async fn run_killed(url: &str, args: &[&str], after: Duration) -> bool {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_tepat"))
        .args(args)
        .args(["--database-url", url])
        .env_remove("TEPAT_DATABASE_URL")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    tokio::select! {
        status = child.wait() => status.unwrap().success(),
        () = tokio::time::sleep(after) => {
            child.start_kill().unwrap();
            child.wait().await.unwrap();
            false
        }
    }
}

/// Checks the ledger; how long the binary took.
async fn ledger_check(url: &str) -> Duration {
    let started = std::time::Instant::now();
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_tepat"))
        .args(["ledger", "check", "--database-url", url])
        .env_remove("TEPAT_DATABASE_URL")
        .output()
        .await
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    started.elapsed()
}

/// The import is all or nothing: no status file and every payment waiting, or the file
/// with every payment settled by it.
async fn all_or_nothing(app: &TestApp, payments: i64) -> bool {
    // One statement, one snapshot: a killed run's COMMIT that PostgreSQL is still
    // finishing when the test reads is seen whole or not at all.
    let (files, waiting, resolved): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM payment_status_files), \
         (SELECT COUNT(*) FROM payments WHERE status = 'reserved' AND provider = 'BRINIDJA'), \
         (SELECT COUNT(*) FROM ledger_transfers WHERE phase IN ('post', 'void'))",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    match files {
        0 => assert_eq!((waiting, resolved), (payments, 0), "nothing half-imported"),
        1 => assert_eq!(
            (waiting, resolved),
            (0, payments),
            "everything imported once"
        ),
        n => panic!("{n} status files for one report"),
    }
    files == 1
}

#[tokio::test]
async fn killed_at_any_point_an_export_or_an_import_leaves_before_or_after_and_finishes_on_retry() {
    let app = TestApp::spawn().await;
    let (_, payroll, _, _, bank) = approved_payroll(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("files");
    let out_text = out.to_str().unwrap().to_owned();
    let cycle_arg = count(&app, "SELECT cycle_id FROM payrolls")
        .await
        .to_string();
    let export = [
        "payroll", "export", "--cycle", &cycle_arg, "--out", &out_text,
    ];
    let span = ledger_check(&app.db_url).await;
    let mut killed = 0;
    for delay in delays(20_261_204, span) {
        killed += usize::from(!run_killed(&app.db_url, &export, delay).await);
        no_half_files(&out);
        ledger_check(&app.db_url).await;
    }
    println!("export: {killed} of {KILLS} runs killed before they finished");
    assert!(run_killed(&app.db_url, &export, Duration::from_secs(60)).await);
    let exported = count(
        &app,
        "SELECT COUNT(*) FROM events WHERE action = 'payroll.exported'",
    )
    .await;
    assert_eq!(
        exported, 1,
        "the first export is one event, however often it was killed"
    );

    let (status, file) = pain001(&bank, payroll, "BRINIDJA").await;
    assert_eq!(status, StatusCode::OK);
    let written =
        std::fs::read_to_string(out.join(format!("pain.001-payroll-{payroll}-BRINIDJA.xml")))
            .unwrap();
    assert_eq!(written, file, "the file on disk is the whole file");
    let payments = file.matches("<CdtTrfTxInf>").count() as i64;
    let report = dir.path().join("status.xml");
    std::fs::write(&report, answer(&file, "pain.002.001.03", "BRI-1", &[0])).unwrap();
    let report = report.to_str().unwrap().to_owned();
    let import = ["payroll", "import-status", report.as_str()];
    let mut killed = 0;
    for delay in delays(4_122_026, span) {
        killed += usize::from(!run_killed(&app.db_url, &import, delay).await);
        all_or_nothing(&app, payments).await;
        ledger_check(&app.db_url).await;
    }
    println!("status import: {killed} of {KILLS} runs killed before they finished");
    assert!(run_killed(&app.db_url, &import, Duration::from_secs(60)).await);
    assert!(
        all_or_nothing(&app, payments).await,
        "the retry finished the job"
    );
    ledger_check(&app.db_url).await;
}

/// No file under a final name is shorter than a whole message.
fn no_half_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".xml") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert!(text.ends_with("</Document>\n"), "{name} is cut short");
        }
    }
}
