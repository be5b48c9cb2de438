//! `tepat token create | list | revoke` as a user runs them, against the real server.

use serde_json::json;
use tepat::accounts::service::{self, Acting};
use tepat::auth::{ApiScope, Role};
use tepat::clock::Clock;

use super::{cli_token, events, me, tepat};
use crate::common::TestApp;

#[tokio::test]
async fn a_token_made_at_the_command_line_acts_as_its_account() {
    let app = TestApp::spawn().await;
    let admin = app.add_account("admin", "administrator", None).await;
    let token = cli_token(
        &app,
        &[
            "--username",
            "admin",
            "--scope",
            "accounts:write",
            "--name",
            "Otomasi",
        ],
    )
    .await;
    let created = events(&app, "api_token.created").await;
    assert_eq!(created.len(), 1);
    let (kind, actor, changes, logged) = &created[0];
    assert_eq!((kind.as_str(), *actor), ("system", None));
    assert_eq!(changes["account"]["to"], "admin");
    assert_eq!(changes["name"]["to"], "Otomasi");
    assert_eq!(changes["scopes"]["to"], json!(["accounts:write"]));
    assert!(logged, "the event's log entry is queued as the web's is");

    let response = app
        .client
        .post(app.url("/api/v1/accounts"))
        .bearer_auth(&token)
        .header("idempotency-key", "buat-1")
        .json(
            &json!({"username": "op.klender", "display_name": "Operator",
            "role": "village_operator", "region_code": "31.75.07.1003",
            "password": crate::common::PASSWORD}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let made = events(&app, "account.created").await;
    let (kind, actor, changes, _) = made.last().unwrap();
    assert_eq!((kind.as_str(), *actor), ("account", Some(admin)));
    assert_eq!(changes["username"]["to"], "op.klender");
    let (status, caller) = me(&app, &token).await;
    assert_eq!(status, 200);
    assert_eq!(
        (
            &caller["kind"],
            &caller["id"],
            &caller["name"],
            &caller["scopes"]
        ),
        (
            &json!("account"),
            &json!(admin),
            &json!("admin"),
            &json!(["accounts:write"])
        )
    );
}

#[tokio::test]
async fn all_scopes_grants_exactly_what_the_role_allows() {
    let app = TestApp::spawn().await;
    app.add_account("bank.dki", "bank", Some("31")).await;
    app.add_account("kemensos", "ministry_officer", None).await;
    for (username, role) in [
        ("bank.dki", Role::Bank),
        ("kemensos", Role::MinistryOfficer),
    ] {
        let token = cli_token(&app, &["--username", username, "--all-scopes"]).await;
        let (status, caller) = me(&app, &token).await;
        assert_eq!(status, 200);
        let expected: Vec<&str> = ApiScope::allowed_for(role)
            .iter()
            .map(|s| s.as_str())
            .collect();
        assert_eq!(caller["scopes"], json!(expected), "{username}");
        assert_eq!(caller["role"], role.as_str());
    }
    assert_eq!(
        ApiScope::allowed_for(Role::Bank),
        vec![
            ApiScope::RegionsRead,
            ApiScope::MoneyRead,
            ApiScope::MoneyWrite
        ]
    );
    let (_, caller) = me(
        &app,
        &cli_token(&app, &["--username", "bank.dki", "--all-scopes"]).await,
    )
    .await;
    assert_eq!(
        caller["region_code"], "31",
        "the token carries the account's region"
    );
}

#[tokio::test]
async fn bad_command_lines_name_the_field_and_rule_and_create_nothing() {
    let app = TestApp::spawn().await;
    app.add_account("bank.dki", "bank", Some("31")).await;
    let cases: [(&[&str], &str); 5] = [
        (
            &["--username", "tidak.ada", "--scope", "regions:read"],
            "username: no account has this username (unknown)",
        ),
        (
            &["--username", "bank.dki", "--scope", "accounts:write"],
            "scopes: scope accounts:write is not allowed for role bank; allowed: regions:read, money:read, money:write (role)",
        ),
        (
            &["--username", "bank.dki"],
            "scopes: at least one scope is required (required)",
        ),
        (
            &[
                "--username",
                "bank.dki",
                "--scope",
                "regions:read",
                "--all-scopes",
            ],
            "(exclusive)",
        ),
        (
            &["--username", "bank.dki", "--scope", "root"],
            "scopes: unknown scope \"root\" (unknown)",
        ),
    ];
    for (args, expected) in cases {
        let (ok, out, err) = tepat(&app, &[&["create"], args].concat()).await;
        assert!(!ok, "{args:?} should fail");
        assert!(out.is_empty(), "{out}");
        assert!(err.contains("the token was not created"), "{err}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    assert_eq!(app.count("api_tokens").await, 0);
    assert_eq!(
        app.count("events WHERE action = 'api_token.created'").await,
        0
    );
}

#[tokio::test]
async fn a_token_stops_working_when_its_account_is_disabled() {
    let app = TestApp::spawn().await;
    let id = app
        .add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    let token = cli_token(
        &app,
        &["--username", "op.klender", "--scope", "registry:read"],
    )
    .await;
    assert_eq!(me(&app, &token).await.0, 200);
    service::set_status(
        &app.db,
        Acting::CommandLine,
        tepat::auth::AccountId(id),
        tepat::accounts::AccountStatus::Disabled,
        app.clock.now(),
    )
    .await
    .unwrap();
    assert_eq!(me(&app, &token).await.0, 401);
    // Nor can a token be made for it while it is disabled.
    let (ok, _, err) = tepat(
        &app,
        &["create", "--username", "op.klender", "--all-scopes"],
    )
    .await;
    assert!(
        !ok && err.contains("username: the account is disabled"),
        "{err}"
    );
}

#[tokio::test]
async fn tokens_are_listed_and_revoked_at_the_command_line() {
    let app = TestApp::spawn().await;
    app.add_account("bank.dki", "bank", Some("31")).await;
    let token = cli_token(
        &app,
        &[
            "--username",
            "bank.dki",
            "--all-scopes",
            "--name",
            "Bank DKI",
        ],
    )
    .await;
    let (ok, out, _) = tepat(&app, &["list"]).await;
    assert!(ok);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("ID") && lines[0].contains("ACCOUNT") && lines[0].contains("REVOKED")
    );
    let row: Vec<&str> = lines[1].split_whitespace().collect();
    let id = row[0].to_owned();
    assert_eq!(
        &row[1..5],
        [
            "Bank",
            "DKI",
            "bank.dki",
            "regions:read,money:read,money:write"
        ]
    );
    assert_eq!(row.last(), Some(&"-"), "not revoked yet: {out}");
    assert!(!out.contains(&token), "a token's secret is never listed");

    let (ok, out, err) = tepat(&app, &["revoke", &id]).await;
    assert!(ok, "{err}");
    assert!(out.contains(&format!("token {id} revoked")));
    assert_eq!(me(&app, &token).await.0, 401);
    let revoked = events(&app, "api_token.revoked").await;
    assert_eq!(revoked.len(), 1);
    assert_eq!(revoked[0].0, "system");
    assert_eq!(revoked[0].2["account"]["to"], "bank.dki");
    assert!(revoked[0].3);

    let (ok, _, err) = tepat(&app, &["revoke", &id]).await;
    assert!(!ok && err.contains("already revoked"), "{err}");
    let (ok, _, err) = tepat(&app, &["revoke", "9999"]).await;
    assert!(!ok && err.contains("no api token with id 9999"), "{err}");
    assert_eq!(events(&app, "api_token.revoked").await.len(), 1);
    let (_, out, _) = tepat(&app, &["list"]).await;
    assert_ne!(
        out.lines().nth(1).unwrap().split_whitespace().last(),
        Some("-")
    );
}
