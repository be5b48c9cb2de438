//! Households with and without surveys, registered as a district officer would, and runs
//! started as the command line starts them.

use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::{Value, json};
use tepat::auth::{Principal, Role};
use tepat::clock::Clock;
use tepat::events::Actor;
use tepat::registry::service::{self, NewHousehold};
use tepat::targeting::recompute::{self, RunReport, Trigger};

use crate::common::TestApp;

pub const KLENDER: &str = "31.75.07.1003";
pub const BANDUNG: &str = "32.73.01.1001";

static SERIAL: AtomicU32 = AtomicU32::new(1);

fn officer() -> Principal {
    Principal {
        actor: Actor::system(),
        name: "uji".into(),
        role: Role::DistrictOfficer,
        region: None,
        token_scopes: None,
    }
}

/// A survey from poorest (0) to richest (4).
pub fn survey(level: u32) -> Value {
    let pick = |options: &[&str]| options[level as usize % options.len()].to_owned();
    let electricity = [0, 450, 900, 1300, 2200][level as usize % 5];
    json!({
        "floor_area_per_person_m2": 4 + level * 8,
        "floor_material": pick(&["tanah", "bambu", "semen", "keramik", "keramik"]),
        "wall_material": pick(&["bambu", "kayu", "tembok_tanpa_plester", "tembok", "tembok"]),
        "roof_material": pick(&["ijuk", "seng", "asbes", "genteng", "beton"]),
        "water_source": pick(&["sungai", "sumur_tak_terlindung", "sumur_terlindung", "ledeng", "air_kemasan"]),
        "sanitation": pick(&["tidak_ada", "bersama", "bersama", "sendiri", "sendiri"]),
        "electricity_va": electricity,
        "cooking_fuel": pick(&["kayu_bakar", "minyak_tanah", "elpiji_3kg", "elpiji_3kg", "elpiji"]),
        "owns_motorbike": level >= 2,
        "owns_land": level >= 3,
        "has_savings": level >= 3,
        "income_bracket": (level + 1).to_string(),
    })
}

/// Registers a household in `village` (district `district6`) with a head born in 1980, a
/// child born in 2015 and, for `elderly`, a parent born in 1950; `survey` may be `null`.
pub async fn household(app: &TestApp, village: &str, survey: Value, elderly: bool) -> i64 {
    let district6: String = village.replace('.', "").chars().take(6).collect();
    let n = SERIAL.fetch_add(3, Ordering::Relaxed);
    let nik = |day: u32, year: u32, k: u32| format!("{district6}{day:02}05{year:02}{:04}", n + k);
    let mut members = vec![
        json!({"nik": nik(21, 80, 0), "name": "Budi Santoso", "birth_place": "Jakarta",
            "birth_date": "1980-05-21", "sex": "L", "relationship": "kepala"}),
        json!({"nik": nik(12, 15, 1), "name": "Adi Santoso", "birth_place": "Jakarta",
            "birth_date": "2015-05-12", "sex": "L", "relationship": "anak"}),
    ];
    if elderly {
        members.push(json!({"nik": nik(43, 50, 2), "name": "Siti Aminah",
            "birth_place": "Klaten", "birth_date": "1950-05-03", "sex": "P",
            "relationship": "lainnya"}));
    }
    let mut body = json!({
        "kk": format!("{district6}150315{n:04}"), "village_code": village,
        "address": "Jl. Melati No. 4", "rt": "4", "rw": "2", "members": members,
    });
    if !survey.is_null() {
        body["survey"] = survey;
    }
    let input: NewHousehold = serde_json::from_value(body).expect("household json");
    service::create(
        &app.db,
        &officer(),
        None,
        &input,
        app.clock.now(),
        &tepat::duplicates::notices::DuplicateNotices,
    )
    .await
    .expect("household registered")
}

