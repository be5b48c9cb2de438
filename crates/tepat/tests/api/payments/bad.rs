//! Bad bank files: each refused with its own rule and nothing half-written; lines that
//! cannot be applied become exceptions; two imports of one file at once apply it once.

use reqwest::StatusCode;
use serde_json::Value;

use super::{STATUS, answer, approved_payroll, count, ledger_clean, pain001, post_file};
use crate::common::TestApp;

fn rule(problem: &Value) -> String {
    format!(
        "{}/{}",
        problem["errors"][0]["field"].as_str().unwrap_or(""),
        problem["errors"][0]["rule"].as_str().unwrap_or("")
    )
}

#[tokio::test]
async fn bad_status_reports_are_refused_naming_the_rule() {
    let app = TestApp::spawn().await;
    let (_, payroll, _, _, bank) = approved_payroll(&app).await;
    let (_, file) = pain001(&bank, payroll, "BRINIDJA").await;
    let good = answer(&file, "pain.002.001.03", "BRI-1", &[]);
    let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">\
        <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\
        <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\">&lol2;</Document>";
    let external = good.replacen(
        "<Document",
        "<!DOCTYPE Document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Document",
        1,
    );
    let cases = [
        (laughs.to_owned(), "file/pain002", "billion laughs"),
        (external, "file/pain002", "external entity"),
        (
            good[..good.len() / 2].to_owned(),
            "file/pain002",
            "truncated",
        ),
        (
            good.replace("</TxSts>", "</Sts>"),
            "file/pain002",
            "malformed",
        ),
        (
            good.replace(&format!("TEPAT-{payroll}-BRINIDJA"), "TEPAT-999-BRINIDJA"),
            "file/unknown_payroll",
            "unknown payroll",
        ),
    ];
    for (body, expected, what) in cases {
        let (status, problem) = post_file(&bank, STATUS, "application/xml", body).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}: {problem}"
        );
        assert_eq!(rule(&problem), expected, "{what}");
    }
    let (status, _) = post_file(&bank, STATUS, "text/csv", good.clone()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM payment_status_files").await,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM ledger_transfers WHERE phase IN ('post', 'void')"
        )
        .await,
        0
    );

    let (status, done) = post_file(&bank, STATUS, "application/xml", good).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the good file still applies: {done}"
    );
    ledger_clean(&app).await;
}

#[tokio::test]
async fn lines_that_cannot_be_applied_become_exceptions_never_dropped() {
    let app = TestApp::spawn().await;
    let (cycle, payroll, maker, _, bank) = approved_payroll(&app).await;
    let (_, file) = pain001(&bank, payroll, "BDKIIDJA").await;
    let report = answer(&file, "pain.002.001.12", "DKI-1", &[]);
    let lines: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("<TxInfAndSts>"))
        .collect();
    assert!(lines.len() >= 2, "{report}");
    let first_amount = lines[0]
        .split("Ccy=\"IDR\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap();
    let changed = lines[0].replace(
        &format!(">{first_amount}<"),
        &format!(">{}<", first_amount.parse::<i64>().unwrap() + 1),
    );
    let unknown = lines[1].replacen("<OrgnlEndToEndId>", "<OrgnlEndToEndId>99", 1);
    let odd = lines[1].replace("<TxSts>ACSC</TxSts>", "<TxSts>ZZZZ</TxSts>");
    let report = report.replace(lines[0], &changed).replace(
        lines[1],
        &format!("{}\n{}\n{unknown}\n{odd}", lines[1], lines[1]),
    );
    let (status, done) = post_file(&bank, STATUS, "application/xml", report).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let mut kinds: Vec<&str> = done["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    kinds.sort_unstable();
    assert_eq!(
        kinds,
        ["amount_differs", "duplicate", "duplicate", "unknown_id"],
        "{done}"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM payment_exceptions WHERE status = 'open'"
        )
        .await,
        4
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM payments WHERE status = 'reserved' AND provider = 'BDKIIDJA'"
        )
        .await,
        1,
        "the payment whose amount differs still awaits the bank"
    );
    let (status, _) = maker
        .post(
            &format!("/api/v1/cycles/{cycle}/close"),
            serde_json::json!({}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "open exceptions keep the cycle open"
    );
    resolve_all(&app, &maker).await;
    ledger_clean(&app).await;
}

