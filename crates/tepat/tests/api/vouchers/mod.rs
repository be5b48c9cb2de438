//! Vouchers on a real server: merchants registered by a district officer, a Sembako
//! cycle's vouchers issued into the ledger, spent at two e-warong by typed code and by
//! QR text, every bad voucher and basket refused, and a voucher never overspent however
//! many merchants spend it at the same instant.

mod bad;
mod group;
mod limits;
pub mod offline;
mod page;
mod race;
mod settle;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::TestApp;
use crate::cycles::approved_cycle;
use crate::enrolment::{Api, refusal};
use crate::proposals::official;

pub const SEMBAKO: [&str; 5] = ["beras", "buah", "lauk", "sayur", "telur"];

/// Registers a shop in Klender selling `categories` of Sembako, with its sign-in account;
/// the shop's id and an API client as the shop.
pub async fn shop<'a>(
    app: &'a TestApp,
    district: &Api<'_>,
    code: &str,
    categories: &[&str],
) -> (i64, Api<'a>) {
    let (_, merchant) = official(app, code, "merchant", Some("31.75.07.1003")).await;
    let body = json!({
        "code": code, "name": format!("E-Warong {code}"), "owner_name": "Ibu Sari",
        "region": "31.75.07.1003", "latitude": -6.2207, "longitude": 106.9309,
        "bank_bic": "BDKIIDJA", "account_number": "1234567890", "account": code,
        "goods": [{"programme": "SEMBAKO", "categories": categories}]
    });
    let (status, registered) = district.post("/api/v1/merchants", body).await;
    assert_eq!(status, StatusCode::CREATED, "{registered}");
    (registered["id"].as_i64().unwrap(), merchant)
}

/// An approved Sembako cycle with its vouchers issued for Jakarta Timur: (cycle, the
/// district officer who issued them, the listed vouchers).
pub async fn issued(app: &TestApp) -> (i64, Api<'_>, Vec<Value>) {
    let (cycle, maker, _) = approved_cycle(app).await;
    let path = format!("/api/v1/cycles/{cycle}/vouchers");
    let (status, done) = maker.post(&path, json!({"region": "31.75"})).await;
    assert_eq!(status, StatusCode::CREATED, "{done}");
    assert_eq!(done["count"], 6);
    let (status, list) = maker
        .get("/api/v1/vouchers?region=31.75&status=active")
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let items = list["items"].as_array().unwrap().clone();
    (cycle, maker, items)
}

/// Spends a voucher at a shop.
pub async fn spend(merchant: &Api<'_>, voucher: &str, items: Value) -> (StatusCode, Value) {
    merchant
        .post(
            "/api/v1/redemptions",
            json!({"voucher": voucher, "items": items}),
        )
        .await
}

pub fn line(category: &str, amount: i64) -> Value {
    json!([{"category": category, "description": format!("{category} 1 paket"),
            "quantity": 1, "amount": amount}])
}

pub async fn ledger_clean(app: &TestApp) {
    let report = tepat::ledger::check::check(&app.db).await.unwrap();
    assert!(report.violations.is_empty(), "{:?}", report.violations);
}

