//! Spending vouchers offline: a shop's phone registers its key, records purchases signed
//! with it while offline and syncs them later. The first spend wins; a later one the
//! voucher can no longer pay is refused and kept, with its signature, as the proof of a
//! double spend that a district officer decides. A synced queue sent again changes nothing,
//! and every bad record is refused by name while the rest of its batch goes through.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signer, SigningKey};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{SEMBAKO, issued, ledger_clean, line, shop, spend};
use crate::common::TestApp;
use crate::enrolment::{Api, refusal};

/// A phone of a shop: its key and its registered id.
pub struct Phone {
    pub key: SigningKey,
    pub id: i64,
}

pub async fn register_phone(merchant: &Api<'_>, seed: u8) -> Phone {
    let key = SigningKey::from_bytes(&[seed; 32]);
    let public = URL_SAFE_NO_PAD.encode(key.verifying_key().to_bytes());
    let body = json!({"public_key": public, "label": "HP kasir"});
    let (status, device) = merchant.post("/api/v1/merchant-devices", body).await;
    assert_eq!(status, StatusCode::CREATED, "{device}");
    Phone {
        key,
        id: device["id"].as_i64().unwrap(),
    }
}

/// A record of a purchase made offline at `at`, signed by the phone.
pub fn record(phone: &Phone, id: &str, voucher: &str, items: Value, at: &str) -> Value {
    let text = json!({"id": id, "device": phone.id, "voucher": voucher, "items": items,
                      "at": at})
    .to_string();
    let signature = URL_SAFE_NO_PAD.encode(phone.key.sign(text.as_bytes()).to_bytes());
    json!({"record": text, "signature": signature})
}

pub async fn sync(merchant: &Api<'_>, phone: &Phone, records: Vec<Value>) -> (StatusCode, Value) {
    let body = json!({"device": phone.id, "redemptions": records});
    merchant.post("/api/v1/redemptions/sync", body).await
}

