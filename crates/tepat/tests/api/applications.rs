//! Self-registration: a family applies through the public form or the API, checks the
//! status with the tracking number and the head's birth date; the village's operator or
//! facilitator verifies, then accepts it into the registry or rejects it with a reason.
//! Bad input, retries, scope and collisions.

use serde_json::{Value, json};
use sqlx::Row;
use tepat::applications::model::{ApplicationInput, Document, VerificationInput};
use tepat::applications::{review, service};
use tepat::auth::{Principal, Role};
use tepat::clock::Clock;
use tepat::events::Actor;

use crate::common::TestApp;

const KLENDER: &str = "31.75.07.1003";
const PONDOK_BAMBU: &str = "31.75.07.1002";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n foto kk";

/// A family of two for `village`; numbers unique per `serial`.
pub fn family(village: &str, district: &str, serial: usize) -> Value {
    json!({"kk": format!("{district}010120{serial:04}"), "village_code": village,
        "address": "Jl. Mawar No. 7", "rt": "3", "rw": "4", "phone": "0812 3456 7890",
        "statement": "Suami sakit sejak tiga bulan, tidak ada penghasilan tetap.",
        "members": [
            {"nik": format!("{district}020285{serial:04}"), "name": "Joko Susilo",
             "birth_place": "Jakarta", "birth_date": "02-02-1985", "sex": "L",
             "relationship": "kepala"},
            {"nik": format!("{district}430388{serial:04}"), "name": "Wati",
             "birth_place": "Bogor", "birth_date": "03-03-1988", "sex": "P",
             "relationship": "istri"}]})
}

fn officer(role: Role, village: &str) -> Principal {
    Principal {
        actor: Actor::system(),
        name: "petugas".into(),
        role,
        region: Some(tepat::region_code::RegionCode::parse(village).unwrap()),
        token_scopes: None,
    }
}

/// Submits an application through the service; returns (id, form id). With `verified`,
/// the field visit is recorded too.
pub async fn submitted(
    app: &TestApp,
    village: &str,
    district: &str,
    serial: usize,
    verified: bool,
) -> (i64, String) {
    let input: ApplicationInput =
        serde_json::from_value(family(village, district, serial)).unwrap();
    let form = tepat::http::token::random_token();
    let documents = [Document {
        file_name: "kk.png".into(),
        content: PNG.to_vec(),
    }];
    let now = app.clock.now();
    let application = service::submit(&app.db, &input, &documents, Some(&form), None, now)
        .await
        .unwrap();
    if verified {
        let visit = VerificationInput {
            visit_result: "sesuai".into(),
            ..Default::default()
        };
        let who = officer(Role::Facilitator, village);
        review::verify(&app.db, &who, application.id, &visit, None, now)
            .await
            .unwrap();
    }
    (application.id, form)
}

/// The value of the hidden or visible input `name` in a page.
fn input_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).expect("field on the page") + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

fn form_fields(family: &Value, csrf: &str, form_id: &str) -> Vec<(String, String)> {
    let mut fields = vec![
        ("csrf_token".to_owned(), csrf.to_owned()),
        ("formulir".to_owned(), form_id.to_owned()),
        ("baris".to_owned(), "6".to_owned()),
        ("aksi".to_owned(), "kirim".to_owned()),
    ];
    for key in [
        "kk",
        "village_code",
        "address",
        "rt",
        "rw",
        "phone",
        "statement",
    ] {
        let value = family[key].as_str().unwrap_or_default();
        fields.push((key.to_owned(), value.to_owned()));
    }
    for (row, member) in family["members"].as_array().unwrap().iter().enumerate() {
        for key in [
            "nik",
            "name",
            "birth_place",
            "birth_date",
            "sex",
            "relationship",
        ] {
            let value = member[key].as_str().unwrap_or_default().to_owned();
            fields.push((format!("members[{row}].{key}"), value));
        }
    }
    fields
}

fn multipart(fields: &[(String, String)], files: &[(&str, &[u8])]) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text(name.clone(), value.clone());
    }
    for (name, bytes) in files {
        let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string());
        form = form.part("dokumen", part);
    }
    form
}

