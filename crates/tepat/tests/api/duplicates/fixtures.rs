//! Registry fixtures for the duplicate tests: a generated file of families with one person
//! registered twice, households entered one by one, and pairs opened by the check at entry.

use std::io::Write;

use serde_json::json;
use tepat::auth::{Principal, Role};
use tepat::clock::Clock;
use tepat::events::Actor;
use tepat::import::{self, ImportOptions};
use tepat::registry::service::{self, NewHousehold};
use tepat::registry::store::Acting;
use tepat::sheets::Report;
use tepat::web::i18n::Lang;

use super::client::{Api, open_pairs, token};
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
pub fn registry_file(households: u32) -> String {
    let mut text = format!("{HEADER}\n");
    for i in 0..households {
        text += &family(i);
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

/// Family `i` of four in Duren Sawit: a couple and two grown children.
fn family(i: u32) -> String {
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
    let mut text = String::new();
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
    text
}

pub async fn import_csv(app: &TestApp, text: &str) {
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

pub async fn person_id(app: &TestApp, nik: &str) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT id FROM persons WHERE nik = $1")
        .bind(nik.to_owned())
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

pub fn officer() -> Principal {
    Principal {
        actor: Actor::system(),
        name: "uji".into(),
        role: Role::DistrictOfficer,
        region: None,
        token_scopes: None,
    }
}

pub async fn register(app: &TestApp, kk: &str, nik: &str, name: &str, village: &str) -> i64 {
    let input: NewHousehold = serde_json::from_value(json!({
        "kk": kk, "village_code": village, "address": "Jl. Melati No. 4", "rt": "4", "rw": "2",
        "members": [{"nik": nik, "name": name, "birth_place": "Klaten",
            "birth_date": "1960-02-04", "sex": "P", "relationship": "kepala"}]
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
    person_id(app, nik).await
}

/// The widow registered twice: once in Pondok Kelapa, again in Malaka Sari with one NIK
/// digit mistyped. Returns the API of a district officer, both person ids and the pair.
pub async fn widow_twice(app: &TestApp) -> (Api<'_>, i64, i64, i64) {
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
