//! The calibration and run status API: the same report as the page, problem documents
//! naming the field and the rule, ministry officers only.

use serde_json::Value;

use super::fixtures::{finished_job, sample_csv};
use crate::common::TestApp;

async fn post_sample(app: &TestApp, token: &str, query: &str, csv: String) -> (u16, Value) {
    let response = app
        .client
        .post(app.url(&format!("/api/v1/welfare-models/calibrate?{query}")))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_api_fits_a_sample_and_refuses_a_bad_one_naming_the_field() {
    let app = TestApp::spawn().await;
    let scopes = ["registry:read", "registry:write"];
    let token = crate::tokens::role_token(&app, "ministry_officer", None, &scopes).await;

    let (status, body) =
        post_sample(&app, &token, "name=PMT%20API", sample_csv(300, "31.75")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["rows"], 300);
    assert_eq!(body["cutoff_decile"], 4, "the default cut-off");
    let r2 = body["r_squared"].as_f64().unwrap();
    assert!(r2 > 0.5 && r2 <= 1.0, "{body}");
    assert!(body["inclusion_error"].as_f64().is_some());
    assert!(body["exclusion_error"].as_f64().is_some());
    assert_eq!(body["model"]["name"], "PMT API");
    assert!(body["draft"].as_i64().unwrap() > 0);
    assert_eq!(app.count("welfare_models").await, 0, "nothing published");

    let (status, problem) =
        post_sample(&app, &token, "name=x&cutoff=0", sample_csv(300, "31.75")).await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["field"], "cutoff", "{problem}");
    assert_eq!(problem["errors"][0]["rule"], "range");
    let (status, problem) = post_sample(&app, &token, "name=x", sample_csv(20, "31.75")).await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["rule"], "rows", "{problem}");
    assert_eq!(
        app.count("welfare_drafts").await,
        1,
        "only the good fit is kept"
    );

    let district =
        crate::tokens::role_token(&app, "district_officer", Some("31.75"), &scopes).await;
    let (status, _) = post_sample(&app, &district, "name=x", sample_csv(300, "31.75")).await;
    assert_eq!(status, 403);

    let job = finished_job(&app).await;
    let response = app
        .client
        .get(app.url(&format!("/api/v1/welfare-runs/{job}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let run: Value = response.json().await.unwrap();
    assert_eq!(run["status"], "failed");
    assert_eq!(run["model_version"], 1);
}
