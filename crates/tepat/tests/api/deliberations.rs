//! Village deliberations: announced in advance; once held, finalised with the required
//! attendance and a decision on every agenda item, the decisions applied to the proposals;
//! then immutable, public, and in the transparency log.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tepat::clock::Clock;

use crate::common::TestApp;
use crate::objections::{objection_by, recipient};
use crate::proposals::{Api, chain, family, official, propose, refusal};
use crate::targeting::fixtures::KLENDER;

/// A proposal by the facilitator and an objection by a neighbour, both on Klender's
/// agenda: (proposal id, its household, objection id).
pub(crate) async fn agenda(app: &TestApp, c: &crate::proposals::Chain<'_>) -> (i64, i64, i64) {
    let household = family(app, 2, 1).await;
    let (_, p) = propose(&c.facilitator, household, "PKH").await;
    let (_, enrolment) = recipient(app, 0).await;
    let neighbour = family(app, 1, 3).await;
    let (status, page) = objection_by(app, enrolment, neighbour, "10.9.9.9").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let objection: i64 = sqlx::query_scalar("SELECT id FROM objections")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    (p["id"].as_i64().unwrap(), household, objection)
}

pub(crate) async fn scheduled(operator: &Api<'_>, today: &str) -> i64 {
    let body = json!({"village": KLENDER, "held_on": today, "place": "Balai Warga RW 05"});
    let (status, d) = operator.post("/api/v1/deliberations", body).await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    d["id"].as_i64().unwrap()
}

pub(crate) fn minutes(operator: i64, family: i64, proposal: i64, objection: i64) -> Value {
    json!({
        "chair": "Lurah Klender",
        "attendees": [
            {"name": "Pak Harun", "role": "rt_rw"},
            {"name": "Serda Wibowo", "role": "babinsa"},
            {"name": "Operator Klender", "role": "village_operator", "account_id": operator},
            {"name": "Ibu Intan", "role": "family_representative", "household_id": family}
        ],
        "decisions": [
            {"kind": "proposal", "id": proposal, "decision": "approve",
             "reasoning": "Disepakati warga: keluarga layak dibantu"},
            {"kind": "objection", "id": objection, "decision": "noted",
             "reasoning": "Diteruskan ke dinas sosial untuk diverifikasi"}
        ]
    })
}

#[tokio::test]
async fn a_held_deliberation_is_finalised_only_with_the_required_attendance_and_every_item() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let (operator_id, operator) =
        official(&app, "operator.rapat", "village_operator", Some(KLENDER)).await;
    let (proposal, household, objection) = agenda(&app, &c).await;
    let today = tepat::clock::today(app.clock.now()).to_string();
    let id = scheduled(&operator, &today).await;
    let (_, d) = operator.get(&format!("/api/v1/deliberations/{id}")).await;
    let on_agenda: Vec<&str> = d["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(on_agenda, ["proposal", "objection"], "{d}");
    let path = format!("/api/v1/deliberations/{id}/finalise");
    let good = minutes(operator_id, household, proposal, objection);
    let mut cases = Vec::new();
    let mut without_babinsa = good.clone();
    without_babinsa["attendees"]
        .as_array_mut()
        .unwrap()
        .remove(1);
    cases.push((without_babinsa, ("attendees", "required-role")));
    let mut without_family = good.clone();
    without_family["attendees"]
        .as_array_mut()
        .unwrap()
        .remove(3);
    cases.push((without_family, ("attendees", "required-role")));
    let mut absent = good.clone();
    absent["attendees"][2]["account_id"] = json!(null);
    cases.push((absent, ("official", "not-present")));
    let mut undecided = good.clone();
    undecided["decisions"].as_array_mut().unwrap().remove(1);
    cases.push((undecided, ("decisions", "missing-item")));
    for (body, (field, rule)) in cases {
        let (status, problem) = operator.post(&path, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(refusal(&problem), (field.to_owned(), rule.to_owned()));
    }
    assert_eq!(app.count("deliberation_items").await, 0);
    assert_eq!(app.count("proposal_steps").await, 0);
    let (status, d) = operator.post(&path, good.clone()).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "finalised");
    assert_eq!(d["items"].as_array().map(Vec::len), Some(2));
    let (_, p) = c
        .district
        .get(&format!("/api/v1/proposals/{proposal}"))
        .await;
    assert_eq!(
        p["step"], "district",
        "the deliberation decided the village step"
    );
    assert_eq!(
        p["steps"][0]["note"],
        "Disepakati warga: keluarga layak dibantu"
    );
    // Finalised: it never changes again.
    let (status, problem) = operator.post(&path, good).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refusal(&problem), ("status".into(), "finalised".into()));
    published(&app, id).await;
}

