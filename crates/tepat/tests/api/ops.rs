//! Health, readiness, metrics, request ids and the OpenAPI document.

use serde_json::Value;

use crate::common::TestApp;

#[tokio::test]
async fn probes_answer_and_metrics_count_requests_by_route() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/readyz").await.status(), 200);
    app.get("/wilayah/31.75.07.1003").await;
    let metrics = app.text("/metrics").await;
    assert!(
        metrics.contains("http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}")
    );
    assert!(
        metrics.contains("route=\"/wilayah/{code}\""),
        "route templates, never raw paths"
    );
    assert!(!metrics.contains("31.75.07.1003"));
    assert!(metrics.contains("http_request_duration_seconds_bucket"));
    assert!(metrics.contains("db_pool_connections"));
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::spawn().await;
    let response = app.get("/healthz").await;
    let id = response.headers()["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36);
}

#[tokio::test]
async fn the_openapi_document_is_3_1_and_describes_every_json_route() {
    let app = TestApp::spawn().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/regions",
        "/api/v1/regions/{code}",
        "/api/v1/accounts",
        "/api/v1/events",
        "/api/v1/me",
    ] {
        assert!(paths.contains_key(path), "{path} undocumented");
    }
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let page = app.text("/api/docs").await;
    assert!(page.contains("/api/v1/regions/{code}") && page.contains("problem-invalid"));
    assert!(
        !page.contains("https://"),
        "the reference page loads nothing from elsewhere"
    );
}

/// Every `$ref` in `value`, with where it was found.
fn references(value: &Value, at: &str, found: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if key == "$ref" {
                    if let Some(target) = inner.as_str() {
                        found.push((at.to_owned(), target.to_owned()));
                    }
                } else {
                    references(inner, &format!("{at}/{key}"), found);
                }
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                references(inner, &format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn every_reference_in_the_openapi_document_resolves_and_operation_ids_are_unique() {
    let app = TestApp::spawn().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let mut found = Vec::new();
    references(&doc, "", &mut found);
    assert!(found.len() > 100, "the document uses shared schemas");
    for (at, target) in &found {
        let pointer = target.strip_prefix('#').unwrap_or(target);
        assert!(
            doc.pointer(pointer).is_some(),
            "{at} refers to {target}, which the document does not hold"
        );
    }
    let mut ids = std::collections::BTreeMap::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            if let Some(first) = ids.insert(id.to_owned(), format!("{method} {path}")) {
                panic!("operationId {id} is used by {first} and by {method} {path}");
            }
        }
    }
}
