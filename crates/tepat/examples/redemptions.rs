//! Voucher redemptions through the HTTP API of a real server, as merchants send them:
//! `N` Sembako vouchers issued (one per household of a synthetic registry), `M` e-warong
//! each with its own token, then every voucher spent once — `POST /api/v1/redemptions`
//! with an `Idempotency-Key`, `C` requests in flight — timing throughput and latency
//! (median, 99th percentile); then 1,000 attempts at once to spend one voucher, in parts,
//! counting how many won, and `ledger check`.
//!
//! `cargo run --release -p tepat --example redemptions -- [N] [C]` (defaults 20,000 and
//! 64) on a fresh SQLite file, or on the PostgreSQL database named by
//! `TEPAT_BENCH_DATABASE_URL` (a fresh, empty database).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod shops;
mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use shops::{MERCHANTS, shops, vouchers};
use support::{budget, fill};
use tepat::clock::SystemClock;
use tepat::db::Db;
use tepat::vouchers::keys::KeyRing;
/// Attempts at one voucher in the race.
const RACE: usize = 1_000;

/// One redemption; its status and how long it took.
async fn redeem(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    voucher: &str,
    amount: i64,
) -> (u16, Duration) {
    let started = Instant::now();
    let body = format!(
        r#"{{"voucher":"{voucher}","items":[{{"category":"beras","description":"Beras 5 kg","quantity":1,"amount":{amount}}}]}}"#
    );
    let response = client
        .post(format!("{url}/api/v1/redemptions"))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .header("idempotency-key", tepat::http::token::random_token())
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let _ = response.bytes().await;
    (status, started.elapsed())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at].as_secs_f64() * 1000.0
}

/// Spends every voucher but the last once, `concurrency` at a time.
async fn load(url: &str, tokens: &[String], codes: &[(String, i64)], concurrency: usize) {
    let client = reqwest::Client::new();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (client, next, url) = (client.clone(), next.clone(), url.to_owned());
        let (tokens, codes) = (tokens.to_vec(), codes.to_vec());
        workers.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i + 1 >= codes.len() {
                    return seen;
                }
                let token = &tokens[i % tokens.len()];
                seen.push(redeem(&client, &url, token, &codes[i].0, 10_000).await);
            }
        }));
    }
    let mut results = Vec::new();
    for worker in workers {
        results.extend(worker.await.unwrap());
    }
    let elapsed = started.elapsed().as_secs_f64();
    let failed = results.iter().filter(|(s, _)| *s != 201).count();
    let mut times: Vec<Duration> = results.iter().map(|(_, t)| *t).collect();
    times.sort();
    println!(
        "redemptions: {} in {elapsed:.2} s = {:.0}/s with {concurrency} in flight; \
         median {:.1} ms, p99 {:.1} ms; {failed} not 201",
        results.len(),
        results.len() as f64 / elapsed,
        percentile(&times, 0.5),
        percentile(&times, 0.99)
    );
}

/// 1,000 attempts at once on one voucher, each for a hundredth of it: a hundred can win.
async fn race(url: &str, tokens: &[String], voucher: &(String, i64)) {
    let client = reqwest::Client::new();
    let part = voucher.1 / 100;
    let attempts = (0..RACE).map(|i| {
        let (client, url, token) = (
            client.clone(),
            url.to_owned(),
            tokens[i % tokens.len()].clone(),
        );
        let code = voucher.0.clone();
        tokio::spawn(async move { redeem(&client, &url, &token, &code, part).await.0 })
    });
    let mut statuses = Vec::new();
    for attempt in attempts.collect::<Vec<_>>() {
        statuses.push(attempt.await.unwrap());
    }
    let won = statuses.iter().filter(|s| **s == 201).count();
    let lost = statuses.iter().filter(|s| **s == 409).count();
    println!(
        "race: {RACE} attempts of {part} rupiah at one voucher of {}: {won} won, {lost} refused \
         with 409, {} other answers",
        voucher.1,
        RACE - won - lost
    );
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let households: i64 = args.next().map_or(20_000, |a| a.parse().unwrap());
    let concurrency: usize = args.next().map_or(64, |a| a.parse().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let url = std::env::var("TEPAT_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("vouchers.db").display()));
    let db = Db::connect(&url).await.unwrap();
    tepat::app::prepare(&db, &SystemClock).await.unwrap();
    fill(&db, households).await;
    let allocation = budget(&db, households).await;
    let keys = KeyRing::new(dir.path().join("voucher.key"));
    let codes = vouchers(&db, &keys, allocation).await;
    let tokens = shops(&db).await;
    let address = shops::serve(&url, dir.path()).await;
    println!(
        "{:?}: {} vouchers, {MERCHANTS} e-warong",
        db.engine,
        codes.len()
    );
    load(&address, &tokens, &codes, concurrency).await;
    race(&address, &tokens, codes.last().unwrap()).await;
    let report = tepat::ledger::check::check(&db).await.unwrap();
    println!(
        "ledger check: {} transfers, {} violations",
        report.transfers,
        report.violations.len()
    );
}
