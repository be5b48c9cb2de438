//! Crash safety of the server: the real binary serving the API, killed (`kill -9`) at many
//! points while it computes a cycle, approves it, approves a payroll and closes the cycle
//! with a return to the treasury. After each kill the cycle is as before the command or
//! as after it — never between — `tepat ledger check` passes, and sending the command
//! again (with the same idempotency key, as a client whose answer was lost does) finishes
//! the job once.

use std::process::Stdio;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};

use super::{delays, ledger_check};
use crate::common::TestApp;
use crate::payments::{STATUS, answer, load_accounts, pain001, post_file};
use crate::proposals::official;

/// The servers' request time limit, and so the lease of a claim on an idempotency key.
const LEASE: Duration = Duration::from_secs(1);

/// A server started on the test database: the child and its address.
struct Served {
    child: tokio::process::Child,
    address: String,
}

/// Starts `tepat serve` on a free port and waits until it listens.
async fn serve(url: &str) -> Served {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_tepat"))
        .args(["serve", "--database-url", url, "--listen", "127.0.0.1:0"])
        .args([
            "--duplicate-run-hours",
            "0",
            "--request-timeout-seconds",
            "1",
        ])
        .env_remove("TEPAT_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut address = None;
    while let Some(line) = lines.next_line().await.unwrap() {
        if let Some(rest) = line.strip_prefix("Tepat listening on ") {
            address = Some(rest.to_owned());
            break;
        }
    }
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Served {
        child,
        address: address.expect("the server printed its address"),
    }
}

/// One command sent to a fresh server, which is killed `after` it was sent: its answer,
/// if it came first.
async fn killed(
    url: &str,
    token: &str,
    path: &str,
    key: &str,
    after: Duration,
) -> Option<(StatusCode, Value)> {
    let mut served = serve(url).await;
    let request = reqwest::Client::new()
        .post(format!("{}{path}", served.address))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(&json!({}))
        .send();
    let answer = tokio::select! {
        response = request => match response {
            Ok(r) => Some((r.status(), r.json().await.unwrap_or(Value::Null))),
            Err(_) => None,
        },
        () = tokio::time::sleep(after) => None,
    };
    served.child.start_kill().unwrap();
    served.child.wait().await.unwrap();
    answer
}

/// How long a fresh server takes to answer its first authenticated read (opening its
/// connections, checking the token): where the kills start.
async fn first_read(url: &str, token: &str) -> Duration {
    let mut served = serve(url).await;
    let started = std::time::Instant::now();
    let response = reqwest::Client::new()
        .get(format!("{}/api/v1/cycles", served.address))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let took = started.elapsed();
    served.child.start_kill().unwrap();
    served.child.wait().await.unwrap();
    took
}

/// What the database shows of one command: `Some(false)` before, `Some(true)` after,
/// `None` for anything between.
type Phase = Option<bool>;

/// The state of a record and some counts, read in one statement: one snapshot. A killed
/// server's COMMIT that PostgreSQL is still finishing when the test reads becomes visible
/// between two statements, so reading them one by one could see half of it.
async fn snapshot(app: &TestApp, state: &str, counts: &[&str]) -> (String, Vec<i64>) {
    let mut sql = format!("SELECT ({state})");
    for count in counts {
        sql.push_str(&format!(", ({count})"));
    }
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let numbers = (1..=counts.len())
        .map(|i| sqlx::Row::try_get::<i64, _>(&row, i).unwrap())
        .collect();
    (sqlx::Row::try_get(&row, 0).unwrap(), numbers)
}

async fn computed(app: &TestApp, cycle: i64) -> Phase {
    let (status, counts) = snapshot(
        app,
        &format!("SELECT status FROM cycles WHERE id = {cycle}"),
        &[
            &format!("SELECT COUNT(*) FROM entitlements WHERE cycle_id = {cycle}"),
            "SELECT COUNT(*) FROM events WHERE action = 'cycle.computed'",
        ],
    )
    .await;
    match (status.as_str(), counts.as_slice()) {
        ("draft", [0, 0]) => Some(false),
        ("computed", [6, 1]) => Some(true),
        _ => None,
    }
}

async fn cycle_approved(app: &TestApp, cycle: i64) -> Phase {
    let (status, counts) = snapshot(
        app,
        &format!("SELECT status FROM cycles WHERE id = {cycle}"),
        &["SELECT COUNT(*) FROM ledger_transfers WHERE code = 'envelope'"],
    )
    .await;
    match (status.as_str(), counts.as_slice()) {
        ("computed", [0]) => Some(false),
        ("approved", [1]) => Some(true),
        _ => None,
    }
}

async fn payroll_approved(app: &TestApp, payroll: i64) -> Phase {
    let (status, counts) = snapshot(
        app,
        &format!("SELECT status FROM payrolls WHERE id = {payroll}"),
        &[
            &format!("SELECT COUNT(*) FROM payments WHERE payroll_id = {payroll}"),
            "SELECT COUNT(*) FROM ledger_transfers WHERE phase = 'pending'",
            "SELECT COUNT(*) FROM entitlements WHERE status = 'reserved'",
        ],
    )
    .await;
    match (status.as_str(), counts.as_slice()) {
        ("submitted", [0, 0, 0]) => Some(false),
        ("approved", [6, 6, 6]) => Some(true),
        _ => None,
    }
}

async fn closed(app: &TestApp, cycle: i64) -> Phase {
    let (status, counts) = snapshot(
        app,
        &format!("SELECT status FROM cycles WHERE id = {cycle}"),
        &[
            "SELECT COUNT(*) FROM ledger_transfers WHERE code = 'return'",
            "SELECT COUNT(*) FROM entitlements WHERE status = 'returned'",
            "SELECT COUNT(*) FROM events WHERE action = 'cycle.closed'",
        ],
    )
    .await;
    match (status.as_str(), counts.as_slice()) {
        ("reconciled", [0, 0, 0]) => Some(false),
        ("closed", [1, 1, 1]) => Some(true),
        _ => None,
    }
}

/// Sends `path` to servers killed at many points, each time as a new request, checking
/// after each kill that `phase` shows before or after and that the ledger holds. Then the
/// last request is sent again with its key, as a client whose answer was lost does: its
/// claim on the key has lapsed with its server, so the command runs (or answers that it
/// was done) instead of waiting forever. How many runs were killed before their answer.
async fn kill_during<F>(app: &TestApp, token: &str, path: &str, seed: u64, phase: F) -> usize
where
    F: AsyncFn() -> Phase,
{
    // Kills spread up to `upper`, which grows after a kill and shrinks after an answer,
    // so that about half the runs are cut, wherever the work falls on this machine.
    let mut upper = first_read(&app.db_url, token).await;
    let mut cut = 0;
    let mut key = String::new();
    for fraction in delays(seed, Duration::from_millis(500)) {
        key = crate::programmes::key();
        let delay = upper.mul_f64(fraction.as_secs_f64());
        let answered = killed(&app.db_url, token, path, &key, delay)
            .await
            .is_some();
        upper = upper.mul_f64(if answered { 0.7 } else { 1.5 });
        cut += usize::from(!answered);
        assert!(phase().await.is_some(), "{path}: half-done after a kill");
        ledger_check(&app.db_url).await;
    }
    tokio::time::sleep(LEASE + Duration::from_millis(500)).await;
    let (status, body) = killed(&app.db_url, token, path, &key, Duration::from_secs(60))
        .await
        .expect("an answer");
    assert!(
        status.is_success()
            || (status == StatusCode::CONFLICT && body["errors"][0]["field"] != "Idempotency-Key"),
        "{path}: {status} {body}"
    );
    assert_eq!(
        phase().await,
        Some(true),
        "{path}: the retry finished the job"
    );
    ledger_check(&app.db_url).await;
    cut
}

#[tokio::test]
async fn killed_while_computing_approving_or_closing_the_server_leaves_before_or_after() {
    let app = TestApp::spawn().await;
    let (_, allocation) = crate::cycles::enrolled(&app, 10_000_000, 5_000_000).await;
    let (_, maker) = official(&app, "dinsos.jaktim", "district_officer", Some("31.75")).await;
    let (_, checker) = official(&app, "dinsos.jaktim.2", "district_officer", Some("31.75")).await;
    let body = json!({"allocation_id": allocation, "name": "Sembako 2027 tahap 1", "months": 3});
    let (status, cycle) = maker.post("/api/v1/cycles", body).await;
    assert_eq!(status, StatusCode::CREATED, "{cycle}");
    let cycle = cycle["id"].as_i64().unwrap();

    let path = format!("/api/v1/cycles/{cycle}/compute");
    let cut = kill_during(&app, &maker.token, &path, 1, async || {
        computed(&app, cycle).await
    })
    .await;
    println!("compute: {cut} runs killed before the answer");
    let path = format!("/api/v1/cycles/{cycle}/approve");
    let cut = kill_during(&app, &checker.token, &path, 2, async || {
        cycle_approved(&app, cycle).await
    })
    .await;
    println!("cycle approval: {cut} runs killed before the answer");

    let (_, bank) = official(&app, "bank.dki", "bank", Some("31")).await;
    load_accounts(&app, &bank).await;
    let body = json!({"region": "31.75", "channel": "bank_transfer"});
    let (status, payroll) = maker
        .post(&format!("/api/v1/cycles/{cycle}/payrolls"), body)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{payroll}");
    let payroll = payroll["id"].as_i64().unwrap();
    let path = format!("/api/v1/payrolls/{payroll}/approve");
    let cut = kill_during(&app, &checker.token, &path, 3, async || {
        payroll_approved(&app, payroll).await
    })
    .await;
    println!("payroll approval: {cut} runs killed before the answer");

    for (bic, reject) in [("BRINIDJA", &[0][..]), ("BDKIIDJA", &[][..])] {
        let (_, file) = pain001(&bank, payroll, bic).await;
        let report = answer(&file, "pain.002.001.03", &format!("{bic}-1"), reject);
        let (status, _) = post_file(&bank, STATUS, "application/xml", report).await;
        assert_eq!(status, StatusCode::OK);
    }
    let path = format!("/api/v1/cycles/{cycle}/close");
    let cut = kill_during(&app, &maker.token, &path, 4, async || {
        closed(&app, cycle).await
    })
    .await;
    println!("closing: {cut} runs killed before the answer");
}
