//! Duplicates: a full run finds a person registered twice and leaves families alone, its
//! progress reaches the end, the check at entry opens a pair, "different" is remembered
//! across runs, "same" merges keeping every version, holds come and go, the region scope,
//! and bad input.

use std::io::Write;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tepat::auth::{Principal, Role};
use tepat::clock::Clock;
use tepat::events::Actor;
use tepat::import::report::Report;
use tepat::import::{self, ImportOptions};
use tepat::registry::service::{self, NewHousehold};
use tepat::registry::store::Acting;
use tepat::web::i18n::Lang;

use crate::common::TestApp;

const HEADER: &str =
    "kk,nik,name,sex,birth_place,birth_date,relationship,village_code,address,rt,rw,phone";
const MEN: [&str; 20] = [
    "Agus",
    "Bambang",
    "Dedi",
    "Eko",
    "Fajar",
    "Gunawan",
    "Hendra",
    "Imam",
    "Joko",
    "Kurniawan",
    "Lukman",
    "Mulyadi",
    "Nanda",
    "Oki",
    "Purnomo",
    "Rudi",
    "Slamet",
    "Taufik",
    "Wahyu",
    "Yusuf",
];
const WOMEN: [&str; 20] = [
    "Ani", "Bunga", "Citra", "Dewi", "Endang", "Fitri", "Gita", "Hana", "Indah", "Juwita",
    "Kartika", "Lestari", "Maya", "Nina", "Putri", "Ratna", "Sari", "Tuti", "Wulan", "Yanti",
];
const FAMILY_NAMES: [&str; 16] = [
    "Pratama",
    "Saputra",
    "Wijaya",
    "Hidayat",
    "Nugroho",
    "Santoso",
    "Setiawan",
    "Kusuma",
    "Siregar",
    "Nasution",
    "Harahap",
    "Simanjuntak",
    "Gunadi",
    "Halim",
    "Purba",
    "Sembiring",
];

/// One CSV row; the NIK is derived from the birth date and sex with `serial`.
#[allow(clippy::too_many_arguments)]
fn row(
    kk: &str,
    serial: u32,
    name: &str,
    sex: &str,
    born: (u32, u32, u32),
    rel: &str,
    village: &str,
    address: &str,
) -> String {
    let (year, month, day) = born;
    let nik_day = if sex == "P" { day + 40 } else { day };
    format!(
        "{kk},317507{nik_day:02}{month:02}{:02}{serial:04},{name},{sex},Jakarta,\
         {year}-{month:02}-{day:02},{rel},{village},{address},3,7,\n",
        year % 100
    )
}

/// `households` families of four in Duren Sawit, and the two persons registered twice.
fn registry_file(households: u32) -> String {
    let mut text = format!("{HEADER}\n");
    for i in 0..households {
        let family = FAMILY_NAMES[((i / 20 + i) % 16) as usize];
        let kk = format!("3175071503{:02}{:04}", 10 + i % 10, 1000 + i);
        let village = format!("31.75.07.100{}", 1 + i % 7);
        let address = format!("Jl. Kenanga {} No. {}", i % 13 + 1, i + 1);
        let year = 1960 + i % 30;
        let (month, day) = (1 + i % 12, 1 + i % 28);
        let head = format!("{} {family}", MEN[(i % 20) as usize]);
        let wife = WOMEN[((i * 7) % 20) as usize];
        let child = format!("{} {family}", MEN[((i * 3 + 5) % 20) as usize]);
        let daughter = format!("{} {family}", WOMEN[((i * 11 + 3) % 20) as usize]);
        let serial = 4 * i + 100;
        text += &row(
            &kk,
            serial,
            &head,
            "L",
            (year, month, day),
            "kepala",
            &village,
            &address,
        );
        text += &row(
            &kk,
            serial + 1,
            wife,
            "P",
            (year + 2, 1 + (month + 3) % 12, 1 + (day + 9) % 28),
            "istri",
            &village,
            "",
        );
        text += &row(
            &kk,
            serial + 2,
            &child,
            "L",
            (year + 25, 1 + (month + 5) % 12, 1 + (day + 3) % 28),
            "anak",
            &village,
            "",
        );
        text += &row(
            &kk,
            serial + 3,
            &daughter,
            "P",
            (year + 27, 1 + (month + 7) % 12, 1 + (day + 17) % 28),
            "anak",
            &village,
            "",
        );
    }
    // Muhammad Rizki registered twice: respelled, a NIK digit mistyped, another village.
    text += &row(
        "3175071403900001",
        11,
        "Muhammad Rizki Pratama",
        "L",
        (1985, 7, 14),
        "kepala",
        "31.75.07.1003",
        "Jl. Teratai No. 5",
    );
    text += &row(
        "3175071403900002",
        17,
        "Mochamad Rizki Pratama",
        "L",
        (1985, 7, 14),
        "kepala",
        "31.75.07.1007",
        "Jl. Flamboyan No. 9",
    );
    text
}