/// Every open exception resolved with a note; a short note and a second resolution are
/// refused.
async fn resolve_all(app: &TestApp, maker: &crate::enrolment::Api<'_>) {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM payment_exceptions ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    let path = |id: i64| format!("/api/v1/payment-exceptions/{id}/resolve");
    let (status, short) = maker
        .post(&path(ids[0]), serde_json::json!({"note": "ok"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(rule(&short), "note/length");
    for id in &ids {
        let note = serde_json::json!({"note": "Dicek dengan bank: status ganda diabaikan"});
        let (status, body) = maker.post(&path(*id), note).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let note = serde_json::json!({"note": "Dicek sekali lagi oleh petugas"});
    let (status, again) = maker.post(&path(ids[0]), note).await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    let open = count(
        app,
        "SELECT COUNT(*) FROM payment_exceptions WHERE status = 'open'",
    )
    .await;
    assert_eq!(open, 0);
    let logged = count(
        app,
        "SELECT COUNT(*) FROM events WHERE action = 'payment_exception.resolved'",
    )
    .await;
    assert_eq!(logged as usize, ids.len());
}

#[tokio::test]
async fn two_imports_of_one_file_at_once_apply_it_once() {
    let app = TestApp::spawn().await;
    let (_, payroll, _, _, bank) = approved_payroll(&app).await;
    let (_, file) = pain001(&bank, payroll, "BRINIDJA").await;
    let report = answer(&file, "pain.002.001.03", "BRI-1", &[1]);
    let (a, b) = tokio::join!(
        post_file(&bank, STATUS, "application/xml", report.clone()),
        post_file(&bank, STATUS, "application/xml", report.clone())
    );
    assert_eq!(
        (a.0, b.0),
        (StatusCode::OK, StatusCode::OK),
        "{} {}",
        a.1,
        b.1
    );
    let mut already = [
        a.1["already_imported"].as_bool(),
        b.1["already_imported"].as_bool(),
    ];
    already.sort();
    assert_eq!(already, [Some(false), Some(true)]);
    let settled = count(
        &app,
        "SELECT COUNT(*) FROM ledger_transfers WHERE phase IN ('post', 'void')",
    )
    .await;
    assert_eq!(settled as usize, file.matches("<CdtTrfTxInf>").count());
    ledger_clean(&app).await;
}

#[tokio::test]
async fn a_bad_account_file_is_refused_whole_naming_each_row() {
    let app = TestApp::spawn().await;
    let (_, bank) = crate::proposals::official(&app, "bank.dki", "bank", Some("31")).await;
    let good = super::accounts_file(&app).await;
    let bad = format!(
        "{good}9999999999999999,bank_transfer,BRINIDJA,123456789,X\n1234,bank_transfer,bri,12,\n"
    );
    let (status, problem) = post_file(&bank, "/api/v1/recipient-accounts", "text/csv", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(rule(&problem), "file/account_rows");
    let text = problem.to_string();
    assert!(text.contains("no_kk harus 16 angka"), "{text}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM recipient_accounts").await,
        0,
        "nothing half-written"
    );
    let unknown =
        "no_kk,penyedia,no_rekening,nama_pemilik\n9999999999999999,BRINIDJA,123456789,X\n";
    let (status, problem) = post_file(
        &bank,
        "/api/v1/recipient-accounts",
        "text/csv",
        unknown.to_owned(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(problem.to_string().contains("tidak terdaftar"), "{problem}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM recipient_accounts").await,
        0
    );
}
