//! Monthly village updates: an operator proposes with reason and evidence, a district
//! officer approves (the change is written as versions naming the request and proposer)
//! or returns it; every kind of change, bad input, scope, and retries.

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

async fn person_status(app: &TestApp, id: i64) -> (String, Option<String>, i64) {
    let row =
        sqlx::query("SELECT life_status, status_date, household_id FROM persons WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    (row.get(0), row.get(1), row.get(2))
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

#[tokio::test]
async fn an_operator_reports_a_death_in_the_browser_and_the_district_approves() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some(KLENDER))
        .await;
    app.add_account("dinsos.jaktim", "district_officer", Some("31.75"))
        .await;
    let (household, members) = family(&app, 1).await;
    app.login("op.klender").await;

    let page = app.text(&format!("/keluarga/{household}")).await;
    assert!(
        page.contains(&format!("/keluarga/{household}/usulan")),
        "{page}"
    );
    let choices = app.text(&format!("/keluarga/{household}/usulan")).await;
    assert!(
        choices.contains("jenis=kematian") && choices.contains("jenis=pecah_kk"),
        "{choices}"
    );
    let form_page = format!("/keluarga/{household}/usulan?jenis=kematian");
    let csrf = app.csrf_with(&app.client, &form_page).await;

    // A date in the future is refused beside the field, and nothing is stored.
    let bad = app
        .client
        .post(app.url(&format!("/keluarga/{household}/usulan")))
        .multipart(multipart(
            &csrf,
            &[
                ("jenis", "kematian"),
                ("person_id", &members[0].to_string()),
                ("date", "2999-01-01"),
                ("alasan", "Meninggal dunia karena sakit"),
            ],
            &[("surat.pdf", PDF)],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(html.contains("id=\"date-error\""), "{html}");
    // Evidence that is not a JPEG, PNG or PDF is refused by its content.
    let wrong = app
        .client
        .post(app.url(&format!("/keluarga/{household}/usulan")))
        .multipart(multipart(
            &csrf,
            &[
                ("jenis", "kematian"),
                ("person_id", &members[0].to_string()),
                ("date", "2026-10-01"),
                ("alasan", "Meninggal dunia karena sakit"),
            ],
            &[("surat.pdf", b"bukan pdf")],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 422);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("bukan berkas JPEG, PNG atau PDF")
    );
    assert_eq!(app.count("change_requests").await, 0);

    let sent = app
        .client
        .post(app.url(&format!("/keluarga/{household}/usulan")))
        .multipart(multipart(
            &csrf,
            &[
                ("jenis", "kematian"),
                ("person_id", &members[0].to_string()),
                ("date", "01-10-2026"),
                ("alasan", "Meninggal dunia karena sakit"),
            ],
            &[("surat.pdf", PDF)],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 303);
    let location = sent.headers()["location"].to_str().unwrap().to_owned();
    let request_page = app.text(&location).await;
    assert!(
        request_page.contains("Diajukan") && request_page.contains("surat.pdf"),
        "{request_page}"
    );
    assert!(
        !request_page.contains("name=\"keputusan\""),
        "an operator cannot decide"
    );
    assert_eq!(
        person_status(&app, members[0]).await.0,
        "hidup",
        "nothing changes before approval"
    );

    // The district officer sees it in the queue and approves it.
    let officer = TestApp::new_client();
    app.login_with(&officer, "dinsos.jaktim", crate::common::PASSWORD)
        .await;
    let queue = officer
        .get(app.url("/usulan"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(queue.contains(&location), "{queue}");
    let evidence = officer
        .get(app.url(&format!("{location}/bukti/1")))
        .send()
        .await
        .unwrap();
    assert_eq!(evidence.headers()["content-type"], "application/pdf");
    assert_eq!(evidence.bytes().await.unwrap().as_ref(), PDF);
    let csrf = app.csrf_with(&officer, &location).await;
    let decided = officer
        .post(app.url(&format!("{location}/putuskan")))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("keputusan", "setujui"),
            ("catatan", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(decided.status(), 303);
    let (status, date, _) = person_status(&app, members[0]).await;
    assert_eq!(
        (status.as_str(), date.as_deref()),
        ("meninggal", Some("2026-10-01"))
    );
    let id: i64 = location.trim_start_matches("/usulan/").parse().unwrap();
    let version = sqlx::query(
        "SELECT reason, actor_role FROM record_versions WHERE subject_type = 'person' \
         AND subject_id = $1 AND change_request_id = $2",
    )
    .bind(members[0])
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let reason: String = version.get(0);
    assert!(
        reason.contains(&format!("usulan #{id}"))
            && reason.contains("dari op.klender (village_operator)"),
        "{reason}"
    );
    assert_eq!(version.get::<String, _>(1), "district_officer");
    let page = officer
        .get(app.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Disetujui") && page.contains("dinsos.jaktim"),
        "{page}"
    );

    // Deciding again changes nothing.
    let again = officer
        .post(app.url(&format!("{location}/putuskan")))
        .form(&[("csrf_token", csrf.as_str()), ("keputusan", "setujui")])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 422);
    let events: i64 =
        sqlx::query("SELECT COUNT(*) FROM events WHERE action = 'change_request.approved'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get(0);
    assert_eq!(events, 1);
    crate::log::assert_audit_clean(&app).await;
}

#[tokio::test]
async fn a_returned_request_changes_nothing_and_needs_a_note() {
    let app = TestApp::spawn().await;
    let (household, _) = family(&app, 11).await;
    let op = token(&app, "village_operator", KLENDER).await;
    let officer = token(&app, "district_officer", "31.75").await;
    let proposed = post(&app, &op, &format!("/api/v1/households/{household}/change-requests"), "u1",
        json!({"proposal": {"kind": "koreksi_keluarga", "address": "Jl. Uji No. 2", "rt": "1", "rw": "2"},
               "reason": "Alamat salah ketik"})).await;
    assert_eq!(proposed.status(), 201);
    let id = proposed.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/change-requests/{id}/return");
    let bare = post(&app, &officer, &path, "r1", json!({})).await;
    assert_eq!(bare.status(), 422);
    assert_eq!(bare.headers()["content-type"], "application/problem+json");
    let returned = post(
        &app,
        &officer,
        &path,
        "r2",
        json!({"note": "Lampirkan foto KK terbaru"}),
    )
    .await;
    assert_eq!(returned.status(), 200);
    let body: Value = returned.json().await.unwrap();
    assert_eq!(body["status"], "dikembalikan");
    assert_eq!(body["decision_note"], "Lampirkan foto KK terbaru");
    let address: String = sqlx::query("SELECT address FROM households WHERE id = $1")
        .bind(household)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(address, "Jl. Uji No. 1");
}

#[tokio::test]
async fn every_kind_of_change_through_the_api() {
    let app = TestApp::spawn().await;
    let (household, members) = family(&app, 21).await;
    let (other, other_members) = family(&app, 31).await;
    let op = token(&app, "village_operator", KLENDER).await;
    let officer = token(&app, "district_officer", "31.75").await;
    let propose = |key: &'static str, household: i64, proposal: Value| {
        let app = &app;
        let op = op.clone();
        async move {
            post(
                app,
                &op,
                &format!("/api/v1/households/{household}/change-requests"),
                key,
                json!({"proposal": proposal, "reason": "Pemutakhiran bulanan"}),
            )
            .await
        }
    };
    let approve = |key: &'static str, id: i64| {
        let app = &app;
        let officer = officer.clone();
        async move {
            post(
                app,
                &officer,
                &format!("/api/v1/change-requests/{id}/approve"),
                key,
                json!({}),
            )
            .await
        }
    };
    let id_of = |v: &Value| v["id"].as_i64().unwrap();

    // Add a member; a retry with the same key returns the same request.
    let add = json!({"kind": "tambah_anggota", "person": {"nik": "3175070106260099", "name": "Bayi",
        "birth_place": "Jakarta", "birth_date": "2026-06-01", "sex": "L", "relationship": "anak"}});
    let first: Value = propose("add", household, add.clone())
        .await
        .json()
        .await
        .unwrap();
    let retry: Value = propose("add", household, add).await.json().await.unwrap();
    assert_eq!(id_of(&first), id_of(&retry));
    assert_eq!(approve("a-add", id_of(&first)).await.status(), 200);
    assert_eq!(app.count("persons").await, 7);
    let again = approve("a-add-2", id_of(&first)).await;
    assert_eq!(again.status(), 409);

    // A NIK that disagrees with the birth date is refused when proposed, naming the rule.
    let bad = propose(
        "bad",
        household,
        json!({"kind": "tambah_anggota", "person": {"nik": "3175070106250098",
        "name": "Salah", "birth_place": "Jakarta", "birth_date": "2026-06-01", "sex": "L",
        "relationship": "anak"}}),
    )
    .await;
    assert_eq!(bad.status(), 422);
    let problem: Value = bad.json().await.unwrap();
    assert!(problem.to_string().contains("nik"), "{problem}");
    // A correction may not change a NIK.
    let nik_change = propose(
        "nik",
        household,
        json!({"kind": "koreksi_anggota", "person_id": members[2],
        "person": {"nik": "3175070101150099", "name": "Rizki", "birth_place": "Jakarta",
        "birth_date": "2015-01-01", "sex": "L", "relationship": "anak"}}),
    )
    .await;
    assert_eq!(nik_change.status(), 422);

    // Correct a member's name: a new version with the change.
    let fix: Value = propose(
        "fix",
        household,
        json!({"kind": "koreksi_anggota", "person_id": members[2],
        "person": {"nik": "3175070101150023", "name": "Rizki Pratama", "birth_place": "Jakarta",
        "birth_date": "2015-01-01", "sex": "L", "relationship": "anak"}}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(approve("a-fix", id_of(&fix)).await.status(), 200, "{fix}");
    let name: String = sqlx::query("SELECT full_name FROM persons WHERE id = $1")
        .bind(members[2])
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(name, "Rizki Pratama");

    // Split: the wife and child form a new family under a new KK with the wife as head.
    let split: Value = propose(
        "split",
        household,
        json!({"kind": "pecah_kk", "new_kk": "3175070101260001",
        "members": [members[1], members[2]], "head": members[1]}),
    )
    .await
    .json()
    .await
    .unwrap();
    let approved: Value = approve("a-split", id_of(&split))
        .await
        .json()
        .await
        .unwrap();
    let new_household = approved["result"]["new_household_id"].as_i64().unwrap();
    assert_eq!(person_status(&app, members[1]).await.2, new_household);
    let relationship: String = sqlx::query("SELECT relationship FROM persons WHERE id = $1")
        .bind(members[1])
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(relationship, "kepala");
    let linked: i64 =
        sqlx::query("SELECT COUNT(*) FROM record_versions WHERE change_request_id = $1")
            .bind(id_of(&split))
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get(0);
    assert!(
        linked >= 3,
        "household created and two members moved: {linked}"
    );

    // New KK number: the household keeps its id; the old number is in its history.
    let renumber: Value = propose(
        "kk",
        household,
        json!({"kind": "ganti_kk", "new_kk": "3175070201260002"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(approve("a-kk", id_of(&renumber)).await.status(), 200);
    let kk: String = sqlx::query("SELECT kk_number FROM households WHERE id = $1")
        .bind(household)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(kk, "3175070201260002");
    let history: String = sqlx::query(
        "SELECT changes FROM record_versions WHERE subject_type = 'household' \
        AND subject_id = $1 AND change_request_id = $2",
    )
    .bind(household)
    .bind(id_of(&renumber))
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .get(0);
    assert!(history.contains("3175071503150021"), "{history}");

    // A KK held by another household is refused with a pointer to it.
    let taken = propose(
        "taken",
        household,
        json!({"kind": "ganti_kk", "new_kk": "3175071503150031"}),
    )
    .await;
    assert_eq!(taken.status(), 409);

    // Merge: the other family joins; its household is closed, nothing deleted.
    let merge: Value = propose(
        "merge",
        household,
        json!({"kind": "gabung_kk", "other_kk": "3175071503150031"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(approve("a-merge", id_of(&merge)).await.status(), 200);
    assert_eq!(person_status(&app, other_members[0]).await.2, household);
    let status: String = sqlx::query("SELECT status FROM households WHERE id = $1")
        .bind(other)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(status, "closed");

    // Move out and close.
    let moved: Value = propose(
        "move",
        new_household,
        json!({"kind": "pindah", "person_id": members[2],
        "date": "2026-11-01"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(approve("a-move", id_of(&moved)).await.status(), 200);
    assert_eq!(person_status(&app, members[2]).await.0, "pindah");
    let close: Value = propose("close", new_household, json!({"kind": "tutup_kk"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(approve("a-close", id_of(&close)).await.status(), 200);
    let closed = propose("closed", new_household, json!({"kind": "tutup_kk"})).await;
    assert_eq!(
        closed.status(),
        422,
        "a closed household takes no more requests"
    );

    let listed: Value = app
        .client
        .get(app.url("/api/v1/change-requests?status=disetujui"))
        .bearer_auth(&officer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 7);
    crate::log::assert_audit_clean(&app).await;
}

#[tokio::test]
async fn operators_propose_only_in_their_village_and_only_officers_decide() {
    let app = TestApp::spawn().await;
    let (household, members) = family(&app, 41).await;
    let elsewhere = token(&app, "village_operator", "31.75.07.1001").await;
    let death = json!({"proposal": {"kind": "kematian", "person_id": members[1], "date": "2026-01-01"},
        "reason": "Meninggal dunia"});
    let path = format!("/api/v1/households/{household}/change-requests");
    assert_eq!(
        post(&app, &elsewhere, &path, "x", death.clone())
            .await
            .status(),
        403
    );
    let op = token(&app, "village_operator", KLENDER).await;
    let created: Value = post(&app, &op, &path, "y", death)
        .await
        .json()
        .await
        .unwrap();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["proposal"]["kind"], "kematian");
    let own = post(
        &app,
        &op,
        &format!("/api/v1/change-requests/{id}/approve"),
        "z",
        json!({}),
    )
    .await;
    assert_eq!(own.status(), 403, "operators do not decide");
    let other_district = token(&app, "district_officer", "32.73").await;
    let outside = post(
        &app,
        &other_district,
        &format!("/api/v1/change-requests/{id}/approve"),
        "w",
        json!({}),
    )
    .await;
    assert_eq!(outside.status(), 403);
    assert_eq!(person_status(&app, members[1]).await.0, "hidup");
}

#[tokio::test]
async fn reimporting_an_older_spreadsheet_does_not_undo_a_recorded_death() {
    use tepat::import::{self, ImportOptions};
    use tepat::registry::store::Acting;
    use tepat::sheets::Report;
    let app = TestApp::spawn().await;
    let (household, members) = family(&app, 51).await;
    let op = token(&app, "village_operator", KLENDER).await;
    let officer = token(&app, "district_officer", "31.75").await;
    let created: Value = post(
        &app,
        &op,
        &format!("/api/v1/households/{household}/change-requests"),
        "d",
        json!({"proposal": {"kind": "kematian", "person_id": members[0], "date": "2026-03-01"},
               "reason": "Meninggal dunia"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(
        post(
            &app,
            &officer,
            &format!("/api/v1/change-requests/{id}/approve"),
            "a",
            json!({})
        )
        .await
        .status(),
        200
    );
    let versions = app.count("record_versions").await;

    // The village's spreadsheet from before the death, without a life_status column.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keluarga-lama.csv");
    std::fs::write(&path, "kk,nik,name,sex,birth_place,birth_date,relationship,village_code,address,rt,rw,phone\n\
        3175071503150051,3175072105870051,Budi Santoso,L,Jakarta,1987-05-21,kepala,31.75.07.1003,Jl. Uji No. 1,1,2,\n\
        3175071503150051,3175076708890052,Ani Rahayu,P,Bogor,1989-08-27,istri,31.75.07.1003,,,,\n\
        3175071503150051,3175070101150053,Rizki,L,Jakarta,2015-01-01,anak,31.75.07.1003,,,,\n").unwrap();
    let mut report = Report::new(None, tepat::web::i18n::Lang::Id).unwrap();
    let acting = Acting {
        actor: Actor::system(),
        request_id: None,
        reason: "impor ulang".into(),
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
    assert_eq!(summary.unchanged, 1, "{summary:?}");
    assert_eq!(person_status(&app, members[0]).await.0, "meninggal");
    assert_eq!(app.count("record_versions").await, versions);
    crate::log::assert_audit_clean(&app).await;
}
