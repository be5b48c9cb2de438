//! The JSON API as a district officer's program uses it in the duplicate tests, and
//! runs started and awaited.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tepat::clock::Clock;
use tepat::events::Actor;

use crate::common::TestApp;

pub async fn token(app: &TestApp, role: &str, region: Option<&str>) -> String {
    let scopes = ["registry:read", "registry:write"];
    crate::tokens::role_token(app, role, region, &scopes).await
}

pub struct Api<'a> {
    pub app: &'a TestApp,
    pub token: String,
}

impl Api<'_> {
    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let response = self
            .app
            .client
            .get(self.app.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let key = format!("k{}", rand_key());
        let response = self
            .app
            .client
            .post(self.app.url(path))
            .bearer_auth(&self.token)
            .header("idempotency-key", key)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

fn rand_key() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Starts a run through the API and waits for it to end.
pub async fn run(api: &Api<'_>) -> Value {
    let (status, run) = api.post("/api/v1/duplicates/runs", json!({})).await;
    assert_eq!(status, 202, "{run}");
    let path = format!("/api/v1/duplicates/runs/{}", run["id"]);
    for _ in 0..600 {
        let (_, run) = api.get(&path).await;
        if run["status"] != "running" {
            assert_eq!(run["status"], "done", "{run}");
            return run;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the run did not finish");
}

/// Open pairs as (person_a, person_b).
pub async fn open_pairs(api: &Api<'_>) -> Vec<(i64, i64, i64)> {
    let (status, page) = api
        .get("/api/v1/duplicates/pairs?status=open&limit=200")
        .await;
    assert_eq!(status, 200, "{page}");
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_i64().unwrap(),
                p["person_a"].as_i64().unwrap(),
                p["person_b"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// A run finished over whatever the registry holds.
pub async fn finished_run(app: &TestApp) -> i64 {
    let actor = Actor::system();
    let clock: std::sync::Arc<dyn Clock> = std::sync::Arc::new(app.clock.clone());
    let id = tepat::duplicates::store::runs::start(&app.db, "manual", &actor, clock.now())
        .await
        .unwrap()
        .unwrap();
    tepat::duplicates::runner::finish_or_fail(&app.db, id, &actor, clock, None)
        .await
        .unwrap();
    id
}

/// Waits until no run is in progress.
pub async fn wait_for_runs(app: &TestApp) {
    for _ in 0..600 {
        if app.count("duplicate_runs WHERE status = 'running'").await == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("a run did not finish");
}
