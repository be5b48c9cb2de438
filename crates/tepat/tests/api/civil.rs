//! The civil-registry feed and review flags: a death becomes a new version and flags that
//! show on the person page, the flag list and the API; re-imports change nothing; NIK
//! corrections, unknown NIKs and bad files; clearing a flag; region scope; the command line.

use std::path::{Path, PathBuf};

use serde_json::Value;
use sqlx::Row;
use tepat::civil::{self, Applying, CivilSummary};
use tepat::clock::Clock;
use tepat::events::Actor;
use tepat::registry::store::Acting;
use tepat::sheets::Report;
use tepat::web::i18n::Lang;

use crate::common::TestApp;
use crate::registry::seed;

const KLENDER: &str = "31.75.07.1003";
const PONDOK_BAMBU: &str = "31.75.07.1002";
/// The NIK `seed` gives its person with serial 1 (born 21-05-1987, male).
const BUDI: &str = "3175072105870001";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Imports `text` as a file, as the command line does; returns the summary and report.
async fn import(app: &TestApp, text: &str) -> (CivilSummary, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "dukcapil.csv", text.as_bytes());
    let report_path = dir.path().join("laporan.csv");
    let out = std::fs::File::create(&report_path).unwrap();
    let mut report = Report::new(Some(Box::new(out)), Lang::Id).unwrap();
    let acting = Acting {
        actor: Actor::system(),
        request_id: None,
        reason: "import dukcapil.csv".into(),
    };
    let applying = Applying {
        acting: &acting,
        scope: None,
        now: app.clock.now(),
    };
    let summary = civil::import_file(&app.db, &path, &applying, &mut report, &|_, _| {})
        .await
        .expect("import runs");
    drop(report);
    (summary, std::fs::read_to_string(report_path).unwrap())
}

/// Reports the death of the person with `nik`; returns the id of the flag on the person.
pub async fn flag_death(app: &TestApp, nik: &str) -> i64 {
    let (summary, report) = import(
        app,
        &format!("event,nik,event_date\nkematian,{nik},2026-01-15\n"),
    )
    .await;
    assert_eq!(summary.applied, 1, "{report}");
    let row = sqlx::query(
        "SELECT f.id FROM review_flags f JOIN persons p ON p.id = f.subject_id \
         WHERE f.subject_type = 'person' AND p.nik = $1 ORDER BY f.id DESC LIMIT 1",
    )
    .bind(nik.to_owned())
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    row.try_get(0).unwrap()
}

async fn token(app: &TestApp, role: &str, region: Option<&str>, scopes: &[&str]) -> String {
    crate::tokens::role_token(app, role, region, scopes).await
}

async fn scalar(app: &TestApp, sql: &str, id: i64) -> String {
    let row = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    row.try_get(0).unwrap()
}

/// Counts of everything an import may write.
async fn counts(app: &TestApp) -> Vec<i64> {
    let mut all = Vec::new();
    for table in [
        "record_versions",
        "events",
        "review_flags",
        "civil_events",
        "persons",
    ] {
        all.push(app.count(table).await);
    }
    all
}

