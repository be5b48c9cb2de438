//! The registry: bulk import (CSV and XLSX, reports, atomic mode, re-import, bad files),
//! export, the versioned store, the API with masking and access records, and the pages.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use tepat::auth::{Principal, Role};
use tepat::clock::Clock;
use tepat::events::Actor;
use tepat::import::{self, ImportOptions, Summary};
use tepat::region_code::RegionCode;
use tepat::registry::export::{self, Format};
use tepat::registry::service::{self, NewHousehold};
use tepat::registry::store::Acting;
use tepat::sheets::Report;
use tepat::web::i18n::Lang;

use crate::common::TestApp;

const HEADER: &str =
    "kk,nik,name,sex,birth_place,birth_date,relationship,village_code,address,rt,rw,phone";

/// A national principal that may write the registry, for seeding.
fn seeder() -> Principal {
    Principal {
        actor: Actor::system(),
        name: "seed".into(),
        role: Role::DistrictOfficer,
        region: None,
        token_scopes: None,
    }
}

/// A valid one-person household; returns (household id, person id).
pub async fn seed(app: &TestApp, village: &str, district_digits: &str, serial: u32) -> (i64, i64) {
    let input: NewHousehold = serde_json::from_value(json!({
        "kk": format!("{district_digits}150315{serial:04}"),
        "village_code": village, "address": "Jl. Uji No. 1", "rt": "1", "rw": "2",
        "members": [{"nik": format!("{district_digits}210587{serial:04}"), "name": "Budi Santoso",
            "birth_place": "Jakarta", "birth_date": "1987-05-21", "sex": "L",
            "relationship": "kepala"}]
    }))
    .expect("input");
    let id = service::create(
        &app.db,
        &seeder(),
        None,
        &input,
        app.clock.now(),
        &tepat::duplicates::notices::DuplicateNotices,
    )
    .await
    .expect("seeded");
    let detail = service::household(&app.db, &seeder(), id)
        .await
        .expect("detail");
    (id, detail.members[0].id)
}

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(bytes))
        .expect("write");
    path
}

async fn run_import(app: &TestApp, path: &Path, options: ImportOptions) -> (Summary, String) {
    let report_path = path.with_extension("report.csv");
    let out = std::fs::File::create(&report_path).expect("report file");
    let mut report = Report::new(Some(Box::new(out)), Lang::Id).expect("report");
    let acting = Acting {
        actor: Actor::system(),
        request_id: None,
        reason: "import uji".into(),
    };
    let summary = import::import_file(
        &app.db,
        path,
        options,
        &acting,
        app.clock.now(),
        &mut report,
        &|_, _| {},
    )
    .await
    .expect("import runs");
    drop(report);
    (
        summary,
        std::fs::read_to_string(&report_path).expect("report text"),
    )
}

/// Two families in Klender: Budi's (three members) and Siti's (one).
fn family_file() -> String {
    format!(
        "{HEADER}\n\
         3175071503150001,3175072105870001,Budi Santoso,L,Jakarta,21-05-1987,kepala,31.75.07.1003,Jl. Teratai 5,5,12,0812-3456-7890\n\
         3175071503150001,3175076708890002,Ani Rahayu,P,Bogor,27/08/1989,istri,31.75.07.1003,,,,\n\
         3175071503150001,3175070101150003,Rizki,L,Jakarta,2015-01-01,anak,31.75.07.1003,,,,\n\
         3175071604160002,3175074402600004,Siti Aminah,P,Klaten,1960-02-04,kepala,31.75.07.1003,Jl. Melati 2,3,4,\n"
    )
}