async fn import_csv(app: &TestApp, text: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keluarga.csv");
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .unwrap();
    let mut report = Report::new(None, Lang::Id).unwrap();
    let acting = Acting {
        actor: Actor::system(),
        request_id: None,
        reason: "import uji".into(),
    };
    let summary = import::import_file(
        &app.db,
        &path,
        ImportOptions::default(),
        &acting,
        app.clock.now(),
        &mut report,
        &|_, _| {},
    )
    .await
    .unwrap();
    assert_eq!(summary.refused_rows, 0, "{summary:?}");
}

async fn token(app: &TestApp, role: &str, region: Option<&str>) -> String {
    let scopes = ["registry:read", "registry:write"];
    crate::tokens::role_token(app, role, region, &scopes).await
}

struct Api<'a> {
    app: &'a TestApp,
    token: String,
}

impl Api<'_> {
    async fn get(&self, path: &str) -> (StatusCode, Value) {
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

    async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let key = format!("k{}", rand_key());
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
}

fn rand_key() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Starts a run through the API and waits for it to end.
async fn run(api: &Api<'_>) -> Value {
    let (status, run) = api.post("/api/v1/duplicates/runs", json!({})).await;
    assert_eq!(status, 202, "{run}");
    let path = format!("/api/v1/duplicates/runs/{}", run["id"]);
    for _ in 0..600 {
        let (_, run) = api.get(&path).await;
        if run["status"] != "running" {
            assert_eq!(run["status"], "done", "{run}");
            return run;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the run did not finish");
}

async fn person_id(app: &TestApp, nik: &str) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT id FROM persons WHERE nik = $1")
        .bind(nik.to_owned())
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

/// Open pairs as (person_a, person_b).
async fn open_pairs(api: &Api<'_>) -> Vec<(i64, i64, i64)> {
    let (status, page) = api
        .get("/api/v1/duplicates/pairs?status=open&limit=200")
        .await;
    assert_eq!(status, 200, "{page}");
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_i64().unwrap(),
                p["person_a"].as_i64().unwrap(),
                p["person_b"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_run_finds_the_duplicate_not_the_family_and_remembers_different() {
    let app = TestApp::spawn().await;
    import_csv(&app, &registry_file(120)).await;
    let api = Api {
        app: &app,
        token: token(&app, "district_officer", Some("31.75")).await,
    };
    let run1 = run(&api).await;
    assert_eq!(run1["progress_done"], run1["progress_total"], "{run1}");
    assert!(run1["persons"].as_i64().unwrap() >= 482, "{run1}");
    let muhammad = person_id(&app, "3175071407850011").await;
    let mochamad = person_id(&app, "3175071407850017").await;
    let pairs = open_pairs(&api).await;
    let found = pairs.iter().find(|p| (p.1, p.2) == (muhammad, mochamad));
    let Some(&(pair_id, _, _)) = found else {
        panic!("the duplicate was not found: {pairs:?}");
    };
    // No pair inside one family: members share a KK and an address.
    use sqlx::Row;
    let same_kk: i64 = sqlx::query(
        "SELECT COUNT(*) FROM duplicate_pairs d JOIN persons a ON a.id = d.person_a \
         JOIN persons b ON b.id = d.person_b WHERE a.household_id = b.household_id",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .try_get(0)
    .unwrap();
    assert_eq!(same_kk, 0, "family members proposed as duplicates");
    let (status, detail) = api
        .get(&format!("/api/v1/duplicates/pairs/{pair_id}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(detail["person_a"]["full_name"], "Muhammad Rizki Pratama");
    let fields = detail["pair"]["explanation"]["fields"].as_array().unwrap();
    assert_eq!(fields.len(), 6, "{detail}");
    // Different people: remembered, not proposed by the next run.
    let (status, decided) = api
        .post(
            &format!("/api/v1/duplicates/pairs/{pair_id}/decision"),
            json!({"decision": "different", "reason": "Dua orang, dicek ke lapangan"}),
        )
        .await;
    assert_eq!(status, 200, "{decided}");
    assert_eq!(decided["pair"]["status"], "different");
    let run2 = run(&api).await;
    assert!(run2["linked_pairs"].as_i64().unwrap() >= 1, "{run2}");
    let again = open_pairs(&api).await;
    assert!(
        !again.iter().any(|p| (p.1, p.2) == (muhammad, mochamad)),
        "{again:?}"
    );
    crate::log::assert_audit_clean(&app).await;
}

fn officer() -> Principal {
    Principal {
        actor: Actor::system(),
        name: "uji".into(),
        role: Role::DistrictOfficer,
        region: None,
        token_scopes: None,
    }
}

async fn register(app: &TestApp, kk: &str, nik: &str, name: &str, village: &str) -> i64 {
    let input: NewHousehold = serde_json::from_value(json!({
        "kk": kk, "village_code": village, "address": "Jl. Melati No. 4", "rt": "4", "rw": "2",
        "members": [{"nik": nik, "name": name, "birth_place": "Klaten",
            "birth_date": "1960-02-04", "sex": "P", "relationship": "kepala"}]
    }))
    .unwrap();
    service::create(&app.db, &officer(), None, &input, app.clock.now())
        .await
        .unwrap();
    person_id(app, nik).await
}

/// The widow registered twice: once in Pondok Kelapa, again in Malaka Sari with one NIK
/// digit mistyped. Returns the API of a district officer, both person ids and the pair.
async fn widow_twice(app: &TestApp) -> (Api<'_>, i64, i64, i64) {
    let api = Api {
        app,
        token: token(app, "district_officer", Some("31.75")).await,
    };
    let first = register(
        app,
        "3175071604160002",
        "3175074402600004",
        "Siti Aminah binti Abdullah",
        "31.75.07.1004",
    )
    .await;
    let (_, holds) = api.get("/api/v1/duplicates/holds").await;
    assert_eq!(holds["items"], json!([]), "{holds}");
    let second = register(
        app,
        "3175071604160099",
        "3175074402600007",
        "Siti Aminah",
        "31.75.07.1005",
    )
    .await;
    let pairs = open_pairs(&api).await;
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    let (pair_id, a, b) = pairs[0];
    assert_eq!((a, b), (first, second));
    (api, first, second, pair_id)
}

#[tokio::test]
async fn the_check_at_entry_opens_a_pair_that_holds_both() {
    let app = TestApp::spawn().await;
    let (api, first, second, _) = widow_twice(&app).await;
    assert!(
        tepat::duplicates::holds::is_held(&app.db, second)
            .await
            .unwrap()
    );
    let (_, holds) = api.get("/api/v1/duplicates/holds").await;
    let held: Vec<i64> = holds["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["person_id"].as_i64().unwrap())
        .collect();
    assert_eq!(held, [first, second], "{holds}");
    app.add_account("dinsos.uji", "district_officer", Some("31.75"))
        .await;
    app.login("dinsos.uji").await;
    let html = app.text(&format!("/penduduk/{second}")).await;
    assert!(html.contains("Ditahan: kemungkinan duplikat"), "{html}");
}

#[tokio::test]
async fn same_merges_keeping_every_version_and_bad_decisions_are_refused() {
    let app = TestApp::spawn().await;
    let (api, first, second, pair_id) = widow_twice(&app).await;
    // Bad input: unknown pair, missing reason, a survivor outside the pair.
    let decide = format!("/api/v1/duplicates/pairs/{pair_id}/decision");
    let (status, _) = api
        .post(
            "/api/v1/duplicates/pairs/999999/decision",
            json!({"decision": "same", "reason": "x"}),
        )
        .await;
    assert_eq!(status, 404);
    let (status, problem) = api
        .post(&decide, json!({"decision": "same", "reason": " "}))
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "reason", "{problem}");
    let (status, problem) = api
        .post(
            &decide,
            json!({"decision": "same", "reason": "KK lama", "survivor_id": 999999}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    // Same person: the second record is merged into the first; every version stays.
    let (status, decided) = api
        .post(
            &decide,
            json!({"decision": "same", "reason": "Satu orang, pindah dari Pondok Kelapa"}),
        )
        .await;
    assert_eq!(status, 200, "{decided}");
    assert_eq!(decided["pair"]["status"], "same");
    assert_eq!(decided["pair"]["survivor_id"], first);
    assert_eq!(decided["person_b"]["merged_into"], first);
    let (status, _) = api
        .post(&decide, json!({"decision": "different", "reason": "lagi"}))
        .await;
    assert_eq!(status, 409);
    let versions = app
        .count("record_versions WHERE subject_type = 'person'")
        .await;
    assert_eq!(versions, 3, "two first versions and the merge");
    assert!(
        !tepat::duplicates::holds::is_held(&app.db, second)
            .await
            .unwrap()
    );
    let (_, holds) = api.get("/api/v1/duplicates/holds").await;
    assert_eq!(holds["items"], json!([]), "{holds}");
    let events = app.count("events WHERE action = 'person.merged'").await;
    assert_eq!(events, 1);
    // A run afterwards does not propose the merged person again.
    run(&api).await;
    assert!(open_pairs(&api).await.is_empty());
    crate::log::assert_audit_clean(&app).await;
}

#[tokio::test]
async fn officers_see_pairs_of_their_regency_only() {
    let app = TestApp::spawn().await;
    register(
        &app,
        "3175071604160002",
        "3175074402600004",
        "Siti Aminah",
        "31.75.07.1004",
    )
    .await;
    register(
        &app,
        "3175071604160099",
        "3175074402600007",
        "Siti Aminah",
        "31.75.07.1005",
    )
    .await;
    let inside = Api {
        app: &app,
        token: token(&app, "district_officer", Some("31.75")).await,
    };
    let outside = Api {
        app: &app,
        token: token(&app, "district_officer", Some("32.73")).await,
    };
    let pairs = open_pairs(&inside).await;
    assert_eq!(pairs.len(), 1);
    assert!(open_pairs(&outside).await.is_empty());
    let path = format!("/api/v1/duplicates/pairs/{}", pairs[0].0);
    assert_eq!(outside.get(&path).await.0, 403);
    let (status, _) = outside
        .post(
            &format!("{path}/decision"),
            json!({"decision": "different", "reason": "bukan wilayah saya"}),
        )
        .await;
    assert_eq!(status, 403);
    // The page shows the pair side by side, with the explanation, to the officer inside.
    app.add_account("dinsos.uji", "district_officer", Some("31.75"))
        .await;
    app.login("dinsos.uji").await;
    let html = app.text(&format!("/duplikat/{}", pairs[0].0)).await;
    assert!(html.contains("id=\"side-by-side\"") && html.contains("id=\"explanation\""));
    assert!(html.contains("Orang berbeda"), "{html}");
    let queue = app.text("/duplikat").await;
    assert!(queue.contains(&format!("/duplikat/{}", pairs[0].0)));
}

#[tokio::test]
async fn a_second_run_while_one_runs_is_refused() {
    let app = TestApp::spawn().await;
    let api = Api {
        app: &app,
        token: token(&app, "ministry_officer", None).await,
    };
    let actor = Actor::system();
    let id = tepat::duplicates::store::runs::start(&app.db, "manual", &actor, app.clock.now())
        .await
        .unwrap();
    assert!(id.is_some());
    let (status, problem) = api.post("/api/v1/duplicates/runs", json!({})).await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "run", "{problem}");
}

/// An open pair of two records of one woman in `village` (NIK district from the village),
/// found by the check at entry; `serial` keeps numbers unique.
pub async fn open_pair(app: &TestApp, village: &str, serial: u32) -> i64 {
    let district: String = village
        .chars()
        .filter(char::is_ascii_digit)
        .take(6)
        .collect();
    let first = register(
        app,
        &format!("{district}160416{serial:04}"),
        &format!("{district}440260{serial:04}"),
        "Wulan Sembiring",
        village,
    )
    .await;
    let kk = format!("{district}160417{serial:04}");
    let nik = format!("{district}440260{:04}", serial + 1000);
    let second = register(app, &kk, &nik, "Wulan Sembiring", village).await;
    use sqlx::Row;
    sqlx::query("SELECT id FROM duplicate_pairs WHERE person_a = $1 AND person_b = $2")
        .bind(first)
        .bind(second)
        .fetch_one(&app.db.pool)
        .await
        .expect("the check at entry opened the pair")
        .try_get(0)
        .unwrap()
}

/// A run finished over whatever the registry holds.
pub async fn finished_run(app: &TestApp) -> i64 {
    let actor = Actor::system();
    let clock: std::sync::Arc<dyn Clock> = std::sync::Arc::new(app.clock.clone());
    let id = tepat::duplicates::store::runs::start(&app.db, "manual", &actor, clock.now())
        .await
        .unwrap()
        .unwrap();
    tepat::duplicates::runner::finish_or_fail(&app.db, id, &actor, clock, None)
        .await
        .unwrap();
    id
}

/// Waits until no run is in progress.
pub async fn wait_for_runs(app: &TestApp) {
    for _ in 0..600 {
        if app.count("duplicate_runs WHERE status = 'running'").await == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("a run did not finish");
}

#[tokio::test]
async fn an_approved_change_request_is_checked_at_entry() {
    use tepat::changes::{Proposal, store};
    let app = TestApp::spawn().await;
    let first = register(
        &app,
        "3175071604160002",
        "3175074402600004",
        "Siti Aminah",
        "31.75.07.1004",
    )
    .await;
    let other = register(
        &app,
        "3175071604160099",
        "3175074402601234",
        "Sri Wahyuni",
        "31.75.07.1005",
    )
    .await;
    assert_eq!(app.count("duplicate_pairs").await, 0);
    let household: i64 = {
        use sqlx::Row;
        sqlx::query("SELECT household_id FROM persons WHERE id = $1")
            .bind(other)
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .try_get(0)
            .unwrap()
    };
    let operator = Principal {
        actor: Actor::system(),
        name: "operator".into(),
        role: Role::VillageOperator,
        region: Some(tepat::region_code::RegionCode::parse("31.75.07.1005").unwrap()),
        token_scopes: None,
    };
    // Sri's mother-in-law joins her family: the same woman as the one in Pondok Kelapa.
    let person: tepat::registry::PersonInput = serde_json::from_value(json!({
        "nik": "3175074402600009", "name": "Siti Aminah", "birth_place": "Klaten",
        "birth_date": "1960-02-04", "sex": "P", "relationship": "lainnya"}))
    .unwrap();
    let evidence = [store::Evidence {
        file_name: "kk.pdf".into(),
        content: b"%PDF-1.4\n".to_vec(),
    }];
    let id = store::propose(
        &app.db,
        &operator,
        household,
        &Proposal::TambahAnggota { person },
        "Ibu mertua ikut tinggal",
        &evidence,
        None,
        app.clock.now(),
    )
    .await
    .unwrap();
    let officer = Principal {
        actor: Actor {
            kind: tepat::events::ActorKind::Account,
            id: Some(77),
            role: "district_officer".into(),
        },
        ..officer()
    };
    store::decide(
        &app.db,
        &officer,
        id,
        store::Decision::Approve,
        "",
        None,
        app.clock.now(),
    )
    .await
    .unwrap();
    let api = Api {
        app: &app,
        token: token(&app, "district_officer", Some("31.75")).await,
    };
    let pairs = open_pairs(&api).await;
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!(pairs[0].1, first);
}
