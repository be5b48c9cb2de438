//! The `/token` page and the token API name the account a token acts as.

use serde_json::{Value, json};

use super::{cli_token, events, me};
use crate::common::TestApp;

/// An administrator of Jakarta Timur, signed in, with a bank inside and one outside.
async fn signed_in_admin() -> (TestApp, i64) {
    let app = TestApp::spawn().await;
    let admin = app
        .add_account("admin", "administrator", Some("31.75"))
        .await;
    app.add_account("bank.jaktim", "bank", Some("31.75")).await;
    app.add_account("bank.bandung", "bank", Some("32.73")).await;
    app.login("admin").await;
    (app, admin)
}

/// Posts the token form: (status, page).
async fn post_token(app: &TestApp, name: &str, username: &str, scopes: &str) -> (u16, String) {
    let fields = [("name", name), ("username", username), ("scopes", scopes)];
    let response = app.post_form("/token", "/token", &fields).await;
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn the_token_page_names_the_account_and_records_who_made_it() {
    let (app, admin) = signed_in_admin().await;
    let form = app.text("/token").await;
    assert!(form.contains("name=\"username\"") && !form.contains("name=\"role\""));
    assert!(
        form.contains("<option value=\"bank.jaktim\">"),
        "accounts in scope are offered"
    );
    let (status, html) = post_token(&app, "Bank uji", "bank.jaktim", "regions:read").await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"new-token\"") && html.contains("bank.jaktim"));
    let (kind, actor, changes, logged) = events(&app, "api_token.created").await.remove(0);
    assert_eq!((kind.as_str(), actor), ("account", Some(admin)));
    assert_eq!(changes["account"]["to"], "bank.jaktim");
    assert!(logged);
}

#[tokio::test]
async fn the_token_page_refuses_beside_each_field_and_writes_nothing() {
    let (app, _) = signed_in_admin().await;
    let before = (app.count("api_tokens").await, app.count("events").await);
    let (status, html) = post_token(&app, "", "tidak.ada", "regions:read").await;
    assert_eq!(status, 422);
    for expected in [
        "id=\"name-error\"",
        "id=\"username-error\"",
        "tidak ada akun dengan nama pengguna ini",
    ] {
        assert!(html.contains(expected), "page lacks {expected}");
    }
    let (status, html) = post_token(&app, "Bank uji", "bank.jaktim", "accounts:write").await;
    assert_eq!(status, 422);
    assert!(
        html.contains("cakupan accounts:write tidak diizinkan untuk peran bank"),
        "{html}"
    );
    let (status, _) = post_token(&app, "Bank uji", "bank.bandung", "regions:read").await;
    assert_eq!(status, 403, "an account outside the administrator's region");
    assert_eq!(
        (app.count("api_tokens").await, app.count("events").await),
        before
    );
}

#[tokio::test]
async fn the_api_creates_a_token_for_a_named_account() {
    let app = TestApp::spawn().await;
    app.add_account("admin", "administrator", None).await;
    app.add_account("bank.dki", "bank", Some("31")).await;
    let admin = cli_token(&app, &["--username", "admin", "--all-scopes"]).await;
    let post = |body: Value, key: &'static str| {
        app.client
            .post(app.url("/api/v1/tokens"))
            .bearer_auth(&admin)
            .header("idempotency-key", key)
            .json(&body)
            .send()
    };
    let created: Value = post(
        json!({"name": "Bank DKI", "username": "bank.dki", "all_scopes": true}),
        "t1",
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let secret = created["token"].as_str().unwrap();
    let (_, caller) = me(&app, secret).await;
    assert_eq!(
        (&caller["name"], &caller["scopes"]),
        (
            &json!("bank.dki"),
            &json!(["regions:read", "money:read", "money:write"])
        )
    );
    let refused = post(
        json!({"name": "x", "username": "bank.dki", "scopes": ["registry:read"]}),
        "t2",
    )
    .await
    .unwrap();
    assert_eq!(refused.status(), 422);
    let doc: Value = refused.json().await.unwrap();
    assert_eq!(doc["errors"][0]["field"], "scopes", "{doc}");
    assert_eq!(doc["errors"][0]["rule"], "role", "{doc}");
    let listed: Value = app
        .client
        .get(app.url("/api/v1/tokens"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bank = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["username"] == "bank.dki")
        .unwrap();
    assert_eq!(
        (&bank["role"], &bank["region_code"]),
        (&json!("bank"), &json!("31"))
    );
}
