//! Quotas changed by a ministry officer: never below zero, a real region, one event; the
//! same checks on the API and the page, and nothing changed when refused.

use serde_json::{Value, json};

use crate::common::TestApp;

async fn put(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let response = app
        .client
        .put(app.url("/api/v1/programmes/SEMBAKO/quotas"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn stored(app: &TestApp) -> String {
    sqlx::query_scalar("SELECT quotas FROM programmes WHERE code = 'SEMBAKO'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_quota_below_zero_or_outside_any_region_is_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let ministry =
        crate::tokens::role_token(&app, "ministry_officer", None, &["registry:write"]).await;
    let before = stored(&app).await;
    let quota = |region: &str, count: i64| json!({"region": region, "count": count, "unit": "keluarga", "year": 2026, "source": "SK Mensos"});
    let (status, problem) = put(
        &app,
        &ministry,
        json!({"quotas": [quota("", 10), quota("31", -5)]}),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "quotas[1].count");
    assert_eq!(problem["errors"][0]["rule"], "minimum");
    let (status, problem) = put(&app, &ministry, json!({"quotas": [quota("Jakarta", 5)]})).await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["field"], "quotas[0].region");
    assert_eq!(stored(&app).await, before, "nothing changed");

    let district =
        crate::tokens::role_token(&app, "district_officer", Some("31.75"), &["registry:write"])
            .await;
    let (status, _) = put(&app, &district, json!({"quotas": [quota("", 1)]})).await;
    assert_eq!(status, 403);

    let (status, programme) = put(
        &app,
        &ministry,
        json!({"quotas": [quota("", 100), quota("31", 7)]}),
    )
    .await;
    assert_eq!(status, 200, "{programme}");
    assert_eq!(programme["quotas"][1]["count"], 7);
    let events = crate::targeting::fixtures::events_of(&app, "programme.quotas_changed").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["quotas"]["to"][1]["region"], "31");
}

#[tokio::test]
async fn the_quota_page_names_a_negative_count_beside_its_field() {
    let app = TestApp::spawn().await;
    app.add_account("kemensos.kuota", "ministry_officer", None)
        .await;
    app.login("kemensos.kuota").await;
    let before = stored(&app).await;
    let page = app.text("/program/SEMBAKO/kuota").await;
    assert!(page.contains("count_0"), "{page}");
    let response = app
        .post_form(
            "/program/SEMBAKO/kuota",
            "/program/SEMBAKO/kuota",
            &[
                ("region_0", "31"),
                ("count_0", "-3"),
                ("unit_0", "keluarga"),
                ("year_0", "2026"),
                ("source_0", "uji"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("kuota tidak boleh di bawah nol"), "{page}");
    assert!(page.contains("id=\"count_0-error\""), "{page}");
    assert_eq!(stored(&app).await, before);
    let response = app
        .post_form(
            "/program/SEMBAKO/kuota",
            "/program/SEMBAKO/kuota",
            &[
                ("region_0", "31"),
                ("count_0", "1.500"),
                ("unit_0", "keluarga"),
                ("year_0", "2026"),
                ("source_0", "uji"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert!(stored(&app).await.contains("1500"));
}
