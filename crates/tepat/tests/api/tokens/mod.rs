//! API tokens that act as an account: `tepat token create | list | revoke` run as a user
//! runs them, the token then used against the real server; the `/token` page and API; and
//! the migration that gave earlier tokens an account.

mod cli;
mod migration;
mod web;

use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;
use sqlx::Row;
use tepat::accounts::service::{self, Acting, TokenInput};
use tepat::auth::{ApiScope, Role};
use tepat::clock::Clock;

use crate::common::TestApp;

/// Tells apart the accounts made by `role_token` within one test.
static ROLE_TOKENS: AtomicUsize = AtomicUsize::new(0);

/// A token of a new account with `role` and `region`, holding those of `scopes` the role
/// allows. A role is checked before a scope, so the token is refused and allowed what a
/// token holding all of `scopes` would be. Should the role allow none of them, the token
/// holds `regions:read`, which every role allows.
pub async fn role_token(
    app: &TestApp,
    role: &str,
    region: Option<&str>,
    scopes: &[&str],
) -> String {
    let n = ROLE_TOKENS.fetch_add(1, Ordering::Relaxed);
    let username = format!("uji.{role}.{n}");
    app.add_account(&username, role, region).await;
    let allowed: Vec<&str> = ApiScope::allowed_for(Role::parse(role).unwrap())
        .iter()
        .map(|s| s.as_str())
        .collect();
    let mut granted: Vec<String> = scopes
        .iter()
        .filter(|s| allowed.contains(s))
        .map(|s| s.to_string())
        .collect();
    if granted.is_empty() {
        granted.push("regions:read".into());
    }
    let input = TokenInput {
        name: format!("uji {role}"),
        username,
        scopes: granted,
        all_scopes: false,
    };
    service::create_token(&app.db, Acting::CommandLine, &input, app.clock.now())
        .await
        .unwrap()
        .secret
}

/// Runs `tepat token …` on the test's database: (success, stdout, stderr).
pub(super) async fn tepat(app: &TestApp, args: &[&str]) -> (bool, String, String) {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_tepat"))
        .arg("token")
        .args(args)
        .args(["--database-url", &app.db_url])
        .env_remove("TEPAT_DATABASE_URL")
        .output()
        .await
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Creates a token at the command line and returns it, checking that standard output
/// holds exactly the token.
pub(super) async fn cli_token(app: &TestApp, args: &[&str]) -> String {
    let (ok, out, err) = tepat(app, &[&["create"], args].concat()).await;
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "stdout is the token alone: {out:?}");
    assert!(lines[0].starts_with("tpt_"), "{out}");
    assert!(
        !err.contains(lines[0]),
        "the token is not repeated on stderr"
    );
    lines[0].to_owned()
}

pub(super) async fn me(app: &TestApp, token: &str) -> (u16, Value) {
    let response = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Events of `action`, each with its actor and changes, and whether its log entry is
/// queued or already in the log.
pub(super) async fn events(app: &TestApp, action: &str) -> Vec<(String, Option<i64>, Value, bool)> {
    let rows = sqlx::query(
        "SELECT e.actor_kind, e.actor_id, e.changes, \
         (e.log_index IS NOT NULL OR EXISTS (SELECT 1 FROM log_queue q WHERE q.event_id = e.id)) \
         FROM events e WHERE e.action = $1 ORDER BY e.id",
    )
    .bind(action)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    rows.iter()
        .map(|r| {
            let changes: String = r.get(2);
            let logged: bool = r
                .try_get::<bool, _>(3)
                .unwrap_or_else(|_| r.get::<i64, _>(3) == 1);
            (
                r.get(0),
                r.get(1),
                serde_json::from_str(&changes).unwrap(),
                logged,
            )
        })
        .collect()
}