#[tokio::test]
async fn a_sembako_voucher_is_issued_and_spent_at_two_e_warong() {
    let app = TestApp::spawn().await;
    let (cycle, district, vouchers) = issued(&app).await;
    assert_eq!(vouchers.len(), 6);
    let first = &vouchers[0];
    assert_eq!(first["programme"], "SEMBAKO");
    assert_eq!(first["categories"], json!(SEMBAKO));
    assert_eq!(first["remaining"], first["amount"]);
    let amount = first["amount"].as_i64().unwrap();
    let (_, klender) = shop(&app, &district, "warong.klender", &SEMBAKO).await;
    let (_, beras) = shop(&app, &district, "warong.beras", &["beras"]).await;

    let code = first["code"].as_str().unwrap();
    let typed = format!("{}-{}-{}", &code[..4], &code[4..8], &code[8..]).to_lowercase();
    let (status, done) = spend(&klender, &typed, line("telur", 30_000)).await;
    assert_eq!(status, StatusCode::CREATED, "{done}");
    assert_eq!(done["amount"], 30_000);
    assert_eq!(done["remaining"], amount - 30_000);

    let qr: String = sqlx::query_scalar("SELECT payload FROM vouchers WHERE id = $1")
        .bind(first["id"].as_i64().unwrap())
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(qr.starts_with("TPV1."));
    let key = crate::programmes::key();
    let body = json!({"voucher": qr, "items": line("beras", 50_000)});
    let (status, paid) = beras
        .post_keyed("/api/v1/redemptions", body.clone(), &key)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{paid}");
    assert_eq!(paid["remaining"], amount - 80_000);
    let (status, again) = beras.post_keyed("/api/v1/redemptions", body, &key).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(again["id"], paid["id"], "the same key is the same purchase");

    let (_, list) = district.get("/api/v1/vouchers?region=31.75.07").await;
    let listed = list["items"].as_array().unwrap();
    let after = listed.iter().find(|v| v["id"] == first["id"]).unwrap();
    assert_eq!(after["remaining"], amount - 80_000, "spent once, not twice");
    let redeemed = "SELECT COUNT(*) FROM ledger_transfers WHERE code = 'redemption'";
    let count: i64 = sqlx::query_scalar(redeemed)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 2);
    let events: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE action = 'voucher.redeemed'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(events, 2, "each redemption is one log entry");
    let (status, none) = district
        .post(
            &format!("/api/v1/cycles/{cycle}/vouchers"),
            json!({"region": "31.75"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "issued once: {none}");
    assert_eq!(refusal(&none).1, "nothing_to_issue");
    ledger_clean(&app).await;
}

#[tokio::test]
async fn merchants_are_registered_in_the_officers_region_and_see_only_their_shop() {
    let app = TestApp::spawn().await;
    let (_, district) = official(&app, "dinsos.jaktim", "district_officer", Some("31.75")).await;
    let (id, klender) = shop(&app, &district, "warong.klender", &SEMBAKO).await;
    let (_, other) = shop(&app, &district, "warong.lain", &["beras"]).await;
    let (status, own) = klender.get("/api/v1/merchants").await;
    assert_eq!(status, StatusCode::OK);
    let codes: Vec<&str> = own["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["warong.klender"], "a shop sees only itself");
    let (_, all) = district.get("/api/v1/merchants").await;
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    let (status, _) = other
        .post(
            &format!("/api/v1/merchants/{id}/suspend"),
            json!({"reason": "bukan urusan saya"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a shop cannot suspend another"
    );
    let suspend = format!("/api/v1/merchants/{id}/suspend");
    let (status, short) = district.post(&suspend, json!({"reason": "x"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refusal(&short), ("reason".to_owned(), "length".to_owned()));
    let reason = "menjual paket wajib kepada penerima";
    let (status, done) = district.post(&suspend, json!({"reason": reason})).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["status"], "suspended");
    assert_eq!(done["suspended_reason"], reason);
    let (status, _) = district.post(&suspend, json!({"reason": reason})).await;
    assert_eq!(status, StatusCode::CONFLICT, "suspended once");
}

#[tokio::test]
async fn closing_the_cycle_returns_what_vouchers_did_not_spend_to_the_treasury() {
    let app = TestApp::spawn().await;
    let (cycle, district, vouchers) = issued(&app).await;
    let (_, klender) = shop(&app, &district, "warong.klender", &SEMBAKO).await;
    let code = vouchers[0]["code"].as_str().unwrap();
    assert_eq!(
        spend(&klender, code, line("beras", 40_000)).await.0,
        StatusCode::CREATED
    );
    let lost = format!("/api/v1/vouchers/{}/revoke", vouchers[1]["id"]);
    let (status, _) = district
        .post(&lost, json!({"reason": "kartu dilaporkan hilang"}))
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a revoked voucher's money returns too"
    );
    let issued: i64 = vouchers.iter().map(|v| v["amount"].as_i64().unwrap()).sum();
    let treasury = "SELECT credits_posted FROM ledger_accounts WHERE kind = 'treasury'";
    let before: i64 = sqlx::query_scalar(treasury)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let (status, closed) = district
        .post(&format!("/api/v1/cycles/{cycle}/close"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    let after: i64 = sqlx::query_scalar(treasury)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let (_, control) = district.get(&format!("/api/v1/cycles/{cycle}")).await;
    let envelope_left = control["cycle"]["control_amount"].as_i64().unwrap() - issued;
    assert_eq!(
        after - before,
        issued - 40_000 + envelope_left,
        "every unspent rupiah went back"
    );
    let (_, list) = district.get("/api/v1/vouchers?region=31.75").await;
    assert_eq!(list["items"], json!([]), "no voucher is active any more");
    let (status, late) = spend(&klender, code, line("beras", 1_000)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(refusal(&late).1, "closed");
    ledger_clean(&app).await;
}
