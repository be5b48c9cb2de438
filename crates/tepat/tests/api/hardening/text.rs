//! Text that is safe to store and to open: no panic, no control characters, no formula cells.

use std::io::Write;

use serde_json::{Value, json};
use sqlx::Row;
use tepat::clock::Clock;
use tepat::events::Actor;
use tepat::import::{self, ImportOptions};
use tepat::registry::store::Acting;
use tepat::sheets::Report;
use tepat::web::i18n::Lang;

use crate::applications::{KLENDER, family, form_fields, input_value, multipart, submitted};
use crate::common::TestApp;

/// A KK or NIK of sixteen characters, one of them not an ASCII digit (two bytes in UTF-8).
const HALF: &str = "3½75070101230001";
/// The same number in Arabic-Indic and in full-width digits.
const OTHER_DIGITS: [&str; 2] = ["٣١٧٥٠٧١٥٠٣١٥٠٠٠١", "３１７５０７１５０３１５０００１"];

/// A one-person household in Klender; numbers unique per `serial`.
fn household(serial: u32) -> Value {
    json!({"kk": format!("317507150315{serial:04}"), "village_code": KLENDER,
        "address": "Jl. Kenanga 1", "rt": "3", "rw": "7", "phone": "+62 812 1111 2222",
        "members": [{"nik": format!("317507210587{serial:04}"), "name": "Budi Santoso",
            "birth_place": "Jakarta", "birth_date": "21/05/1987", "sex": "L",
            "relationship": "kepala"}]})
}

async fn token(app: &TestApp, role: &str, region: &str) -> String {
    let scopes = ["registry:read", "registry:write"];
    crate::tokens::role_token(app, role, Some(region), &scopes).await
}

async fn post(app: &TestApp, token: Option<&str>, path: &str, body: &Value) -> reqwest::Response {
    let key = tepat::http::token::random_token();
    let mut request = app
        .client
        .post(app.url(path))
        .header("idempotency-key", key);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.json(body).send().await.expect("the server answers")
}

/// The (field, rule) pairs of a 422 problem document.
async fn refused(response: reqwest::Response) -> Vec<(String, String)> {
    assert_eq!(response.status(), 422);
    let problem: Value = response.json().await.expect("problem document");
    problem["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("the problem lists its fields: {problem}"))
        .iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
            (text("field"), text("rule"))
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(f, r)| ((*f).to_owned(), (*r).to_owned()))
        .collect()
}

#[tokio::test]
async fn other_digits_in_a_kk_or_nik_get_a_422_from_the_households_api() {
    let app = TestApp::spawn().await;
    let operator = token(&app, "village_operator", KLENDER).await;
    let mut bad = household(1);
    bad["kk"] = json!(HALF);
    bad["members"][0]["nik"] = json!(HALF);
    let found = refused(post(&app, Some(&operator), "/api/v1/households", &bad).await).await;
    assert_eq!(
        found,
        pairs(&[("kk", "kk-format"), ("members[0].nik", "nik-format")])
    );
    for digits in OTHER_DIGITS {
        bad["kk"] = json!(digits);
        bad["members"][0]["nik"] = json!(digits);
        let found = refused(post(&app, Some(&operator), "/api/v1/households", &bad).await).await;
        assert_eq!(found.len(), 2, "{digits}: {found:?}");
    }
    let created = post(&app, Some(&operator), "/api/v1/households", &household(1)).await;
    assert_eq!(created.status(), 201, "the server still answers");
}