async fn check_status(
    app: &TestApp,
    client: &reqwest::Client,
    tracking: &str,
    born: &str,
) -> (u16, String) {
    let csrf = app.csrf_with(client, "/daftar/status").await;
    let response = client
        .post(app.url("/daftar/status"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("nomor", tracking),
            ("tanggal_lahir", born),
        ])
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn events_of(app: &TestApp, id: i64) -> Vec<(String, String)> {
    sqlx::query(
        "SELECT action, changes FROM events WHERE subject_type = 'application' \
         AND subject_id = $1 ORDER BY id",
    )
    .bind(id.to_string())
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|row| (row.get(0), row.get(1)))
    .collect()
}

#[tokio::test]
async fn a_family_applies_in_the_browser_and_the_operator_accepts_it() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some(KLENDER))
        .await;
    let family_client = TestApp::new_client();
    let page = family_client
        .get(app.url("/daftar"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("name=\"members[5].nik\""), "six member rows");
    let csrf = input_value(&page, "csrf_token");
    let form_id = input_value(&page, "formulir");
    let good = family(KLENDER, "317507", 1);

    // Mistakes are named beside their fields, and nothing is stored.
    let mut bad = good.clone();
    bad["address"] = json!("");
    bad["statement"] = json!("");
    bad["members"][1]["nik"] = json!("3175074303881234567");
    let sent = family_client
        .post(app.url("/daftar"))
        .multipart(multipart(&form_fields(&bad, &csrf, &form_id), &[]))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 422);
    let html = sent.text().await.unwrap();
    for id in ["address-error", "statement-error", "members-1-nik-error"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id} in {html}");
    }
    assert!(html.contains("wajib diisi"), "messages in Indonesian");
    assert_eq!(app.count("applications").await, 0);

    // The "add member" button keeps what was typed and shows more rows.
    let mut more = form_fields(&good, &csrf, &form_id);
    more.retain(|(k, _)| k != "aksi");
    more.push(("aksi".into(), "tambah".into()));
    let html = family_client
        .post(app.url("/daftar"))
        .multipart(multipart(&more, &[]))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("name=\"members[8].nik\"") && html.contains("Joko Susilo"));
    assert_eq!(app.count("applications").await, 0);

    let fields = form_fields(&good, &csrf, &form_id);
    let sent = family_client
        .post(app.url("/daftar"))
        .multipart(multipart(&fields, &[("kk.png", PNG)]))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 303);
    let location = sent.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, format!("/daftar/terkirim/{form_id}"));
    // The same form sent twice (a double click) does not make a second application.
    let again = family_client
        .post(app.url("/daftar"))
        .multipart(multipart(&fields, &[("kk.png", PNG)]))
        .send()
        .await
        .unwrap();
    assert_eq!(again.headers()["location"].to_str().unwrap(), location);
    assert_eq!(app.count("applications").await, 1);
    let sent_page = family_client
        .get(app.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let start = sent_page.find("id=\"tracking-number\">").unwrap() + 21;
    let tracking = sent_page[start..start + 14].to_owned();
    assert!(tracking.starts_with("TPT-"), "{tracking}");

    let (status, html) = check_status(&app, &family_client, &tracking, "02-02-1985").await;
    assert_eq!(status, 200);
    assert!(html.contains("Diajukan"), "{html}");
    // A wrong birth date gets exactly the answer an unknown number gets.
    let (wrong, wrong_html) = check_status(&app, &family_client, &tracking, "03-02-1985").await;
    let (unknown, unknown_html) =
        check_status(&app, &family_client, "TPT-0000000000", "02-02-1985").await;
    assert_eq!((wrong, unknown), (404, 404));
    let message = "Pendaftaran tidak ditemukan";
    assert!(wrong_html.contains(message) && unknown_html.contains(message));
    assert!(!wrong_html.contains("Diajukan"));

    // The operator verifies and accepts it in the browser.
    app.login("op.klender").await;
    let queue = app.text("/pendaftaran").await;
    assert!(queue.contains("Joko Susilo"), "{queue}");
    let id: i64 = sqlx::query("SELECT id FROM applications")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    let detail_path = format!("/pendaftaran/{id}");
    let detail = app.text(&detail_path).await;
    assert!(detail.contains("Suami sakit") && detail.contains("kk.png"));
    let refused = app
        .post_form(
            &detail_path,
            &format!("{detail_path}/verifikasi"),
            &[
                ("visit_result", "sesuai"),
                ("survey.floor_material", "marmer"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("id=\"survey-floor_material-error\""),
        "{html}"
    );
    let verified = app
        .post_form(
            &detail_path,
            &format!("{detail_path}/verifikasi"),
            &[
                ("visit_result", "sesuai"),
                ("visit_note", "Rumah berlantai tanah"),
                ("survey.floor_material", "tanah"),
                ("survey.income_bracket", "1"),
            ],
        )
        .await;
    assert_eq!(verified.status(), 303);
    let accepted = app
        .post_form(
            &detail_path,
            &format!("{detail_path}/putuskan"),
            &[("keputusan", "terima")],
        )
        .await;
    assert_eq!(accepted.status(), 303);
    let detail = app.text(&detail_path).await;
    assert!(detail.contains("id=\"household-link\""), "{detail}");

    // The household is in the registry, with the survey, a version naming the
    // application, and the events.
    let row = sqlx::query("SELECT id, survey FROM households WHERE kk_number = $1")
        .bind(good["kk"].as_str().unwrap())
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let household: i64 = row.get(0);
    let survey: String = row.get(1);
    assert!(survey.contains("tanah"), "{survey}");
    assert_eq!(app.count("persons").await, 2);
    let reason: String = sqlx::query(
        "SELECT reason FROM record_versions WHERE subject_type = 'household' \
         AND subject_id = $1 AND application_id = $2",
    )
    .bind(household)
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .get(0);
    assert!(
        reason.contains(&format!("pendaftaran mandiri #{id}")),
        "{reason}"
    );
    let created: i64 = sqlx::query(
        "SELECT COUNT(*) FROM events WHERE action = 'household.created' AND subject_id = $1",
    )
    .bind(household.to_string())
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .get(0);
    assert_eq!(created, 1, "the registry wrote its own event");
    let page = app.text(&format!("/keluarga/{household}")).await;
    assert!(page.contains("Joko Susilo"), "{page}");
    let actions: Vec<String> = events_of(&app, id).await.into_iter().map(|e| e.0).collect();
    assert_eq!(
        actions,
        [
            "application.submitted",
            "application.verified",
            "application.accepted"
        ]
    );
    for (_, changes) in events_of(&app, id).await {
        assert!(!changes.contains("3175070202850001") && !changes.contains("Joko"));
    }
    let (_, html) = check_status(&app, &family_client, &tracking, "1985-02-02").await;
    assert!(html.contains("Diterima"), "{html}");
    crate::log::assert_audit_clean(&app).await;
}

async fn api_submit(app: &TestApp, key: Option<&str>, body: &Value) -> reqwest::Response {
    let mut request = app.client.post(app.url("/api/v1/applications")).json(body);
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    request.send().await.unwrap()
}

async fn problem_fields(response: reqwest::Response) -> Vec<(String, String)> {
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("problem lists its fields: {body}"))
        .iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
            (text("field"), text("rule"))
        })
        .collect()
}

