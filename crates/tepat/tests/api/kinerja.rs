//! Officials' response times: complaints answered, settled and escalated on the test clock
//! become figures per kind, per office (public, without names) and per official
//! (supervisors), read from the event trail — page, CSV and API agreeing; bad regions and
//! months are refused by name; editing a feature's own table changes no figure.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tepat::clock::Clock;

use crate::common::TestApp;
use crate::complaints::{KLENDER, filed, id_of};
use crate::enrolment::Api;

/// The month (WIB) of the test clock's present: `YYYY-MM`.
fn month_now(app: &TestApp) -> String {
    let wib = app.clock.now() + time::Duration::hours(7);
    format!("{:04}-{:02}", wib.year(), u8::from(wib.month()))
}

/// Two complaints in Klender: one answered after two days and settled after five by the
/// district office, one left unanswered until the system escalated it. Returns the month.
async fn two_complaints(app: &TestApp, district: &Api<'_>) -> String {
    let month = month_now(app);
    let answered = filed(app, "not_received", "10.2.0.1").await;
    let waiting = filed(app, "wrong_amount", "10.2.0.2").await;
    let id = id_of(app, &answered).await;
    app.clock.advance(time::Duration::days(2));
    let reply = json!({"text": "Sedang kami periksa ke bank penyalur"});
    let (status, _) = district
        .post(&format!("/api/v1/complaints/{id}/reply"), reply)
        .await;
    assert_eq!(status, StatusCode::OK);
    app.clock.advance(time::Duration::days(3));
    let answer = json!({"text": "Dana sudah dikirim ulang ke rekening KKS Anda hari ini"});
    let (status, _) = district
        .post(&format!("/api/v1/complaints/{id}/resolve"), answer)
        .await;
    assert_eq!(status, StatusCode::OK);
    app.clock.advance(time::Duration::days(5));
    let escalated = tepat::complaints::service::escalate_overdue(&app.db, app.clock.now())
        .await
        .unwrap();
    assert_eq!(escalated, 1, "{waiting} escalated");
    month
}

async fn public(app: &TestApp, query: &str) -> (StatusCode, Value) {
    let response = app
        .get(&format!("/api/v1/public/response-times?{query}"))
        .await;
    let status = response.status();
    (status, response.json().await.unwrap())
}

/// The public page names the office in words (never the official) and its CSV carries
/// the same figures as the API.
async fn page_and_csv_show_the_office(app: &TestApp, month: &str, name: &str) {
    let page = app
        .text(&format!("/kinerja?wilayah={KLENDER}&bulan={month}"))
        .await;
    assert!(
        page.contains("Pengaduan") && page.contains("<svg"),
        "{page}"
    );
    assert!(page.contains("Petugas Dinsos kab/kota"), "office in words");
    assert!(!page.contains(name), "no name on the public page");
    let csv = app
        .text(&format!(
            "/kinerja.csv?tabel=kantor&wilayah={KLENDER}&bulan={month}"
        ))
        .await;
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("peran,wilayah,jenis,jumlah,ditanggapi")
    );
    assert_eq!(
        lines.next().unwrap(),
        "district_officer,31.75,complaint,1,1,1,0,0,2.0,2.0,5.0,5.0"
    );
}

#[tokio::test]
async fn answered_settled_and_escalated_complaints_become_figures_per_office() {
    let app = TestApp::spawn().await;
    let district = Api::new(&app, "district_officer", Some("31.75")).await;
    let month = two_complaints(&app, &district).await;
    let (status, body) = public(&app, &format!("region={KLENDER}&month={month}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let kinds = body["kinds"].as_array().unwrap();
    assert_eq!(kinds.len(), 1, "{body}");
    let c = &kinds[0];
    assert_eq!(c["kind"], "complaint");
    let counts = ["items", "answered", "settled", "waiting", "overdue"].map(|k| c[k].as_i64());
    assert_eq!(counts, [Some(2), Some(1), Some(1), Some(1), Some(1)], "{c}");
    assert_eq!(c["answer_median_days"].as_f64(), Some(2.0));
    assert_eq!(c["settle_p90_days"].as_f64(), Some(5.0));
    let offices = body["offices"].as_array().unwrap();
    assert_eq!(offices.len(), 1, "{body}");
    let office = &offices[0];
    assert_eq!(
        (office["role"].as_str(), office["region"].as_str()),
        (Some("district_officer"), Some("31.75"))
    );
    assert_eq!(
        (office["items"].as_i64(), office["overdue"].as_i64()),
        (Some(1), Some(0))
    );
    assert!(body.get("officials").is_none());
    assert!(
        body["offices"][0].get("name").is_none(),
        "no official's name in public"
    );

    // Another month and the country as a whole.
    let (_, other) = public(&app, "month=2020-01").await;
    assert_eq!(other["kinds"], json!([]));
    let (_, country) = public(&app, &format!("month={month}")).await;
    assert_eq!(country["kinds"][0]["items"], 2);

    // Supervisors see the official by name; the public page and CSV show the same office.
    let (status, full) = district
        .get(&format!("/api/v1/response-times?month={month}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{full}");
    let name: String = sqlx::query_scalar(
        "SELECT display_name FROM accounts WHERE role = 'district_officer' AND region_code = '31.75'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let official = &full["officials"][0];
    assert_eq!(
        (official["name"].as_str(), official["answered"].as_i64()),
        (Some(name.as_str()), Some(1))
    );
    page_and_csv_show_the_office(&app, &month, &name).await;
}

#[tokio::test]
async fn figures_come_from_the_event_trail_not_from_the_features_tables() {
    let app = TestApp::spawn().await;
    let district = Api::new(&app, "district_officer", Some("31.75")).await;
    let month = two_complaints(&app, &district).await;
    let query = format!("region={KLENDER}&month={month}");
    let (_, before) = public(&app, &query).await;
    // Someone with the database edits the complaints themselves: nothing changes.
    sqlx::query(
        "UPDATE complaints SET status = 'resolved', created_at = '2026-01-01 00:00:00.000'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let (_, after) = public(&app, &query).await;
    assert_eq!(before, after);
}

#[tokio::test]
async fn bad_regions_and_months_are_refused_by_name_and_supervisors_stay_in_their_region() {
    let app = TestApp::spawn().await;
    for (query, status, field) in [
        ("region=abc", StatusCode::BAD_REQUEST, Some("region")),
        ("month=2026-13", StatusCode::BAD_REQUEST, Some("month")),
        ("region=99.99", StatusCode::NOT_FOUND, None),
    ] {
        let (got, body) = public(&app, query).await;
        assert_eq!(got, status, "{query}: {body}");
        if let Some(field) = field {
            assert_eq!(body["errors"][0]["field"], field, "{body}");
        }
    }
    let page = app.get("/kinerja?bulan=13-2026").await;
    assert_eq!(page.status(), StatusCode::BAD_REQUEST);
    assert!(page.text().await.unwrap().contains("bulan harus"));
    let csv = app.get("/kinerja.csv?tabel=rahasia").await;
    assert_eq!(csv.status(), StatusCode::BAD_REQUEST);
    let other = Api::new(&app, "district_officer", Some("31.71")).await;
    let (status, _) = other
        .get(&format!("/api/v1/response-times?region={KLENDER}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let village = Api::new(&app, "village_operator", Some(KLENDER)).await;
    let (status, _) = village.get("/api/v1/response-times").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = village.get("/api/v1/public/response-times").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the public route needs no role: {body}"
    );
}
