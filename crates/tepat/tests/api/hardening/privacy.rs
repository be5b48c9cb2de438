//! Who sees whole NIK and KK numbers: every role over the trail, history and change requests.
//!
//! A data set is built the way officials build it — households registered through the API,
//! a KK renumbered and a member added through approved change requests, a NIK corrected by
//! the civil registry (which raises review flags), a person registered twice (a duplicate
//! pair) — and every role then reads the event trail (page and API, every page), household
//! and person records with their history, change requests, flags, pairs and access
//! records. No body may hold a whole number of the data set for a role that sees numbers
//! masked, nor a resident's name for a role without the registry; the roles that see them
//! whole must still find every one.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};
use sqlx::Row;
use tepat::accounts::service::{self, Acting, TokenInput};
use tepat::auth::{AccountId, Role};
use tepat::clock::Clock;

use crate::common::TestApp;

const KLENDER: &str = "31.75.07.1003";

/// Residents' names in the data set.
const NAMES: [&str; 5] = [
    "Bambang Sutrisno",
    "Sri Wahyuni",
    "Joko Prasetyo",
    "Dewi Lestari",
    "Wulan Sembiring",
];

/// The first household's KK before and after it is renumbered.
const KK_OLD: &str = "3175071503150101";
const KK_NEW: &str = "3175071503150102";
/// The second household's head, before and after the civil registry corrects his NIK.
const NIK_OLD: &str = "3175071203750201";
const NIK_NEW: &str = "3175071203750299";

/// What the data set holds, by id, and every NIK and KK number it ever held.
struct DataSet {
    households: Vec<i64>,
    persons: Vec<i64>,
    requests: Vec<i64>,
    flags: Vec<i64>,
    pairs: Vec<i64>,
    numbers: BTreeSet<String>,
}

/// Idempotency keys, one per command.
static KEYS: AtomicUsize = AtomicUsize::new(0);

async fn send(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let response = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .header(
            "idempotency-key",
            format!("privacy-{}", KEYS.fetch_add(1, Ordering::Relaxed)),
        )
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let answer: Value = response.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "POST {path}: {status} {answer}");
    answer
}

/// A change request proposed by the operator and approved by the district officer.
async fn approved(app: &TestApp, tokens: (&str, &str), household: i64, proposal: Value) -> i64 {
    let path = format!("/api/v1/households/{household}/change-requests");
    let body = json!({"proposal": proposal, "reason": "Pemutakhiran bulanan"});
    let id = send(app, tokens.0, &path, body).await["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/change-requests/{id}/approve");
    send(app, tokens.1, &path, json!({})).await;
    id
}

fn person(nik: &str, name: &str, birth_date: &str, sex: &str, relationship: &str) -> Value {
    json!({"nik": nik, "name": name, "birth_place": "Jakarta", "birth_date": birth_date,
        "sex": sex, "relationship": relationship})
}

async fn register(app: &TestApp, operator: &str, kk: &str, members: Vec<Value>) -> i64 {
    let body = json!({"kk": kk, "village_code": KLENDER, "address": "Jl. Kenanga 1",
        "rt": "3", "rw": "7", "members": members});
    let created = send(app, operator, "/api/v1/households", body).await;
    created["household"]["id"].as_i64().unwrap()
}

async fn build(app: &TestApp) -> DataSet {
    let operator = crate::registry::token(app, "village_operator", Some(KLENDER)).await;
    let scopes = ["registry:read", "registry:write", "civil:write"];
    let officer = crate::tokens::role_token(app, "district_officer", Some("31.75"), &scopes).await;
    let first = vec![
        person("3175072105870101", NAMES[0], "1987-05-21", "L", "kepala"),
        person("3175076708890102", NAMES[1], "1989-08-27", "P", "istri"),
    ];
    let first = register(app, &operator, KK_OLD, first).await;
    let second = vec![person(NIK_OLD, NAMES[2], "1975-03-12", "L", "kepala")];
    let second = register(app, &operator, "3175071503150201", second).await;
    let tokens = (operator.as_str(), officer.as_str());
    let renumbered = json!({"kind": "ganti_kk", "new_kk": KK_NEW});
    let added = json!({"kind": "tambah_anggota",
        "person": person("3175075505100203", NAMES[3], "2010-05-15", "P", "anak")});
    let requests = vec![
        approved(app, tokens, first, renumbered).await,
        approved(app, tokens, second, added).await,
    ];
    let csv = format!("event,nik,new_nik,event_date\nkoreksi_nik,{NIK_OLD},{NIK_NEW},2025-01-10\n");
    let answer = civil_events(app, &officer, csv).await;
    assert_eq!(answer["summary"]["applied"], 1, "{answer}");
    let pair = crate::duplicates::open_pair(app, KLENDER, 7301).await;
    let mut numbers: BTreeSet<String> = [KK_OLD, NIK_OLD].map(str::to_owned).into();
    numbers.extend(column(app, "SELECT kk_number FROM households").await);
    numbers.extend(column(app, "SELECT nik FROM persons").await);
    assert!(
        numbers.contains(KK_NEW) && numbers.contains(NIK_NEW),
        "{numbers:?}"
    );
    let ids = |sql| column_ids(app, sql);
    DataSet {
        households: ids("SELECT id FROM households ORDER BY id").await,
        persons: ids("SELECT id FROM persons ORDER BY id").await,
        requests,
        flags: ids("SELECT id FROM review_flags ORDER BY id").await,
        pairs: vec![pair],
        numbers,
    }
}