#[tokio::test]
async fn the_api_takes_an_application_once_and_names_each_bad_field() {
    let app = TestApp::spawn().await;
    let good = family(KLENDER, "317507", 2);

    let mut bad = good.clone();
    bad["members"][0]["nik"] = json!("31750702028");
    let fields = problem_fields(api_submit(&app, Some("k-bad-nik"), &bad).await).await;
    assert!(
        fields.contains(&("members[0].nik".into(), "nik-format".into())),
        "{fields:?}"
    );
    let mut two_heads = good.clone();
    two_heads["members"][1]["relationship"] = json!("kepala");
    let fields = problem_fields(api_submit(&app, Some("k-heads"), &two_heads).await).await;
    assert!(
        fields.contains(&("members[1].relationship".into(), "one-head".into())),
        "{fields:?}"
    );
    let mut nowhere = good.clone();
    nowhere["village_code"] = json!("31.75.07.9999");
    let fields = problem_fields(api_submit(&app, Some("k-village"), &nowhere).await).await;
    assert!(
        fields.contains(&("village_code".into(), "unknown".into())),
        "{fields:?}"
    );
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("address");
    let fields = problem_fields(api_submit(&app, Some("k-missing"), &missing).await).await;
    assert!(
        fields.contains(&("address".into(), "required".into())),
        "{fields:?}"
    );
    let mut no_statement = good.clone();
    no_statement["statement"] = json!("");
    let fields = problem_fields(api_submit(&app, Some("k-stmt"), &no_statement).await).await;
    assert!(
        fields.contains(&("statement".into(), "required".into())),
        "{fields:?}"
    );
    assert_eq!(api_submit(&app, None, &good).await.status(), 400);
    assert_eq!(app.count("applications").await, 0);

    let first = api_submit(&app, Some("k-good"), &good).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let tracking = first["tracking_number"].as_str().unwrap().to_owned();
    assert!(
        tracking.starts_with("TPT-") && tracking.len() == 14,
        "{first}"
    );
    let again: Value = api_submit(&app, Some("k-good"), &good)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["tracking_number"], first["tracking_number"]);
    assert_eq!(app.count("applications").await, 1);

    let ask = |born: &str| json!({"tracking_number": tracking.to_lowercase(), "birth_date": born});
    let status = app
        .client
        .post(app.url("/api/v1/application-status"))
        .json(&ask("1985-02-02"))
        .send()
        .await
        .unwrap();
    assert_eq!(status.status(), 200);
    let status: Value = status.json().await.unwrap();
    assert_eq!(status["status"], "diajukan");
    let wrong = app
        .client
        .post(app.url("/api/v1/application-status"))
        .json(&ask("1985-02-03"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 404);

    // The event is written, and its changes hold no personal data.
    let id: i64 = sqlx::query("SELECT id FROM applications")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    let events = events_of(&app, id).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].0, "application.submitted");
    assert!(!events[0].1.contains("Joko") && !events[0].1.contains("317507"));
}

