//! Pungli reports: anonymous (nothing of the address or the device stored), held by a
//! secret code shown once, unguessable (misses limited, with the same answer), addressed
//! to the inspectorate above the accused and never to the accused's own office, escalated
//! when not answered, counted in public without their content.

use reqwest::StatusCode;
use serde_json::json;
use tepat::clock::Clock;

use super::*;
use crate::enrolment::Api;

const WORDS: &str = "Operator desa meminta Rp50.000 sebelum kartu KKS diserahkan";

/// Sends a report against Klender's village operator from `from`: (status, page).
async fn report(app: &TestApp, from: &str, files: &[Vec<u8>]) -> (StatusCode, String) {
    let today = app.clock.now().date().to_string();
    let fields = [
        ("accused_role", "village_operator"),
        ("accused_region", KLENDER),
        ("description", WORDS),
        ("happened_on", today.as_str()),
        ("place", "Balai desa Klender"),
    ];
    send(app, "/lapor-pungli", "/lapor-pungli", from, &fields, files).await
}

/// Looks a code up on the status page from `from`.
async fn look_up(app: &TestApp, code: &str, from: &str) -> (StatusCode, String) {
    let client = TestApp::new_client();
    let csrf = app.csrf_with(&client, "/lapor-pungli/status").await;
    let response = client
        .post(app.url("/lapor-pungli/status"))
        .header("x-forwarded-for", from)
        .form(&[("csrf_token", csrf.as_str()), ("kode", code)])
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn an_anonymous_report_keeps_nothing_of_the_sender_and_its_code_is_shown_once() {
    let app = TestApp::spawn().await;
    let (status, page) = report(&app, "10.77.77.77", &[jpeg_with_exif()]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let code = code_in(&page, "secret-code");
    assert!(code.len() >= 43, "256 bits in base64: {code}");
    let row: String = sqlx::query_scalar(
        "SELECT code_hash || accused_role || accused_region || description || happened_on || \
         place || status || inspectorate_region || due_at || created_at FROM pungli_reports",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert!(row.contains(WORDS) && row.contains("31.75.07"));
    assert!(!row.contains("10.77") && !row.contains("UjiPonsel") && !row.contains(&code));
    let trail: Vec<String> = sqlx::query_scalar(
        "SELECT actor_role || changes FROM events WHERE subject_type = 'pungli_report'",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(trail.len(), 1);
    assert!(
        trail
            .iter()
            .all(|e| !e.contains("10.77") && !e.contains("UjiPonsel") && !e.contains("Rp50"))
    );
    let photo: Vec<u8> = sqlx::query_scalar("SELECT photo FROM pungli_photos")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(!String::from_utf8_lossy(&photo).contains("Exif"));
    // The code opens the report, and no page shows it unasked.
    let (status, page) = look_up(&app, &code, "10.77.77.78").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Menunggu tanggapan inspektorat"), "{page}");
    assert!(!app.text("/lapor-pungli/status").await.contains(&code));
}

#[tokio::test]
async fn guessed_codes_get_the_same_answer_and_are_rate_limited() {
    let app = TestApp::spawn().await;
    let (_, page) = report(&app, "10.78.0.1", &[]).await;
    let code = code_in(&page, "secret-code");
    let mut answers = Vec::new();
    for guess in [
        "salah",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        &code[..20],
        "x",
        "y",
    ] {
        let (status, page) = look_up(&app, guess, "10.78.0.2").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        answers.push(page.contains("Kode tidak cocok dengan laporan mana pun"));
    }
    assert!(answers.iter().all(|a| *a));
    let (status, page) = look_up(&app, &code, "10.78.0.2").await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right code, once limited"
    );
    assert!(page.contains("Coba lagi dalam"));
    assert_eq!(look_up(&app, &code, "10.78.0.3").await.0, StatusCode::OK);
}

#[tokio::test]
async fn the_inspectorate_above_sees_the_report_and_the_accused_office_does_not() {
    let app = TestApp::spawn().await;
    let (_, page) = report(&app, "10.79.0.1", &[]).await;
    let code = code_in(&page, "secret-code");
    let regency = Api::new(&app, "auditor", Some("31.75")).await;
    let own = Api::new(&app, "auditor", Some(KLENDER)).await;
    let operator = Api::new(&app, "village_operator", Some(KLENDER)).await;
    let (_, seen) = regency.get("/api/v1/pungli-reports").await;
    let id = seen["items"][0]["id"].as_i64().expect("the report");
    assert_eq!(seen["items"][0]["inspectorate_region"], "31.75.07");
    assert_eq!(
        own.get(&format!("/api/v1/pungli-reports/{id}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        own.get("/api/v1/pungli-reports").await.1["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        operator
            .get(&format!("/api/v1/pungli-reports/{id}"))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let answer = json!({"text": "Laporan diterima, tim inspektorat turun ke lapangan"});
    let (status, _) = own
        .post(
            &format!("/api/v1/pungli-reports/{id}/answer"),
            answer.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, done) = regency
        .post(&format!("/api/v1/pungli-reports/{id}/answer"), answer)
        .await;
    assert_eq!(
        (status, done["status"].as_str()),
        (StatusCode::OK, Some("answered"))
    );
    let (_, page) = look_up(&app, &code, "10.79.0.2").await;
    assert!(page.contains("tim inspektorat turun ke lapangan"), "{page}");
}

#[tokio::test]
async fn an_unanswered_report_escalates_and_the_figures_show_counts_only() {
    let app = TestApp::spawn().await;
    report(&app, "10.80.0.1", &[]).await;
    let escalate =
        || tepat::complaints::pungli::service::escalate_overdue(&app.db, app.clock.now());
    app.clock.advance(time::Duration::days(6));
    assert_eq!(escalate().await.unwrap(), 0);
    app.clock.advance(time::Duration::days(2));
    assert_eq!(escalate().await.unwrap(), 1);
    let district = Api::new(&app, "auditor", Some("31.75.07")).await;
    let regency = Api::new(&app, "auditor", Some("31.75")).await;
    assert_eq!(
        district.get("/api/v1/pungli-reports").await.1["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let (_, seen) = regency.get("/api/v1/pungli-reports").await;
    assert_eq!(
        (
            seen["items"][0]["inspectorate_region"].as_str(),
            seen["items"][0]["escalations"].as_i64()
        ),
        (Some("31.75"), Some(1))
    );
    app.clock.advance(time::Duration::days(8));
    assert_eq!(escalate().await.unwrap(), 1);
    assert_eq!(
        regency.get("/api/v1/pungli-reports").await.1["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    app.clock.advance(time::Duration::days(8));
    let figures = app
        .get("/api/v1/public/pungli-statistics")
        .await
        .text()
        .await
        .unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&figures).unwrap();
    assert_eq!(
        (
            parsed["items"][0]["region_code"].as_str(),
            parsed["items"][0]["reports"].as_i64()
        ),
        (Some("31.75"), Some(1))
    );
    assert_eq!(parsed["items"][0]["overdue"], 1);
    assert!(!figures.contains("Rp50") && !figures.contains("Balai"));
    let page = app.text("/lapor-pungli/statistik").await;
    assert!(
        page.contains("Jakarta Timur") && !page.contains("Rp50"),
        "{page}"
    );
}