async fn civil_events(app: &TestApp, token: &str, csv: String) -> Value {
    let response = app
        .client
        .post(app.url("/api/v1/civil-events"))
        .bearer_auth(token)
        .header("idempotency-key", "privacy-civil")
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn column(app: &TestApp, sql: &'static str) -> Vec<String> {
    let rows = sqlx::query(sql).fetch_all(&app.db.pool).await.unwrap();
    rows.iter().map(|row| row.get::<String, _>(0)).collect()
}

async fn column_ids(app: &TestApp, sql: &'static str) -> Vec<i64> {
    let rows = sqlx::query(sql).fetch_all(&app.db.pool).await.unwrap();
    rows.iter().map(|row| row.get::<i64, _>(0)).collect()
}

/// The region scope each role's account works in; every one holds Klender.
fn scope_of(role: Role) -> Option<&'static str> {
    match role {
        Role::Citizen | Role::VillageOperator | Role::Merchant => Some(KLENDER),
        Role::Facilitator => Some("31.75.07"),
        Role::DistrictOfficer | Role::Auditor | Role::Administrator | Role::Donor => Some("31.75"),
        Role::ProvinceOfficer | Role::Bank => Some("31"),
        Role::MinistryOfficer => None,
    }
}

/// A role's session cookie and an API token with every scope the role may hold.
struct Reader {
    role: Role,
    session: String,
    token: String,
}

async fn reader(app: &TestApp, role: Role) -> Reader {
    let username = format!("privasi.{}", role.as_str());
    let id = app
        .add_account(&username, role.as_str(), scope_of(role))
        .await;
    let now = app.clock.now();
    let session = tepat::accounts::session::create(&app.db, AccountId(id), now)
        .await
        .unwrap();
    let input = TokenInput {
        name: format!("privasi {role}"),
        username,
        scopes: Vec::new(),
        all_scopes: true,
    };
    let token = service::create_token(&app.db, Acting::CommandLine, &input, now)
        .await
        .unwrap()
        .secret;
    Reader {
        role,
        session,
        token,
    }
}

/// What a reader was shown: (path, status, body) of every request.
type Shown = Vec<(String, u16, String)>;

