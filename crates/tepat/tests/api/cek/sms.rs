//! The SMS status check: signed messages only; `CEK <code>`, `CEK <NIK> <DDMMYYYY>` and help.

use hmac::{Hmac, KeyInit, Mac};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Sha256;

use crate::common::{SMS_SECRET, TestApp};
use crate::objections::{identity, objection_by, recipient, tracking_code};
use crate::proposals::family;

fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Posts `text` from `from` signed with `secret` (none: unsigned): (status, body).
async fn sms(app: &TestApp, text: &str, secret: Option<&str>, key: &str) -> (StatusCode, Value) {
    let body = json!({"from": "+6281234567890", "text": text}).to_string();
    let mut request = app
        .client
        .post(app.url("/api/v1/sms/inbound"))
        .header("content-type", "application/json")
        .header("idempotency-key", key);
    if let Some(secret) = secret {
        request = request.header("x-tepat-signature", signature(secret, body.as_bytes()));
    }
    let response = request.body(body).send().await.expect("sms");
    let status = response.status();
    (status, response.json().await.expect("json"))
}

fn reply(body: &Value) -> &str {
    body["reply"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_signed_sms_gets_the_status_of_a_code_or_a_person_and_help_otherwise() {
    let app = TestApp::spawn().await;
    let (household, enrolment) = recipient(&app, 6).await;
    let neighbour = family(&app, 7, 2).await;
    let (status, page) = objection_by(&app, enrolment, neighbour, "10.8.0.1").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let code = tracking_code(&page);
    let (status, body) = sms(&app, &format!("cek {code}"), Some(SMS_SECRET), "m1").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(reply(&body).contains("Menunggu verifikasi"), "{body}");
    let (_, body) = sms(&app, "CEK TPT-0000000000", Some(SMS_SECRET), "m2").await;
    assert!(reply(&body).contains("tidak ditemukan"), "{body}");
    let (nik, born) = identity(&app, household).await;
    let ddmmyyyy = format!("{}{}{}", &born[8..10], &born[5..7], &born[..4]);
    let (_, body) = sms(
        &app,
        &format!("CEK {nik} {ddmmyyyy}"),
        Some(SMS_SECRET),
        "m3",
    )
    .await;
    let text = reply(&body);
    assert!(
        text.contains("G****G R******N") && text.contains("PKH aktif"),
        "{body}"
    );
    assert!(
        !text.contains(&nik) && text.chars().count() <= 160,
        "{text}"
    );
    let (_, body) = sms(&app, &format!("CEK {nik} 01011990"), Some(SMS_SECRET), "m4").await;
    assert!(reply(&body).starts_with("Tidak ada data"), "{body}");
    let (_, body) = sms(&app, "CEK 123 01011990", Some(SMS_SECRET), "m5").await;
    assert!(reply(&body).starts_with("NIK harus 16 angka"), "{body}");
    let (_, body) = sms(&app, "HALO", Some(SMS_SECRET), "m6").await;
    assert!(reply(&body).starts_with("Tepat: kirim CEK"), "{body}");
    // A gateway's retry gets the same reply.
    let (_, again) = sms(&app, "HALO", Some(SMS_SECRET), "m6").await;
    assert_eq!(again, body);
}

#[tokio::test]
async fn an_sms_with_a_bad_or_missing_signature_is_refused_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let keys = app.count("idempotency_keys").await;
    for secret in [None, Some("kunci-lain")] {
        let (status, doc) = sms(&app, "CEK TPT-0000000000", secret, "x1").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{doc}");
        assert_eq!(doc["status"], 401);
    }
    assert_eq!(app.count("idempotency_keys").await, keys);
    // A signed message without its Idempotency-Key names the header.
    let body = json!({"from": "0812", "text": "CEK"}).to_string();
    let response = app
        .client
        .post(app.url("/api/v1/sms/inbound"))
        .header("content-type", "application/json")
        .header("x-tepat-signature", signature(SMS_SECRET, body.as_bytes()))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let doc: Value = response.json().await.unwrap();
    assert_eq!(doc["errors"][0]["field"], "Idempotency-Key");
}