#[tokio::test]
async fn import_creates_families_and_a_reimport_changes_nothing() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), "keluarga.csv", family_file().as_bytes());
    let (summary, report) = run_import(&app, &path, ImportOptions::default()).await;
    assert_eq!(
        (summary.rows, summary.created, summary.refused_rows),
        (4, 2, 0),
        "{report}"
    );
    assert_eq!(app.count("households").await, 2);
    assert_eq!(app.count("persons").await, 4);
    let events = app.count("events").await;
    let versions = app.count("record_versions").await;
    let (again, _) = run_import(&app, &path, ImportOptions::default()).await;
    assert_eq!((again.created, again.unchanged, again.changed), (0, 2, 0));
    assert_eq!(app.count("persons").await, 4);
    assert_eq!(
        app.count("events").await,
        events,
        "an unchanged re-import writes no event"
    );
    assert_eq!(app.count("record_versions").await, versions);
    let changed = family_file().replace("Rizki,L", "Rizki Pratama,L");
    let path = write_file(dir.path(), "keluarga2.csv", changed.as_bytes());
    let (third, _) = run_import(&app, &path, ImportOptions::default()).await;
    assert_eq!((third.changed, third.unchanged), (1, 1));
    assert_eq!(
        app.count("persons").await,
        4,
        "a correction is a new version, not a new person"
    );
    assert_eq!(app.count("record_versions").await, versions + 1);
}

/// `families` two-person families in Klender, each with names of its own (no two alike,
/// so that nothing reads as a likely duplicate).
fn many_families(families: u32) -> String {
    const SYLLABLES: [&str; 10] = ["ba", "ci", "du", "fe", "go", "hi", "ju", "ka", "lo", "mu"];
    let word = |serial: u32| -> String {
        let digits = format!("{serial:04}");
        let mut name: String = digits
            .bytes()
            .map(|d| SYLLABLES[usize::from(d - b'0')])
            .collect();
        name[..1].make_ascii_uppercase();
        name
    };
    let mut text = format!("{HEADER}\n");
    for serial in 1..=families {
        let kk = format!("317507150315{serial:04}");
        let name = word(serial);
        text.push_str(&format!(
            "{kk},317507210587{serial:04},{name} Santoso,L,Jakarta,1987-05-21,kepala,31.75.07.1003,Jl. Teratai {serial},5,12,\n\
             {kk},317507670889{serial:04},{name} Rahayu,P,Bogor,1989-08-27,istri,31.75.07.1003,,,,\n"
        ));
    }
    text
}

#[tokio::test]
async fn an_import_of_many_batches_stores_each_family_once_with_its_own_members() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    // More families than one batch, and more rows than one multi-row statement holds.
    let families = u32::try_from(import::FAMILIES_PER_BATCH).unwrap() + 300;
    let path = write_file(dir.path(), "banyak.csv", many_families(families).as_bytes());
    let events = app.count("events").await;
    let (summary, report) = run_import(&app, &path, ImportOptions::default()).await;
    assert_eq!(
        (summary.rows, summary.created, summary.refused_rows),
        (2 * u64::from(families), u64::from(families), 0),
        "{report}"
    );
    let families = i64::from(families);
    assert_eq!(app.count("households").await, families);
    assert_eq!(app.count("persons").await, 2 * families);
    assert_eq!(app.count("record_versions").await, 3 * families);
    assert_eq!(app.count("events").await, events + families);
    // Every person sits in the household of the KK its row named (KK and NIK share the
    // serial in this file).
    let placed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM persons p JOIN households h ON h.id = p.household_id \
         WHERE SUBSTR(h.kk_number, 13, 4) = SUBSTR(p.nik, 13, 4)",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(placed, 2 * families);
    let (again, _) = run_import(&app, &path, ImportOptions::default()).await;
    assert_eq!((again.created, again.unchanged), (0, families as u64));
    assert_eq!(app.count("events").await, events + families);
    crate::log::assert_audit_clean(&app).await;
}

#[tokio::test]
async fn a_refused_person_refuses_its_family_and_the_report_names_rows_and_rules() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    // Ani's NIK says 12-08-1989; her birth date says 27-08-1989.
    let text = family_file().replace("3175076708890002", "3175075208890002");
    let path = write_file(dir.path(), "keluarga.csv", text.as_bytes());
    let (summary, report) = run_import(&app, &path, ImportOptions::default()).await;
    assert_eq!(
        (
            summary.created,
            summary.refused_families,
            summary.refused_rows
        ),
        (1, 1, 3)
    );
    assert!(report.starts_with("row,column,rule,message\n"), "{report}");
    assert!(report.contains(
        "3,nik,nik-birth-date,tanggal lahir pada NIK (12-08-1989) tidak sama dengan tanggal lahir (27-08-1989)"
    ), "{report}");
    assert!(report.contains("2,kk,family-rejected,"), "{report}");
    assert!(report.contains("4,kk,family-rejected,"), "{report}");
    assert_eq!(app.count("persons").await, 1, "Siti's family is stored");
}