/// The public list carries the deliberation with its log index once sequenced, and the
/// minutes page shows the attendance, the masked households and a QR code.
/// The village's feed lists the published minutes, and its statistics count the meeting
/// (its two families decided on are too few to show).
async fn statistics_show(app: &TestApp, id: i64) {
    let feed = app
        .text(&format!("/statistik/desa/{KLENDER}/feed.atom"))
        .await;
    crate::statistik::feed::assert_valid_atom(&feed);
    assert!(
        feed.contains(&format!(",2026:musyawarah/{id}</id>")),
        "{feed}"
    );
    assert!(feed.contains(&format!("/musyawarah/{id}\"")), "{feed}");
    let path = format!("/statistik/musyawarah.json?wilayah={KLENDER}");
    let (_, held) = crate::statistik::json(app, &path).await;
    let total = held["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["total"] == true)
        .cloned()
        .unwrap();
    assert_eq!(total["musyawarah"], 1, "{held}");
    assert_eq!(total["butir_diputuskan"], Value::Null, "{held}");
}

async fn published(app: &TestApp, id: i64) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let listed = loop {
        let listed: Value = app
            .get("/api/v1/public/deliberations?region=31.75")
            .await
            .json()
            .await
            .unwrap();
        if !listed[0]["log_index"].is_null() || std::time::Instant::now() > deadline {
            break listed;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(listed[0]["id"], id);
    assert_eq!(listed[0]["decisions"], 2);
    assert_eq!(listed[0]["minutes_url"], format!("/musyawarah/{id}"));
    let index = listed[0]["log_index"].as_i64().expect("sequenced");
    let entry = app.get(&format!("/api/v1/log/entries/{index}")).await;
    assert_eq!(entry.status(), 200);
    let page = app.text(&format!("/musyawarah/{id}")).await;
    assert!(page.contains("Berita acara musyawarah"), "{page}");
    assert!(page.contains("Babinsa") && page.contains("Pak Harun"));
    assert!(
        page.contains("I** I****"),
        "family names are masked: {page}"
    );
    assert!(page.contains("<svg"), "a QR code");
    assert!(
        page.contains("Usul masuk program PKH") && page.contains("Sudah tidak miskin PKH"),
        "{page}"
    );
    assert!(page.contains(&format!("/api/v1/log/entries/{index}")));
    assert!(
        page.contains("property=\"og:title\"") && page.contains(&format!("/musyawarah/{id}\"")),
        "the minutes carry a share card: {page}"
    );
    crate::statistik::cards::picture(app, &format!("/musyawarah/{id}")).await;
    assert!(page.contains(&format!("href=\"/musyawarah/{id}/berita-acara.pdf\"")));
    let pdf = app.get(&format!("/musyawarah/{id}/berita-acara.pdf")).await;
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let pdf = pdf.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "the minutes as PDF");
    assert!(
        String::from_utf8_lossy(&pdf).contains(&format!("nomor {id})")),
        "titled with the deliberation"
    );
    statistics_show(app, id).await;
    let village = app.text(&format!("/musyawarah?desa={KLENDER}")).await;
    assert!(village.contains(&format!("href=\"/musyawarah/{id}\"")));
}

#[tokio::test]
async fn a_deliberation_is_announced_by_the_villages_operator_and_not_for_the_past() {
    let app = TestApp::spawn().await;
    let (_, operator) = official(&app, "operator.rapat", "village_operator", Some(KLENDER)).await;
    let (_, district) = official(&app, "dinsos.jaktim", "district_officer", Some("31.75")).await;
    let today = tepat::clock::today(app.clock.now());
    let yesterday = (today - time::Duration::days(1)).to_string();
    let body = |on: &str, village: &str| json!({"village": village, "held_on": on, "place": "Balai Warga"});
    let (status, problem) = operator
        .post("/api/v1/deliberations", body(&yesterday, KLENDER))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refusal(&problem), ("held_on".into(), "past".into()));
    let (status, problem) = operator
        .post(
            "/api/v1/deliberations",
            body(&today.to_string(), "31.75.07.1004"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refusal(&problem), ("village".into(), "scope".into()));
    let (status, _) = district
        .post("/api/v1/deliberations", body(&today.to_string(), KLENDER))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let next_week = (today + time::Duration::days(7)).to_string();
    let id = scheduled(&operator, &next_week).await;
    // Announced for next week: it cannot be finalised before it is held.
    let (status, problem) = operator
        .post(
            &format!("/api/v1/deliberations/{id}/finalise"),
            json!({"chair": "Lurah", "attendees": [], "decisions": []}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refusal(&problem), ("held_on".into(), "future".into()));
    let page = app.text(&format!("/musyawarah/{id}")).await;
    assert!(page.contains("Musyawarah dijadwalkan"), "{page}");
    assert_eq!(app.count("deliberation_attendees").await, 0);
}

#[tokio::test]
async fn the_operator_announces_and_records_a_deliberation_on_its_pages() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let household = family(&app, 2, 1).await;
    let (_, p) = propose(&c.facilitator, household, "BLT_DD").await;
    let proposal = p["id"].as_i64().unwrap();
    app.add_account("operator.rapat", "village_operator", Some(KLENDER))
        .await;
    app.login("operator.rapat").await;
    let today = tepat::clock::today(app.clock.now()).to_string();
    let announce = [("held_on", today.as_str()), ("place", "Balai Warga RW 05")];
    let response = app
        .post_form("/musyawarah/baru", "/musyawarah/baru", &announce)
        .await;
    assert_eq!(response.status(), 303);
    let to = response.headers()["location"].to_str().unwrap().to_owned();
    let page = app.text(&to).await;
    assert!(page.contains("Catat hasil musyawarah"), "{page}");
    let decision = format!("keputusan_proposal_{proposal}");
    let reasoning = format!("alasan_proposal_{proposal}");
    let family = household.to_string();
    let mut fields = vec![
        ("chair", "Lurah Klender"),
        ("hadir_saya", "1"),
        ("nama_0", "Pak Harun"),
        ("peran_0", "rt_rw"),
        ("nama_1", "Ibu Intan"),
        ("peran_1", "family_representative"),
        ("keluarga_1", family.as_str()),
        (decision.as_str(), "approve"),
        (
            reasoning.as_str(),
            "Disepakati warga: keluarga layak dibantu",
        ),
    ];
    // Without Babinsa or Bhabinkamtibmas: refused on the page, what was typed kept.
    let action = format!("{to}/tetapkan");
    let response = app.post_form(&to, &action, &fields).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Babinsa atau Bhabinkamtibmas harus hadir"),
        "{html}"
    );
    assert!(html.contains("value=\"Ibu Intan\""));
    fields.extend([("nama_2", "Serda Wibowo"), ("peran_2", "babinsa")]);
    let response = app.post_form(&to, &action, &fields).await;
    assert_eq!(response.status(), 303);
    let page = app.text(&to).await;
    assert!(page.contains("Berita acara musyawarah"), "{page}");
    assert!(
        !page.contains("Catat hasil musyawarah"),
        "finalised: no form"
    );
    let (_, p) = c
        .district
        .get(&format!("/api/v1/proposals/{proposal}"))
        .await;
    assert_eq!(
        p["status"], "approved",
        "BLT Dana Desa is decided in the village"
    );
}

