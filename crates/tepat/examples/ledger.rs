//! The ledger's throughput through its store API, timed: `N` transfers written in batches
//! of `B` (each batch one transaction with its event, Merkle root and balances), from a
//! funded budget line to `N / 10` recipient accounts (each paid ten times), then the same
//! money reserved and posted in two phases, then `ledger check` over everything.
//!
//! `cargo run --release -p tepat --example ledger -- [N] [B]` (default 1,000,000 transfers
//! in batches of 10,000) on a fresh SQLite file in a temporary directory, or on the
//! PostgreSQL database named by `TEPAT_BENCH_DATABASE_URL` (a fresh, empty database).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::Instant;

use tepat::clock::{Clock, SystemClock};
use tepat::db::Db;
use tepat::events::{Action, Actor, Changes, NewEvent};
use tepat::ledger::store;
use tepat::ledger::{AccountKind, Limit, NewAccount, NewTransfer, Outcome, Phase};

fn event() -> NewEvent {
    NewEvent {
        actor: Actor::system(),
        action: Action("ledger.bench"),
        subject_type: "ledger",
        subject_id: "bench".to_owned(),
        region: None,
        changes: Changes::new(),
        request_id: None,
    }
}

fn account(code: String, kind: AccountKind, limit: Limit) -> NewAccount {
    NewAccount {
        name: code.clone(),
        code,
        kind,
        region: None,
        programme: None,
        limit,
    }
}

/// Opens the treasury, the budget line and the recipients; returns their ids.
async fn open(db: &Db, recipients: usize) -> (i64, i64, Vec<i64>) {
    let now = SystemClock.now();
    let mut tx = db.begin_bulk().await.unwrap();
    let mut accounts = vec![
        account("treasury:APBN".into(), AccountKind::Treasury, Limit::None),
        account(
            "budget:bench".into(),
            AccountKind::BudgetLine,
            Limit::DebitsWithinCredits,
        ),
    ];
    accounts.extend((0..recipients).map(|i| {
        account(
            format!("recipient:{i}"),
            AccountKind::Recipient,
            Limit::DebitsWithinCredits,
        )
    }));
    let ids = store::open_accounts(&mut tx, &accounts, now).await.unwrap();
    tx.commit().await.unwrap();
    (ids[0], ids[1], ids[2..].to_vec())
}

/// Writes `batches`, each in its own transaction; returns transfers per second.
async fn run(db: &Db, batches: Vec<Vec<NewTransfer>>) -> f64 {
    let total: usize = batches.iter().map(Vec::len).sum();
    let started = Instant::now();
    for batch in batches {
        let mut tx = db.begin_bulk().await.unwrap();
        let written = store::write(&mut tx, &batch, event(), SystemClock.now())
            .await
            .unwrap();
        assert!(written.outcomes.iter().all(|o| *o == Outcome::Created));
        tx.commit().await.unwrap();
    }
    total as f64 / started.elapsed().as_secs_f64()
}

/// Reserves `count` payments and posts nine in ten of them, voiding the rest.
async fn two_phase(db: &Db, budget: i64, recipients: &[i64], count: usize, batch: usize) {
    let reserve: Vec<Vec<NewTransfer>> = (0..count)
        .map(|i| {
            let to = recipients[i % recipients.len()];
            NewTransfer::pending(format!("reserve:{i}"), budget, to, 500, "reserve")
        })
        .collect::<Vec<_>>()
        .chunks(batch)
        .map(<[_]>::to_vec)
        .collect();
    let rate = run(db, reserve).await;
    println!(
        "pending transfers: {} in batches of {batch}: {rate:.0} transfers/s",
        count
    );
    let post: Vec<Vec<NewTransfer>> = (0..count)
        .map(|i| {
            let phase = if i % 10 == 0 {
                Phase::Void
            } else {
                Phase::Post
            };
            NewTransfer::resolve(format!("post:{i}"), &format!("reserve:{i}"), phase, "pay")
        })
        .collect::<Vec<_>>()
        .chunks(batch)
        .map(<[_]>::to_vec)
        .collect();
    let rate = run(db, post).await;
    println!(
        "posts and voids: {} in batches of {batch}: {rate:.0} transfers/s",
        count
    );
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let transfers: usize = args.next().map_or(1_000_000, |a| a.parse().unwrap());
    let batch: usize = args.next().map_or(10_000, |a| a.parse().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let url = std::env::var("TEPAT_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("ledger.db").display()));
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let recipients = (transfers / 10).max(1);
    let started = Instant::now();
    let (treasury, budget, recipients) = open(&db, recipients).await;
    println!(
        "{:?}: {} accounts opened in {:.2} s",
        db.engine,
        recipients.len() + 2,
        started.elapsed().as_secs_f64()
    );
    let fund = vec![vec![NewTransfer::single(
        "fund".into(),
        treasury,
        budget,
        i64::MAX / 4,
        "fund",
    )]];
    run(&db, fund).await;

    let single: Vec<NewTransfer> = (0..transfers)
        .map(|i| {
            let to = recipients[i % recipients.len()];
            NewTransfer::single(format!("pay:{i}"), budget, to, 1_000 + i as i64 % 7, "pay")
        })
        .collect();
    let batches: Vec<Vec<NewTransfer>> = single.chunks(batch).map(<[_]>::to_vec).collect();
    let rate = run(&db, batches).await;
    println!("single transfers: {transfers} in batches of {batch}: {rate:.0} transfers/s");

    two_phase(&db, budget, &recipients, transfers / 2, batch).await;

    let started = Instant::now();
    let report = tepat::ledger::check::check(&db).await.unwrap();
    println!(
        "ledger check: {} transfers, {} accounts, {} violations in {:.2} s",
        report.transfers,
        report.accounts,
        report.violations.len(),
        started.elapsed().as_secs_f64()
    );
}
