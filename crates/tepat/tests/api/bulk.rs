//! Multi-row INSERTs on both engines: the ids come back in the order given across several
//! statements, and a statement that fails half way or a broken foreign key leaves nothing
//! behind once the transaction ends.

use std::sync::Arc;

use sqlx::Row;
use tepat::db::bulk::{BulkQuery, insert_rows, rows_per_statement};
use tepat::db::{Db, StoreError};
use tepat::events::store::enqueue_many;

use crate::common::fresh_database_url;

const EVENT_HEAD: &str =
    "events (occurred_at, actor_kind, actor_role, action, subject_type, subject_id, changes)";
const EVENT_COLUMNS: usize = 7;

fn bind_event(query: BulkQuery, n: &usize) -> BulkQuery {
    query
        .bind("2026-12-01T00:00:00.000Z")
        .bind("system")
        .bind("system")
        .bind("uji.bulk")
        .bind("uji")
        .bind(n.to_string())
        .bind("{}")
}

async fn database() -> (Db, Arc<tempfile::TempDir>) {
    let (url, dir) = fresh_database_url().await;
    (Db::connect(&url).await.expect("connect"), dir)
}

async fn count(db: &Db, table: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(&db.pool)
        .await
        .expect("count")
        .get(0)
}

#[tokio::test]
async fn ids_come_back_in_the_order_given_across_statements() {
    let (db, _dir) = database().await;
    let items: Vec<usize> = (0..rows_per_statement(EVENT_COLUMNS) * 2 + 5).collect();
    let mut tx = db.begin_bulk().await.expect("begin");
    let ids = insert_rows(&mut tx, EVENT_HEAD, EVENT_COLUMNS, &items, true, bind_event)
        .await
        .expect("insert");
    tx.commit().await.expect("commit");

    assert_eq!(ids.len(), items.len());
    let stored: std::collections::HashMap<i64, String> =
        sqlx::query("SELECT id, subject_id FROM events WHERE action = 'uji.bulk'")
            .fetch_all(&db.pool)
            .await
            .expect("read back")
            .iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect();
    assert_eq!(stored.len(), items.len());
    for (n, id) in items.iter().zip(&ids) {
        assert_eq!(stored.get(id), Some(&n.to_string()), "id {id} of row {n}");
    }
}

#[tokio::test]
async fn a_statement_that_fails_half_way_leaves_nothing_once_its_transaction_ends() {
    let (db, _dir) = database().await;
    let (events, queued) = (count(&db, "events").await, count(&db, "log_queue").await);

    let mut tx = db.begin_bulk().await.expect("begin");
    let ids = insert_rows(
        &mut tx,
        EVENT_HEAD,
        EVENT_COLUMNS,
        &[1, 2],
        true,
        bind_event,
    )
    .await
    .expect("insert events");
    // The third row repeats the first one's event: the unique key refuses it after two
    // rows went in.
    let repeated = [ids[0], ids[1], ids[0]];
    let err = enqueue_many(&mut tx, &repeated)
        .await
        .expect_err("a repeated event is refused");
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    drop(tx);

    assert_eq!(count(&db, "events").await, events);
    assert_eq!(count(&db, "log_queue").await, queued);
}

#[tokio::test]
async fn a_row_that_breaks_a_foreign_key_fails_its_transaction() {
    let (db, _dir) = database().await;
    let queued = count(&db, "log_queue").await;

    let mut tx = db.begin_bulk().await.expect("begin");
    let missing = [i64::MAX - 1, i64::MAX - 2];
    // PostgreSQL refuses the statement; SQLite, checking foreign keys at commit in a bulk
    // transaction, refuses the commit.
    let inserted = enqueue_many(&mut tx, &missing).await;
    let failed = match inserted {
        Err(_) => true,
        Ok(_) => tx.commit().await.is_err(),
    };

    assert!(failed, "a queue entry for a missing event must not commit");
    assert_eq!(count(&db, "log_queue").await, queued);
}
