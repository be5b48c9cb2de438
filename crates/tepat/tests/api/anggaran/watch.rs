//! The public budget watch: realisation equal to the ledger after a cycle's payroll is paid
//! and its remainder returned; the page, its CSV and its JSON agreeing; comments posted,
//! hidden with a reason and counted, a flood refused, moderators checked.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{ledger_clean, scalar};
use crate::common::TestApp;
use crate::payments::{STATUS, answer, pain001, post_file};
use crate::proposals::official;

/// Pays the test payroll with one payment refused by each bank, closes the cycle (its
/// remainder returns to the treasury) and answers the rupiah refused.
async fn paid_and_closed(app: &TestApp) -> i64 {
    let (cycle, payroll, maker, _, bank) = crate::payments::approved_payroll(app).await;
    let mut rejected = 0;
    for (bic, version) in [
        ("BRINIDJA", "pain.002.001.03"),
        ("BDKIIDJA", "pain.002.001.12"),
    ] {
        let (_, file) = pain001(&bank, payroll, bic).await;
        rejected += file
            .split("<InstdAmt Ccy=\"IDR\">")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .unwrap()
            .parse::<i64>()
            .unwrap();
        let report = answer(&file, version, &format!("{bic}-1"), &[0]);
        assert_eq!(
            post_file(&bank, STATUS, "application/xml", report).await.0,
            200
        );
    }
    let (status, closed) = maker
        .post(&format!("/api/v1/cycles/{cycle}/close"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    rejected
}

/// The CSV and the page show what the JSON does: paid, committed, returned, recipients.
async fn downloads_agree(app: &TestApp, body: &Value, figures: [i64; 4]) {
    let [paid, committed, returned, recipients] = figures;
    let csv = app
        .text("/anggaran-publik.csv?wilayah=31.75&program=SEMBAKO")
        .await;
    let mut rows = csv.lines();
    let header: Vec<&str> = rows.next().unwrap().split(',').collect();
    let cells: Vec<&str> = rows.next().unwrap().split(',').collect();
    let cell = |name: &str| cells[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(cell("dibayar"), paid.to_string());
    assert_eq!(cell("dikembalikan"), returned.to_string());
    assert_eq!(cell("terikat"), committed.to_string());
    assert_eq!(cell("penerima"), recipients.to_string());
    assert_eq!(
        cell("ukuran_checkpoint"),
        body["checkpoint_tree_size"].to_string()
    );

    let page = app
        .text("/anggaran-publik?wilayah=31.75&program=SEMBAKO")
        .await;
    let shown = tepat::budgets::model::rupiah(paid);
    assert!(
        page.contains(&format!("data-figure=\"paid\">{shown}<")),
        "{page}"
    );
    assert!(page.contains("<svg class=\"chart\""));
    assert!(
        page.contains("href=\"/anggaran-publik.csv?wilayah=31.75&#38;program=SEMBAKO\""),
        "{page}"
    );
    assert!(page.contains("href=\"/log/checkpoint\""));
}

#[tokio::test]
async fn realisation_follows_the_ledger_and_the_page_csv_and_json_agree() {
    let app = TestApp::spawn().await;
    let rejected = paid_and_closed(&app).await;
    let paid = scalar(&app, "SELECT CAST(SUM(amount) AS BIGINT) FROM ledger_transfers WHERE code = 'pay' AND phase = 'post'").await;
    let committed = scalar(
        &app,
        "SELECT amount FROM ledger_transfers WHERE code = 'envelope'",
    )
    .await;
    let returned = scalar(
        &app,
        "SELECT amount FROM ledger_transfers WHERE code = 'return'",
    )
    .await;
    let recipients = scalar(
        &app,
        "SELECT COUNT(*) FROM entitlements WHERE status = 'paid'",
    )
    .await;
    assert_eq!(returned, rejected, "the refused payments went back");

    let response = app
        .get("/anggaran-publik.json?wilayah=31.75&program=SEMBAKO")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    let line = &body["lines"][0];
    assert_eq!(body["lines"].as_array().unwrap().len(), 1, "{body}");
    assert_eq!(
        line["plan"], 5_000_000,
        "inside the line, a region's plan is its allocation"
    );
    assert_eq!(line["allocated"], 5_000_000);
    assert_eq!(line["committed"], committed);
    assert_eq!(line["paid"], paid);
    assert_eq!(line["returned"], returned);
    assert_eq!(line["reached"], paid);
    assert_eq!(line["recipients"], recipients);
    assert_eq!(line["unit_cost"], paid / recipients);
    assert_eq!(line["gap"], 5_000_000 - paid);
    let months = line["months"].as_array().unwrap();
    let monthly_paid: i64 = months.iter().map(|m| m["paid"].as_i64().unwrap()).sum();
    assert_eq!(monthly_paid, paid);
    assert!(body["checkpoint_tree_size"].is_u64());

    let whole: Value = app.get("/anggaran-publik.json").await.json().await.unwrap();
    assert_eq!(
        whole["lines"][0]["plan"], 10_000_000,
        "the whole line's plan"
    );
    let outside = app
        .get("/anggaran-publik.json?wilayah=32")
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(
        outside["lines"][0]["paid"], 0,
        "nothing was paid in Jawa Barat"
    );

    downloads_agree(&app, &body, [paid, committed, returned, recipients]).await;
    let bad = app.get("/anggaran-publik.json?wilayah=jakarta").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert!(bad.text().await.unwrap().contains("wilayah"));
    let bad = app.get("/anggaran-publik.csv?program=XYZ").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    ledger_clean(&app).await;
}

#[tokio::test]
async fn a_revision_shows_on_the_public_page_with_its_reason() {
    let app = TestApp::spawn().await;
    let (_, maker) = official(&app, "kemensos.a", "ministry_officer", None).await;
    let (_, checker) = official(&app, "kemensos.b", "ministry_officer", None).await;
    let line = json!({"programme": "PKH", "year": 2027, "source": "APBN", "amount": 8_000_000,
                      "purpose": "Bantuan PKH tahun 2027"});
    let (_, created) = maker.post("/api/v1/budgets", line).await;
    let id = created["id"].as_i64().unwrap();
    let raise = json!({"amount": 9_000_000, "reason": "Tambahan kuota lansia"});
    let (_, revision) = maker
        .post(&format!("/api/v1/budgets/{id}/revisions"), raise)
        .await;
    let approve = format!("/api/v1/budget-revisions/{}/approve", revision["id"]);
    assert_eq!(checker.post(&approve, json!({})).await.0, StatusCode::OK);

    let body: Value = app
        .get("/anggaran-publik.json?program=PKH")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["lines"][0]["plan"], 9_000_000);
    assert_eq!(body["lines"][0]["version"], 2);
    let months = body["lines"][0]["months"].as_array().unwrap();
    assert_eq!(
        months.last().unwrap()["plan"],
        9_000_000,
        "the plan over time follows the ledger"
    );
    let page = app.text(&format!("/anggaran-publik/pagu/{id}")).await;
    assert!(page.contains("Tambahan kuota lansia"), "{page}");
    assert!(page.contains("Rp8.000.000 → Rp9.000.000"), "{page}");
}

async fn comment(app: &TestApp, line: i64, body: &str) -> reqwest::Response {
    let page = format!("/anggaran-publik/pagu/{line}");
    app.post_form(
        &page,
        &format!("{page}/komentar"),
        &[("name", ""), ("body", body)],
    )
    .await
}

/// An auditor may not hide a comment (403); another province does not see it (404).
async fn outsiders_refused(app: &TestApp, page: &str, hide: &str) {
    for (username, role, region, expected) in [
        ("audit", "auditor", None, StatusCode::FORBIDDEN),
        (
            "dinsos.jabar",
            "province_officer",
            Some("32"),
            StatusCode::NOT_FOUND,
        ),
    ] {
        app.add_account(username, role, region).await;
        let client = TestApp::new_client();
        app.login_with(&client, username, crate::common::PASSWORD)
            .await;
        let csrf = app.csrf_with(&client, page).await;
        let refused = client
            .post(app.url(hide))
            .form(&[("csrf_token", csrf.as_str()), ("reason", "Kata kasar")])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), expected, "{username}");
    }
}