#[tokio::test]
async fn atomic_import_stores_nothing_when_any_row_is_refused() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let text = family_file().replace("31.75.07.1003,Jl. Melati", "31.75.07.9999,Jl. Melati");
    let path = write_file(dir.path(), "keluarga.csv", text.as_bytes());
    let options = ImportOptions {
        atomic: true,
        confirm_warnings: false,
        scope: None,
    };
    let events = app.count("events").await;
    let (summary, report) = run_import(&app, &path, options).await;
    assert!(!summary.committed);
    assert_eq!(
        summary.created, 1,
        "Budi's family alone would have been stored"
    );
    assert!(report.contains("5,village_code,unknown,"), "{report}");
    assert_eq!(app.count("households").await, 0);
    assert_eq!(app.count("events").await, events);
}

#[tokio::test]
async fn an_existing_nik_in_another_family_is_refused_with_a_pointer() {
    let app = TestApp::spawn().await;
    let (household, person) = seed(&app, "31.75.07.1003", "317507", 1).await;
    let dir = tempfile::tempdir().unwrap();
    let text = family_file().replace("3175071503150001", "3175071503150009");
    let path = write_file(dir.path(), "keluarga.csv", text.as_bytes());
    let (summary, report) = run_import(&app, &path, ImportOptions::default()).await;
    assert_eq!(summary.refused_families, 1);
    assert!(report.contains(&format!("/penduduk/{person}")), "{report}");
    assert!(
        report.contains(&format!("keluarga {household}")),
        "{report}"
    );
}

#[tokio::test]
async fn bad_files_are_refused_whole_with_specific_messages() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let mut latin1 = family_file().into_bytes();
    latin1.extend_from_slice(b"3175071604160005,3175074402600006,Jos\xe9,L,Solo,1960-02-04,kepala,31.75.07.1003,Jl. A,1,1,\n");
    let acting = Acting {
        actor: Actor::system(),
        request_id: None,
        reason: "uji".into(),
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("latin1.csv", latin1, "not UTF-8 text (line 6"),
        (
            "columns.csv",
            b"kk,nik,nama\n1,2,3\n".to_vec(),
            "missing: sex, birth_place, birth_date",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = write_file(dir.path(), name, &bytes);
        let mut report = Report::new(None, Lang::En).unwrap();
        let err = import::import_file(
            &app.db,
            &path,
            ImportOptions::default(),
            &acting,
            app.clock.now(),
            &mut report,
            &|_, _| {},
        )
        .await
        .expect_err(name);
        assert!(err.to_string().contains(expected), "{name}: {err}");
    }
    for (name, build) in [("formula.xlsx", 0), ("merged.xlsx", 1)] {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (column, title) in HEADER.split(',').enumerate() {
            sheet.write_string(0, column as u16, title).unwrap();
        }
        if build == 0 {
            sheet.write_formula(1, 2, "=UPPER(\"budi\")").unwrap();
        } else {
            sheet
                .merge_range(1, 7, 2, 7, "31.75.07.1003", &rust_xlsxwriter::Format::new())
                .unwrap();
        }
        let path = dir.path().join(name);
        book.save(&path).unwrap();
        let mut report = Report::new(None, Lang::En).unwrap();
        let err = import::import_file(
            &app.db,
            &path,
            ImportOptions::default(),
            &acting,
            app.clock.now(),
            &mut report,
            &|_, _| {},
        )
        .await
        .expect_err(name);
        let expected = if build == 0 {
            "cell C2 holds a formula"
        } else {
            "cells H2:H3 are merged"
        };
        assert!(err.to_string().contains(expected), "{name}: {err}");
    }
    assert_eq!(app.count("persons").await, 0);
}