#[tokio::test]
async fn the_queue_is_scoped_and_a_rejection_reaches_the_family() {
    let app = TestApp::spawn().await;
    app.add_account("op.pondokbambu", "village_operator", Some(PONDOK_BAMBU))
        .await;
    let (klender, _) = submitted(&app, KLENDER, "317507", 3, false).await;
    let (pondok, _) = submitted(&app, PONDOK_BAMBU, "317507", 4, false).await;
    let operator = crate::registry::token(&app, "village_operator", Some(KLENDER)).await;
    let district = crate::registry::token(&app, "district_officer", Some("31.75")).await;

    let list: Value = app
        .client
        .get(app.url("/api/v1/applications?status=diajukan"))
        .bearer_auth(&operator)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<i64> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![klender]);
    let outside = app
        .client
        .get(app.url(&format!("/api/v1/applications/{pondok}")))
        .bearer_auth(&operator)
        .send()
        .await
        .unwrap();
    assert_eq!(outside.status(), 403);
    app.login("op.pondokbambu").await;
    assert_eq!(
        app.get(&format!("/pendaftaran/{klender}")).await.status(),
        403
    );
    assert!(
        !app.text("/pendaftaran")
            .await
            .contains("href=\"/pendaftaran/{klender}\"")
    );

    let post = |token: &str, path: String, key: &str, body: Value| {
        app.client
            .post(app.url(&path))
            .bearer_auth(token.to_owned())
            .header("idempotency-key", key)
            .json(&body)
            .send()
    };
    // The district office reads the queue but does not decide it.
    let reject_path = format!("/api/v1/applications/{klender}/reject");
    let refused = post(
        &district,
        reject_path.clone(),
        "d1",
        json!({"reason": "Bukan warga"}),
    );
    assert_eq!(refused.await.unwrap().status(), 403);
    // Acceptance needs the field visit first.
    let early = post(
        &operator,
        format!("/api/v1/applications/{klender}/accept"),
        "a0",
        json!({}),
    );
    let early = early.await.unwrap();
    assert_eq!(early.status(), 409);
    let body: Value = early.json().await.unwrap();
    assert_eq!(body["errors"][0]["rule"], "not-verified", "{body}");
    let no_reason = post(&operator, reject_path.clone(), "r0", json!({"reason": ""}));
    let fields = problem_fields(no_reason.await.unwrap()).await;
    assert_eq!(fields, vec![("reason".to_owned(), "required".to_owned())]);
    let reason = "Keluarga tidak ditemukan di alamat yang ditulis";
    let rejected = post(
        &operator,
        reject_path.clone(),
        "r1",
        json!({"reason": reason}),
    );
    let rejected: Value = rejected.await.unwrap().json().await.unwrap();
    assert_eq!(rejected["status"], "ditolak");
    let twice = post(&operator, reject_path, "r2", json!({"reason": reason}));
    assert_eq!(twice.await.unwrap().status(), 409);

    let tracking: String = sqlx::query("SELECT tracking_number FROM applications WHERE id = $1")
        .bind(klender)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    let family_client = TestApp::new_client();
    let (status, html) = check_status(&app, &family_client, &tracking, "02-02-1985").await;
    assert_eq!(status, 200);
    assert!(html.contains("Ditolak") && html.contains(reason), "{html}");
    let actions: Vec<String> = events_of(&app, klender)
        .await
        .into_iter()
        .map(|e| e.0)
        .collect();
    assert_eq!(actions, ["application.submitted", "application.rejected"]);
}

