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

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use support::{budget, fill, official};
use tepat::accounts::service::{self as accounts, AccountInput, Acting, TokenInput};
use tepat::auth::Role;
use tepat::clock::{Clock, SystemClock};
use tepat::db::Db;
use tepat::disbursement::service::{self as cycles, CycleInput};
use tepat::merchants::model::{MerchantGoods, NewMerchant};
use tepat::vouchers::keys::KeyRing;

/// E-warong sending redemptions.
const MERCHANTS: usize = 50;
/// Attempts at one voucher in the race.
const RACE: usize = 1_000;

/// Issues one voucher per household; (code, amount) of each, by id.
async fn vouchers(db: &Db, keys: &KeyRing, allocation: i64) -> Vec<(String, i64)> {
    let (maker, checker) = (
        official(1, Role::MinistryOfficer),
        official(2, Role::MinistryOfficer),
    );
    let now = SystemClock.now();
    let input = CycleInput {
        allocation_id: allocation,
        name: "Sembako 2027 Januari".to_owned(),
        months: 1,
    };
    let cycle = cycles::create(db, &maker, &input, None, now).await.unwrap();
    cycles::compute(db, &maker, cycle.id, None, now)
        .await
        .unwrap();
    cycles::approve(db, &checker, cycle.id, None, now)
        .await
        .unwrap();
    let started = Instant::now();
    tepat::vouchers::issue::issue(db, keys, &maker, cycle.id, "31", None, now)
        .await
        .unwrap();
    println!("vouchers issued: {:.2} s", started.elapsed().as_secs_f64());
    sqlx::query_as("SELECT code, amount FROM vouchers ORDER BY id")
        .fetch_all(&db.pool)
        .await
        .unwrap()
}

/// Registers the shops with their sign-in accounts; each shop's API token.
async fn shops(db: &Db) -> Vec<String> {
    let district = official(3, Role::DistrictOfficer);
    let now = SystemClock.now();
    let mut tokens = Vec::new();
    for i in 0..MERCHANTS {
        let username = format!("warong.{i}");
        let input = AccountInput {
            username: username.clone(),
            display_name: format!("E-Warong {i}"),
            role: "merchant".to_owned(),
            region_code: Some("31.75.07.1003".to_owned()),
            password: "uji-beban-warong".to_owned(),
        };
        accounts::create_account(db, Acting::CommandLine, &input, now)
            .await
            .unwrap();
        let shop = NewMerchant {
            code: username.clone(),
            name: format!("E-Warong {i}"),
            owner_name: "Pemilik".to_owned(),
            region: "31.75.07.1003".to_owned(),
            latitude: None,
            longitude: None,
            bank_bic: "BDKIIDJA".to_owned(),
            account_number: format!("{:010}", 1_000_000 + i),
            account: Some(username.clone()),
            goods: vec![MerchantGoods {
                programme: "SEMBAKO".to_owned(),
                categories: vec!["beras".to_owned(), "telur".to_owned()],
            }],
        };
        tepat::merchants::service::register(db, &district, shop, None, now)
            .await
            .unwrap();
        let token = TokenInput {
            name: format!("kasir {i}"),
            username,
            scopes: vec!["money:write".to_owned()],
            all_scopes: false,
        };
        let token = accounts::create_token(db, Acting::CommandLine, &token, now)
            .await
            .unwrap();
        tokens.push(token.secret);
    }
    tokens
}

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
    let config = tepat::config::ServerArgs {
        database: tepat::config::DatabaseArgs { database_url: url },
        listen: "127.0.0.1:0".parse().unwrap(),
        cookie_secure: false,
        request_timeout_seconds: 30,
        duplicate_run_hours: 0,
        ewallet_poll_minutes: 0,
        voucher_key_file: Some(dir.path().join("voucher.key")),
        trusted_proxies: Vec::new(),
        log: tepat::config::LogArgs {
            key_file: Some(dir.path().join("log.key")),
            ..Default::default()
        },
        notify: tepat::config::NotifyArgs::default(),
    };
    let app = tepat::app::Application::build(config, Arc::new(SystemClock))
        .await
        .unwrap();
    let address = format!("http://{}", app.address().unwrap());
    tokio::spawn(app.run_until(std::future::pending()));
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
