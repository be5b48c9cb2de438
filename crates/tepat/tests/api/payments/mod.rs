//! Paying by bank on a real server: recipients' accounts from a bank's file, the payroll's
//! pain.001 per bank valid against the ISO 20022 schema, the banks' pain.002 posting and
//! voiding the reservations, the rejected payment paid again in the next payroll, the
//! cycle closed with its remainder returned to the treasury — and every bad file refused.

mod bad;
mod crash;
mod wallet;

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Row;

use crate::common::TestApp;
use crate::cycles::approved_cycle;
use crate::enrolment::Api;
use crate::proposals::official;

/// The banks of the test households, in turn.
const BANKS: [&str; 2] = ["BDKIIDJA", "BRINIDJA"];

/// An account-opening file for every household: (KK, bank, account number).
pub async fn accounts_file(app: &TestApp) -> String {
    let rows = sqlx::query("SELECT id, kk_number FROM households ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    let mut csv = String::from("no_kk,kanal,penyedia,no_rekening,nama_pemilik\n");
    for row in &rows {
        let (id, kk): (i64, String) = (row.try_get(0).unwrap(), row.try_get(1).unwrap());
        let bank = BANKS[(id % 2) as usize];
        csv.push_str(&format!(
            "{kk},bank_transfer,{bank},{:012},PENERIMA {id}\n",
            500_000_000 + id
        ));
    }
    csv
}

/// Posts a body with a media type and a fresh idempotency key.
pub async fn post_file(
    api: &Api<'_>,
    path: &str,
    media: &str,
    body: String,
) -> (StatusCode, Value) {
    let response = api
        .app
        .client
        .post(api.app.url(path))
        .bearer_auth(&api.token)
        .header("Content-Type", media)
        .header("Idempotency-Key", crate::programmes::key())
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Loads an account for every household through the API.
pub async fn load_accounts(app: &TestApp, api: &Api<'_>) {
    let csv = accounts_file(app).await;
    let (status, body) = post_file(api, "/api/v1/recipient-accounts", "text/csv", csv).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// A bank payroll needs accounts: none before they are loaded, then they are loaded.
pub async fn accounts_needed(app: &TestApp, api: &Api<'_>, payrolls: &str) {
    let body = json!({"region": "31.75.07", "channel": "bank_transfer"});
    let (status, none) = api.post(payrolls, body).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "no household has a bank account yet"
    );
    assert_eq!(none["errors"][0]["rule"], "nothing_to_pay", "{none}");
    load_accounts(app, api).await;
}

/// A payroll's file for one bank, as text.
pub async fn pain001(api: &Api<'_>, payroll: i64, bank: &str) -> (StatusCode, String) {
    let response = api
        .app
        .client
        .get(
            api.app
                .url(&format!("/api/v1/payrolls/{payroll}/pain001?bank={bank}")),
        )
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

/// Validates a file against an ISO 20022 schema shipped with the program (libxml2).
pub fn assert_valid(xml: &str, schema: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("message.xml");
    std::fs::write(&path, xml).unwrap();
    let schema = format!("{}/data/iso20022/{schema}", env!("CARGO_MANIFEST_DIR"));
    let output = std::process::Command::new("xmllint")
        .args(["--noout", "--schema", &schema])
        .arg(&path)
        .output()
        .expect("xmllint (libxml2-utils) is installed");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The bank's answer to `file`, rejecting the payments `reject` picks by index.
pub fn answer(file: &str, version: &str, id: &str, reject: &[usize]) -> String {
    tepat::disbursement::bank::simulated::answer(file.as_bytes(), version, id, |i, _| {
        reject.contains(&i).then_some("AC04")
    })
    .unwrap()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// An approved bank payroll of the test cycle: (cycle, payroll, maker, checker, bank).
pub async fn approved_payroll(app: &TestApp) -> (i64, i64, Api<'_>, Api<'_>, Api<'_>) {
    let (cycle, maker, checker) = approved_cycle(app).await;
    let (_, bank) = official(app, "bank.dki", "bank", Some("31")).await;
    load_accounts(app, &bank).await;
    let (status, payroll) = maker
        .post(
            &format!("/api/v1/cycles/{cycle}/payrolls"),
            json!({"region": "31.75", "channel": "bank_transfer"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{payroll}");
    let id = payroll["id"].as_i64().unwrap();
    let (status, _) = checker
        .post(&format!("/api/v1/payrolls/{id}/approve"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    (cycle, id, maker, checker, bank)
}

async fn ledger_clean(app: &TestApp) {
    let report = tepat::ledger::check::check(&app.db).await.unwrap();
    assert!(report.violations.is_empty(), "{:?}", report.violations);
}

/// Both banks' files of `payroll`, valid and the same every time: (BRI, Bank DKI).
async fn files(bank: &Api<'_>, payroll: i64) -> (String, String) {
    let (status, bri) = pain001(bank, payroll, "BRINIDJA").await;
    assert_eq!(status, StatusCode::OK, "{bri}");
    assert_valid(&bri, "pain.001.001.09.xsd");
    let (_, again) = pain001(bank, payroll, "BRINIDJA").await;
    assert_eq!(bri, again, "the same payroll and bank give the same bytes");
    let (_, dki) = pain001(bank, payroll, "BDKIIDJA").await;
    assert_valid(&dki, "pain.001.001.09.xsd");
    let payments = bri.matches("<CdtTrfTxInf>").count() + dki.matches("<CdtTrfTxInf>").count();
    assert_eq!(payments, 6, "every entitlement in one file or the other");
    let amounts: i64 = bri
        .split("<InstdAmt Ccy=\"IDR\">")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().parse::<i64>().unwrap())
        .sum();
    assert!(
        bri.contains(&format!("<CtrlSum>{amounts}</CtrlSum>")),
        "control sum from the rows"
    );
    (bri, dki)
}

pub const STATUS: &str = "/api/v1/payment-status";

/// The rejected payment (closed account) paid again into a new account, in a new payroll.
async fn repay(app: &TestApp, cycle: i64, maker: &Api<'_>, checker: &Api<'_>, bank: &Api<'_>) {
    let rejected = count(
        app,
        "SELECT household_id FROM payments WHERE status = 'rejected'",
    )
    .await;
    let kk: String = sqlx::query_scalar("SELECT kk_number FROM households WHERE id = $1")
        .bind(rejected)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let fixed = format!(
        "no_kk,penyedia,no_rekening,nama_pemilik\n{kk},BRINIDJA,777000111222,PENERIMA BARU\n"
    );
    let loaded = post_file(bank, "/api/v1/recipient-accounts", "text/csv", fixed).await;
    assert_eq!(loaded.0, StatusCode::OK);
    let body = json!({"region": "31.75", "channel": "bank_transfer"});
    let (status, again) = maker
        .post(&format!("/api/v1/cycles/{cycle}/payrolls"), body)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    assert_eq!(again["control_count"], 1, "the re-payment queue");
    let second = again["id"].as_i64().unwrap();
    checker
        .post(&format!("/api/v1/payrolls/{second}/approve"), json!({}))
        .await;
    let (_, file) = pain001(bank, second, "BRINIDJA").await;
    assert!(file.contains("777000111222"), "paid to the new account");
    let report = answer(&file, "pain.002.001.12", "BRI-2", &[]);
    let (_, done) = post_file(bank, STATUS, "application/xml", report).await;
    assert_eq!(done["file"]["paid"], 1, "{done}");
}

#[tokio::test]
async fn a_payroll_paid_by_bank_file_is_reconciled_repaid_and_closed() {
    let app = TestApp::spawn().await;
    let (cycle, payroll, maker, checker, bank) = approved_payroll(&app).await;
    let (bri, dki) = files(&bank, payroll).await;

    let report = answer(&bri, "pain.002.001.03", "BRI-1", &[0]);
    let (status, done) = post_file(&bank, STATUS, "application/xml", report.clone()).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["already_imported"], false);
    assert_eq!(done["file"]["rejected"], 1);
    let paid_bri = done["file"]["paid"].as_i64().unwrap();
    let (status, twice) = post_file(&bank, STATUS, "application/xml", report).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        twice["already_imported"], true,
        "the same file changes nothing"
    );
    let report = answer(&dki, "pain.002.001.12", "DKI-1", &[]);
    let (_, done) = post_file(&bank, STATUS, "application/xml", report).await;
    assert_eq!(
        done["file"]["paid"].as_i64().unwrap() + paid_bri,
        5,
        "{done}"
    );
    let posted = "SELECT COUNT(*) FROM ledger_transfers WHERE phase = 'post'";
    assert_eq!(count(&app, posted).await, 5);
    let voided = "SELECT COUNT(*) FROM ledger_transfers WHERE phase = 'void'";
    assert_eq!(count(&app, voided).await, 1);
    let (_, detail) = checker.get(&format!("/api/v1/cycles/{cycle}")).await;
    assert_eq!(detail["cycle"]["status"], "reconciled", "{detail}");
    ledger_clean(&app).await;

    repay(&app, cycle, &maker, &checker, &bank).await;
    let close = format!("/api/v1/cycles/{cycle}/close");
    let (status, closed) = maker.post(&close, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    assert_eq!(closed["status"], "closed");
    let paid = "SELECT COUNT(*) FROM entitlements WHERE status = 'paid'";
    assert_eq!(count(&app, paid).await, 6);
    let returned = "SELECT COUNT(*) FROM ledger_transfers WHERE code = 'return'";
    assert_eq!(
        count(&app, returned).await,
        0,
        "everything was paid: nothing to return"
    );
    ledger_clean(&app).await;
}

#[tokio::test]
async fn closing_returns_what_was_not_paid_to_the_treasury() {
    let app = TestApp::spawn().await;
    let (cycle, payroll, maker, _, bank) = approved_payroll(&app).await;
    let close = format!("/api/v1/cycles/{cycle}/close");
    let (status, early) = maker.post(&close, json!({})).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "payments still await the banks: {early}"
    );
    let mut rejected = 0;
    for (bic, version) in [
        ("BRINIDJA", "pain.002.001.03"),
        ("BDKIIDJA", "pain.002.001.12"),
    ] {
        let (_, file) = pain001(&bank, payroll, bic).await;
        let amount: i64 = file
            .split("<InstdAmt Ccy=\"IDR\">")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .unwrap()
            .parse()
            .unwrap();
        rejected += amount;
        let report = answer(&file, version, &format!("{bic}-1"), &[0]);
        let (status, _) = post_file(&bank, STATUS, "application/xml", report).await;
        assert_eq!(status, StatusCode::OK);
    }
    let treasury_before = count(
        &app,
        "SELECT credits_posted FROM ledger_accounts WHERE kind = 'treasury'",
    )
    .await;
    let (status, closed) = maker.post(&close, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    let back: i64 = count(
        &app,
        "SELECT amount FROM ledger_transfers WHERE code = 'return'",
    )
    .await;
    assert_eq!(back, rejected, "the two rejected payments go back");
    let treasury_after = count(
        &app,
        "SELECT credits_posted FROM ledger_accounts WHERE kind = 'treasury'",
    )
    .await;
    assert_eq!(treasury_after - treasury_before, rejected);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM entitlements WHERE status = 'returned'"
        )
        .await,
        2
    );
    let (status, _) = maker.post(&close, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "closed once");
    ledger_clean(&app).await;
}

#[tokio::test]
async fn an_auditor_traces_a_rupiah_from_the_treasury_to_the_bank() {
    let app = TestApp::spawn().await;
    let (_, payroll, _, _, bank) = approved_payroll(&app).await;
    let (_, file) = pain001(&bank, payroll, "BRINIDJA").await;
    let report = answer(&file, "pain.002.001.03", "BRI-1", &[]);
    assert_eq!(
        post_file(&bank, STATUS, "application/xml", report).await.0,
        StatusCode::OK
    );
    let paid: String = sqlx::query_scalar(
        "SELECT id FROM ledger_transfers WHERE code = 'pay' ORDER BY seq LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let token = crate::tokens::role_token(&app, "auditor", None, &["money:read"]).await;
    let auditor = Api { app: &app, token };
    let (status, trace) = auditor
        .get(&format!("/api/v1/ledger/transfers/{paid}/trace"))
        .await;
    assert_eq!(status, StatusCode::OK, "{trace}");
    let hops = trace["hops"].as_array().unwrap();
    let codes: Vec<&str> = hops
        .iter()
        .map(|h| h["transfer"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["fund", "allocate", "envelope", "reserve", "pay"],
        "{trace}"
    );
    assert_eq!(hops[0]["debit_kind"], "treasury");
    assert_eq!(hops[4]["transfer"]["id"], paid.as_str());
    let by = |i: usize| hops[i]["actor_name"].as_str().unwrap().to_owned();
    assert!(
        by(3).contains("dinsos.jaktim.2"),
        "the payroll's checker reserved it"
    );
    assert!(by(4).contains("bank.dki"), "the bank's report paid it");
    let amount = hops[4]["transfer"]["amount"].as_i64().unwrap();
    assert_eq!(hops[3]["transfer"]["amount"].as_i64().unwrap(), amount);
    for hop in hops {
        let id = hop["transfer"]["id"].as_str().unwrap();
        let (status, proof) = auditor.get(&format!("/api/v1/ledger/transfers/{id}")).await;
        assert_eq!(status, StatusCode::OK, "every hop has its proof: {proof}");
    }
}

#[tokio::test]
async fn a_family_sees_its_aid_and_why_the_bank_refused_a_payment() {
    let app = TestApp::spawn().await;
    let (_, payroll, _, _, bank) = approved_payroll(&app).await;
    let (_, file) = pain001(&bank, payroll, "BRINIDJA").await;
    let report = answer(&file, "pain.002.001.03", "BRI-1", &[0]);
    assert_eq!(
        post_file(&bank, STATUS, "application/xml", report).await.0,
        StatusCode::OK
    );
    let (application, _) =
        crate::applications::submitted(&app, "31.75.07.1003", "317507", 9_001, false).await;
    let rejected = count(
        &app,
        "SELECT household_id FROM payments WHERE status = 'rejected'",
    )
    .await;
    sqlx::query("UPDATE applications SET household_id = $1 WHERE id = $2")
        .bind(rejected)
        .bind(application)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let tracking: String =
        sqlx::query_scalar("SELECT tracking_number FROM applications WHERE id = $1")
            .bind(application)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let seen = tepat::applications::service::status(&app.db, &tracking, "02-02-1985")
        .await
        .unwrap();
    assert_eq!(seen.aid.len(), 1, "{:?}", seen.aid);
    assert_eq!(seen.aid[0].cycle, "Sembako 2027 tahap 1");
    assert_eq!(seen.aid[0].status, "rejected");
    assert_eq!(
        seen.aid[0].reason.as_deref(),
        Some("rekening sudah ditutup")
    );
    assert!(seen.aid[0].settled_at.is_some());
    let wrong = tepat::applications::service::status(&app.db, &tracking, "03-02-1985").await;
    assert!(wrong.is_err(), "nothing without the right birth date");
}