#[tokio::test]
async fn accepting_a_family_already_in_the_registry_is_refused_with_the_reason() {
    let app = TestApp::spawn().await;
    let operator = crate::registry::token(&app, "village_operator", Some(KLENDER)).await;
    let (id, _) = submitted(&app, KLENDER, "317507", 5, true).await;
    // The same family was meanwhile registered at the office.
    let registered: tepat::registry::service::NewHousehold =
        serde_json::from_value(family(KLENDER, "317507", 5)).unwrap();
    let seeder = officer(Role::DistrictOfficer, KLENDER);
    tepat::registry::service::create(
        &app.db,
        &seeder,
        None,
        &registered,
        app.clock.now(),
        &tepat::duplicates::notices::DuplicateNotices,
    )
    .await
    .unwrap();
    let households = app.count("households").await;

    let accept = app
        .client
        .post(app.url(&format!("/api/v1/applications/{id}/accept")))
        .bearer_auth(&operator)
        .header("idempotency-key", "a1")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(accept.status(), 409);
    let body: Value = accept.json().await.unwrap();
    let field = body["errors"][0]["field"].as_str().unwrap_or_default();
    assert!(field == "kk" || field.starts_with("members["), "{body}");
    assert_eq!(app.count("households").await, households);
    let detail: Value = app
        .client
        .get(app.url(&format!("/api/v1/applications/{id}")))
        .bearer_auth(&operator)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["status"], "diverifikasi");
    assert!(detail["household_id"].is_null());

    // A visit that did not find the family cannot lead to acceptance.
    let (other, _) = submitted(&app, KLENDER, "317507", 6, false).await;
    let verify = app
        .client
        .post(app.url(&format!("/api/v1/applications/{other}/verify")))
        .bearer_auth(&operator)
        .header("idempotency-key", "v1")
        .json(&json!({"visit_result": "tidak_ditemukan", "survey": {"owns_land": "mungkin"}}))
        .send()
        .await
        .unwrap();
    let fields = problem_fields(verify).await;
    assert_eq!(
        fields,
        vec![("survey.owns_land".to_owned(), "choice".to_owned())]
    );
    let verify = app
        .client
        .post(app.url(&format!("/api/v1/applications/{other}/verify")))
        .bearer_auth(&operator)
        .header("idempotency-key", "v2")
        .json(&json!({"visit_result": "tidak_ditemukan", "visit_note": "Rumah kosong"}))
        .send()
        .await
        .unwrap();
    assert_eq!(verify.status(), 200);
    let accept = app
        .client
        .post(app.url(&format!("/api/v1/applications/{other}/accept")))
        .bearer_auth(&operator)
        .header("idempotency-key", "a2")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(accept.status(), 409);
    crate::log::assert_audit_clean(&app).await;
}