async fn flags_json(app: &TestApp, bearer: &str, query: &str) -> Value {
    let response = app
        .client
        .get(app.url(&format!("/api/v1/review-flags{query}")))
        .bearer_auth(bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_death_becomes_a_version_and_flags_shown_in_pages_and_api_and_reimport_changes_nothing() {
    let app = TestApp::spawn().await;
    let (household, person) = seed(&app, KLENDER, "317507", 1).await;
    let before = counts(&app).await;
    let file =
        format!("NIK;Peristiwa;Tanggal Peristiwa;Referensi\n{BUDI};kematian;15/01/2026;AKTA-77\n");
    let (summary, report) = import(&app, &file).await;
    assert_eq!(
        (summary.rows, summary.applied, summary.flags_raised),
        (1, 1, 2),
        "{report}"
    );
    assert_eq!(report, "row,column,rule,message\n");
    let status = scalar(
        &app,
        "SELECT life_status FROM persons WHERE id = $1",
        person,
    )
    .await;
    assert_eq!(status, "meninggal");
    let reason = scalar(
        &app,
        "SELECT reason FROM record_versions WHERE subject_type = 'person' AND subject_id = $1 \
         ORDER BY version DESC LIMIT 1",
        person,
    )
    .await;
    assert!(
        reason.starts_with("register sipil: kematian 2026-01-15 (AKTA-77)"),
        "{reason}"
    );
    let after = counts(&app).await;
    // One version; the person's event and one per flag; two flags; one receipt.
    assert_eq!(after[0] - before[0], 1);
    assert_eq!(after[1] - before[1], 3);
    assert_eq!((after[2] - before[2], after[3] - before[3]), (2, 1));

    app.add_account("op.klender", "village_operator", Some(KLENDER))
        .await;
    app.login("op.klender").await;
    let page = app.text(&format!("/penduduk/{person}")).await;
    assert!(
        page.contains("id=\"review-flags\"") && page.contains("Kematian"),
        "{page}"
    );
    let list = app.text("/tinjauan").await;
    assert!(list.contains(&format!("/penduduk/{person}")), "{list}");
    assert!(list.contains(&format!("/keluarga/{household}")), "{list}");
    assert!(list.contains("Dukcapil"), "{list}");

    let bearer = token(&app, "district_officer", Some("31.75"), &["registry:read"]).await;
    let page = flags_json(&app, &bearer, "?status=open&subject_type=person").await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{page}");
    assert_eq!(items[0]["subject_id"], person);
    assert_eq!(items[0]["reason"], "death");
    assert_eq!(items[0]["source"], "civil-registry");
    assert_eq!(items[0]["details"]["reference"], "AKTA-77");

    let settled = counts(&app).await;
    let (again, report) = import(&app, &file).await;
    assert_eq!(
        (again.applied, again.unchanged, again.refused),
        (0, 1, 0),
        "{report}"
    );
    assert_eq!(counts(&app).await, settled, "a re-import changes nothing");
    crate::log::assert_audit_clean(&app).await;
}

#[tokio::test]
async fn nik_corrections_apply_when_valid_and_are_refused_otherwise() {
    let app = TestApp::spawn().await;
    let (_, first) = seed(&app, KLENDER, "317507", 1).await;
    let (_, second) = seed(&app, KLENDER, "317507", 2).await;
    let file = "event,nik,event_date,new_nik\n\
                koreksi_nik,3175072105870001,2026-02-01,3175072105870009\n\
                koreksi_nik,3175072105870002,2026-02-01,3175072105870009\n\
                koreksi_nik,3175072105870002,2026-02-02,3175071205870003\n\
                nik_correction,3175072105870002,2026-02-03,3175076105870003\n";
    let (summary, report) = import(&app, file).await;
    assert_eq!((summary.applied, summary.refused), (1, 3), "{report}");
    assert!(report.contains("3,new_nik,nik-taken,"), "{report}");
    assert!(report.contains(&format!("/penduduk/{first}")), "{report}");
    assert!(report.contains("4,new_nik,nik-birth-date,"), "{report}");
    assert!(report.contains("5,new_nik,nik-sex,"), "{report}");
    let nik = scalar(&app, "SELECT nik FROM persons WHERE id = $1", first).await;
    assert_eq!(nik, "3175072105870009");
    let unchanged = scalar(&app, "SELECT nik FROM persons WHERE id = $1", second).await;
    assert_eq!(unchanged, "3175072105870002");
    let changes = scalar(
        &app,
        "SELECT changes FROM record_versions WHERE subject_type = 'person' AND subject_id = $1 \
         ORDER BY version DESC LIMIT 1",
        first,
    )
    .await;
    let changes: Value = serde_json::from_str(&changes).unwrap();
    assert_eq!(changes["nik"]["from"], "3175072105870001");
    assert_eq!(changes["nik"]["to"], "3175072105870009");
    let (again, _) = import(&app, file).await;
    assert_eq!(again.applied, 0, "the correction is not applied twice");
    crate::log::assert_audit_clean(&app).await;
}

#[tokio::test]
async fn unknown_niks_and_broken_rows_are_reported_while_other_rows_apply() {
    let app = TestApp::spawn().await;
    let (_, person) = seed(&app, KLENDER, "317507", 1).await;
    seed(&app, KLENDER, "317507", 2).await;
    let file = "event,nik,event_date,new_village_code\n\
                kematian,3175070101010099,2026-01-15,\n\
                pindah,3175072105870001,2026-03-01,31.75.07.1005\n\
                kematian,3175072105870002,2099-01-01,\n\
                kematian,3175072105870002,1980-01-01,\n\
                lahir,3175072105870002,2026-01-01,\n";
    let (summary, report) = import(&app, file).await;
    assert_eq!(
        (summary.rows, summary.applied, summary.refused),
        (5, 1, 4),
        "{report}"
    );
    assert!(report.contains("2,nik,unknown-nik,"), "{report}");
    assert!(report.contains("4,event_date,date,"), "{report}");
    assert!(report.contains("5,event_date,before-birth,"), "{report}");
    assert!(report.contains("6,event,choice,"), "{report}");
    let status = scalar(
        &app,
        "SELECT life_status FROM persons WHERE id = $1",
        person,
    )
    .await;
    assert_eq!(
        status, "pindah",
        "a move is recorded; the household is not moved"
    );
    let region = scalar(
        &app,
        "SELECT region_code FROM persons WHERE id = $1",
        person,
    )
    .await;
    assert_eq!(region, KLENDER);
    let details = scalar(
        &app,
        "SELECT details FROM review_flags WHERE subject_type = 'person' AND subject_id = $1",
        person,
    )
    .await;
    let details: Value = serde_json::from_str(&details).unwrap();
    assert_eq!(details["new_village_code"], "31.75.07.1005");
}

#[tokio::test]
async fn unreadable_files_are_refused_whole_and_store_nothing() {
    let app = TestApp::spawn().await;
    seed(&app, KLENDER, "317507", 1).await;
    let before = counts(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let acting = Acting {
        actor: Actor::system(),
        request_id: None,
        reason: "uji".into(),
    };
    let applying = Applying {
        acting: &acting,
        scope: None,
        now: app.clock.now(),
    };
    let cases: [(&str, &[u8], &str); 2] = [
        (
            "kolom.csv",
            b"event,nik\nkematian,3175072105870001\n",
            "required columns are missing: event_date",
        ),
        (
            "latin1.csv",
            b"event,nik,event_date,reference\nkematian,3175072105870001,2026-01-15,Jos\xe9\n",
            "not UTF-8 text (line 2",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = write(dir.path(), name, bytes);
        let mut report = Report::new(None, Lang::En).unwrap();
        let err = civil::import_file(&app.db, &path, &applying, &mut report, &|_, _| {})
            .await
            .expect_err(name);
        assert!(err.to_string().contains(expected), "{name}: {err}");
    }
    assert_eq!(counts(&app).await, before);
}

#[tokio::test]
async fn clearing_a_flag_needs_a_note_and_records_who_why_and_an_event() {
    let app = TestApp::spawn().await;
    let (household, person) = seed(&app, KLENDER, "317507", 1).await;
    let flag = flag_death(&app, BUDI).await;
    let officer = app
        .add_account("dinsos", "district_officer", Some("31.75"))
        .await;
    app.login("dinsos").await;
    let page = format!("/tinjauan/{flag}");
    let action = format!("/tinjauan/{flag}/selesai");
    let refused = app.post_form(&page, &action, &[("note", "  ")]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("tuliskan alasan"));
    let events = app.count("events").await;
    let done = app
        .post_form(
            &page,
            &action,
            &[("note", "Akta kematian dicek; keluarga dikunjungi")],
        )
        .await;
    assert_eq!(done.status(), 303);
    assert_eq!(app.count("events").await, events + 1);
    let row =
        sqlx::query("SELECT status, cleared_by_id, clear_note FROM review_flags WHERE id = $1")
            .bind(flag)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(row.try_get::<String, _>(0).unwrap(), "cleared");
    assert_eq!(row.try_get::<Option<i64>, _>(1).unwrap(), Some(officer));
    let note: Option<String> = row.try_get(2).unwrap();
    assert_eq!(
        note.as_deref(),
        Some("Akta kematian dicek; keluarga dikunjungi")
    );
    let event = sqlx::query(
        "SELECT actor_id FROM events WHERE action = 'review_flag.cleared' AND subject_id = $1",
    )
    .bind(flag.to_string())
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(event.try_get::<Option<i64>, _>(0).unwrap(), Some(officer));
    let shown = app.text(&page).await;
    assert!(shown.contains("Akta kematian dicek"), "{shown}");
    let again = app.post_form(&page, &action, &[("note", "lagi")]).await;
    assert_eq!(again.status(), 303);
    assert_eq!(
        app.count("events").await,
        events + 1,
        "clearing twice changes nothing"
    );
    clears_the_household_flag_through_the_api(&app, household, person).await;
}

/// The household's flag, cleared through the API; the person page then shows no flag.
async fn clears_the_household_flag_through_the_api(app: &TestApp, household: i64, person: i64) {
    let bearer = token(
        app,
        "district_officer",
        Some("31.75"),
        &["registry:read", "registry:write"],
    )
    .await;
    let list = flags_json(app, &bearer, "?status=open").await;
    let open = list["items"].as_array().unwrap();
    assert_eq!(open.len(), 1, "{list}");
    assert_eq!(open[0]["subject_id"], household);
    let id = open[0]["id"].as_i64().unwrap();
    let clear = |note: &str, key: &str| {
        app.client
            .post(app.url(&format!("/api/v1/review-flags/{id}/clear")))
            .bearer_auth(&bearer)
            .header("idempotency-key", key)
            .json(&serde_json::json!({ "note": note }))
            .send()
    };
    assert_eq!(clear("", "k1").await.unwrap().status(), 422);
    let cleared: Value = clear("dicek", "k2").await.unwrap().json().await.unwrap();
    assert_eq!(cleared["status"], "cleared");
    assert_eq!(cleared["clear_note"], "dicek");
    assert_eq!(cleared["cleared_by_kind"], "account");
    let replay: Value = clear("dicek", "k2").await.unwrap().json().await.unwrap();
    assert_eq!(replay, cleared);
    let page = app.text(&format!("/penduduk/{person}")).await;
    assert!(
        !page.contains("id=\"review-flags\""),
        "no open flags left: {page}"
    );
}

#[tokio::test]
async fn officials_outside_the_region_neither_see_nor_touch_the_flag() {
    let app = TestApp::spawn().await;
    seed(&app, KLENDER, "317507", 1).await;
    let flag = flag_death(&app, BUDI).await;
    app.add_account("op.pondokbambu", "village_operator", Some(PONDOK_BAMBU))
        .await;
    app.login("op.pondokbambu").await;
    let list = app.text("/tinjauan").await;
    assert!(!list.contains(&format!("/tinjauan/{flag}")), "{list}");
    // Outside the scope answers like a missing flag.
    assert_eq!(app.get(&format!("/tinjauan/{flag}")).await.status(), 404);
    let bearer = token(
        &app,
        "village_operator",
        Some(PONDOK_BAMBU),
        &["registry:read"],
    )
    .await;
    let page = flags_json(&app, &bearer, "").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 0, "{page}");
    let inside = token(&app, "village_operator", Some(KLENDER), &["registry:read"]).await;
    let page = flags_json(&app, &inside, "").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2, "{page}");

    // A Bandung office may not report a Klender death.
    seed(&app, KLENDER, "317507", 2).await;
    let bandung = token(&app, "district_officer", Some("32.73"), &["civil:write"]).await;
    let before = counts(&app).await;
    let response = app
        .client
        .post(app.url("/api/v1/civil-events"))
        .bearer_auth(&bandung)
        .header("idempotency-key", "bandung-1")
        .header("content-type", "text/csv")
        .body("event,nik,event_date\nkematian,3175072105870002,2026-01-20\n")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["summary"]["refused"], 1, "{body}");
    assert_eq!(body["report"][0]["rule"], "outside-scope", "{body}");
    assert_eq!(counts(&app).await, before);
}

#[tokio::test]
async fn the_api_takes_the_same_csv_and_replays_a_repeated_key() {
    let app = TestApp::spawn().await;
    let (_, person) = seed(&app, KLENDER, "317507", 1).await;
    let bearer = token(&app, "district_officer", Some("31.75"), &["civil:write"]).await;
    let body = format!(
        "event,nik,event_date\nkematian,{BUDI},2026-01-15\nkematian,3175070101010099,2026-01-15\n"
    );
    let send = |content_type: &'static str, key: Option<&'static str>| {
        let mut request = app
            .client
            .post(app.url("/api/v1/civil-events"))
            .bearer_auth(&bearer)
            .header("content-type", content_type)
            .body(body.clone());
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        request.send()
    };
    assert_eq!(
        send("application/json", Some("a")).await.unwrap().status(),
        415
    );
    assert_eq!(send("text/csv", None).await.unwrap().status(), 400);
    let first: Value = send("text/csv", Some("a"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(first["summary"]["applied"], 1, "{first}");
    assert_eq!(first["summary"]["flags_raised"], 2, "{first}");
    assert_eq!(first["report"][0]["row"], 3, "{first}");
    assert_eq!(first["report"][0]["rule"], "unknown-nik", "{first}");
    let replay: Value = send("text/csv", Some("a"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(replay, first);
    let before = counts(&app).await;
    let again: Value = send("text/csv", Some("b"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again["summary"]["unchanged"], 1, "{again}");
    assert_eq!(counts(&app).await, before);
    let status = scalar(
        &app,
        "SELECT life_status FROM persons WHERE id = $1",
        person,
    )
    .await;
    assert_eq!(status, "meninggal");
    refuses_a_reader_and_missing_columns(&app, &bearer, &body).await;
}

/// A token without `civil:write` is refused, and so is a file without its columns.
async fn refuses_a_reader_and_missing_columns(app: &TestApp, bearer: &str, body: &str) {
    let reader = token(app, "district_officer", Some("31.75"), &["registry:read"]).await;
    let refused = app
        .client
        .post(app.url("/api/v1/civil-events"))
        .bearer_auth(&reader)
        .header("content-type", "text/csv")
        .header("idempotency-key", "c")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403, "civil:write is needed");
    let columns = app
        .client
        .post(app.url("/api/v1/civil-events"))
        .bearer_auth(bearer)
        .header("content-type", "text/csv")
        .header("idempotency-key", "d")
        .body("event,nik\nkematian,1\n")
        .send()
        .await
        .unwrap();
    // Text, as documented, but missing a column the layout needs: a rule, 422.
    assert_eq!(columns.status(), 422);
    let problem: Value = columns.json().await.unwrap();
    assert!(
        problem["detail"].as_str().unwrap().contains("event_date"),
        "{problem}"
    );
}

async fn tepat(args: &[&str]) -> (bool, String) {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_tepat"))
        .args(args)
        .env_remove("TEPAT_DATABASE_URL")
        .output()
        .await
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[tokio::test]
async fn the_command_line_applies_reports_and_fails_on_unreadable_files() {
    let app = TestApp::spawn().await;
    seed(&app, KLENDER, "317507", 1).await;
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        dir.path(),
        "dukcapil.csv",
        format!(
            "event,nik,event_date\nkematian,{BUDI},2026-01-15\n\
             kematian,3175070101010099,2026-01-15\n"
        )
        .as_bytes(),
    );
    let report = dir.path().join("laporan.csv");
    let url = app.db_url.clone();
    let run = |file: &Path| {
        let file = file.to_str().unwrap().to_owned();
        let report = report.to_str().unwrap().to_owned();
        let url = url.clone();
        async move {
            tepat(&[
                "import",
                "civil-events",
                &file,
                "--database-url",
                &url,
                "--report",
                &report,
            ])
            .await
        }
    };
    let (ok, out) = run(&good).await;
    assert!(ok, "{out}");
    assert!(
        out.contains("2 rows: 1 applied, 0 unchanged, 1 refused; 2 review flags raised"),
        "{out}"
    );
    let lines = std::fs::read_to_string(&report).unwrap();
    assert!(lines.contains("3,nik,unknown-nik,"), "{lines}");
    let (ok, out) = run(&good).await;
    assert!(ok && out.contains("0 applied, 1 unchanged"), "{out}");
    let columns = write(dir.path(), "kolom.csv", b"event,nik\nkematian,1\n");
    let (ok, out) = run(&columns).await;
    assert!(
        !ok && out.contains("required columns are missing: event_date"),
        "{out}"
    );
    let latin1 = write(
        dir.path(),
        "latin1.csv",
        b"event,nik,event_date\nkematian,Jos\xe9,2026-01-15\n",
    );
    let (ok, out) = run(&latin1).await;
    assert!(!ok && out.contains("not UTF-8"), "{out}");
    let (ok, out) = run(&dir.path().join("tidak-ada.csv")).await;
    assert!(!ok && out.contains("no such file"), "{out}");
}

#[tokio::test]
async fn the_demo_shows_a_death_reported_by_the_civil_registry() {
    let app = TestApp::spawn().await;
    tepat::demo::seed(&app.db, &app.voucher_keys(), app.clock.now())
        .await
        .unwrap();
    let flagged = scalar(
        &app,
        "SELECT p.life_status FROM persons p JOIN review_flags f ON f.subject_id = p.id \
         WHERE f.subject_type = 'person' AND f.id = $1",
        1,
    )
    .await;
    assert_eq!(flagged, "meninggal");
    assert_eq!(app.count("review_flags").await, 2);
    tepat::demo::seed(&app.db, &app.voucher_keys(), app.clock.now())
        .await
        .unwrap();
    assert_eq!(
        app.count("review_flags").await,
        2,
        "seeding again adds nothing"
    );
}
