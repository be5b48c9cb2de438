//! Revisions: proposed, approved by another official, the ledger moved by the difference;
//! below what is committed, self-approved, rejected without a note — each refused.

use reqwest::StatusCode;
use serde_json::json;

use super::{ledger_clean, rule, scalar};
use crate::common::TestApp;
use crate::proposals::official;

fn line(amount: i64) -> serde_json::Value {
    json!({"programme": "PKH", "year": 2027, "source": "APBN", "amount": amount,
           "purpose": "Bantuan PKH tahun 2027"})
}

const LINE_BALANCE: &str =
    "SELECT credits_posted - debits_posted FROM ledger_accounts WHERE kind = 'budget_line'";
const TREASURY: &str =
    "SELECT credits_posted - debits_posted FROM ledger_accounts WHERE kind = 'treasury'";

#[tokio::test]
async fn a_line_is_revised_by_one_official_and_approved_by_another_with_the_ledger_moved() {
    let app = TestApp::spawn().await;
    let (_, maker) = official(&app, "kemensos.a", "ministry_officer", None).await;
    let (_, checker) = official(&app, "kemensos.b", "ministry_officer", None).await;
    let (_, created) = maker.post("/api/v1/budgets", line(10_000_000)).await;
    let id = created["id"].as_i64().unwrap();
    let revisions = format!("/api/v1/budgets/{id}/revisions");

    let raise = json!({"amount": 12_500_000, "reason": "Tambahan kuota PKH dari APBN-P"});
    let (status, proposed) = maker.post(&revisions, raise).await;
    assert_eq!(status, StatusCode::CREATED, "{proposed}");
    assert_eq!(proposed["status"], "submitted");
    assert_eq!(
        proposed["purpose"], "Bantuan PKH tahun 2027",
        "purpose kept"
    );
    let first = proposed["id"].as_i64().unwrap();
    let (_, unchanged) = maker.get(&format!("/api/v1/budgets/{id}")).await;
    assert_eq!(
        unchanged["line"]["amount"], 10_000_000,
        "nothing moves before approval"
    );
    assert_eq!(scalar(&app, LINE_BALANCE).await, 10_000_000);

    let (status, approved) = checker
        .post(
            &format!("/api/v1/budget-revisions/{first}/approve"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(approved["version"], 2);
    assert_eq!(approved["previous_amount"], 10_000_000);
    assert_eq!(approved["transfer_id"], format!("revision:{first}"));
    assert_eq!(scalar(&app, LINE_BALANCE).await, 12_500_000);
    assert_eq!(scalar(&app, TREASURY).await, -12_500_000);

    let cut = json!({"amount": 9_000_000, "purpose": "PKH 2027 setelah efisiensi",
                     "reason": "Efisiensi anggaran sesuai Inpres"});
    let (_, proposed) = checker.post(&revisions, cut).await;
    let second = proposed["id"].as_i64().unwrap();
    let (status, approved) = maker
        .post(
            &format!("/api/v1/budget-revisions/{second}/approve"),
            json!({"note": "Sesuai"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(approved["version"], 3);
    assert_eq!(
        scalar(&app, LINE_BALANCE).await,
        9_000_000,
        "a cut returns money"
    );
    assert_eq!(scalar(&app, TREASURY).await, -9_000_000);

    versions_kept(&app, &maker, id).await;
    ledger_clean(&app).await;
}

/// The line at version 3 with both versions listed and the line as planned kept.
async fn versions_kept(app: &TestApp, maker: &crate::enrolment::Api<'_>, id: i64) {
    let checker = maker;
    let revisions = format!("/api/v1/budgets/{id}/revisions");
    let (_, detail) = maker.get(&format!("/api/v1/budgets/{id}")).await;
    assert_eq!(detail["line"]["amount"], 9_000_000);
    assert_eq!(detail["line"]["version"], 3);
    assert_eq!(detail["line"]["purpose"], "PKH 2027 setelah efisiensi");
    assert_eq!(detail["line"]["available"], 9_000_000);
    let (status, listed) = checker.get(&revisions).await;
    assert_eq!(status, StatusCode::OK);
    let versions: Vec<_> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["version"].as_i64(), r["amount"].as_i64().unwrap()))
        .collect();
    assert_eq!(versions, [(Some(3), 9_000_000), (Some(2), 12_500_000)]);
    let planned: i64 = scalar(app, "SELECT amount FROM budget_lines").await;
    assert_eq!(
        planned, 10_000_000,
        "the line as planned is kept, never overwritten"
    );
    let events = scalar(
        app,
        "SELECT COUNT(*) FROM events WHERE action LIKE 'budget.revision_%'",
    )
    .await;
    assert_eq!(events, 4);
}

/// An allocation of `amount` of line `id` to `region`, approved.
async fn allocated(
    maker: &crate::enrolment::Api<'_>,
    checker: &crate::enrolment::Api<'_>,
    id: i64,
    region: &str,
    amount: i64,
) {
    let (_, allocation) = maker
        .post(
            &format!("/api/v1/budgets/{id}/allocations"),
            json!({"region": region, "amount": amount, "note": "Alokasi wilayah"}),
        )
        .await;
    let approve = format!("/api/v1/budget-allocations/{}/approve", allocation["id"]);
    assert_eq!(checker.post(&approve, json!({})).await.0, StatusCode::OK);
}

#[tokio::test]
async fn revisions_below_committed_self_approved_or_rejected_without_a_note_are_refused() {
    let app = TestApp::spawn().await;
    let (_, maker) = official(&app, "kemensos.a", "ministry_officer", None).await;
    let (_, checker) = official(&app, "kemensos.b", "ministry_officer", None).await;
    let (_, created) = maker.post("/api/v1/budgets", line(10_000_000)).await;
    let id = created["id"].as_i64().unwrap();
    allocated(&maker, &checker, id, "31", 6_000_000).await;
    let revisions = format!("/api/v1/budgets/{id}/revisions");

    let below = json!({"amount": 5_000_000, "reason": "Pemotongan anggaran daerah"});
    let (status, refused) = maker.post(&revisions, below).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(rule(&refused), "amount/below_committed");
    assert!(refused.to_string().contains("Rp6,000,000"), "{refused}");

    // Allowed when proposed, but the line commits more before approval: refused then.
    let cut = json!({"amount": 7_000_000, "reason": "Pemotongan anggaran daerah"});
    let (status, proposed) = maker.post(&revisions, cut).await;
    assert_eq!(status, StatusCode::CREATED, "{proposed}");
    let revision = proposed["id"].as_i64().unwrap();
    allocated(&maker, &checker, id, "32", 2_000_000).await;

    let decide = |verb: &str| format!("/api/v1/budget-revisions/{revision}/{verb}");
    let (status, own) = maker.post(&decide("approve"), json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{own}");
    assert_eq!(rule(&own), "checker/four_eyes");
    let (status, late) = checker.post(&decide("approve"), json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{late}");
    assert_eq!(rule(&late), "amount/below_committed");
    assert!(late.to_string().contains("Rp8,000,000"), "{late}");
    let (status, bare) = checker.post(&decide("reject"), json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bare}");
    assert_eq!(rule(&bare), "note/length");

    let (_, detail) = maker.get(&format!("/api/v1/budgets/{id}")).await;
    assert_eq!(detail["line"]["amount"], 10_000_000, "nothing changed");
    assert_eq!(detail["line"]["version"], 1);
    assert_eq!(scalar(&app, LINE_BALANCE).await, 2_000_000);
    let (_, listed) = maker.get(&revisions).await;
    assert_eq!(listed["items"][0]["status"], "submitted");

    let (status, rejected) = checker
        .post(
            &decide("reject"),
            json!({"note": "Alokasi sudah bertambah"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{rejected}");
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(rejected["transfer_id"], serde_json::Value::Null);
    let (status, twice) = checker.post(&decide("approve"), json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(rule(&twice), "status/submitted");
    ledger_clean(&app).await;
}

#[tokio::test]
async fn bad_revision_input_names_the_field_and_outsiders_meet_403_or_404() {
    let app = TestApp::spawn().await;
    let (_, dki) = official(&app, "dinsos.dki", "province_officer", Some("31")).await;
    let (_, dki2) = official(&app, "dinsos.dki.2", "province_officer", Some("31")).await;
    let (_, jabar) = official(&app, "dinsos.jabar", "province_officer", Some("32")).await;
    let (_, district) = official(&app, "dinsos.jaktim", "district_officer", Some("31.75")).await;
    let regional = json!({"programme": "PKH", "year": 2027, "source": "APBD",
                          "amount": 5_000_000, "purpose": "Bantuan PKH DKI"});
    let (_, created) = dki.post("/api/v1/budgets", regional).await;
    let revisions = format!("/api/v1/budgets/{}/revisions", created["id"]);
    for (body, expected) in [
        (
            json!({"amount": 0, "reason": "Alasan yang cukup panjang"}),
            "amount/range",
        ),
        (
            json!({"amount": 6_000_000, "reason": "pendek"}),
            "reason/length",
        ),
        (
            json!({"amount": 6_000_000, "purpose": "x", "reason": "Alasan yang cukup panjang"}),
            "purpose/length",
        ),
        (
            json!({"amount": 5_000_000, "reason": "Alasan yang cukup panjang"}),
            "amount/unchanged",
        ),
    ] {
        let (status, problem) = dki.post(&revisions, body.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body} → {problem}"
        );
        assert_eq!(rule(&problem), expected, "{body}");
    }
    let good = json!({"amount": 6_000_000, "reason": "Tambahan dari APBD perubahan"});
    let (status, _) = district.post(&revisions, good.clone()).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "district officers do not revise budgets"
    );
    let (status, _) = jabar.post(&revisions, good.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another province's line");
    let (status, _) = jabar.get(&revisions).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, proposed) = dki.post(&revisions, good).await;
    let approve = format!("/api/v1/budget-revisions/{}/approve", proposed["id"]);
    let (status, _) = jabar.post(&approve, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = district.post(&approve, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM budget_revisions").await,
        1,
        "refusals leave no trace"
    );
    let (status, approved) = dki2.post(&approve, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    ledger_clean(&app).await;
}