#[tokio::test]
async fn minutes_with_an_unknown_role_or_a_decision_off_the_agenda_are_refused() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let (operator_id, operator) =
        official(&app, "operator.rapat", "village_operator", Some(KLENDER)).await;
    let (proposal, household, objection) = agenda(&app, &c).await;
    let today = tepat::clock::today(app.clock.now()).to_string();
    let id = scheduled(&operator, &today).await;
    let path = format!("/api/v1/deliberations/{id}/finalise");
    let good = minutes(operator_id, household, proposal, objection);
    let mut unknown_role = good.clone();
    unknown_role["attendees"][0]["role"] = json!("lurah_bayangan");
    let mut off_agenda = good.clone();
    off_agenda["decisions"][1]["id"] = json!(objection + 100);
    let mut wrong_kind = good.clone();
    wrong_kind["decisions"][1]["decision"] = json!("approve");
    for (body, rule) in [
        (unknown_role, ("attendees", "role")),
        (off_agenda, ("decisions", "not-on-agenda")),
        (wrong_kind, ("decisions", "choice")),
    ] {
        let (status, problem) = operator.post(&path, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(refusal(&problem), (rule.0.to_owned(), rule.1.to_owned()));
    }
    assert_eq!(app.count("deliberation_items").await, 0);
    assert_eq!(app.count("proposal_steps").await, 0);
}

