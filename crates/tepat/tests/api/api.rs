//! The JSON API: problem documents for every kind of bad input, tokens and their scopes,
//! idempotency keys, cursor pagination.

use serde_json::{Value, json};

use crate::common::{PASSWORD, TestApp};

async fn token(app: &TestApp, role: &str, region: Option<&str>, scopes: &[&str]) -> String {
    crate::tokens::role_token(app, role, region, scopes).await
}

async fn problem(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(kind, "application/problem+json", "status {status}");
    (status, response.json().await.unwrap())
}

/// Posts a raw body to the account endpoint and reads the answer.
async fn post_account(
    app: &TestApp,
    bearer: &str,
    body: String,
    content_type: &str,
    key: &str,
) -> (u16, Value) {
    let response = app
        .client
        .post(app.url("/api/v1/accounts"))
        .bearer_auth(bearer)
        .header("content-type", content_type)
        .header("idempotency-key", key)
        .body(body)
        .send()
        .await
        .unwrap();
    problem(response).await
}

fn account_body(username: &str) -> Value {
    json!({"username": username, "display_name": "Operator", "role": "village_operator",
        "region_code": "31.75.07.1003", "password": PASSWORD})
}

#[tokio::test]
async fn bad_bodies_get_specific_problem_documents_and_change_nothing() {
    let app = TestApp::spawn().await;
    let admin = token(
        &app,
        "administrator",
        None,
        &["accounts:write", "accounts:read"],
    )
    .await;
    let before = (app.count("accounts").await, app.count("events").await);
    bodies_that_cannot_be_read(&app, &admin).await;
    bodies_that_break_field_rules(&app, &admin).await;
    let no_key = app
        .client
        .post(app.url("/api/v1/accounts"))
        .bearer_auth(&admin)
        .json(&account_body("op.x"))
        .send()
        .await
        .unwrap();
    let (status, doc) = problem(no_key).await;
    assert_eq!(
        (status, doc["errors"][0]["field"].as_str()),
        (400, Some("Idempotency-Key"))
    );
    assert_eq!(
        (app.count("accounts").await, app.count("events").await),
        before
    );
}

/// Malformed JSON, a wrong media type and a body over the limit, each named.
async fn bodies_that_cannot_be_read(app: &TestApp, admin: &str) {
    let (status, doc) = post_account(
        app,
        admin,
        "{\"username\": ".into(),
        "application/json",
        "k1",
    )
    .await;
    assert_eq!(
        (status, doc["errors"][0]["rule"].as_str()),
        (400, Some("json-syntax"))
    );
    assert_eq!(doc["type"], "/api/docs#problem-bad-request");
    assert!(doc["request_id"].as_str().is_some_and(|id| !id.is_empty()));
    let (status, doc) = post_account(
        app,
        admin,
        account_body("a").to_string(),
        "text/plain",
        "k2",
    )
    .await;
    assert_eq!(status, 415);
    assert!(doc["detail"].as_str().unwrap().contains("application/json"));
    let huge = json!({"username": "x".repeat(2 * 1024 * 1024)}).to_string();
    let (status, doc) = post_account(app, admin, huge, "application/json", "k3").await;
    assert_eq!(status, 413);
    assert!(doc["detail"].as_str().unwrap().contains("1 MB"));
}

