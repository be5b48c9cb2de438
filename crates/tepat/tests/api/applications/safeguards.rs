//! Safeguards around applications: who saw a family's NIKs is recorded, and one client
//! address cannot send more than its limit.

use std::net::IpAddr;

use serde_json::Value;
use sqlx::Row;
use tepat::applications::model::{ApplicationInput, Document};
use tepat::applications::rules::SUBMISSIONS_PER_CLIENT_MAX;
use tepat::applications::service;

use super::browser::{open_form, post_form};
use super::*;
use crate::common::TestApp;

async fn views(app: &TestApp) -> Vec<(i64, String, String, String)> {
    sqlx::query(
        "SELECT application_id, actor_role, region_code, purpose FROM application_views \
         ORDER BY id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|row| (row.get(0), row.get(1), row.get(2), row.get(3)))
    .collect()
}

#[tokio::test]
async fn opening_an_application_records_who_saw_its_niks() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some(KLENDER))
        .await;
    let (id, _) = submitted(&app, KLENDER, "317507", 7, false).await;
    let operator = crate::registry::token(&app, "village_operator", Some(KLENDER)).await;
    let detail = app
        .client
        .get(app.url(&format!("/api/v1/applications/{id}")))
        .bearer_auth(&operator)
        .send()
        .await
        .unwrap();
    assert_eq!(detail.status(), 200);
    app.login("op.klender").await;
    // The queue shows names only, so it records nothing; the detail page shows the NIKs.
    app.text("/pendaftaran").await;
    assert_eq!(views(&app).await.len(), 1);
    let page = app.text(&format!("/pendaftaran/{id}")).await;
    assert!(page.contains("3175070202850007"), "{page}");
    let recorded = views(&app).await;
    assert_eq!(recorded.len(), 2);
    for (application, role, region, purpose) in &recorded {
        assert_eq!(*application, id);
        assert_eq!(role, "village_operator");
        assert_eq!(region, KLENDER);
        assert_eq!(purpose, "verifikasi");
    }
    // The API's list carries the NIKs too.
    let list: Value = app
        .client
        .get(app.url("/api/v1/applications"))
        .bearer_auth(&operator)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(views(&app).await.len(), 3);
}

/// Sends an application through the service as if from `address`.
async fn send_from(app: &TestApp, address: &str, serial: usize) -> Result<(), String> {
    let input: ApplicationInput =
        serde_json::from_value(family(KLENDER, "317507", serial)).unwrap();
    let sender = service::Sender {
        form_id: None,
        client_address: Some(address.parse::<IpAddr>().unwrap()),
        request_id: None,
    };
    let documents: [Document; 0] = [];
    service::submit(&app.db, &input, &documents, &sender, app.clock.now())
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[tokio::test]
async fn one_client_address_cannot_send_more_than_its_limit() {
    let app = TestApp::spawn().await;
    let limit = usize::try_from(SUBMISSIONS_PER_CLIENT_MAX).unwrap();
    for serial in 0..limit {
        send_from(&app, "127.0.0.1", 100 + serial).await.unwrap();
    }
    // The test's requests come from 127.0.0.1, which has sent its hour's share.
    let api = app
        .client
        .post(app.url("/api/v1/applications"))
        .header("idempotency-key", "after-limit")
        .json(&family(KLENDER, "317507", 900))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 429);
    assert!(api.headers().contains_key("retry-after"));
    let kind = api.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(kind.starts_with("application/problem+json"), "{kind}");
    let problem: Value = api.json().await.unwrap();
    assert_eq!(problem["status"], 429, "{problem}");

    let client = TestApp::new_client();
    let (csrf, form_id) = open_form(&app, &client).await;
    let fields = form_fields(&family(KLENDER, "317507", 901), &csrf, &form_id);
    let page = post_form(&app, &client, &fields, &[]).await;
    assert_eq!(page.status(), 429);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Terlalu banyak pendaftaran dikirim dari sambungan internet ini"),
        "{html}"
    );
    // The limit is per address: another family elsewhere still gets through.
    send_from(&app, "2001:db8:1:2::7", 902).await.unwrap();
    assert_eq!(
        app.count("applications").await,
        SUBMISSIONS_PER_CLIENT_MAX + 1
    );
}

#[tokio::test]
async fn documents_stay_attached_when_the_form_comes_back_with_a_mistake() {
    let app = TestApp::spawn().await;
    let client = TestApp::new_client();
    let (csrf, form_id) = open_form(&app, &client).await;
    let good = family(KLENDER, "317507", 8);
    let mut bad = good.clone();
    bad["statement"] = serde_json::json!("");
    let fields = form_fields(&bad, &csrf, &form_id);
    let sent = post_form(&app, &client, &fields, &[("kk.png", PNG)]).await;
    assert_eq!(sent.status(), 422);
    let html = sent.text().await.unwrap();
    assert!(html.contains("id=\"kept-files\""), "{html}");
    assert!(
        html.contains("kk.png") && html.contains("sudah terlampir"),
        "{html}"
    );
    assert_eq!(
        input_value(&html, "formulir"),
        form_id,
        "the same form goes on"
    );
    assert_eq!(app.count("applications").await, 0);

    // Sent again without uploading anything: the kept photo is the application's.
    let fields = form_fields(&good, &csrf, &form_id);
    let sent = post_form(&app, &client, &fields, &[]).await;
    assert_eq!(sent.status(), 303);
    let names: Vec<String> = sqlx::query("SELECT file_name FROM application_documents")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(names, ["kk.png"]);
    assert_eq!(app.count("application_form_files").await, 0);
}
