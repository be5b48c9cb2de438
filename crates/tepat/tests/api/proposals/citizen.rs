//! Citizen proposals (usul): a resident proposes a neighbour from the public form or the
//! public API with their NIK and birth date, follows it by tracking code, and officials
//! see the resident's name and the evidence; every refusal stores nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::official;
use crate::common::TestApp;
use crate::objections::{JPEG, identity, recipient, tracking_code};
use crate::proposals::family;
use crate::targeting::fixtures::KLENDER;

/// The KK number of a household.
async fn kk_of(app: &TestApp, household: i64) -> String {
    sqlx::query_scalar("SELECT kk_number FROM households WHERE id = $1")
        .bind(household)
        .fetch_one(&app.db.pool)
        .await
        .expect("kk")
}

/// Sends the form at `/usul` from client address `from`: (status, page).
pub async fn propose(
    app: &TestApp,
    from: &str,
    fields: &[(&str, String)],
    files: &[&[u8]],
) -> (StatusCode, String) {
    let client = TestApp::new_client();
    let csrf = app.csrf_with(&client, "/usul").await;
    let mut form = reqwest::multipart::Form::new().text("csrf_token", csrf);
    for (name, value) in fields {
        form = form.text(name.to_string(), value.clone());
    }
    for bytes in files {
        let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name("bukti.jpg");
        form = form.part("bukti", part);
    }
    let response = client
        .post(app.url("/usul"))
        .header("x-forwarded-for", from)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

/// The fields of a proposal to enrol `household` in PKH by the head of `proposer`.
pub async fn fields_for(
    app: &TestApp,
    household: i64,
    proposer: i64,
) -> Vec<(&'static str, String)> {
    let (nik, born) = identity(app, proposer).await;
    vec![
        ("kind", "enrol".into()),
        ("household", kk_of(app, household).await),
        ("programme", "PKH".into()),
        (
            "note",
            "Suami sakit dan tidak bekerja sejak tahun lalu".into(),
        ),
        ("nik", nik),
        ("birth_date", born),
    ]
}

fn with(fields: &[(&'static str, String)], name: &str, value: &str) -> Vec<(&'static str, String)> {
    fields
        .iter()
        .map(|(n, v)| {
            (
                *n,
                if *n == name {
                    value.to_owned()
                } else {
                    v.clone()
                },
            )
        })
        .collect()
}

#[tokio::test]
async fn a_resident_proposes_a_neighbour_and_officials_see_who_with_the_evidence() {
    let app = TestApp::spawn().await;
    let target = family(&app, 0, 1).await;
    let neighbour = family(&app, 1, 3).await;
    let fields = fields_for(&app, target, neighbour).await;
    let (status, page) = propose(&app, "10.1.1.1", &fields, &[JPEG]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let code = tracking_code(&page);
    assert!(code.starts_with("USL-") && code.len() == 12, "{code}");
    let status_page = app.text(&format!("/usul/status?kode={code}")).await;
    assert!(status_page.contains("Dalam verifikasi"), "{status_page}");
    assert!(
        !status_page.contains("Bambang Wijaya"),
        "masked: {status_page}"
    );
    let public: Value = app
        .get(&format!("/api/v1/public/proposals/{code}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["status"], "pending");
    assert_eq!(public["step"], "village");
    assert_eq!(public["proposer"], "B****** W*****");
    let (_, operator) = official(&app, "op.klender", "village_operator", Some(KLENDER)).await;
    let (_, list) = operator.get("/api/v1/proposals").await;
    let id = list["items"][0]["id"].as_i64().expect("listed");
    let (_, one) = operator.get(&format!("/api/v1/proposals/{id}")).await;
    assert_eq!(one["proposer"]["kind"], "citizen");
    assert_eq!(one["proposer"]["name"], "Bambang Wijaya");
    assert_eq!(one["step"], "village");
    assert_eq!(one["tracking_code"], code.as_str());
    let digest = hex::encode(Sha256::digest(JPEG));
    assert_eq!(one["evidence"][0]["sha256"], digest.as_str());
    assert_eq!(one["evidence"][0]["kind"], "image/jpeg");
    let file = one["evidence"][0]["id"].as_i64().unwrap();
    let download = app
        .client
        .get(app.url(&format!("/api/v1/proposals/{id}/evidence/{file}")))
        .bearer_auth(&operator.token)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.bytes().await.unwrap().as_ref(), JPEG);
    app.add_account("op.klender.web", "village_operator", Some(KLENDER))
        .await;
    app.login("op.klender.web").await;
    let page = app.text(&format!("/usulan-bansos/{id}")).await;
    assert!(
        page.contains(&digest) && page.contains("Warga (usul dari situs publik)"),
        "{page}"
    );
    let changes: String = sqlx::query_scalar(
        "SELECT changes FROM events WHERE action = 'proposal.created' AND subject_id = $1",
    )
    .bind(id.to_string())
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert!(
        changes.contains(&digest) && changes.contains("citizen"),
        "{changes}"
    );
}

#[tokio::test]
async fn a_citizen_proposal_that_breaks_a_rule_is_refused_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let target = family(&app, 0, 1).await;
    let neighbour = family(&app, 1, 3).await;
    let good = fields_for(&app, target, neighbour).await;
    let (nik, born) = identity(&app, neighbour).await;
    let mut wrong_day = born.clone();
    wrong_day.replace_range(8..10, if &born[8..10] == "01" { "02" } else { "01" });
    // A NIK that agrees with the birth date but belongs to no resident.
    let stranger = format!("{}9999", &nik[..12]);
    let cases: [(&str, &str, &str); 9] = [
        ("kind", "hapus", "pilih jenis usul"),
        ("household", "123", "16 angka"),
        ("household", "3175071503999999", "tidak ada keluarga aktif"),
        ("programme", "BANSOS_X", "pilih program bansos"),
        ("note", "kasihan", "minimal 10 karakter"),
        ("nik", "12345", "harus tepat 16 angka"),
        ("nik", "0075071503700001", "bukan kode kecamatan"),
        ("birth_date", &wrong_day, "tanggal lahir pada NIK"),
        ("nik", &stranger, "tidak cocok dengan warga"),
    ];
    for (field, value, message) in cases {
        let (status, page) = propose(&app, "10.2.2.2", &with(&good, field, value), &[]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}={value}");
        assert!(page.contains(message), "{field}={value}: {message}\n{page}");
    }
    let (status, page) = propose(&app, "10.2.2.2", &good, &[b"GIF89a bukan foto"]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("harus gambar JPEG/PNG atau PDF"), "{page}");
    let mut big = JPEG.to_vec();
    big.resize(5 * 1024 * 1024 + 1, 0);
    let (status, page) = propose(&app, "10.2.2.2", &good, &[&big]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "too large");
    assert!(page.contains("lebih besar dari 5 MB"), "{page}");
    let (status, page) = propose(&app, "10.2.2.2", &with(&good, "nik", &nik), &[JPEG; 4]).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "too many files: {page}"
    );
    // One's own household is proposed through self-registration, not here.
    let own = with(&good, "household", &kk_of(&app, neighbour).await);
    let (status, page) = propose(&app, "10.2.2.2", &own, &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("/daftar"), "{page}");
    assert_eq!(app.count("proposals").await, 0);
    assert_eq!(app.count("proposal_evidence").await, 0);
}

/// A household in Bandung with its head's NIK and birth date.
async fn bandung_resident(app: &TestApp) -> (String, String) {
    let body = json!({
        "kk": "3273011503000801", "village_code": "32.73.01.1001",
        "address": "Jl. Braga No. 8", "rt": "1", "rw": "2",
        "members": [{"nik": "3273011208790001", "name": "Asep Sunandar",
            "birth_place": "Bandung", "birth_date": "1979-08-12", "sex": "L",
            "relationship": "kepala"}],
        "survey": crate::targeting::fixtures::survey(2),
    });
    let input: tepat::registry::service::NewHousehold =
        serde_json::from_value(body).expect("household json");
    let officer = tepat::auth::Principal {
        actor: tepat::events::Actor::system(),
        name: "uji".into(),
        role: tepat::auth::Role::DistrictOfficer,
        region: None,
        token_scopes: None,
    };
    tepat::registry::service::create(
        &app.db,
        &officer,
        None,
        &input,
        tepat::clock::Clock::now(&app.clock),
        &tepat::duplicates::notices::DuplicateNotices,
    )
    .await
    .expect("household registered");
    ("3273011208790001".into(), "1979-08-12".into())
}

#[tokio::test]
async fn a_resident_of_another_village_may_not_propose() {
    let app = TestApp::spawn().await;
    let target = family(&app, 0, 1).await;
    let neighbour = family(&app, 1, 3).await;
    let good = fields_for(&app, target, neighbour).await;
    let (nik, born) = bandung_resident(&app).await;
    let outsider = with(&with(&good, "nik", &nik), "birth_date", &born);
    let (status, page) = propose(&app, "10.6.6.6", &outsider, &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("tidak cocok dengan warga"), "{page}");
    assert_eq!(app.count("proposals").await, 0);
}

#[tokio::test]
async fn a_flood_of_citizen_proposals_from_one_address_is_stopped() {
    let app = TestApp::spawn().await;
    let neighbour = family(&app, 0, 3).await;
    let mut targets = Vec::new();
    for n in 1..=4 {
        targets.push(family(&app, n, 1).await);
    }
    for target in &targets[..3] {
        let fields = fields_for(&app, *target, neighbour).await;
        let (status, page) = propose(&app, "10.3.3.3", &fields, &[]).await;
        assert_eq!(status, StatusCode::OK, "{page}");
    }
    let fields = fields_for(&app, targets[3], neighbour).await;
    let (status, page) = propose(&app, "10.3.3.3", &fields, &[]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{page}");
    assert!(page.contains("Terlalu banyak usul"), "{page}");
    assert_eq!(app.count("proposals").await, 3);
    // The same household twice is refused, from any address.
    let again = fields_for(&app, targets[0], neighbour).await;
    let (status, page) = propose(&app, "10.4.4.4", &again, &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("masih diproses"), "{page}");
}

#[tokio::test]
async fn the_public_api_takes_a_removal_once_per_key_with_problem_documents() {
    let app = TestApp::spawn().await;
    let (household, _) = recipient(&app, 0).await;
    let neighbour = family(&app, 1, 3).await;
    let (nik, born) = identity(&app, neighbour).await;
    let (member_nik, _) = identity(&app, household).await;
    let body = json!({"kind": "remove", "household": member_nik, "programme": "PKH",
        "reason": "not_poor", "note": "Sudah membuka toko besar di pasar",
        "nik": nik, "birth_date": born,
        "evidence": [{"file_name": "toko.pdf", "content_base64": "JVBERi0xLjQ="}]});
    let send = |body: Value, key: Option<&'static str>| {
        let mut request = app
            .client
            .post(app.url("/api/v1/public/proposals"))
            .header("x-forwarded-for", "10.7.7.7")
            .json(&body);
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        request.send()
    };
    let first = send(body.clone(), Some("usul-1")).await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    let again: Value = send(body.clone(), Some("usul-1"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(first["tracking_code"], again["tracking_code"]);
    assert_eq!(app.count("proposals").await, 1);
    assert_eq!(app.count("proposal_evidence").await, 1);
    let missing = send(body.clone(), None).await.unwrap();
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    let mut bad = body.clone();
    bad["birth_date"] = json!("1900-01-01");
    let refused = send(bad, Some("usul-2")).await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "birth_date", "{problem}");
    assert_eq!(problem["errors"][0]["rule"], "nik-birth-date", "{problem}");
    let unknown = app.get("/api/v1/public/proposals/USL-ZZZZZZZZ").await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.count("proposals").await, 1);
}

#[tokio::test]
async fn an_official_attaches_evidence_through_the_api_and_a_bad_file_stores_nothing() {
    let app = TestApp::spawn().await;
    let household = family(&app, 0, 1).await;
    let (_, facilitator) = official(&app, "pendamping", "facilitator", Some("31.75.07")).await;
    let body = |content: &str| {
        json!({"kind": "enrol", "household_id": household, "programme": "PKH",
            "note": "Rumah tidak layak huni, kepala keluarga buruh harian",
            "evidence": [{"file_name": "rumah.png", "content_base64": content}]})
    };
    // "R0lGODlh" is a GIF's first bytes: not a JPEG, PNG or PDF.
    let (status, problem) = facilitator
        .post("/api/v1/proposals", body("R0lGODlh"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "evidence", "{problem}");
    assert_eq!(problem["errors"][0]["rule"], "file-type", "{problem}");
    assert_eq!(app.count("proposals").await, 0);
    assert_eq!(app.count("proposal_evidence").await, 0);
    // A PNG signature, base64.
    let (status, proposal) = facilitator
        .post("/api/v1/proposals", body("iVBORw0KGgo="))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{proposal}");
    assert_eq!(proposal["evidence"][0]["kind"], "image/png");
    assert_eq!(proposal["evidence"][0]["bytes"], 8);
    let digest = proposal["evidence"][0]["sha256"]
        .as_str()
        .unwrap()
        .to_owned();
    let changes: String = sqlx::query_scalar(
        "SELECT changes FROM events WHERE action = 'proposal.created' AND subject_id = $1",
    )
    .bind(proposal["id"].as_i64().unwrap().to_string())
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert!(changes.contains(&digest), "{changes}");
    // Another village's operator does not reach the file.
    let (_, outsider) = official(
        &app,
        "op.bandung",
        "village_operator",
        Some("32.73.01.1001"),
    )
    .await;
    let id = proposal["id"].as_i64().unwrap();
    let file = proposal["evidence"][0]["id"].as_i64().unwrap();
    let (status, _) = outsider
        .get(&format!("/api/v1/proposals/{id}/evidence/{file}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