#[tokio::test]
async fn other_digits_in_a_kk_or_nik_get_a_422_from_the_applications_api() {
    let app = TestApp::spawn().await;
    let mut bad = family(KLENDER, "317507", 1);
    bad["kk"] = json!(HALF);
    bad["members"][0]["nik"] = json!(OTHER_DIGITS[1]);
    let found = refused(post(&app, None, "/api/v1/applications", &bad).await).await;
    assert!(
        found.contains(&("kk".into(), "kk-format".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("members[0].nik".into(), "nik-format".into())),
        "{found:?}"
    );
    let sent = post(
        &app,
        None,
        "/api/v1/applications",
        &family(KLENDER, "317507", 1),
    )
    .await;
    assert_eq!(sent.status(), 201, "the server still answers");
}

/// The public form's CSRF token and one-time form id, for a browser without an account.
async fn open_form(app: &TestApp, client: &reqwest::Client) -> (String, String) {
    let page = client
        .get(app.url("/daftar?desa=31.75.07.1003"))
        .send()
        .await
        .unwrap();
    let page = page.text().await.unwrap();
    (
        input_value(&page, "csrf_token"),
        input_value(&page, "formulir"),
    )
}

async fn send_form(
    app: &TestApp,
    client: &reqwest::Client,
    fields: &[(String, String)],
) -> (u16, String) {
    let form = multipart(fields, &[]);
    let sent = client.post(app.url("/daftar")).multipart(form).send().await;
    let sent = sent.expect("the server answers");
    (
        sent.status().as_u16(),
        sent.text().await.unwrap_or_default(),
    )
}

#[tokio::test]
async fn the_public_form_shows_the_mistakes_beside_their_fields() {
    let app = TestApp::spawn().await;
    let client = TestApp::new_client();
    let (csrf, form_id) = open_form(&app, &client).await;
    let mut bad = family(KLENDER, "317507", 1);
    bad["kk"] = json!(HALF);
    bad["members"][1]["nik"] = json!(HALF);
    let (status, html) = send_form(&app, &client, &form_fields(&bad, &csrf, &form_id)).await;
    assert_eq!(status, 422, "{html}");
    for id in ["kk-error", "members-1-nik-error"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id} in {html}");
    }
    let mut hidden = family(KLENDER, "317507", 1);
    hidden["members"][0]["name"] = json!("Joko\u{202e} Susilo");
    hidden["address"] = json!("Jl. Mawar\u{0} No. 7");
    let (status, html) = send_form(&app, &client, &form_fields(&hidden, &csrf, &form_id)).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("id=\"members-0-name-error\""), "{html}");
    assert!(
        html.contains("mengandung karakter tak terlihat (U+202E)"),
        "{html}"
    );
    assert!(html.contains("id=\"address-error\""), "{html}");
    assert!(
        html.contains("mengandung karakter kendali (U+0000)"),
        "{html}"
    );
    assert_eq!(app.count("applications").await, 0);
    let good = form_fields(&family(KLENDER, "317507", 1), &csrf, &form_id);
    let (status, _) = send_form(&app, &client, &good).await;
    assert_eq!(status, 303, "the server still answers");
}

#[tokio::test]
async fn control_and_invisible_characters_are_refused_with_the_field_named() {
    let app = TestApp::spawn().await;
    let operator = token(&app, "village_operator", KLENDER).await;
    let cases = [
        (
            "/members/0/name",
            "Budi\u{0}",
            "members[0].name",
            "control-character",
        ),
        (
            "/members/0/name",
            "Bu\u{202e}di",
            "members[0].name",
            "invisible-character",
        ),
        (
            "/members/0/name",
            "Bu\u{200b}di",
            "members[0].name",
            "invisible-character",
        ),
        (
            "/members/0/name",
            "\u{feff}Budi",
            "members[0].name",
            "invisible-character",
        ),
        (
            "/address",
            "Jl. Kenanga\u{0} 1",
            "address",
            "control-character",
        ),
        (
            "/address",
            "Jl. \u{2066}Kenanga 1",
            "address",
            "invisible-character",
        ),
        (
            "/members/0/birth_place",
            "Jakarta\u{0}",
            "members[0].birth_place",
            "control-character",
        ),
        (
            "/members/0/occupation",
            "Petani\u{202e}",
            "members[0].occupation",
            "invisible-character",
        ),
    ];
    for (pointer, value, field, rule) in cases {
        let mut body = household(1);
        body["members"][0]["occupation"] = json!("Petani");
        *body.pointer_mut(pointer).expect("field") = json!(value);
        let found = refused(post(&app, Some(&operator), "/api/v1/households", &body).await).await;
        assert_eq!(found, pairs(&[(field, rule)]), "{value:?}");
    }
    assert_eq!(app.count("households").await, 0);
}

#[tokio::test]
async fn notes_and_reasons_refuse_control_and_invisible_characters() {
    let app = TestApp::spawn().await;
    let (application, _) = submitted(&app, KLENDER, "317507", 1, false).await;
    let operator = token(&app, "village_operator", KLENDER).await;
    let path = format!("/api/v1/applications/{application}/reject");
    let body = json!({"reason": "Data\u{202e} tidak sesuai"});
    let found = refused(post(&app, Some(&operator), &path, &body).await).await;
    assert_eq!(found, pairs(&[("reason", "invisible-character")]));

    let created = post(&app, Some(&operator), "/api/v1/households", &household(2)).await;
    let id = created.json::<Value>().await.unwrap()["household"]["id"].clone();
    let path = format!("/api/v1/households/{id}/change-requests");
    let correction = |address: &str, reason: &str| {
        json!({"proposal": {"kind": "koreksi_keluarga", "address": address, "rt": "3",
            "rw": "7", "phone": "0812 1111 2222"}, "reason": reason})
    };
    let body = correction("Jl. Kenanga 2", "Pindah\u{200b} rumah");
    let found = refused(post(&app, Some(&operator), &path, &body).await).await;
    assert_eq!(found, pairs(&[("reason", "invisible-character")]));
    let body = correction("Jl. Kenanga\u{7f} 2", "Pindah rumah");
    let found = refused(post(&app, Some(&operator), &path, &body).await).await;
    assert_eq!(found, pairs(&[("address", "control-character")]));

    let pair = crate::duplicates::open_pair(&app, "31.75.07.1002", 1).await;
    let officer = token(&app, "district_officer", "31.75").await;
    let path = format!("/api/v1/duplicates/pairs/{pair}/decision");
    let body = json!({"decision": "different", "reason": "Orang\u{0} berbeda"});
    let found = refused(post(&app, Some(&officer), &path, &body).await).await;
    assert_eq!(found, pairs(&[("reason", "control-character")]));
}