#[tokio::test]
async fn xlsx_imports_like_csv_and_export_round_trips() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (row, line) in family_file().lines().enumerate() {
        for (column, cell) in line.split(',').enumerate() {
            sheet.write_string(row as u32, column as u16, cell).unwrap();
        }
    }
    let path = dir.path().join("keluarga.xlsx");
    book.save(&path).unwrap();
    let (summary, report) = run_import(&app, &path, ImportOptions::default()).await;
    assert_eq!((summary.created, summary.refused_rows), (2, 0), "{report}");
    let region = RegionCode::parse("31.75.07").unwrap();
    let mut csv = Vec::new();
    let written = export::export(&app.db, &region, Format::Csv, &mut csv)
        .await
        .unwrap();
    assert_eq!(written, 4);
    let text = String::from_utf8(csv).unwrap();
    assert!(text.starts_with(HEADER), "{text}");
    assert!(text.contains("3175071503150001,3175072105870001,Budi Santoso,L,Jakarta,1987-05-21,kepala,31.75.07.1003,Jl. Teratai 5,005,012,+6281234567890"), "{text}");
    let exported = write_file(dir.path(), "ekspor.csv", text.as_bytes());
    let (again, _) = run_import(&app, &exported, ImportOptions::default()).await;
    assert_eq!(
        (again.unchanged, again.changed, again.created),
        (2, 0, 0),
        "the export re-imports unchanged"
    );
    let mut xlsx = Vec::new();
    assert_eq!(
        export::export(&app.db, &region, Format::Xlsx, &mut xlsx)
            .await
            .unwrap(),
        4
    );
    assert!(xlsx.starts_with(b"PK"));
}

pub async fn token(app: &TestApp, role: &str, region: Option<&str>) -> String {
    let scopes = ["registry:read", "registry:write"];
    crate::tokens::role_token(app, role, region, &scopes).await
}

fn new_household(serial: u32) -> Value {
    json!({"kk": format!("317507150315{serial:04}"), "village_code": "31.75.07.1003",
        "address": "Jl. Kenanga 1", "rt": "3", "rw": "7", "phone": "+62 812 1111 2222",
        "members": [{"nik": format!("317507210587{serial:04}"), "name": "Budi", "birth_place": "Jakarta",
            "birth_date": "21/05/1987", "sex": "L", "relationship": "kepala"}]})
}

#[tokio::test]
async fn api_registers_refuses_duplicates_with_a_pointer_and_names_broken_fields() {
    let app = TestApp::spawn().await;
    let operator = token(&app, "village_operator", Some("31.75.07.1003")).await;
    let post = |body: Value, key: &str| {
        app.client
            .post(app.url("/api/v1/households"))
            .bearer_auth(&operator)
            .header("idempotency-key", key)
            .json(&body)
            .send()
    };
    let created = post(new_household(1), "a").await.unwrap();
    assert_eq!(created.status(), 201);
    let body: Value = created.json().await.unwrap();
    let id = body["household"]["id"].as_i64().unwrap();
    assert_eq!(
        body["members"][0]["nik"], "3175072105870001",
        "operators see whole NIKs"
    );
    let again = post(new_household(1), "b").await.unwrap();
    assert_eq!(again.status(), 409);
    let problem: Value = again.json().await.unwrap();
    assert_eq!(problem["errors"][0]["rule"], "kk-exists");
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("/keluarga/{id}"))
    );
    let mut bad = new_household(2);
    bad["members"][0]["birth_date"] = json!("12-05-1987");
    bad["phone"] = json!("12");
    let refused = post(bad, "c").await.unwrap();
    assert_eq!(refused.status(), 422);
    let problem: Value = refused.json().await.unwrap();
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["phone", "members[0].nik"]);
    assert!(
        problem["errors"][1]["message"]
            .as_str()
            .unwrap()
            .contains("(21-05-1987) differs from the birth date (12-05-1987)")
    );
}

