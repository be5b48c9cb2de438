//! Syncing offline redemptions through the HTTP API of a real server, as a shop's phone
//! sends its queue when the network returns: `N` Sembako vouchers issued (one per
//! household of a synthetic registry), one e-warong's phone registered, one purchase per
//! voucher recorded and signed by the phone, then the whole queue sent in syncs of 1,000
//! records (`POST /api/v1/redemptions/sync`) — timing the total — and sent again (every
//! record answered as synced before, nothing spent twice); then `ledger check`.
//!
//! The offline limits are raised for the run: they bound what one shop may take offline,
//! and a single shop syncing 10,000 purchases would pass them by design.
//!
//! `cargo run --release -p tepat --example offline_sync -- [N]` (default 10,000) on a
//! fresh SQLite file, or on the PostgreSQL database named by `TEPAT_BENCH_DATABASE_URL`
//! (a fresh, empty database).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod shops;
mod support;

use std::time::Instant;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};
use shops::{shops, vouchers};
use support::{budget, fill};
use tepat::clock::SystemClock;
use tepat::db::Db;
use tepat::vouchers::keys::KeyRing;

/// Records per sync: the most the API takes in one.
const BATCH: usize = 1_000;

async fn post(client: &reqwest::Client, url: &str, token: &str, body: &Value) -> Value {
    let response = client
        .post(url)
        .bearer_auth(token)
        .header("idempotency-key", tepat::http::token::random_token())
        .json(body)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    response.json().await.unwrap()
}

/// One signed record per voucher, each for 10,000 rupiah of rice.
fn records(key: &SigningKey, device: i64, payloads: &[String]) -> Vec<Value> {
    let at = "2026-12-04T08:00:00+07:00";
    payloads
        .iter()
        .enumerate()
        .map(|(i, payload)| {
            let text = json!({"id": format!("bench-{i:08}"), "device": device, "voucher": payload,
                "items": [{"category": "beras", "description": "Beras 1 kg", "quantity": 1,
                           "amount": 10_000}], "at": at})
            .to_string();
            let signature = URL_SAFE_NO_PAD.encode(key.sign(text.as_bytes()).to_bytes());
            json!({"record": text, "signature": signature})
        })
        .collect()
}

/// Sends the queue in syncs of [`BATCH`]; (accepted, replayed, others, seconds).
async fn send(url: &str, token: &str, device: i64, queue: &[Value]) -> (u64, u64, u64, f64) {
    let client = reqwest::Client::new();
    let started = Instant::now();
    let (mut accepted, mut replayed, mut others) = (0, 0, 0);
    for chunk in queue.chunks(BATCH) {
        let body = json!({"device": device, "redemptions": chunk});
        let done = post(
            &client,
            &format!("{url}/api/v1/redemptions/sync"),
            token,
            &body,
        )
        .await;
        accepted += done["accepted"].as_u64().unwrap();
        replayed += done["replayed"].as_u64().unwrap();
        others += done["refused"].as_u64().unwrap() + done["double_spends"].as_u64().unwrap();
    }
    (accepted, replayed, others, started.elapsed().as_secs_f64())
}

#[tokio::main]
async fn main() {
    let households: i64 = std::env::args()
        .nth(1)
        .map_or(10_000, |a| a.parse().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let url = std::env::var("TEPAT_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("vouchers.db").display()));
    let db = Db::connect(&url).await.unwrap();
    tepat::app::prepare(&db, &SystemClock).await.unwrap();
    fill(&db, households).await;
    let allocation = budget(&db, households).await;
    let keys = KeyRing::new(dir.path().join("voucher.key"));
    vouchers(&db, &keys, allocation).await;
    let tokens = shops(&db).await;
    sqlx::query("UPDATE offline_limits SET per_day = 1000000000000, outstanding = 1000000000000")
        .execute(&db.pool)
        .await
        .unwrap();
    let payloads: Vec<String> = sqlx::query_scalar("SELECT payload FROM vouchers ORDER BY id")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    let address = shops::serve(&url, dir.path()).await;
    let key = SigningKey::from_bytes(&rand::random::<[u8; 32]>());
    let public_key = URL_SAFE_NO_PAD.encode(key.verifying_key().to_bytes());
    let device = post(
        &reqwest::Client::new(),
        &format!("{address}/api/v1/merchant-devices"),
        &tokens[0],
        &json!({"public_key": public_key, "label": "HP kasir"}),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let queue = records(&key, device, &payloads);
    println!(
        "{:?}: {} records signed by one phone",
        db.engine,
        queue.len()
    );
    let (accepted, _, others, seconds) = send(&address, &tokens[0], device, &queue).await;
    println!(
        "sync: {} records in {seconds:.2} s = {:.0}/s; {accepted} accepted, {others} refused",
        queue.len(),
        queue.len() as f64 / seconds
    );
    let (_, replayed, others, seconds) = send(&address, &tokens[0], device, &queue).await;
    println!("sync again: {seconds:.2} s; {replayed} answered as synced before, {others} refused");
    let report = tepat::ledger::check::check(&db).await.unwrap();
    println!(
        "ledger check: {} transfers, {} violations",
        report.transfers,
        report.violations.len()
    );
}