/// A wrong JSON type and bad region codes name their field and rule.
async fn bodies_that_break_field_rules(app: &TestApp, admin: &str) {
    let wrong_type = json!({"username": 5, "display_name": "x", "role": "x", "password": "x"});
    let (status, doc) =
        post_account(app, admin, wrong_type.to_string(), "application/json", "k4").await;
    assert_eq!(
        (status, doc["errors"][0]["field"].as_str()),
        (422, Some("username"))
    );
    let mut bad_region = account_body("op.baru");
    bad_region["region_code"] = json!("31.75.07.1o03");
    let (status, doc) =
        post_account(app, admin, bad_region.to_string(), "application/json", "k5").await;
    assert_eq!(status, 422);
    assert_eq!(doc["errors"][0]["field"], "region_code");
    assert!(
        doc["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("malformed")
    );
    bad_region["region_code"] = json!("99.99.99.9999");
    let (_, doc) = post_account(app, admin, bad_region.to_string(), "application/json", "k6").await;
    assert!(
        doc["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not in the official region list")
    );
}

#[tokio::test]
async fn an_idempotency_key_makes_a_repeat_change_nothing() {
    let app = TestApp::spawn().await;
    let admin = token(&app, "administrator", None, &["accounts:write"]).await;
    let send = |body: Value| {
        app.client
            .post(app.url("/api/v1/accounts"))
            .bearer_auth(&admin)
            .header("idempotency-key", "buat-op-1")
            .json(&body)
            .send()
    };
    let first = send(account_body("op.klender")).await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let counts = (app.count("accounts").await, app.count("events").await);
    let again = send(account_body("op.klender")).await.unwrap();
    assert_eq!(again.status(), 201);
    assert_eq!(again.json::<Value>().await.unwrap()["id"], first["id"]);
    assert_eq!(
        (app.count("accounts").await, app.count("events").await),
        counts
    );
    let (status, doc) = problem(send(account_body("op.lain")).await.unwrap()).await;
    assert_eq!(
        (status, doc["errors"][0]["rule"].as_str()),
        (409, Some("reused"))
    );
    assert_eq!(app.count("accounts").await, counts.0);
}

#[tokio::test]
async fn a_refused_command_may_be_retried_with_the_same_key() {
    let app = TestApp::spawn().await;
    let admin = token(&app, "administrator", None, &["accounts:write"]).await;
    let mut body = account_body("op.klender");
    body["password"] = json!("pendek");
    let send = |body: &Value| {
        app.client
            .post(app.url("/api/v1/accounts"))
            .bearer_auth(&admin)
            .header("idempotency-key", "k")
            .json(body)
            .send()
    };
    assert_eq!(send(&body).await.unwrap().status(), 422);
    body["password"] = json!(PASSWORD);
    assert_eq!(send(&body).await.unwrap().status(), 201);
}

#[tokio::test]
async fn a_claim_on_a_key_left_by_a_request_that_never_answered_lapses_after_the_time_limit() {
    let app = TestApp::spawn().await;
    let admin = token(&app, "administrator", None, &["accounts:write"]).await;
    let send = || {
        let body = account_body("op.klender").to_string();
        post_account(&app, &admin, body, "application/json", "hilang")
    };
    let first = app
        .client
        .post(app.url("/api/v1/accounts"))
        .bearer_auth(&admin)
        .header("idempotency-key", "hilang")
        .json(&account_body("op.klender"))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 201);
    // The process died after its command committed and before it stored the answer.
    sqlx::query(
        "UPDATE idempotency_keys SET response_status = 0, response_body = '' \
         WHERE idempotency_key = 'hilang'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let counts = (app.count("accounts").await, app.count("events").await);
    let (status, doc) = send().await;
    assert_eq!(
        (status, doc["errors"][0]["rule"].as_str()),
        (409, Some("in-progress")),
        "within the time limit the first request may still be running"
    );
    app.clock.advance(time::Duration::seconds(31));
    let (status, doc) = send().await;
    assert_eq!(
        status, 409,
        "the command ran again and refused itself: {doc}"
    );
    assert_eq!(doc["errors"][0]["field"], "username", "{doc}");
    assert_eq!(
        (app.count("accounts").await, app.count("events").await),
        counts,
        "nothing done twice"
    );
}

#[tokio::test]
async fn tokens_need_their_scope_and_stop_working_when_revoked() {
    let app = TestApp::spawn().await;
    let bank = token(&app, "bank", Some("31"), &["regions:read"]).await;
    let me = get_json(&app, "/api/v1/me", &bank).await;
    assert_eq!(
        (me["role"].as_str(), me["kind"].as_str()),
        (Some("bank"), Some("account"))
    );
    assert_eq!(
        me["scopes"],
        json!(["regions:read"]),
        "a token acts as its account"
    );
    let admin = token(&app, "administrator", None, &["accounts:read"]).await;
    let (status, doc) = problem(
        app.client
            .post(app.url("/api/v1/tokens"))
            .bearer_auth(&admin)
            .header("idempotency-key", "t")
            .json(&json!({"name": "x", "username": "admin", "scopes": ["regions:read"]}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, doc["type"].as_str()),
        (403, Some("/api/docs#problem-missing-scope"))
    );
    let stored = get_json(&app, "/api/v1/tokens", &admin).await;
    let text = stored.to_string();
    assert!(!text.contains(&bank), "a token's secret is never listed");
    let bank_id = stored["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["role"] == "bank")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let writer = token(&app, "administrator", None, &["accounts:write"]).await;
    let revoked = app
        .client
        .delete(app.url(&format!("/api/v1/tokens/{bank_id}")))
        .bearer_auth(&writer)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    let (status, _) = problem(get(&app, "/api/v1/me", &bank).await).await;
    assert_eq!(status, 401);
    let (status, _) = problem(get(&app, "/api/v1/me", "tpt_bogus").await).await;
    assert_eq!(status, 401);
}

async fn get(app: &TestApp, path: &str, bearer: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .bearer_auth(bearer)
        .send()
        .await
        .unwrap()
}

async fn get_json(app: &TestApp, path: &str, bearer: &str) -> Value {
    get(app, path, bearer).await.json().await.unwrap()
}

#[tokio::test]
async fn regions_page_by_cursor_with_a_bounded_size() {
    let app = TestApp::spawn().await;
    let bank = token(&app, "bank", None, &["regions:read"]).await;
    let get = |query: String| {
        app.client
            .get(app.url(&format!("/api/v1/regions{query}")))
            .bearer_auth(&bank)
            .send()
    };
    let mut seen = Vec::new();
    let mut query = "?parent=31.75.07&limit=3".to_owned();
    loop {
        let page: Value = get(query.clone()).await.unwrap().json().await.unwrap();
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 3);
        seen.extend(items.iter().map(|r| r["code"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(cursor) => query = format!("?parent=31.75.07&limit=3&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 7, "Duren Sawit has seven kelurahan: {seen:?}");
    assert!(seen.contains(&"31.75.07.1003".to_owned()));
    for (query, field) in [
        ("?limit=0", "limit"),
        ("?limit=201", "limit"),
        ("?limit=abc", "limit"),
        ("?cursor=%21%21", "cursor"),
        ("?parent=31-75", "parent"),
    ] {
        let (status, doc) = problem(get(query.to_owned()).await.unwrap()).await;
        assert_eq!(
            (status, doc["errors"][0]["field"].as_str()),
            (400, Some(field)),
            "{query}"
        );
    }
    // A search text outside 2..=100 characters is well-formed but breaks a rule: 422.
    let (status, doc) = problem(get("?q=a".to_owned()).await.unwrap()).await;
    assert_eq!(
        (status, doc["errors"][0]["field"].as_str()),
        (422, Some("q"))
    );
    let found: Value = get("?q=klender".into())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        found["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["code"] == "31.75.07.1003")
    );
    let (status, _) = problem(get("/99.99".into()).await.unwrap()).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn events_are_filtered_to_the_callers_scope() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    app.add_account("op.bandung", "village_operator", Some("32.73.01.1001"))
        .await;
    let officer = token(&app, "district_officer", Some("31.75"), &["events:read"]).await;
    let page: Value = app
        .client
        .get(app.url("/api/v1/events"))
        .bearer_auth(&officer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let regions: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["region_code"].as_str())
        .collect();
    assert!(regions.contains(&"31.75.07.1003"));
    assert!(
        regions.iter().all(|r| r.starts_with("31.75")),
        "{regions:?}"
    );
}

#[tokio::test]
async fn unknown_routes_and_bad_path_parameters_are_problem_documents() {
    let app = TestApp::spawn().await;
    let admin = token(&app, "administrator", None, &["accounts:write"]).await;
    let (status, _) = problem(
        app.client
            .get(app.url("/api/v1/tidak-ada"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 404);
    let (status, doc) = problem(
        app.client
            .delete(app.url("/api/v1/tokens/abc"))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        doc["detail"].as_str().unwrap().contains("abc")
            || doc["detail"].as_str().unwrap().contains("parse")
    );
    let (status, _) = problem(
        app.client
            .put(app.url("/api/v1/me"))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 405);
}
