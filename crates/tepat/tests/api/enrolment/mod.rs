//! Enrolment: batches cut at the quota and approved by another official, held households
//! never enrolled, overrides by name with a reason, and every refusal naming its field.

mod batches;
mod held;
mod monitoring;
mod pages;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tepat::auth::{Principal, Role};
use tepat::clock::Clock;
use tepat::events::Actor;

use crate::common::TestApp;
use crate::targeting::fixtures::{KLENDER, score, survey};

/// A ministry officer acting from the command line.
fn ministry() -> Principal {
    Principal {
        actor: Actor::system(),
        name: "uji".into(),
        role: Role::MinistryOfficer,
        region: None,
        token_scopes: None,
    }
}

/// A national batch of `programme`, prepared as the ministry; its id.
pub async fn national_batch(app: &TestApp, programme: &str) -> i64 {
    tepat::enrolment::service::prepare(&app.db, &ministry(), programme, None, None, app.clock.now())
        .await
        .expect("batch prepared")
        .id
}

/// Sets a programme's quotas (region, count).
pub async fn set_quota(app: &TestApp, programme: &str, quotas: &[(&str, i64)]) {
    let quotas: Vec<Value> = quotas
        .iter()
        .map(|(region, count)| {
            json!({"region": region, "count": count, "unit": "keluarga", "year": 2026,
                "source": "uji"})
        })
        .collect();
    sqlx::query("UPDATE programmes SET quotas = $1 WHERE code = $2")
        .bind(serde_json::to_string(&quotas).unwrap())
        .bind(programme.to_owned())
        .execute(&app.db.pool)
        .await
        .expect("quota set");
}

/// Heads and children of distinct families (names and birth dates that no duplicate check
/// would pair).
const FAMILIES: [(&str, &str, &str, &str); 10] = [
    ("Agus Salim", "1971-02-03", "Rina Salim", "2012-04-05"),
    ("Bambang Wijaya", "1973-03-14", "Tono Wijaya", "2013-06-17"),
    ("Cahyo Nugroho", "1975-05-25", "Intan Nugroho", "2014-08-19"),
    (
        "Dedi Kurniawan",
        "1977-07-06",
        "Yoga Kurniawan",
        "2015-10-21",
    ),
    ("Eko Prasetyo", "1979-09-17", "Sari Prasetyo", "2016-12-23"),
    ("Fajar Hidayat", "1981-11-28", "Bayu Hidayat", "2012-01-25"),
    (
        "Gilang Ramadhan",
        "1983-01-09",
        "Putri Ramadhan",
        "2013-03-27",
    ),
    (
        "Hendra Gunawan",
        "1985-04-20",
        "Dimas Gunawan",
        "2014-05-29",
    ),
    ("Irfan Maulana", "1987-06-01", "Nadia Maulana", "2015-07-30"),
    ("Joko Susilo", "1969-08-12", "Wulan Susilo", "2016-09-11"),
];

/// A surveyed household in Klender for family `n` of [`FAMILIES`], as a district officer
/// registers it.
pub async fn family(app: &TestApp, n: usize, level: u32) -> i64 {
    let (head, born, child, child_born) = FAMILIES[n];
    let nik = |birth: &str, k: usize| {
        let (y, m, d) = (&birth[2..4], &birth[5..7], &birth[8..10]);
        format!("317507{d}{m}{y}{:04}", 4000 + n * 10 + k)
    };
    let body = json!({
        "kk": format!("3175071503{:06}", 900 + n), "village_code": KLENDER,
        "address": format!("Jl. Kenanga No. {}", n + 1), "rt": "3", "rw": "5",
        "members": [
            {"nik": nik(born, 0), "name": head, "birth_place": "Jakarta", "birth_date": born,
             "sex": "L", "relationship": "kepala"},
            {"nik": nik(child_born, 1), "name": child, "birth_place": "Jakarta",
             "birth_date": child_born, "sex": "L", "relationship": "anak"},
        ],
        "survey": survey(level),
    });
    let input: tepat::registry::service::NewHousehold =
        serde_json::from_value(body).expect("household json");
    let officer = Principal {
        role: Role::DistrictOfficer,
        ..ministry()
    };
    tepat::registry::service::create(
        &app.db,
        &officer,
        None,
        &input,
        app.clock.now(),
        &tepat::duplicates::notices::DuplicateNotices,
    )
    .await
    .expect("household registered")
}

/// Ten surveyed households in Klender, two at each of five levels (0 poorest), scored:
/// desil 1, 1, 3, 3, 5, 5, 7, 7, 9, 9. Their ids, poorest first.
pub async fn ten_scored(app: &TestApp) -> Vec<i64> {
    let mut ids = Vec::new();
    for n in 0..10 {
        ids.push(family(app, n, n as u32 / 2).await);
    }
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM duplicate_pairs")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(open, 0, "the families are distinct people");
    score(app, None).await;
    ids
}

/// The API as one caller uses it.
pub struct Api<'a> {
    pub app: &'a TestApp,
    pub token: String,
}

impl Api<'_> {
    pub async fn new<'a>(app: &'a TestApp, role: &str, region: Option<&str>) -> Api<'a> {
        let token =
            crate::tokens::role_token(app, role, region, &["registry:read", "registry:write"])
                .await;
        Api { app, token }
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let response = self
            .app
            .client
            .get(self.app.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.post_keyed(path, body, &crate::programmes::key()).await
    }

    pub async fn post_keyed(&self, path: &str, body: Value, key: &str) -> (StatusCode, Value) {
        let response = self
            .app
            .client
            .post(self.app.url(path))
            .bearer_auth(&self.token)
            .header("idempotency-key", key)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.put_keyed(path, body, &crate::programmes::key()).await
    }

    pub async fn put_keyed(&self, path: &str, body: Value, key: &str) -> (StatusCode, Value) {
        let response = self
            .app
            .client
            .put(self.app.url(path))
            .bearer_auth(&self.token)
            .header("idempotency-key", key)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

/// The first error's (field, rule) of a problem document.
pub fn refusal(problem: &Value) -> (String, String) {
    let error = &problem["errors"][0];
    (
        error["field"].as_str().unwrap_or_default().to_owned(),
        error["rule"].as_str().unwrap_or_default().to_owned(),
    )
}
