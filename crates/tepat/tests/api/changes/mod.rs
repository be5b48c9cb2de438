//! Monthly village updates: an operator proposes with reason and evidence, a district
//! officer approves (the change is written as versions naming the request and proposer)
//! or returns it; every kind of change, bad input, scope, retries, and decisions that act
//! on the household as it is when they are written.

mod browser;
mod decisions;
mod history;
mod kinds;
mod resend;

use serde_json::{Value, json};
use sqlx::Row;
use tepat::auth::{Principal, Role};
use tepat::clock::Clock;
use tepat::events::Actor;
use tepat::registry::service::{self, NewHousehold};

use crate::common::TestApp;

const KLENDER: &str = "31.75.07.1003";
const PDF: &[u8] = b"%PDF-1.4\n% surat keterangan kematian\n";

fn seeder() -> Principal {
    Principal {
        actor: Actor::system(),
        name: "seed".into(),
        role: Role::DistrictOfficer,
        region: None,
        token_scopes: None,
    }
}

/// A family of three in Klender: head, wife, child. Returns (household id, member ids).
async fn family(app: &TestApp, serial: u32) -> (i64, Vec<i64>) {
    let input: NewHousehold = serde_json::from_value(json!({
        "kk": format!("317507150315{serial:04}"), "village_code": KLENDER,
        "address": "Jl. Uji No. 1", "rt": "1", "rw": "2",
        "members": [
            {"nik": format!("317507210587{serial:04}"), "name": "Budi Santoso", "birth_place": "Jakarta",
             "birth_date": "1987-05-21", "sex": "L", "relationship": "kepala"},
            {"nik": format!("317507670889{:04}", serial + 1), "name": "Ani Rahayu", "birth_place": "Bogor",
             "birth_date": "1989-08-27", "sex": "P", "relationship": "istri"},
            {"nik": format!("317507010115{:04}", serial + 2), "name": "Rizki", "birth_place": "Jakarta",
             "birth_date": "2015-01-01", "sex": "L", "relationship": "anak"}]
    }))
    .unwrap();
    let id = service::create(
        &app.db,
        &seeder(),
        None,
        &input,
        app.clock.now(),
        &tepat::duplicates::notices::DuplicateNotices,
    )
    .await
    .unwrap();
    let rows = sqlx::query("SELECT id FROM persons WHERE household_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    (id, rows.iter().map(|r| r.get::<i64, _>(0)).collect())
}

async fn token(app: &TestApp, role: &str, region: &str) -> String {
    crate::registry::token(app, role, Some(region)).await
}

async fn post(app: &TestApp, token: &str, path: &str, key: &str, body: Value) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .bearer_auth(token)
        .header("idempotency-key", key)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// Proposes `proposal` for `household` through the API with a monthly-update reason.
async fn propose(
    app: &TestApp,
    token: &str,
    key: &str,
    household: i64,
    proposal: Value,
) -> reqwest::Response {
    let path = format!("/api/v1/households/{household}/change-requests");
    let body = json!({"proposal": proposal, "reason": "Pemutakhiran bulanan"});
    post(app, token, &path, key, body).await
}

/// Approves request `id` through the API.
async fn approve(app: &TestApp, token: &str, key: &str, id: i64) -> reqwest::Response {
    let path = format!("/api/v1/change-requests/{id}/approve");
    post(app, token, &path, key, json!({})).await
}

fn id_of(v: &Value) -> i64 {
    v["id"].as_i64().unwrap()
}

async fn person_status(app: &TestApp, id: i64) -> (String, Option<String>, i64) {
    let row =
        sqlx::query("SELECT life_status, status_date, household_id FROM persons WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    (row.get(0), row.get(1), row.get(2))
}

/// One text column of one row, by query and id.
async fn scalar(app: &TestApp, sql: &'static str, id: i64) -> String {
    sqlx::query(sql)
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0)
}

fn multipart(
    csrf: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new().text("csrf_token", csrf.to_owned());
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    for (name, bytes) in files {
        form = form.part(
            "bukti",
            reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string()),
        );
    }
    form
}