#[tokio::test]
async fn citizens_comment_moderators_hide_with_a_reason_and_a_flood_is_refused() {
    let app = TestApp::spawn().await;
    let (_, dki) = official(&app, "dinsos.dki", "province_officer", Some("31")).await;
    let regional = json!({"programme": "PKH", "year": 2027, "source": "APBD",
                          "amount": 5_000_000, "purpose": "Bantuan PKH DKI"});
    let (_, created) = dki.post("/api/v1/budgets", regional).await;
    let id = created["id"].as_i64().unwrap();
    let page = format!("/anggaran-publik/pagu/{id}");

    let short = comment(&app, id, "x").await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    for n in 0..5 {
        let sent = comment(&app, id, &format!("Komentar warga ke-{n} tentang pagu")).await;
        assert_eq!(sent.status(), StatusCode::SEE_OTHER, "comment {n}");
    }
    let flood = comment(&app, id, "Satu komentar terlalu banyak").await;
    assert_eq!(flood.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        app.count("budget_comments").await,
        5,
        "the flood wrote nothing"
    );
    let first: i64 = scalar(&app, "SELECT MIN(id) FROM budget_comments").await;
    let hide = format!("/anggaran-publik/komentar/{first}/sembunyikan");

    outsiders_refused(&app, &page, &hide).await;
    app.add_account("dinsos.dki.mod", "province_officer", Some("31"))
        .await;
    app.login("dinsos.dki.mod").await;
    let bare = app.post_form(&page, &hide, &[("reason", "")]).await;
    assert_eq!(bare.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let hidden = app
        .post_form(&page, &hide, &[("reason", "Berisi kata kasar")])
        .await;
    assert_eq!(hidden.status(), StatusCode::SEE_OTHER);
    let shown = app.text(&page).await;
    assert!(shown.contains("1 komentar disembunyikan"), "{shown}");
    assert!(
        !shown.contains("Komentar warga ke-0 "),
        "the hidden comment is not shown"
    );
    assert!(shown.contains("Komentar warga ke-1 tentang pagu"));
    assert_eq!(
        app.count("budget_comments").await,
        5,
        "hidden, never deleted"
    );
    let events = scalar(
        &app,
        "SELECT COUNT(*) FROM events WHERE action LIKE 'budget.comment_%'",
    )
    .await;
    assert_eq!(events, 6);
}
