//! Programmes: the shipped programmes on the public list, page and API; the dry run of a
//! rule over the registry (figures by region, in the caller's scope) and rules refused at
//! their line and column; publishing a rule as a new version with its event.

mod preview;
mod public;
mod publish;
mod quotas;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tepat::clock::Clock;
use tepat::registry::service::{self, NewHousehold};

use crate::common::TestApp;

/// A district officer acting from the command line, to register families.
fn officer() -> tepat::auth::Principal {
    tepat::auth::Principal {
        actor: tepat::events::Actor::system(),
        name: "uji".into(),
        role: tepat::auth::Role::DistrictOfficer,
        region: None,
        token_scopes: None,
    }
}

/// A fresh idempotency key.
pub fn key() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!("program-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A family registered in `village`: each member is (name, birth date, sex, relationship).
/// NIKs are built from the village and the birth date, with `serial` to keep them apart.
pub async fn family(
    app: &TestApp,
    serial: u32,
    village: &str,
    members: &[(&str, &str, &str, &str)],
) {
    let district: String = village.split('.').take(3).collect();
    let kk = format!("{district}160416{:04}", serial);
    let members: Vec<Value> = members
        .iter()
        .enumerate()
        .map(|(i, (name, born, sex, rel))| {
            let (year, month, day) = (&born[2..4], &born[5..7], &born[8..10]);
            let day: u32 = day.parse().unwrap();
            let day = if *sex == "P" { day + 40 } else { day };
            let nik = format!(
                "{district}{day:02}{month}{year}{:04}",
                serial * 10 + i as u32
            );
            json!({"nik": nik, "name": name, "birth_place": "Jakarta", "birth_date": born,
                "sex": sex, "relationship": rel})
        })
        .collect();
    let input: NewHousehold = serde_json::from_value(json!({
        "kk": kk, "village_code": village, "address": "Jl. Melati No. 4", "rt": "4", "rw": "2",
        "members": members
    }))
    .unwrap();
    service::create(
        &app.db,
        &officer(),
        None,
        &input,
        app.clock.now(),
        &tepat::duplicates::notices::DuplicateNotices,
    )
    .await
    .unwrap();
}

/// Three families: an elderly widow and a young family in Klender (Jakarta Timur), and an
/// elderly man in Sukarasa (Kota Bandung).
pub async fn three_families(app: &TestApp) {
    family(
        app,
        1,
        "31.75.07.1003",
        &[("Siti Aminah", "1950-03-12", "P", "kepala")],
    )
    .await;
    family(
        app,
        2,
        "31.75.07.1003",
        &[
            ("Budi Santoso", "1990-05-01", "L", "kepala"),
            ("Dewi Lestari", "1992-07-09", "P", "istri"),
            ("Rizky Santoso", "2024-01-20", "L", "anak"),
        ],
    )
    .await;
    family(
        app,
        3,
        "32.73.01.1001",
        &[("Ujang Sutisna", "1945-11-30", "L", "kepala")],
    )
    .await;
}

/// The API as one caller uses it.
pub struct Api<'a> {
    pub app: &'a TestApp,
    pub token: String,
}

impl Api<'_> {
    pub async fn new<'a>(app: &'a TestApp, role: &str, region: Option<&str>) -> Api<'a> {
        let token = crate::tokens::role_token(app, role, region, &["registry:read"]).await;
        Api { app, token }
    }

    pub async fn preview(&self, code: &str, rule: &str) -> (StatusCode, Value) {
        let response = self
            .app
            .client
            .post(
                self.app
                    .url(&format!("/api/v1/programmes/{code}/rule/preview")),
            )
            .bearer_auth(&self.token)
            .header("idempotency-key", key())
            .json(&json!({ "rule": rule }))
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}