/// Runs a scoring run with `version` (none: the latest published or the shipped model).
pub async fn score(app: &TestApp, version: Option<i64>) -> RunReport {
    let chosen = recompute::choose(&app.db, version)
        .await
        .expect("model chosen");
    recompute::run(
        &app.db,
        &chosen,
        Trigger::Command,
        &Actor::system(),
        app.clock.now(),
        None,
    )
    .await
    .expect("run")
}

/// The events of an action.
pub async fn events_of(app: &TestApp, action: &str) -> Vec<Value> {
    use sqlx::Row;
    let rows = sqlx::query("SELECT changes FROM events WHERE action = $1 ORDER BY id")
        .bind(action.to_owned())
        .fetch_all(&app.db.pool)
        .await
        .expect("events");
    rows.iter()
        .map(|r| serde_json::from_str(&r.get::<String, _>(0)).expect("changes json"))
        .collect()
}

/// A calibration sample of `rows` households: varied answers, and a consumption that falls
/// with fewer assets and more members (with some noise from the row number), so the fit
/// has something to find. `region` fills `region_code`.
pub fn sample_csv(rows: usize, region: &str) -> String {
    let floors = ["tanah", "bambu", "kayu", "semen", "keramik"];
    let fuels = ["kayu_bakar", "minyak_tanah", "elpiji_3kg", "elpiji"];
    let mut csv = String::from(
        "region_code,floor_material,cooking_fuel,owns_motorbike,household_size,\
         children_under_15,consumption_per_capita_rupiah\n",
    );
    for i in 0..rows {
        let floor = i % 5;
        let fuel = (i / 5) % 4;
        let motorbike = (i / 20) % 2 == 0;
        let size = 1 + (i / 7) % 6;
        let children = (i / 3) % size.min(3);
        let log =
            13.0 + 0.15 * floor as f64 + 0.1 * fuel as f64 + if motorbike { 0.2 } else { 0.0 }
                - 0.08 * size as f64
                + 0.05 * ((i * 7919) % 11) as f64 / 11.0;
        let consumption = log.exp().round();
        csv.push_str(&format!(
            "{region},{},{},{},{size},{children},{consumption}\n",
            floors[floor],
            fuels[fuel],
            if motorbike { "ya" } else { "tidak" },
        ));
    }
    csv
}

/// Publishes the shipped model as the next version, as the command line does.
pub async fn published(app: &TestApp) -> i64 {
    tepat::targeting::service::publish(
        &app.db,
        tepat::targeting::model::DEFAULT_MODEL_JSON,
        "uji",
        &Actor::system(),
        app.clock.now(),
    )
    .await
    .expect("model published")
}

/// A scoring run started from the web and finished, after publishing one model version.
pub async fn finished_job(app: &TestApp) -> i64 {
    use tepat::targeting::store::jobs;
    published(app).await;
    let id = jobs::start(&app.db, 1, &Actor::system(), "uji", app.clock.now())
        .await
        .expect("job recorded")
        .expect("no other job running");
    jobs::fail(&app.db, id, "error", app.clock.now())
        .await
        .expect("job ended");
    id
}

/// A kept fit of the shipped model, ready to publish.
pub async fn kept_fit(app: &TestApp) -> i64 {
    use tepat::targeting::store::drafts::{self, NewDraft};
    let report = json!({"rows": 300, "r_squared": 0.5, "cutoff_decile": 4,
        "inclusion_error": 0.25, "exclusion_error": 0.25, "provinces": []})
    .to_string();
    let draft = NewDraft {
        name: "PMT uji",
        model: tepat::targeting::model::DEFAULT_MODEL_JSON,
        note: "uji",
        report: &report,
    };
    drafts::insert(&app.db, &draft, &Actor::system(), app.clock.now())
        .await
        .expect("fit kept")
}

/// For the route matrix: a finished web job, and a kept fit for each target.
pub async fn matrix_records(app: &TestApp) -> (i64, [i64; 2]) {
    let job = finished_job(app).await;
    (job, [kept_fit(app).await, kept_fit(app).await])
}
