//! The registry change requests of `changes/` read as proposals of kind `change_data`:
//! listed with their proposer, household, status and step, each linking to its own page
//! and API, which keep working unchanged.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::*;

/// An address correction of `household` by the operator: its id.
pub async fn change_request(operator: &Api<'_>, household: i64) -> i64 {
    let path = format!("/api/v1/households/{household}/change-requests");
    let body = json!({"proposal": {"kind": "koreksi_keluarga", "address": "Jl. Uji No. 2",
        "rt": "1", "rw": "2"}, "reason": "Alamat salah ketik"});
    let (status, request) = operator.post(&path, body).await;
    assert_eq!(status, StatusCode::CREATED, "{request}");
    request["id"].as_i64().unwrap()
}

#[tokio::test]
async fn change_requests_are_listed_as_change_data_with_links_to_their_own_pages() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let household = family(&app, 1, 1).await;
    let id = change_request(&c.operator, household).await;
    let (_, aid) = propose(&c.facilitator, family(&app, 2, 1).await, "PKH").await;
    let (status, page) = c.district.get("/api/v1/proposals?kind=change_data").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "only change requests: {page}");
    let item = &items[0];
    let fields = |names: &[&str]| -> Vec<Value> { names.iter().map(|n| item[n].clone()).collect() };
    assert_eq!(
        fields(&["id", "kind", "household_id", "status", "step", "reason"]),
        vec![
            json!(id),
            json!("change_data"),
            json!(household),
            json!("pending"),
            json!("district"),
            json!("koreksi_keluarga")
        ]
    );
    assert_eq!(item["proposer"]["name"], "operator.klender");
    assert_eq!(item["proposer"]["role"], "village_operator");
    assert_eq!(item["note"], "Alamat salah ketik");
    assert_eq!(item["url"], format!("/usulan/{id}"));
    assert_eq!(item["api_url"], format!("/api/v1/change-requests/{id}"));
    // Its own API answers at the link, unchanged; aid proposals keep theirs.
    let (status, own) = c
        .district
        .get(&format!("/api/v1/change-requests/{id}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{own}");
    assert_eq!(own["id"], id);
    assert_eq!(aid["url"], format!("/usulan-bansos/{}", aid["id"]));
    let (_, all) = c.district.get("/api/v1/proposals").await;
    assert_eq!(
        all["items"].as_array().map(Vec::len),
        Some(1),
        "aid proposals alone: {all}"
    );
    // Decided on its own page, it reads as approved with the district's step.
    let path = format!("/api/v1/change-requests/{id}/approve");
    let (status, decided) = c.district.post(&path, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    let (_, page) = c
        .district
        .get("/api/v1/proposals?kind=change_data&status=approved")
        .await;
    assert_eq!(page["items"][0]["status"], "approved");
    assert_eq!(
        page["items"][0]["steps"][0]["official"]["name"],
        "dinsos.jaktim"
    );
    let (_, page) = c
        .district
        .get("/api/v1/proposals?kind=change_data&status=pending")
        .await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(0));
    let (status, problem) = c.district.get("/api/v1/proposals?kind=perubahan").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
}

#[tokio::test]
async fn the_list_page_filters_change_data_and_links_each_to_its_page() {
    let app = TestApp::spawn().await;
    let c = chain(&app).await;
    let id = change_request(&c.operator, family(&app, 1, 1).await).await;
    app.login("dinsos.jaktim").await;
    let page = app.text("/usulan-bansos?kind=change_data").await;
    assert!(page.contains(&format!("href=\"/usulan/{id}\"")), "{page}");
    assert!(page.contains("Perubahan data"));
    let elsewhere = official(
        &app,
        "operator.bdg",
        "village_operator",
        Some(crate::targeting::fixtures::BANDUNG),
    )
    .await
    .1;
    let (_, page) = elsewhere.get("/api/v1/proposals?kind=change_data").await;
    assert_eq!(
        page["items"].as_array().map(Vec::len),
        Some(0),
        "outside the region"
    );
}
