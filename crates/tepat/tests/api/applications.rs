//! Self-registration: a family applies through the public form or the API, checks the
//! status with the tracking number and the head's birth date; the village's operator or
//! facilitator verifies, then accepts it into the registry or rejects it with a reason.
//! Bad input, retries, scope and collisions.

use serde_json::{Value, json};
use sqlx::Row;
use tepat::applications::model::{ApplicationInput, Document, VerificationInput};
use tepat::applications::{review, service};
use tepat::auth::{Principal, Role};
use tepat::clock::Clock;
use tepat::events::Actor;

use crate::common::TestApp;

mod browser;
mod first_look;
mod picker;
mod safeguards;
mod steps;

pub(crate) const KLENDER: &str = "31.75.07.1003";
pub(crate) const PONDOK_BAMBU: &str = "31.75.07.1002";
pub(crate) const PNG: &[u8] = b"\x89PNG\r\n\x1a\n foto kk";

/// A family of two for `village`; numbers unique per `serial`.
pub fn family(village: &str, district: &str, serial: usize) -> Value {
    json!({"kk": format!("{district}010120{serial:04}"), "village_code": village,
        "address": "Jl. Mawar No. 7", "rt": "3", "rw": "4", "phone": "0812 3456 7890",
        "statement": "Suami sakit sejak tiga bulan, tidak ada penghasilan tetap.",
        "members": [
            {"nik": format!("{district}020285{serial:04}"), "name": "Joko Susilo",
             "birth_place": "Jakarta", "birth_date": "02-02-1985", "sex": "L",
             "relationship": "kepala"},
            {"nik": format!("{district}430388{serial:04}"), "name": "Wati",
             "birth_place": "Bogor", "birth_date": "03-03-1988", "sex": "P",
             "relationship": "istri"}]})
}

pub(crate) fn officer(role: Role, village: &str) -> Principal {
    Principal {
        actor: Actor::system(),
        name: "petugas".into(),
        role,
        region: Some(tepat::region_code::RegionCode::parse(village).unwrap()),
        token_scopes: None,
    }
}

/// Submits an application through the service; returns (id, form id). With `verified`,
/// the field visit is recorded too.
pub async fn submitted(
    app: &TestApp,
    village: &str,
    district: &str,
    serial: usize,
    verified: bool,
) -> (i64, String) {
    let input: ApplicationInput =
        serde_json::from_value(family(village, district, serial)).unwrap();
    let form = tepat::http::token::random_token();
    let documents = [Document {
        file_name: "kk.png".into(),
        content: PNG.to_vec(),
    }];
    let now = app.clock.now();
    let sender = service::Sender {
        form_id: Some(&form),
        client_address: None,
        request_id: None,
    };
    let application = service::submit(&app.db, &input, &documents, &sender, now)
        .await
        .unwrap();
    if verified {
        let visit = VerificationInput {
            visit_result: "sesuai".into(),
            ..Default::default()
        };
        let who = officer(Role::Facilitator, village);
        review::verify(&app.db, &who, application.id, &visit, None, now)
            .await
            .unwrap();
    }
    (application.id.0, form)
}

/// The value of the hidden or visible input `name` in a page.
pub(crate) fn input_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).expect("field on the page") + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

pub(crate) fn form_fields(family: &Value, csrf: &str, form_id: &str) -> Vec<(String, String)> {
    let mut fields = vec![
        ("csrf_token".to_owned(), csrf.to_owned()),
        ("formulir".to_owned(), form_id.to_owned()),
        ("baris".to_owned(), "6".to_owned()),
        ("aksi".to_owned(), "kirim".to_owned()),
    ];
    for key in [
        "kk",
        "village_code",
        "address",
        "rt",
        "rw",
        "phone",
        "statement",
    ] {
        let value = family[key].as_str().unwrap_or_default();
        fields.push((key.to_owned(), value.to_owned()));
    }
    for (row, member) in family["members"].as_array().unwrap().iter().enumerate() {
        for key in [
            "nik",
            "name",
            "birth_place",
            "birth_date",
            "sex",
            "relationship",
        ] {
            let value = member[key].as_str().unwrap_or_default().to_owned();
            fields.push((format!("members[{row}].{key}"), value));
        }
    }
    fields
}

pub(crate) fn multipart(
    fields: &[(String, String)],
    files: &[(&str, &[u8])],
) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text(name.clone(), value.clone());
    }
    for (name, bytes) in files {
        let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string());
        form = form.part("dokumen", part);
    }
    form
}

pub(crate) async fn check_status(
    app: &TestApp,
    client: &reqwest::Client,
    tracking: &str,
    born: &str,
) -> (u16, String) {
    let csrf = app.csrf_with(client, "/daftar/status").await;
    let response = client
        .post(app.url("/daftar/status"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("nomor", tracking),
            ("tanggal_lahir", born),
        ])
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

pub(crate) async fn events_of(app: &TestApp, id: i64) -> Vec<(String, String)> {
    sqlx::query(
        "SELECT action, changes FROM events WHERE subject_type = 'application' \
         AND subject_id = $1 ORDER BY id",
    )
    .bind(id.to_string())
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|row| (row.get(0), row.get(1)))
    .collect()
}
