//! A family applies in the browser, checks the status, and the operator accepts it there.

use serde_json::{Value, json};
use sqlx::Row;

use super::*;
use crate::common::TestApp;

/// The form's first page: its CSRF token and one-time form id.
pub(crate) async fn open_form(app: &TestApp, client: &reqwest::Client) -> (String, String) {
    let page = client
        .get(app.url("/daftar?desa=31.75.07.1003"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("name=\"members[5].nik\""), "six member rows");
    (
        input_value(&page, "csrf_token"),
        input_value(&page, "formulir"),
    )
}

pub(crate) async fn post_form(
    app: &TestApp,
    client: &reqwest::Client,
    fields: &[(String, String)],
    files: &[(&str, &[u8])],
) -> reqwest::Response {
    client
        .post(app.url("/daftar"))
        .multipart(multipart(fields, files))
        .send()
        .await
        .unwrap()
}

/// Mistakes are named beside their fields, nothing is stored, and the "add member" button
/// keeps what was typed.
async fn mistakes_are_shown_and_rows_added(
    app: &TestApp,
    client: &reqwest::Client,
    (csrf, form_id): (&str, &str),
    good: &Value,
) {
    let mut bad = good.clone();
    bad["address"] = json!("");
    bad["statement"] = json!("");
    bad["members"][1]["nik"] = json!("3175074303881234567");
    let sent = post_form(app, client, &form_fields(&bad, csrf, form_id), &[]).await;
    assert_eq!(sent.status(), 422);
    let html = sent.text().await.unwrap();
    for id in ["address-error", "statement-error", "members-1-nik-error"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id} in {html}");
    }
    assert!(html.contains("wajib diisi"), "messages in Indonesian");
    assert_eq!(app.count("applications").await, 0);

    let mut more = form_fields(good, csrf, form_id);
    more.retain(|(k, _)| k != "aksi");
    more.push(("aksi".into(), "tambah".into()));
    let html = post_form(app, client, &more, &[])
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("name=\"members[8].nik\"") && html.contains("Joko Susilo"));
    assert_eq!(app.count("applications").await, 0);
}

/// Sends the form (twice, as a double click would) and reads the tracking number from the
/// confirmation page.
async fn send_once(
    app: &TestApp,
    client: &reqwest::Client,
    (csrf, form_id): (&str, &str),
    good: &Value,
) -> String {
    let fields = form_fields(good, csrf, form_id);
    let sent = post_form(app, client, &fields, &[("kk.png", PNG)]).await;
    assert_eq!(sent.status(), 303);
    let location = sent.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, format!("/daftar/terkirim/{form_id}"));
    // The same form sent twice (a double click) does not make a second application.
    let again = post_form(app, client, &fields, &[("kk.png", PNG)]).await;
    assert_eq!(again.headers()["location"].to_str().unwrap(), location);
    assert_eq!(app.count("applications").await, 1);
    let sent_page = client
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
    tracking
}

/// The family sees the status; a wrong birth date gets exactly the answer an unknown
/// number gets.
async fn status_is_shown_only_with_the_birth_date(
    app: &TestApp,
    client: &reqwest::Client,
    tracking: &str,
) {
    let (status, html) = check_status(app, client, tracking, "02-02-1985").await;
    assert_eq!(status, 200);
    assert!(html.contains("Diajukan"), "{html}");
    let (wrong, wrong_html) = check_status(app, client, tracking, "03-02-1985").await;
    let (unknown, unknown_html) = check_status(app, client, "TPT-0000000000", "02-02-1985").await;
    assert_eq!((wrong, unknown), (404, 404));
    let message = "Pendaftaran tidak ditemukan";
    assert!(wrong_html.contains(message) && unknown_html.contains(message));
    assert!(!wrong_html.contains("Diajukan"));
}

/// The operator (signed in) verifies and accepts the only application in the browser;
/// returns its id.
async fn operator_verifies_and_accepts(app: &TestApp) -> i64 {
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
    let verify_path = format!("{detail_path}/verifikasi");
    let refused = app
        .post_form(
            &detail_path,
            &verify_path,
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
    let visit = [
        ("visit_result", "sesuai"),
        ("visit_note", "Rumah berlantai tanah"),
        ("survey.floor_material", "tanah"),
        ("survey.income_bracket", "1"),
    ];
    let verified = app.post_form(&detail_path, &verify_path, &visit).await;
    assert_eq!(verified.status(), 303);
    let decide_path = format!("{detail_path}/putuskan");
    let accepted = app
        .post_form(&detail_path, &decide_path, &[("keputusan", "terima")])
        .await;
    assert_eq!(accepted.status(), 303);
    let detail = app.text(&detail_path).await;
    assert!(detail.contains("id=\"household-link\""), "{detail}");
    id
}

/// The household is in the registry, with the survey, a version naming the application,
/// and the events.
async fn household_is_registered(app: &TestApp, good: &Value, id: i64) {
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
    let actions: Vec<String> = events_of(app, id).await.into_iter().map(|e| e.0).collect();
    assert_eq!(
        actions,
        [
            "application.submitted",
            "application.verified",
            "application.accepted"
        ]
    );
    for (_, changes) in events_of(app, id).await {
        assert!(!changes.contains("3175070202850001") && !changes.contains("Joko"));
    }
}

#[tokio::test]
async fn a_family_applies_in_the_browser_and_the_operator_accepts_it() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some(KLENDER))
        .await;
    let family_client = TestApp::new_client();
    let (csrf, form_id) = open_form(&app, &family_client).await;
    let good = family(KLENDER, "317507", 1);
    let form = (csrf.as_str(), form_id.as_str());
    mistakes_are_shown_and_rows_added(&app, &family_client, form, &good).await;
    let tracking = send_once(&app, &family_client, form, &good).await;
    status_is_shown_only_with_the_birth_date(&app, &family_client, &tracking).await;

    app.login("op.klender").await;
    let id = operator_verifies_and_accepts(&app).await;
    household_is_registered(&app, &good, id).await;
    let (_, html) = check_status(&app, &family_client, &tracking, "1985-02-02").await;
    assert!(html.contains("Diterima"), "{html}");
    crate::log::assert_audit_clean(&app).await;
}
