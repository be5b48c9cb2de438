//! The demo scenario: Kecamatan Duren Sawit, Kota Jakarta Timur, with one account per role
//! created over the past two weeks, so every page has something to show.

mod applications;
mod budget_watch;
mod complaints;
mod deliberation;
mod disaster;
mod distribution;
mod donations;
mod enrolment;
mod money;
mod offline;
mod payments;
mod proposals;
mod registry;
mod stock;
mod vouchers;

use std::net::SocketAddr;

use time::{Duration, OffsetDateTime};

use crate::accounts::AccountStatus;
use crate::accounts::service::{self, AccountInput, Acting, TokenInput};
use crate::auth::AccountId;
use crate::db::Db;

/// The password of every demo account (never use demo data in production).
pub const DEMO_PASSWORD: &str = "tepat-demo";

/// (username, display name, role, region, days ago created).
const ACCOUNTS: [(&str, &str, &str, Option<&str>, i64); 16] = [
    ("admin", "Administrator Sistem", "administrator", None, 13),
    ("kemensos", "Petugas Kemensos", "ministry_officer", None, 12),
    (
        "dinsos.dki",
        "Dinas Sosial DKI Jakarta",
        "province_officer",
        Some("31"),
        11,
    ),
    (
        "dinsos.jaktim",
        "Suku Dinas Sosial Jakarta Timur",
        "district_officer",
        Some("31.75"),
        10,
    ),
    (
        "inspektorat.jaktim",
        "Inspektorat Jakarta Timur",
        "auditor",
        Some("31.75"),
        9,
    ),
    (
        "pendamping.durensawit",
        "Siti Rahmawati",
        "facilitator",
        Some("31.75.07"),
        8,
    ),
    (
        "op.klender",
        "Operator Kelurahan Klender",
        "village_operator",
        Some("31.75.07.1003"),
        7,
    ),
    // Klender's second operator records the deliberations where the first is linked to a
    // household on the agenda (his relative's proposal).
    (
        "sekel.klender",
        "Sekretaris Kelurahan Klender",
        "village_operator",
        Some("31.75.07.1003"),
        7,
    ),
    (
        "op.pondokbambu",
        "Operator Kelurahan Pondok Bambu",
        "village_operator",
        Some("31.75.07.1002"),
        6,
    ),
    (
        "op.malakasari",
        "Operator Kelurahan Malaka Sari",
        "village_operator",
        Some("31.75.07.1005"),
        5,
    ),
    (
        "warong.klender",
        "E-Warong Berkah Klender",
        "merchant",
        Some("31.75.07.1003"),
        4,
    ),
    (
        "warga.klender",
        "Budi Santoso",
        "citizen",
        Some("31.75.07.1003"),
        3,
    ),
    (
        "warong.sejahtera",
        "E-Warong Sejahtera Klender",
        "merchant",
        Some("31.75.07.1003"),
        4,
    ),
    ("bank.dki", "Bank DKI", "bank", Some("31"), 2),
    ("donatur", "Yayasan Peduli Sesama", "donor", None, 1),
    ("donatur.demo", "Rina Kartika", "donor", None, 1),
];