#[tokio::test]
async fn auditors_see_masked_numbers_and_list_who_opened_which_record() {
    let app = TestApp::spawn().await;
    let (household, person) = seed(&app, "31.75.07.1003", "317507", 1).await;
    let auditor = token(&app, "auditor", Some("31.75")).await;
    let officer = token(&app, "district_officer", Some("31.75")).await;
    let get = |path: String, who: &str| {
        app.client
            .get(app.url(&path))
            .bearer_auth(who.to_owned())
            .send()
    };
    let list: Value = get("/api/v1/households?region=31.75.07".into(), &auditor)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"][0]["kk_number"], "3175••••••••0001");
    let detail: Value = get(format!("/api/v1/households/{household}"), &auditor)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["members"][0]["nik"], "3175••••••••0001");
    assert_eq!(detail["history"][0]["version"], 1);
    // The auditor opens a record for an audit, numbers still masked; no other purpose.
    let audited = get(format!("/api/v1/persons/{person}?purpose=audit"), &auditor)
        .await
        .unwrap();
    assert_eq!(audited.status(), 200);
    let audited: Value = audited.json().await.unwrap();
    assert_eq!(audited["person"]["nik"], "3175••••••••0001", "{audited}");
    assert_eq!(
        get(
            format!("/api/v1/persons/{person}?purpose=verifikasi"),
            &auditor
        )
        .await
        .unwrap()
        .status(),
        403
    );
    assert_eq!(
        get(format!("/api/v1/persons/{person}"), &officer)
            .await
            .unwrap()
            .status(),
        400
    );
    let opened = get(
        format!("/api/v1/persons/{person}?purpose=verifikasi"),
        &officer,
    )
    .await
    .unwrap();
    assert_eq!(opened.status(), 200);
    let views: Value = get("/api/v1/person-views".into(), &auditor)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(views["items"][0]["person_id"], person);
    assert_eq!(views["items"][0]["purpose"], "verifikasi");
    assert_eq!(views["items"][0]["actor_role"], "district_officer");
    let outside = get("/api/v1/households?region=32.73".into(), &auditor)
        .await
        .unwrap();
    assert_eq!(outside.status(), 403);
}

#[tokio::test]
async fn pages_list_households_and_open_a_person_only_for_a_purpose() {
    let app = TestApp::spawn().await;
    let (household, person) = seed(&app, "31.75.07.1003", "317507", 1).await;
    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    app.login("op.klender").await;
    let html = app.text("/keluarga").await;
    assert!(
        html.contains("Budi Santoso") && html.contains(&format!("/keluarga/{household}")),
        "{html}"
    );
    let html = app.text(&format!("/keluarga/{household}")).await;
    assert!(
        html.contains("3175072105870001"),
        "operators see whole NIKs"
    );
    let views = app.count("person_views").await;
    let form = app.text(&format!("/penduduk/{person}")).await;
    assert!(form.contains("name=\"keperluan\""));
    assert_eq!(
        app.count("person_views").await,
        views,
        "the purpose form records nothing"
    );
    let page = app
        .get(&format!("/penduduk/{person}?keperluan=verifikasi"))
        .await;
    assert_eq!(page.status(), 200);
    assert_eq!(app.count("person_views").await, views + 1);
    let csv = app.get("/keluarga/ekspor?wilayah=31.75.07.1003").await;
    assert_eq!(csv.status(), 200);
    assert!(csv.text().await.unwrap().contains("3175072105870001"));
}

#[tokio::test]
async fn search_finds_by_nik_kk_and_misspelled_names_within_scope() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), "keluarga.csv", family_file().as_bytes());
    run_import(&app, &path, ImportOptions::default()).await;
    seed(&app, "32.73.01.1001", "327301", 1).await;
    let officer = token(&app, "district_officer", Some("31.75")).await;
    let auditor = token(&app, "auditor", Some("31.75")).await;
    let search = |q: &str, who: &str| {
        app.client
            .get(app.url("/api/v1/persons"))
            .query(&[("q", q)])
            .bearer_auth(who.to_owned())
            .send()
    };
    let names = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["full_name"].as_str().unwrap().to_owned())
            .collect()
    };
    let found: Value = search("Budy Santosa", &officer)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        names(&found),
        ["Budi Santoso"],
        "two letters wrong still finds"
    );
    let found: Value = search("sit", &officer).await.unwrap().json().await.unwrap();
    assert_eq!(names(&found), ["Siti Aminah"], "a prefix finds");
    let found: Value = search("3175076708890002", &officer)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(names(&found), ["Ani Rahayu"]);
    let found: Value = search("3175071503150001", &auditor)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        found["items"].as_array().unwrap().len(),
        3,
        "a KK finds its family"
    );
    assert_eq!(
        found["items"][0]["nik"], "3175••••••••0001",
        "auditors see masked NIKs"
    );
    let found: Value = search("budi", &officer)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        names(&found),
        ["Budi Santoso"],
        "the Budi in Bandung is outside the scope"
    );
    assert_eq!(search("b", &officer).await.unwrap().status(), 422);
}
