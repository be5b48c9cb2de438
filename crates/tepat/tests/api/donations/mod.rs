//! Donations: a facilitator posts a household's need with its consent, donors pledge money
//! and goods, the bank's notice pays by reference, the village office records goods handed
//! in, the facilitator confirms with a photo, and the donor sees each step's proof; the
//! ledger check passes throughout. Bad input is refused with its rule and changes nothing;
//! unpaid pledges are chased and released on the test clock; suggestions and flags.

mod flow;
mod goods_page;
mod refund;
mod refused;
mod signup;
mod watch;

use base64::Engine as _;
use serde_json::{Value, json};
use tepat::auth::{Principal, Role};
use tepat::events::Actor;

use crate::common::TestApp;
use crate::proposals::{Api, official};
use crate::targeting::fixtures::{KLENDER, survey};

/// Pondok Bambu, the next village in Duren Sawit.
pub const PONDOK_BAMBU: &str = "31.75.07.1001";

/// The people of a donation: Klender's facilitator and operator, a donor, a bank and the
/// district officer.
pub struct People<'a> {
    pub facilitator: Api<'a>,
    pub operator: Api<'a>,
    pub donor: Api<'a>,
    pub bank: Api<'a>,
    pub district: Api<'a>,
}

pub async fn people(app: &TestApp) -> People<'_> {
    let (donor_id, donor) = official(app, "donatur.uji", "donor", None).await;
    sqlx::query(
        "INSERT INTO donor_contacts (account_id, channel, address, created_at, verified_at) \
         VALUES ($1, 'email', 'donatur@contoh.id', '2026-12-01T00:00:00Z', \
         '2026-12-01T00:00:00Z')",
    )
    .bind(donor_id)
    .execute(&app.db.pool)
    .await
    .unwrap();
    People {
        facilitator: official(app, "pendamping", "facilitator", Some("31.75.07"))
            .await
            .1,
        operator: official(app, "operator.klender", "village_operator", Some(KLENDER))
            .await
            .1,
        donor,
        bank: official(app, "bank.bri", "bank", None).await.1,
        district: official(app, "dinsos.jaktim", "district_officer", Some("31.75"))
            .await
            .1,
    }
}

/// A household in `village` headed by `head`; `serial` keeps its numbers unique.
pub async fn household(app: &TestApp, village: &str, head: &str, serial: usize) -> i64 {
    let body = json!({
        "kk": format!("3175071504{:06}", 300 + serial), "village_code": village,
        "address": "Jl. Kenanga 2", "rt": "2", "rw": "5",
        "members": [{"nik": format!("3175070302{:02}{:04}", 80, 7000 + serial), "name": head,
            "birth_place": "Jakarta", "birth_date": "1980-02-03", "sex": "L",
            "relationship": "kepala"}],
        "survey": survey(1),
    });
    let input: tepat::registry::service::NewHousehold =
        serde_json::from_value(body).expect("household json");
    let officer = Principal {
        actor: Actor::system(),
        name: "uji".into(),
        role: Role::DistrictOfficer,
        region: None,
        token_scopes: None,
    };
    let now = tepat::clock::Clock::now(&app.clock);
    let notices = tepat::duplicates::notices::DuplicateNotices;
    tepat::registry::service::create(&app.db, &officer, None, &input, now, &notices)
        .await
        .expect("household registered")
}

/// A deadline `days` ahead of the test clock, as the API takes it.
pub fn deadline(app: &TestApp, days: i64) -> String {
    let now = tepat::clock::Clock::now(&app.clock);
    (tepat::clock::today(now) + time::Duration::days(days)).to_string()
}

/// A money need for `household` with the household's consent.
pub fn money_need(app: &TestApp, household: i64, amount: i64) -> Value {
    json!({"household_id": household, "kind": "money", "category": "education",
        "description": "Biaya sekolah tiga anak", "amount_rupiah": amount,
        "deadline": deadline(app, 30),
        "situation": "Ayah sakit sejak Agustus, ibu buruh cuci",
        "consent": {"method": "signed_form", "note": "Formulir disimpan di kantor kelurahan"}})
}

/// A goods need: ten food parcels worth 500,000 rupiah in all.
pub fn goods_need(app: &TestApp, household: i64) -> Value {
    json!({"household_id": household, "kind": "goods", "category": "food",
        "description": "Paket sembako", "quantity": 10, "unit": "paket",
        "amount_rupiah": 500_000, "deadline": deadline(app, 30),
        "situation": "Lansia tinggal sendiri",
        "consent": {"method": "thumbprint", "note": "Disaksikan ketua RT"}})
}

/// A small whole JPEG, base64, as the confirmation carries it.
pub fn photo_base64() -> String {
    base64::engine::general_purpose::STANDARD.encode(crate::complaints::jpeg_with_exif())
}

/// The first error's (field, rule) of a problem document.
pub fn rule_of(problem: &Value) -> (String, String) {
    let first = &problem["errors"][0];
    (
        first["field"].as_str().unwrap_or_default().to_owned(),
        first["rule"].as_str().unwrap_or_default().to_owned(),
    )
}

/// What must not change when a command is refused: rows of each donation table, ledger
/// transfers and events.
pub async fn footprint(app: &TestApp) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in [
        "donation_needs",
        "donation_consents",
        "donation_pledges",
        "donation_confirmations",
        "ledger_transfers",
        "events",
    ] {
        counts.push(app.count(table).await);
    }
    counts
}

/// The ledger check over everything written so far finds nothing wrong.
pub async fn ledger_holds(app: &TestApp) {
    let report = tepat::ledger::check::check(&app.db).await.unwrap();
    assert!(report.violations.is_empty(), "{:?}", report.violations);
}

/// A stored account's posted credits and debits.
pub async fn balance(app: &TestApp, code: &str) -> (i64, i64) {
    use sqlx::Row;
    let row =
        sqlx::query("SELECT credits_posted, debits_posted FROM ledger_accounts WHERE code = $1")
            .bind(code.to_owned())
            .fetch_one(&app.db.pool)
            .await
            .expect("account");
    (row.try_get(0).unwrap(), row.try_get(1).unwrap())
}