/// What the banner prints.
pub struct Seeded {
    pub accounts: Vec<(&'static str, &'static str, Option<&'static str>)>,
    /// Set only when the token was created by this run (secrets are shown once).
    pub bank_token: Option<String>,
}

/// What the demo bank's token may do: read regions, and send payment status reports.
const BANK_SCOPES: [&str; 3] = ["regions:read", "money:read", "money:write"];

/// Creates the demo accounts, a bank token and some history; reuses what exists.
pub async fn seed(
    db: &Db,
    keys: &crate::vouchers::keys::KeyRing,
    now: OffsetDateTime,
) -> anyhow::Result<Seeded> {
    let accounts = ACCOUNTS
        .iter()
        .map(|(u, _, r, g, _)| (*u, *r, *g))
        .collect();
    if crate::accounts::store::find_for_login(db, "admin")
        .await?
        .is_some()
    {
        return Ok(Seeded {
            accounts,
            bank_token: None,
        });
    }
    for (username, display_name, role, region, days_ago) in ACCOUNTS {
        let input = AccountInput {
            username: username.to_owned(),
            display_name: display_name.to_owned(),
            role: role.to_owned(),
            region_code: region.map(str::to_owned),
            password: DEMO_PASSWORD.to_owned(),
        };
        let at = now - Duration::days(days_ago) - Duration::hours(2);
        service::create_account(db, Acting::CommandLine, &input, at)
            .await
            .map_err(|e| anyhow::anyhow!("demo account {username}: {e}"))?;
    }
    let malaka = crate::accounts::store::find_for_login(db, "op.malakasari").await?;
    if let Some((account, _)) = malaka {
        let id = AccountId(account.id);
        let disabled_at = now - Duration::days(2);
        service::set_status(
            db,
            Acting::CommandLine,
            id,
            AccountStatus::Disabled,
            disabled_at,
        )
        .await?;
        service::set_status(
            db,
            Acting::CommandLine,
            id,
            AccountStatus::Active,
            now - Duration::days(1),
        )
        .await?;
    }
    let token = TokenInput {
        name: "Bank DKI — status pembayaran".to_owned(),
        username: "bank.dki".to_owned(),
        scopes: BANK_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
        all_scopes: false,
    };
    let secret = service::create_token(db, Acting::CommandLine, &token, now)
        .await?
        .secret;
    history(db, keys, now).await?;
    Ok(Seeded {
        accounts,
        bank_token: Some(secret),
    })
}

/// The demo's records, each feature's after those it builds on.
async fn history(
    db: &Db,
    keys: &crate::vouchers::keys::KeyRing,
    now: OffsetDateTime,
) -> anyhow::Result<()> {
    registry::seed(db, now).await?;
    applications::seed(db, now).await?;
    duplicate_run(db, now).await?;
    welfare_scores(db, now).await?;
    enrolment::seed(db, now).await?;
    proposals::seed(db, now).await?;
    money::seed(db, keys, now).await?;
    distribution::seed(db, now).await?;
    complaints::seed(db, now).await?;
    donations::seed(db, now).await?;
    Ok(())
}

/// Scores the demo households with the shipped welfare model, so household pages show a
/// desil and why.
async fn welfare_scores(db: &Db, now: OffsetDateTime) -> anyhow::Result<()> {
    use crate::targeting::recompute::{self, Trigger};
    let chosen = recompute::choose(db, None).await?;
    let actor = crate::events::Actor::system();
    recompute::run(db, &chosen, Trigger::Command, &actor, now, None).await?;
    Ok(())
}

/// One full duplicate run over the demo registry, so the runs page has a run to show;
/// the pairs it finds were already opened by the check at entry.
async fn duplicate_run(db: &Db, now: OffsetDateTime) -> anyhow::Result<()> {
    use crate::duplicates::runner::{Trigger, finish_or_fail};
    let actor = crate::events::Actor::system();
    let clock: std::sync::Arc<dyn crate::clock::Clock> =
        std::sync::Arc::new(crate::clock::ManualClock::new(now));
    let started = crate::duplicates::store::runs::start(db, Trigger::Manual.code(), &actor, now);
    if let Some(id) = started.await? {
        finish_or_fail(db, id, &actor, clock, None).await;
    }
    Ok(())
}

/// The rule change the banner links to, URL-encoded: Sembako for desil 1–4 with an elderly
/// member or a child under six (instead of desil 1–5).
const RULE_CHANGE: &str = "desil+%3C%3D+4+and+any%28member%2C+age+%3E%3D+60+or+age+%3C+6%29";

/// The start-up banner with the demo credentials.
pub fn banner(address: SocketAddr, seeded: &Seeded) -> String {
    let mut text = format!(
        "\nTepat demo — Kecamatan Duren Sawit, Kota Jakarta Timur (31.75.07)\n\
         Open http://{address}/ and log in with any account below; password: {DEMO_PASSWORD}\n\n\
         {:<24} {:<18} {}\n",
        "USERNAME", "ROLE", "REGION"
    );
    for (username, role, region) in &seeded.accounts {
        text.push_str(&format!(
            "{username:<24} {role:<18} {}\n",
            region.unwrap_or("national")
        ));
    }
    if let Some(token) = &seeded.bank_token {
        text.push_str(&format!(
            "\nAPI token for bank.dki (regions:read, money:read, money:write: payroll files \
             and payment status reports), shown once: {token}\n"
        ));
    }
    text.push_str(&format!(
        "\nProgrammes: http://{address}/program — as kemensos, a rule change previewed over the \
         demo households: http://{address}/program/SEMBAKO/aturan?coba={RULE_CHANGE}\n\
         Enrolment: http://{address}/program/SEMBAKO/peserta (approved batches); as \
         dinsos.jaktim, the BLT Dana Desa batch waits at http://{address}/program/BLT_DD/peserta\n\
         Vouchers: as warong.klender, redeem a Sembako voucher at http://{address}/warung; as \
         dinsos.jaktim, print the cards at http://{address}/voucher/kartu?wilayah=31.75\n\
         Notifications: as dinsos.jaktim, the messages to households (vouchers issued, \
         payments sent or rejected) at http://{address}/notifikasi\n\
         Hand-outs of goods: as dinsos.jaktim, yesterday's flood relief in Klender with its \
         check-ins, one no-show and ratings at http://{address}/penyaluran-barang\n\
         Donations: needs of Klender households at http://{address}/donasi; as donatur.demo, \
         pledges and their proof at http://{address}/donasi/saya; a new donor signs up at \
         http://{address}/donasi/daftar (the code goes through the notifications outbox)\n"
    ));
    text
}
