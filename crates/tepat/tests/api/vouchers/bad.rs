//! Every bad voucher and basket is refused with its own rule, and nothing is spent: a
//! forged, altered, unknown, revoked or expired voucher, goods the programme does not pay
//! for (cash-out disguised as goods), goods the shop may not sell, a basket over the
//! balance, a suspended shop, an account that is no shop, a bad merchant registration.

use reqwest::StatusCode;
use serde_json::json;

use super::{SEMBAKO, issued, ledger_clean, line, shop, spend};
use crate::common::TestApp;
use crate::enrolment::refusal;
use crate::proposals::official;

fn rule(problem: &serde_json::Value) -> String {
    let (field, rule) = refusal(problem);
    format!("{field}/{rule}")
}

#[tokio::test]
async fn bad_vouchers_and_baskets_are_refused_and_nothing_is_spent() {
    let app = TestApp::spawn().await;
    let (_, district, vouchers) = issued(&app).await;
    let (_, klender) = shop(&app, &district, "warong.klender", &SEMBAKO).await;
    let (_, beras) = shop(&app, &district, "warong.beras", &["beras"]).await;
    let code = vouchers[0]["code"].as_str().unwrap();
    let amount = vouchers[0]["amount"].as_i64().unwrap();
    let qr: String = sqlx::query_scalar("SELECT payload FROM vouchers WHERE code = $1")
        .bind(code)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let mut forged = qr.clone().into_bytes();
    let at = 8;
    forged[at] = if forged[at] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    let cases = [
        (forged.as_str(), line("beras", 10_000), "voucher/signature"),
        (
            "TPV1.bukan-voucher",
            line("beras", 10_000),
            "voucher/format",
        ),
        ("ZZZZ-ZZZZ-ZZZZ", line("beras", 10_000), "voucher/unknown"),
        ("12345", line("beras", 10_000), "voucher/format"),
        (code, line("rokok", 10_000), "items/category"),
        (code, line("tunai", 10_000), "items/category"),
        (code, json!([]), "items/count"),
        (code, line("beras", 0), "items/positive"),
    ];
    for (voucher, items, expected) in cases {
        let (status, problem) = spend(&klender, voucher, items).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{expected}: {problem}"
        );
        assert_eq!(rule(&problem), expected, "{problem}");
    }
    let (status, problem) = spend(&beras, code, line("telur", 10_000)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(rule(&problem), "items/merchant_category", "{problem}");
    let (status, problem) = spend(&klender, code, line("beras", amount + 1)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert_eq!(rule(&problem), "voucher/balance");
    let (status, _) = spend(&district, code, line("beras", 1_000)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "an official is no shop");
    let (_, no_shop) =
        crate::proposals::official(&app, "warong.baru", "merchant", Some("31.75.07.1003")).await;
    let (status, _) = spend(&no_shop, code, line("beras", 1_000)).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a merchant account without a shop"
    );
    let spent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM redemptions")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(spent, 0, "nothing was spent");
    ledger_clean(&app).await;
}

#[tokio::test]
async fn revoked_and_expired_vouchers_and_suspended_shops_are_refused() {
    let app = TestApp::spawn().await;
    let (_, district, vouchers) = issued(&app).await;
    let (id, klender) = shop(&app, &district, "warong.klender", &SEMBAKO).await;
    let (revoked, fresh) = (
        vouchers[0]["code"].as_str().unwrap(),
        vouchers[1]["code"].as_str().unwrap(),
    );
    let voucher = vouchers[0]["id"].as_i64().unwrap();
    let revoke = format!("/api/v1/vouchers/{voucher}/revoke");
    let (status, short) = district.post(&revoke, json!({"reason": "x"})).await;
    assert_eq!(
        (status, rule(&short)),
        (StatusCode::UNPROCESSABLE_ENTITY, "reason/length".to_owned())
    );
    let (_, shop_token) =
        crate::proposals::official(&app, "warong.lain", "merchant", Some("31.75.07.1003")).await;
    let (status, _) = shop_token
        .post(&revoke, json!({"reason": "kartu hilang"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a shop cannot revoke");
    let (status, done) = district
        .post(&revoke, json!({"reason": "kartu dilaporkan hilang"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["status"], "revoked");
    let (status, _) = district
        .post(&revoke, json!({"reason": "kartu dilaporkan hilang"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "revoked once");
    let (status, problem) = spend(&klender, revoked, line("beras", 1_000)).await;
    assert_eq!(
        (status, rule(&problem)),
        (StatusCode::CONFLICT, "voucher/revoked".to_owned())
    );
    app.clock.advance(time::Duration::days(200));
    let (status, problem) = spend(&klender, fresh, line("beras", 1_000)).await;
    assert_eq!(
        (status, rule(&problem)),
        (StatusCode::CONFLICT, "voucher/expired".to_owned())
    );
    app.clock.advance(time::Duration::days(-200));
    let suspend = format!("/api/v1/merchants/{id}/suspend");
    let reason = json!({"reason": "menukar voucher dengan uang tunai"});
    assert_eq!(district.post(&suspend, reason).await.0, StatusCode::OK);
    let (status, problem) = spend(&klender, fresh, line("beras", 1_000)).await;
    assert_eq!(
        (status, rule(&problem)),
        (StatusCode::CONFLICT, "merchant/suspended".to_owned())
    );
}

#[tokio::test]
async fn a_bad_merchant_registration_names_its_field() {
    let app = TestApp::spawn().await;
    let (_, district) = official(&app, "dinsos.jaktim", "district_officer", Some("31.75")).await;
    let good = json!({
        "code": "warong.klender", "name": "E-Warong Klender", "owner_name": "Ibu Sari",
        "region": "31.75.07.1003", "bank_bic": "BDKIIDJA", "account_number": "1234567890",
        "goods": [{"programme": "SEMBAKO", "categories": ["beras"]}]
    });
    let cases = [
        ("code", json!("Warong Klender!"), "code/pattern"),
        ("region", json!("31.75.07"), "region/village"),
        ("region", json!("31.71.01.1001"), "region/in_scope"),
        ("bank_bic", json!("BANK"), "bank_bic/bic"),
        ("account_number", json!("12-34"), "account_number/digits"),
        ("latitude", json!(40.0), "latitude/in_indonesia"),
        (
            "goods",
            json!([{"programme": "PKH", "categories": ["beras"]}]),
            "goods/programme",
        ),
        (
            "goods",
            json!([{"programme": "SEMBAKO", "categories": ["rokok"]}]),
            "goods/category",
        ),
        ("account", json!("tidak.ada"), "account/merchant_account"),
    ];
    for (field, value, expected) in cases {
        let mut body = good.clone();
        body[field] = value;
        if field == "latitude" {
            body["longitude"] = json!(106.9);
        }
        let (status, problem) = district.post("/api/v1/merchants", body).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{expected}: {problem}"
        );
        assert_eq!(rule(&problem), expected, "{problem}");
    }
    assert_eq!(
        district.post("/api/v1/merchants", good.clone()).await.0,
        StatusCode::CREATED
    );
    let (status, taken) = district.post("/api/v1/merchants", good).await;
    assert_eq!(
        (status, rule(&taken)),
        (StatusCode::CONFLICT, "code/taken".to_owned())
    );
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM merchants")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
}
