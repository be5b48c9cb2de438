//! Paying e-warong for the vouchers they took: a district officer settles a region, one
//! pain.001 file per bank (valid against its schema) with a line per shop; the shops'
//! ledger accounts are emptied into the bank's settlement account; nothing is paid twice,
//! not even by two settlements at once; later purchases wait for the next settlement.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{SEMBAKO, issued, ledger_clean, line, shop, spend};
use crate::common::TestApp;
use crate::enrolment::{Api, refusal};
use crate::payments::assert_valid;

async fn file(api: &Api<'_>, id: &Value) -> (StatusCode, String) {
    let path = format!("/api/v1/merchant-settlements/{id}/pain001");
    let response = api
        .app
        .client
        .get(api.app.url(&path))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

async fn balance(app: &TestApp, code: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT credits_posted - debits_posted - debits_pending FROM ledger_accounts \
         WHERE code = $1",
    )
    .bind(code.to_owned())
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn shops_are_paid_what_their_redemptions_came_to_once_by_a_bank_file() {
    let app = TestApp::spawn().await;
    let (_, district, vouchers) = issued(&app).await;
    let (_, klender) = shop(&app, &district, "warong.klender", &SEMBAKO).await;
    let (_, cipinang) = shop(&app, &district, "warong.cipinang", &SEMBAKO).await;
    let code = |i: usize| vouchers[i]["code"].as_str().unwrap().to_owned();
    spend(&klender, &code(0), line("beras", 30_000)).await;
    spend(&klender, &code(1), line("telur", 20_000)).await;
    spend(&cipinang, &code(2), line("lauk", 45_000)).await;

    let (status, done) = district
        .post("/api/v1/merchant-settlements", json!({"region": "31.75"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{done}");
    let settlement = &done["items"][0];
    assert_eq!(done["items"].as_array().unwrap().len(), 1, "one bank");
    assert_eq!(settlement["bank"], "BDKIIDJA");
    assert_eq!(settlement["merchants"], 2);
    assert_eq!(settlement["total"], 95_000);
    let (status, xml) = file(&district, &settlement["id"]).await;
    assert_eq!(status, StatusCode::OK);
    assert_valid(&xml, "pain.001.001.09.xsd");
    assert!(
        xml.contains("<NbOfTxs>2</NbOfTxs><CtrlSum>95000</CtrlSum>"),
        "{xml}"
    );
    assert!(
        xml.contains("<InstdAmt Ccy=\"IDR\">50000</InstdAmt>"),
        "klender's two"
    );
    assert_eq!(
        file(&district, &settlement["id"]).await.1,
        xml,
        "the same bytes again"
    );
    assert_eq!(balance(&app, "merchant:warong.klender").await, 0);
    assert_eq!(balance(&app, "settlement:BDKIIDJA").await, 95_000);

    let (status, again) = district
        .post("/api/v1/merchant-settlements", json!({"region": "31.75"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert_eq!(refusal(&again).1, "nothing_to_settle");
    spend(&cipinang, &code(3), line("beras", 10_000)).await;
    let (_, next) = district
        .post(
            "/api/v1/merchant-settlements",
            json!({"region": "31.75.07"}),
        )
        .await;
    assert_eq!(
        next["items"][0]["total"], 10_000,
        "only what came after: {next}"
    );
    let (_, list) = district
        .get("/api/v1/merchant-settlements?region=31.75")
        .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    ledger_clean(&app).await;
}

#[tokio::test]
async fn two_settlements_at_once_pay_each_redemption_once_and_bad_callers_are_refused() {
    let app = TestApp::spawn().await;
    let (_, district, vouchers) = issued(&app).await;
    let (_, klender) = shop(&app, &district, "warong.klender", &SEMBAKO).await;
    for (i, voucher) in vouchers.iter().take(4).enumerate() {
        let amount = 10_000 * (i as i64 + 1);
        spend(
            &klender,
            voucher["code"].as_str().unwrap(),
            line("beras", amount),
        )
        .await;
    }
    let body = json!({"region": "31.75"});
    let (a, b) = tokio::join!(
        district.post("/api/v1/merchant-settlements", body.clone()),
        district.post("/api/v1/merchant-settlements", body.clone()),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::CREATED, StatusCode::CONFLICT],
        "{a:?} {b:?}"
    );
    assert_eq!(
        balance(&app, "settlement:BDKIIDJA").await,
        100_000,
        "paid once"
    );
    let lines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM merchant_settlement_lines")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(lines, 1);

    let (status, outside) = district
        .post("/api/v1/merchant-settlements", json!({"region": "32.01"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{outside}");
    assert_eq!(refusal(&outside), ("region".into(), "in_scope".into()));
    let (status, _) = klender.post("/api/v1/merchant-settlements", body).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a shop does not pay itself");
    let (status, _) = file(&klender, &json!(1)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    ledger_clean(&app).await;
}