/// Imports `csv` as the command line would; returns (created, changed, unchanged).
async fn import_csv(app: &TestApp, csv: &[u8]) -> (u64, u64, u64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ekspor.csv");
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(csv))
        .unwrap();
    let mut report = Report::new(None, Lang::Id).unwrap();
    let acting = Acting {
        actor: Actor::system(),
        request_id: None,
        reason: "impor ulang".into(),
    };
    let now = app.clock.now();
    let options = ImportOptions::default();
    let summary = import::import_file(
        &app.db,
        &path,
        options,
        &acting,
        now,
        &mut report,
        &|_, _| {},
    )
    .await
    .unwrap();
    (summary.created, summary.changed, summary.unchanged)
}

#[tokio::test]
async fn formula_cells_are_kept_as_typed_and_exported_as_text() {
    let app = TestApp::spawn().await;
    let operator = token(&app, "village_operator", KLENDER).await;
    let mut body = household(1);
    body["address"] = json!("=1+1");
    body["members"][0]["name"] = json!("-Budi");
    body["members"][0]["birth_place"] = json!("@SUM(A1:A9)");
    body["members"][0]["occupation"] = json!("+cmd|' /C calc'!A0");
    let created = post(&app, Some(&operator), "/api/v1/households", &body).await;
    assert_eq!(created.status(), 201, "odd but legal text");
    let stored: Value = created.json().await.unwrap();
    assert_eq!(stored["household"]["address"], "=1+1", "stored as typed");

    app.add_account("op.klender", "village_operator", Some(KLENDER))
        .await;
    app.login("op.klender").await;
    let export = app
        .get(&format!("/keluarga/ekspor?wilayah={KLENDER}"))
        .await;
    assert_eq!(export.status(), 200);
    let csv = export.text().await.unwrap();
    let row = csv.lines().nth(1).expect("one person");
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(cells[2], "'-Budi", "{row}");
    assert_eq!(cells[4], "'@SUM(A1:A9)", "{row}");
    assert_eq!(cells[8], "'=1+1", "{row}");
    assert_eq!(
        cells[11], "+6281211112222",
        "a phone number is a number: {row}"
    );
    assert_eq!(cells[13], "'+cmd|' /C calc'!A0", "{row}");
    assert_eq!(
        import_csv(&app, csv.as_bytes()).await,
        (0, 0, 1),
        "the export re-imports unchanged"
    );
}

async fn name_key(app: &TestApp, nik: &str) -> (i64, String, String) {
    let row = sqlx::query("SELECT id, full_name, name_key FROM persons WHERE nik = $1")
        .bind(nik.to_owned())
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    (row.get(0), row.get(1), row.get(2))
}

#[tokio::test]
async fn full_width_and_combining_spellings_are_one_name_to_the_check_at_entry() {
    let app = TestApp::spawn().await;
    let operator = token(&app, "village_operator", KLENDER).await;
    let mut wide = household(2);
    wide["members"][0]["name"] = json!("ｂｕｄｉ ｓａｎｔｏｓｏ");
    let mut accented = household(3);
    accented["members"][0]["name"] = json!("Bu\u{301}di Santoso");
    for body in [household(1), wide, accented] {
        let created = post(&app, Some(&operator), "/api/v1/households", &body).await;
        assert_eq!(created.status(), 201);
    }
    let (plain, _, plain_key) = name_key(&app, "3175072105870001").await;
    let (wide, _, wide_key) = name_key(&app, "3175072105870002").await;
    let (_, accented_name, accented_key) = name_key(&app, "3175072105870003").await;
    assert_eq!(
        (plain_key.as_str(), wide_key.as_str()),
        ("budi santoso", "budi santoso")
    );
    assert_eq!(accented_key, "budi santoso");
    assert_eq!(
        accented_name, "B\u{fa}di Santoso",
        "stored in normal form C"
    );
    let pair =
        sqlx::query("SELECT COUNT(*) FROM duplicate_pairs WHERE person_a = $1 AND person_b = $2")
            .bind(plain)
            .bind(wide)
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get::<i64, _>(0);
    assert_eq!(
        pair, 1,
        "the check at entry pairs the full-width name with the plain one"
    );
}
