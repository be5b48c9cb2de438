//! What the voucher benchmarks share: a Sembako cycle's vouchers issued for a synthetic
//! registry, e-warong with their sign-in accounts and API tokens, and a real server on
//! the benchmark's database.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use crate::support::official;
use tepat::accounts::service::{self as accounts, AccountInput, Acting, TokenInput};
use tepat::auth::Role;
use tepat::clock::{Clock, SystemClock};
use tepat::db::Db;
use tepat::disbursement::service::{self as cycles, CycleInput};
use tepat::merchants::model::{MerchantGoods, NewMerchant};
use tepat::vouchers::keys::KeyRing;

/// E-warong sending redemptions.
pub const MERCHANTS: usize = 50;

/// Issues one voucher per household; (code, amount) of each, by id.
pub async fn vouchers(db: &Db, keys: &KeyRing, allocation: i64) -> Vec<(String, i64)> {
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
pub async fn shops(db: &Db) -> Vec<String> {
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

/// Starts a server on the database at `url` with its keys in `dir`; its address.
pub async fn serve(url: &str, dir: &Path) -> String {
    let config = tepat::config::ServerArgs {
        database: tepat::config::DatabaseArgs {
            database_url: url.to_owned(),
        },
        listen: "127.0.0.1:0".parse().unwrap(),
        cookie_secure: false,
        request_timeout_seconds: 30,
        duplicate_run_hours: 0,
        ewallet_poll_minutes: 0,
        voucher_key_file: Some(dir.join("voucher.key")),
        trusted_proxies: Vec::new(),
        log: tepat::config::LogArgs {
            key_file: Some(dir.join("log.key")),
            // The server's own setting, read as `tepat serve` reads it.
            sequence_ms: std::env::var("TEPAT_LOG_SEQUENCE_MS")
                .ok()
                .and_then(|ms| ms.parse().ok()),
            ..Default::default()
        },
        notify: tepat::config::NotifyArgs::default(),
        cek: tepat::config::CekArgs::default(),
    };
    let app = tepat::app::Application::build(config, Arc::new(SystemClock))
        .await
        .unwrap();
    let address = format!("http://{}", app.address().unwrap());
    tokio::spawn(app.run_until(std::future::pending()));
    address
}
