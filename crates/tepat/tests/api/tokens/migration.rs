//! Tokens made before tokens belonged to accounts become tokens of a machine account each,
//! on both engines: they keep working, as that account, and the account cannot log in.

use std::path::Path;

use sqlx::Row;
use tepat::accounts::service::{self, LoginRefused};
use tepat::auth::Auth;
use tepat::db::{Db, Engine};
use tepat::events::ActorKind;

/// The first migration of tokens that belong to accounts; those before it made the old shape.
const OWNED_TOKENS_MIGRATION: &str = "0013";
const LEGACY_SECRET: &str = "tpt_legacy-secret-of-the-bank";

/// An empty database on the engine the suite runs on, with its URL.
async fn blank_database(dir: &Path) -> String {
    match std::env::var("TEPAT_TEST_DATABASE_URL") {
        Ok(server) if !server.is_empty() => {
            let admin = Db::connect(&server).await.unwrap();
            let suffix = &tepat::http::token::random_token()
                .to_lowercase()
                .replace(['-', '_'], "")[..12];
            let name = format!("tepat_migration_{suffix}");
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&admin.pool)
                .await
                .unwrap();
            let (base, query) = server.split_once('?').unwrap_or((&server, ""));
            let root = base.rsplit_once('/').map_or(base, |(root, _)| root);
            let query = if query.is_empty() {
                String::new()
            } else {
                format!("?{query}")
            };
            format!("{root}/{name}{query}")
        }
        _ => format!("sqlite://{}", dir.join("legacy.db").display()),
    }
}

/// Applies the migrations before tokens belonged to accounts.
async fn migrate_to_legacy(db: &Db, dir: &Path) {
    let engine = if db.engine == Engine::Sqlite {
        "sqlite"
    } else {
        "postgres"
    };
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(engine);
    let legacy = dir.join("legacy-migrations");
    std::fs::create_dir_all(&legacy).unwrap();
    for entry in std::fs::read_dir(source).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.as_str() < OWNED_TOKENS_MIGRATION {
            std::fs::copy(&path, legacy.join(name)).unwrap();
        }
    }
    let migrator = sqlx::migrate::Migrator::new(legacy.as_path())
        .await
        .unwrap();
    migrator.run(&db.pool).await.unwrap();
}

async fn seed_legacy(db: &Db) {
    let at = "2026-11-01T08:00:00Z";
    // A person who already took the name the first token's account would get.
    sqlx::query(
        "INSERT INTO accounts (username, display_name, role, password_hash, status, created_at) \
         VALUES ('api-token-1', 'Orang', 'auditor', '$argon2id$x', 'active', $1)",
    )
    .bind(at)
    .execute(&db.pool)
    .await
    .unwrap();
    for (name, role, scopes, secret, revoked) in [
        ("Bank DKI", "bank", "regions:read", LEGACY_SECRET, None),
        (
            "Dukcapil",
            "ministry_officer",
            "civil:write",
            "tpt_revoked",
            Some(at),
        ),
    ] {
        sqlx::query(
            "INSERT INTO api_tokens (name, role, scopes, token_hash, token_prefix, created_at, \
             revoked_at) VALUES ($1, $2, $3, $4, 'tpt_x', $5, $6)",
        )
        .bind(name)
        .bind(role)
        .bind(scopes)
        .bind(tepat::http::token::token_hash(secret))
        .bind(at)
        .bind(revoked)
        .execute(&db.pool)
        .await
        .unwrap();
    }
}

/// (username, display name, role, password hash) of the account of each token, by token id.
async fn owners(db: &Db) -> Vec<(String, String, String, String)> {
    let rows = sqlx::query(
        "SELECT a.username, a.display_name, a.role, a.password_hash FROM api_tokens t \
         JOIN accounts a ON a.id = t.account_id ORDER BY t.id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    rows.iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect()
}

#[tokio::test]
async fn earlier_tokens_become_tokens_of_a_machine_account_each() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&blank_database(dir.path()).await)
        .await
        .unwrap();
    migrate_to_legacy(&db, dir.path()).await;
    seed_legacy(&db).await;
    db.migrate().await.unwrap();
    let owners = owners(&db).await;
    let expected = [
        ("api-token-1-migrated", "Bank DKI", "bank", "!"),
        ("api-token-2", "Dukcapil", "ministry_officer", "!"),
    ];
    let owners: Vec<(&str, &str, &str, &str)> = owners
        .iter()
        .map(|(u, d, r, h)| (u.as_str(), d.as_str(), r.as_str(), h.as_str()))
        .collect();
    assert_eq!(owners, expected);

    let now = tepat::clock::Clock::now(&tepat::clock::SystemClock);
    let Auth::Token(principal) = tepat::accounts::tokens::authenticate(&db, LEGACY_SECRET, now)
        .await
        .unwrap()
    else {
        panic!("the earlier token still works");
    };
    assert_eq!(principal.actor.kind, ActorKind::Account);
    assert_eq!(principal.name, "api-token-1-migrated");
    assert_eq!(principal.role.as_str(), "bank");
    assert!(matches!(
        tepat::accounts::tokens::authenticate(&db, "tpt_revoked", now)
            .await
            .unwrap(),
        Auth::BadToken
    ));
    let login = service::login(&db, "api-token-2", "!", None, now)
        .await
        .unwrap();
    assert_eq!(
        login,
        Err(LoginRefused::BadCredentials),
        "a machine account cannot log in"
    );
}