pub async fn qr(app: &TestApp, voucher: &Value) -> String {
    sqlx::query_scalar("SELECT payload FROM vouchers WHERE id = $1")
        .bind(voucher["id"].as_i64().unwrap())
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// The app's now, in the form a phone writes it.
pub fn now(app: &TestApp) -> String {
    use tepat::clock::Clock as _;
    app.clock
        .now()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

#[tokio::test]
async fn an_offline_purchase_is_synced_once_and_a_double_spend_becomes_a_proof() {
    let app = TestApp::spawn().await;
    let (_, district, vouchers) = issued(&app).await;
    let (_, klender) = shop(&app, &district, "warong.klender", &SEMBAKO).await;
    let (_, cipinang) = shop(&app, &district, "warong.cipinang", &SEMBAKO).await;
    let phone = register_phone(&klender, 11).await;
    one_key_one_device_and_its_bundle(&klender, &cipinang, &phone).await;
    let (first, second) = (&vouchers[0], &vouchers[1]);
    let amount = first["amount"].as_i64().unwrap();
    let a = record(
        &phone,
        "rec-0000001",
        &qr(&app, first).await,
        line("beras", 50_000),
        &now(&app),
    );
    let (status, done) = sync(&klender, &phone, vec![a.clone()]).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["accepted"], 1, "{done}");
    assert_eq!(done["items"][0]["status"], "accepted");
    assert_eq!(done["items"][0]["remaining"], amount - 50_000);
    let (_, replay) = sync(&klender, &phone, vec![a]).await;
    assert_eq!(replay["replayed"], 1, "{replay}");
    assert_eq!(
        replay["items"][0]["redemption"],
        done["items"][0]["redemption"]
    );
    let offline = "SELECT COUNT(*) FROM redemptions WHERE device_id IS NOT NULL";
    assert_eq!(count(&app, offline).await, 1, "synced twice, spent once");

    // Spent online at another shop while the phone was offline, down to 20,000.
    let (status, _) = spend(
        &cipinang,
        second["code"].as_str().unwrap(),
        line("telur", amount - 20_000),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let late = record(
        &phone,
        "rec-0000002",
        &qr(&app, second).await,
        line("lauk", 50_000),
        &now(&app),
    );
    let (_, caught) = sync(&klender, &phone, vec![late.clone()]).await;
    assert_eq!(caught["double_spends"], 1, "{caught}");
    assert_eq!(caught["items"][0]["status"], "double_spend");
    assert_eq!(caught["items"][0]["remaining"], 20_000);
    let (_, replay) = sync(&klender, &phone, vec![late]).await;
    assert_eq!(replay["replayed"], 1, "a proof is kept once: {replay}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM double_spends").await, 1);
    let events = "SELECT COUNT(*) FROM events WHERE action = 'voucher.double_spend'";
    assert_eq!(count(&app, events).await, 1);

    proof_is_shown_and_decided(&district, &phone).await;
    ledger_clean(&app).await;
}

/// A key registers one device of one shop; the shop's bundle names it.
async fn one_key_one_device_and_its_bundle(klender: &Api<'_>, cipinang: &Api<'_>, phone: &Phone) {
    let again = json!({"public_key": URL_SAFE_NO_PAD.encode(phone.key.verifying_key().to_bytes()),
                       "label": "HP kasir"});
    let (_, same) = klender
        .post("/api/v1/merchant-devices", again.clone())
        .await;
    assert_eq!(same["id"], phone.id, "one key, one device");
    let (status, taken) = cipinang.post("/api/v1/merchant-devices", again).await;
    assert_eq!(status, StatusCode::CONFLICT, "{taken}");

    let (status, bundle) = klender.get("/api/v1/vouchers/offline").await;
    assert_eq!(status, StatusCode::OK, "{bundle}");
    assert_eq!(bundle["algorithm"], "Ed25519");
    assert_eq!(bundle["limits"]["SEMBAKO"]["per_voucher"], 200_000);
    assert_eq!(bundle["loss_bound"], 3_000_000);
    assert_eq!(bundle["devices"][0]["id"], phone.id);
    let (_, key) = klender.get("/api/v1/vouchers/key").await;
    assert_eq!(bundle["key"], key["key"]);
}

/// The district officer reads the proof, checks it with the phone's key alone and
/// decides it once.
async fn proof_is_shown_and_decided(district: &Api<'_>, phone: &Phone) {
    let (status, list) = district.get("/api/v1/double-spends?region=31.75").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let proof = &list["items"][0];
    assert_eq!(proof["merchant"], "warong.klender");
    assert_eq!(proof["status"], "open");
    let (_, proof) = district
        .get(&format!("/api/v1/double-spends/{}", proof["id"]))
        .await;
    assert_eq!(proof["earlier"][0]["merchant"], "warong.cipinang");
    assert_eq!(proof["earlier"][0]["device"], Value::Null, "spent online");
    let refused = &proof["refused"];
    let signature: [u8; 64] = URL_SAFE_NO_PAD
        .decode(refused["signature"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    let checked = phone.key.verifying_key().verify_strict(
        refused["record"].as_str().unwrap().as_bytes(),
        &ed25519_dalek::Signature::from_bytes(&signature),
    );
    assert!(
        checked.is_ok(),
        "the proof verifies with the phone's key alone"
    );

    let decide = format!("/api/v1/double-spends/{}/decide", proof["id"]);
    let (status, bad) = district
        .post(
            &decide,
            json!({"outcome": "guilty", "note": "dibelanjakan dua kali"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    let body = json!({"outcome": "upheld", "note": "voucher dibelanjakan dua kali"});
    let (status, decided) = district.post(&decide, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    assert_eq!(decided["status"], "upheld");
    let (status, twice) = district.post(&decide, body).await;
    assert_eq!(status, StatusCode::CONFLICT, "{twice}");
    assert_eq!(refusal(&twice).1, "decided");
}

/// A voucher signed by a key that is not the server's.
fn forged_voucher(id: i64) -> String {
    tepat::vouchers::payload::Payload {
        voucher: id,
        programme: "SEMBAKO".to_owned(),
        cycle: 1,
        amount: 9_000_000,
        categories: vec!["beras".to_owned()],
        valid_until: time::macros::date!(2099 - 12 - 31),
        commitment: "0".repeat(32),
    }
    .sign(&SigningKey::from_bytes(&[99; 32]))
}

#[tokio::test]
async fn bad_offline_records_are_refused_by_name_and_the_rest_of_the_batch_goes_through() {
    let app = TestApp::spawn().await;
    let (_, district, vouchers) = issued(&app).await;
    let (_, klender) = shop(&app, &district, "warong.klender", &SEMBAKO).await;
    let (_, cipinang) = shop(&app, &district, "warong.cipinang", &SEMBAKO).await;
    let phone = register_phone(&klender, 21).await;
    let other = register_phone(&cipinang, 22).await;
    let text = qr(&app, &vouchers[0]).await;
    let at = now(&app);
    let made = |phone: &Phone, id: &str, voucher: &str, category: &str, amount: i64| {
        record(phone, id, voucher, line(category, amount), &at)
    };
    let mut altered = made(&phone, "rec-bad-0001", &text, "beras", 10_000);
    let changed = altered["record"]
        .as_str()
        .unwrap()
        .replace("10000", "90000");
    altered["record"] = json!(changed);
    let forged = forged_voucher(vouchers[1]["id"].as_i64().unwrap());
    let over = qr(&app, &vouchers[2]).await;
    let future = record(
        &phone,
        "rec-bad-0004",
        &text,
        line("beras", 10_000),
        "2099-01-01T00:00:00Z",
    );
    let batch = vec![
        made(&phone, "rec-good-001", &text, "beras", 10_000),
        altered,
        made(&phone, "rec-bad-0002", &forged, "beras", 10_000),
        made(&phone, "rec-bad-0003", &text, "rokok", 10_000),
        future,
        made(&phone, "rec-bad-0005", &over, "beras", 200_001),
        made(&other, "rec-bad-0006", &text, "beras", 10_000),
    ];
    let (status, done) = sync(&klender, &phone, batch).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let rules: Vec<&str> = done["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["rule"].as_str().unwrap_or("accepted"))
        .collect();
    let expected = [
        "accepted",
        "device_signature",
        "signature",
        "category",
        "future",
        "offline_per_voucher",
        "device_signature",
    ];
    assert_eq!(rules, expected);
    assert_eq!(
        (done["accepted"].as_i64(), done["refused"].as_i64()),
        (Some(1), Some(6))
    );
    let detail = done["items"][1]["detail"].as_str().unwrap();
    assert!(detail.contains("tanda tangan perangkat"), "{detail}");
    let offline = "SELECT COUNT(*) FROM redemptions WHERE device_id IS NOT NULL";
    assert_eq!(
        count(&app, offline).await,
        1,
        "only the good record was spent"
    );
    ledger_clean(&app).await;
}

#[tokio::test]
async fn a_sync_from_another_shops_device_or_a_bad_key_is_refused_whole() {
    let app = TestApp::spawn().await;
    let (_, district, vouchers) = issued(&app).await;
    let (_, klender) = shop(&app, &district, "warong.klender", &SEMBAKO).await;
    let (_, cipinang) = shop(&app, &district, "warong.cipinang", &SEMBAKO).await;
    let phone = register_phone(&klender, 31).await;
    let text = qr(&app, &vouchers[0]).await;
    let wrong_shop = record(
        &phone,
        "rec-bad-0007",
        &text,
        line("beras", 1_000),
        &now(&app),
    );
    let (status, unknown) = sync(&cipinang, &phone, vec![wrong_shop]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{unknown}");
    assert_eq!(refusal(&unknown), ("device".into(), "unknown".into()));
    let (status, empty) = sync(&klender, &phone, vec![]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{empty}");
    assert_eq!(refusal(&empty), ("redemptions".into(), "count".into()));
    let bad_key = json!({"public_key": "abc", "label": "HP"});
    let (status, key) = klender.post("/api/v1/merchant-devices", bad_key).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{key}");
    assert_eq!(refusal(&key).0, "public_key");
    let (status, _) = klender.get("/api/v1/double-spends?region=31.75").await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a shop does not judge double spends"
    );
    let offline = "SELECT COUNT(*) FROM redemptions WHERE device_id IS NOT NULL";
    assert_eq!(count(&app, offline).await, 0, "nothing written");
}

#[tokio::test]
async fn the_demo_has_an_offline_purchase_a_double_spend_and_its_shops_paid() {
    let app = TestApp::spawn().await;
    tepat::demo::seed(
        &app.db,
        &app.voucher_keys(),
        tepat::clock::Clock::now(&app.clock),
    )
    .await
    .unwrap();
    let offline = "SELECT COUNT(*) FROM redemptions WHERE device_id IS NOT NULL";
    assert_eq!(count(&app, offline).await, 1);
    let open = "SELECT COUNT(*) FROM double_spends WHERE status = 'open'";
    assert_eq!(count(&app, open).await, 1);
    let unpaid = "SELECT COUNT(*) FROM redemptions WHERE settlement_line_id IS NULL";
    assert_eq!(
        count(&app, unpaid).await,
        0,
        "the shops are paid for what they took"
    );
    ledger_clean(&app).await;
}
