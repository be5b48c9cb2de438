//! Budget revisions and the public budget watch on a real server: a line revised by one
//! official and approved by another with the difference moved in the ledger, every
//! version kept; refusals naming their field and rule with nothing changed; realisation
//! read from the ledger after a cycle is paid and its remainder returned; the public page,
//! its CSV and JSON agreeing; comments hidden and counted.

mod revisions;
mod watch;

use serde_json::Value;

use crate::common::TestApp;

pub fn rule(problem: &Value) -> String {
    format!(
        "{}/{}",
        problem["errors"][0]["field"].as_str().unwrap_or(""),
        problem["errors"][0]["rule"].as_str().unwrap_or("")
    )
}

pub async fn ledger_clean(app: &TestApp) {
    let report = tepat::ledger::check::check(&app.db).await.unwrap();
    assert!(report.violations.is_empty(), "{:?}", report.violations);
}

pub async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}