/// Sends the signed minutes' scan `bytes` for deliberation `id` as the signed-in app
/// client: (status, page).
async fn upload_scan(app: &TestApp, id: i64, bytes: Option<&[u8]>) -> (StatusCode, String) {
    let page = format!("/musyawarah/{id}");
    let csrf = app.csrf_with(&app.client, &page).await;
    let mut form = reqwest::multipart::Form::new().text("csrf_token", csrf);
    if let Some(bytes) = bytes {
        let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name("ba.pdf");
        form = form.part("scan", part);
    }
    let response = app
        .client
        .post(app.url(&format!("{page}/berita-acara")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn the_signed_minutes_are_uploaded_once_after_finalising_and_only_officials_open_them() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let (operator_id, operator) =
        official(&app, "operator.rapat", "village_operator", Some(KLENDER)).await;
    app.login("operator.rapat").await;
    let (proposal, household, objection) = agenda(&app, &c).await;
    let today = tepat::clock::today(app.clock.now()).to_string();
    let id = scheduled(&operator, &today).await;
    let pdf = b"%PDF-1.4\n% berita acara bertanda tangan\n%%EOF\n".to_vec();
    let (status, page) = upload_scan(&app, id, Some(&pdf)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("setelah musyawarah ditetapkan"),
        "not before finalising"
    );
    assert_eq!(app.count("deliberation_scans").await, 0);

    let path = format!("/api/v1/deliberations/{id}/finalise");
    let good = minutes(operator_id, household, proposal, objection);
    let (status, _) = operator.post(&path, good).await;
    assert_eq!(status, StatusCode::OK);
    for (bytes, message) in [
        (None, "pilih hasil pindai"),
        (
            Some(b"GIF89a bukan pindaian".as_slice()),
            "PDF, JPEG atau PNG",
        ),
    ] {
        let (status, page) = upload_scan(&app, id, bytes).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(message), "{message}");
    }
    assert_eq!(app.count("deliberation_scans").await, 0, "nothing stored");
    let (status, _) = upload_scan(&app, id, Some(&pdf)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) = upload_scan(&app, id, Some(&pdf)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("sudah diunggah dan tidak bisa diganti"));

    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&pdf))
    };
    let changes: String = sqlx::query_scalar(
        "SELECT changes FROM events WHERE action = 'deliberation.scan_attached'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert!(changes.contains(&sha), "the log commits to the scan");
    let public = reqwest::get(app.url(&format!("/musyawarah/{id}")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(public.contains(&sha) && !public.contains("Unduh hasil pindai"));
    let scan = app.url(&format!("/musyawarah/{id}/berita-acara"));
    let fetched = app.client.get(&scan).send().await.unwrap();
    assert_eq!(fetched.headers()["content-type"], "application/pdf");
    assert_eq!(fetched.bytes().await.unwrap().as_ref(), pdf.as_slice());
    let anonymous = TestApp::new_client().get(&scan).send().await.unwrap();
    assert_ne!(
        anonymous.status(),
        StatusCode::OK,
        "the public does not open it"
    );
}