async fn get(app: &TestApp, reader: &Reader, path: &str) -> (u16, String) {
    let mut request = app.client.get(app.url(path));
    if path.starts_with("/api/") {
        request = request.bearer_auth(&reader.token);
    } else {
        request = request.header("cookie", format!("tepat_session={}", reader.session));
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// The trail's page size here: small, so that reading it takes several pages.
const TRAIL_PAGE: u32 = 10;

/// Every page of the trail, on the page and through the API, following the cursors.
async fn read_trail(app: &TestApp, reader: &Reader, shown: &mut Shown) {
    let mut next = Some(format!("/jejak?limit={TRAIL_PAGE}"));
    while let Some(path) = next.take() {
        let (status, body) = get(app, reader, &path).await;
        let marker = "href=\"/jejak?cursor=";
        next = body.find(marker).map(|at| {
            let rest = &body[at + marker.len()..];
            let cursor = &rest[..rest.find('"').unwrap()];
            format!("/jejak?limit={TRAIL_PAGE}&cursor={cursor}")
        });
        shown.push((path, status, body));
    }
    let mut next = Some(format!("/api/v1/events?limit={TRAIL_PAGE}"));
    while let Some(path) = next.take() {
        let (status, body) = get(app, reader, &path).await;
        let page: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        next = page["next_cursor"]
            .as_str()
            .map(|cursor| format!("/api/v1/events?limit={TRAIL_PAGE}&cursor={cursor}"));
        shown.push((path, status, body));
    }
}

/// Everything else a reader might be shown of the data set.
fn record_paths(data: &DataSet) -> Vec<String> {
    let mut paths = vec![
        "/keluarga".to_owned(),
        "/api/v1/households".to_owned(),
        "/usulan?status=disetujui".to_owned(),
        "/api/v1/change-requests?status=disetujui".to_owned(),
        "/tinjauan".to_owned(),
        "/api/v1/review-flags".to_owned(),
        "/duplikat".to_owned(),
        "/api/v1/duplicates/pairs".to_owned(),
    ];
    for id in &data.households {
        paths.push(format!("/keluarga/{id}"));
        paths.push(format!("/api/v1/households/{id}"));
    }
    for id in &data.persons {
        paths.push(format!("/penduduk/{id}?keperluan=verifikasi"));
        paths.push(format!("/api/v1/persons/{id}?purpose=verifikasi"));
    }
    for id in &data.requests {
        paths.push(format!("/usulan/{id}"));
        paths.push(format!("/api/v1/change-requests/{id}"));
    }
    for id in &data.flags {
        paths.push(format!("/tinjauan/{id}"));
    }
    for id in &data.pairs {
        paths.push(format!("/duplikat/{id}"));
        paths.push(format!("/api/v1/duplicates/pairs/{id}"));
    }
    // The access records last, once the persons above have been opened.
    paths.push("/akses-data".to_owned());
    paths.push("/api/v1/person-views".to_owned());
    paths
}

async fn read_all(app: &TestApp, reader: &Reader, data: &DataSet) -> Shown {
    let mut shown = Shown::new();
    read_trail(app, reader, &mut shown).await;
    for path in record_paths(data) {
        let (status, body) = get(app, reader, &path).await;
        shown.push((path, status, body));
    }
    shown
}

/// Checks what one role was shown against what it may see.
fn check(role: Role, shown: &Shown, data: &DataSet) {
    let whole_numbers = matches!(
        role,
        Role::VillageOperator | Role::Facilitator | Role::DistrictOfficer
    );
    let registry = whole_numbers
        || matches!(
            role,
            Role::ProvinceOfficer | Role::MinistryOfficer | Role::Auditor
        );
    let read: Vec<&(String, u16, String)> = shown.iter().filter(|s| s.1 == 200).collect();
    for (path, _, body) in &read {
        for number in data.numbers.iter().filter(|_| !whole_numbers) {
            assert!(
                !body.contains(number.as_str()),
                "{role} sees {number} whole at {path}"
            );
        }
        for name in NAMES.iter().filter(|_| !registry) {
            assert!(
                !body.contains(name),
                "{role} sees the name {name} at {path}"
            );
        }
    }
    let everything: String = read.iter().map(|s| s.2.as_str()).collect();
    if whole_numbers {
        // Operators and facilitators read the records as they are now; the district
        // officer also reads the trail and history, which hold the replaced numbers.
        for number in &data.numbers {
            let replaced = number == KK_OLD || number == NIK_OLD;
            if role == Role::DistrictOfficer || !replaced {
                assert!(
                    everything.contains(number.as_str()),
                    "{role} misses {number}"
                );
            }
        }
    }
    if registry {
        assert!(everything.contains(NAMES[0]), "{role} misses the names");
    }
    if !whole_numbers && (registry || role == Role::Administrator) {
        // The trail (and, for registry readers, the records) are read, masked.
        assert!(
            everything.contains("3175••••••••0102"),
            "{role} reads no masked KK"
        );
    }
}

#[tokio::test]
async fn every_role_sees_numbers_and_names_only_as_its_permissions_allow() {
    let app = TestApp::spawn().await;
    let data = build(&app).await;
    for role in Role::ALL {
        let reader = reader(&app, role).await;
        let shown = read_all(&app, &reader, &data).await;
        let trail = shown.iter().find(|s| s.0.starts_with("/jejak")).unwrap();
        let pages = shown.iter().filter(|s| s.0.starts_with("/jejak")).count();
        let reads_events = matches!(
            role,
            Role::DistrictOfficer
                | Role::ProvinceOfficer
                | Role::MinistryOfficer
                | Role::Auditor
                | Role::Administrator
        );
        assert_eq!(trail.1 == 200, reads_events, "{role}: /jejak {}", trail.1);
        if reads_events {
            assert!(pages > 2, "{role} read the trail in {pages} pages");
        }
        check(reader.role, &shown, &data);
    }
}
