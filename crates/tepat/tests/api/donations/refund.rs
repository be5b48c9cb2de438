//! Refunds: money paid to a need that was then withdrawn stays on the need's account until
//! a money official records its return with the bank's reference; the ledger moves it back
//! to the donors' account and the donor sees the reference. Money of an open need, an
//! unpaid pledge or a bad reference is refused and changes nothing.

use reqwest::StatusCode;
use serde_json::json;

use super::*;

/// A need of 500,000 in Klender with 200,000 paid and 100,000 only pledged, then
/// withdrawn: (need, paid pledge, unpaid pledge).
async fn withdrawn_with_money_paid(app: &TestApp, p: &People<'_>) -> (i64, Value, Value) {
    let home = household(app, KLENDER, "Sri Wahyuni", 61).await;
    let (_, need) = p
        .facilitator
        .post("/api/v1/needs", money_need(app, home, 500_000))
        .await;
    let id = need["id"].as_i64().unwrap();
    let pledges = format!("/api/v1/needs/{id}/pledges");
    let money = |amount: i64| json!({"amount_rupiah": amount, "channel": "transfer"});
    let (_, paid) = p.donor.post(&pledges, money(200_000)).await;
    let (_, unpaid) = p.donor.post(&pledges, money(100_000)).await;
    let notice = json!({"reference": paid["payment_reference"], "amount_rupiah": 200_000});
    let (status, _) = p.bank.post("/api/v1/donations/payments", notice).await;
    assert_eq!(status, StatusCode::OK);
    let refund = format!("/api/v1/pledges/{}/refund", paid["id"]);
    let (status, early) = p
        .bank
        .post(&refund, json!({"bank_reference": "RTR-2026-0001"}))
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "an open need keeps its money: {early}"
    );
    assert_eq!(rule_of(&early), ("pledge".into(), "not-refundable".into()));
    let withdraw = json!({"method": "signed_form", "note": "Keluarga pindah ke Bekasi"});
    let (status, _) = p
        .facilitator
        .post(&format!("/api/v1/needs/{id}/withdraw"), withdraw)
        .await;
    assert_eq!(status, StatusCode::OK);
    (id, paid, unpaid)
}

/// The need's ledger account holds nothing and is promised nothing.
async fn need_account_empty(app: &TestApp, need: &Value) {
    let need_account = format!("need:{}", need);
    let balance: (i64, i64, i64) = sqlx::query_as(
        "SELECT credits_posted - debits_posted, debits_pending, credits_pending \
         FROM ledger_accounts WHERE code = $1",
    )
    .bind(need_account)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        balance,
        (0, 0, 0),
        "nothing left on or promised to the need's account"
    );
}

/// Bad references, an unpaid pledge and a donor refunding itself are refused, and nothing
/// changes.
async fn refusals_change_nothing(app: &TestApp, p: &People<'_>, paid: &Value, unpaid: &Value) {
    let refund = |pledge: &Value| format!("/api/v1/pledges/{}/refund", pledge["id"]);
    let before = footprint(app).await;
    for (pledge, body, field, rule) in [
        (
            &paid,
            json!({"bank_reference": ""}),
            "bank_reference",
            "required",
        ),
        (
            &paid,
            json!({"bank_reference": "ref dengan spasi"}),
            "bank_reference",
            "format",
        ),
        (
            &unpaid,
            json!({"bank_reference": "RTR-2026-0001"}),
            "pledge",
            "not-refundable",
        ),
    ] {
        let (status, problem) = p.bank.post(&refund(pledge), body).await;
        assert!(status.is_client_error(), "{problem}");
        assert_eq!(rule_of(&problem), (field.into(), rule.into()), "{problem}");
    }
    let (status, _) = p
        .donor
        .post(&refund(paid), json!({"bank_reference": "RTR-2026-0001"}))
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a donor does not refund itself"
    );
    assert_eq!(footprint(app).await, before, "nothing changed");
}

#[tokio::test]
async fn money_paid_to_a_withdrawn_need_goes_back_to_its_donor_with_the_banks_reference() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let (_, paid, unpaid) = withdrawn_with_money_paid(&app, &p).await;
    let refund = |pledge: &Value| format!("/api/v1/pledges/{}/refund", pledge["id"]);

    refusals_change_nothing(&app, &p, &paid, &unpaid).await;

    let (status, done) = p
        .bank
        .post(&refund(&paid), json!({"bank_reference": "RTR-2026-0001"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["status"], "refunded");
    assert_eq!(done["refund_reference"], "RTR-2026-0001");
    let (to, text): (String, String) =
        sqlx::query_as("SELECT address, body FROM notifications WHERE kind = 'donation.refunded'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(to, "donatur@contoh.id", "the donor is told");
    assert!(
        text.contains("RTR-2026-0001") && text.contains("200.000"),
        "{text}"
    );
    let (status, _) = p
        .bank
        .post(&refund(&paid), json!({"bank_reference": "RTR-2026-0002"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "refunded once");

    let (_, mine) = p
        .donor
        .get(&format!("/api/v1/pledges/{}", paid["id"]))
        .await;
    assert_eq!(mine["pledge"]["refund_reference"], "RTR-2026-0001");
    let steps: Vec<&str> = mine["proofs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["action"].as_str().unwrap())
        .collect();
    assert_eq!(steps.last(), Some(&"donation.refunded"));
    need_account_empty(&app, &paid["need_id"]).await;
    ledger_holds(&app).await;
}

#[tokio::test]
async fn the_district_officer_records_a_refund_on_the_refunds_page() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let (_, paid, _) = withdrawn_with_money_paid(&app, &p).await;
    let id = paid["id"].as_i64().unwrap();
    let officer = TestApp::new_client();
    app.login_with(&officer, "dinsos.jaktim", crate::common::PASSWORD)
        .await;
    let listed = officer
        .get(app.url("/donasi/pengembalian"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        listed.contains(&format!("id=\"janji-{id}\"")),
        "listed to return"
    );
    assert!(listed.contains("200.000"));

    let send = |reference: &str| {
        let officer = officer.clone();
        let reference = reference.to_owned();
        let app = &app;
        async move {
            let csrf = app.csrf_with(&officer, "/donasi/pengembalian").await;
            officer
                .post(app.url(&format!("/donasi/janji/{id}/kembalikan")))
                .form(&[("csrf_token", csrf), ("bank_reference", reference)])
                .send()
                .await
                .unwrap()
        }
    };
    let refused = send("x").await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("4 sampai 35 huruf"));
    let done = send("RTR-2026-0009").await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let after = officer
        .get(app.url(&format!("/donasi/pengembalian?selesai={id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(after.contains("sudah dicatat di buku besar"));
    assert!(
        !after.contains(&format!("id=\"janji-{id}\"")),
        "no longer waiting"
    );
    ledger_holds(&app).await;
}
