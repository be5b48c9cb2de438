//! Multi-row statements (`INSERT … VALUES (…), (…)` and `IN (…)` lists): how many rows
//! go into one, and their placeholders on each engine.
//!
//! PostgreSQL only understands numbered placeholders (`$1`). SQLite reads `$1` as a
//! *named* parameter and the driver looks every one of them up by name in a list, so
//! binding a statement costs the square of its parameters; anonymous `?` placeholders are
//! bound by position instead. Since these statements bind their values strictly in order,
//! both forms mean the same, and SQLite gets `?`.

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Row};

use super::{Engine, ResultExt, StoreError, Tx};

/// Values bound per multi-row statement. Every statement is one round trip to the
/// driver's connection thread (SQLite) or to the server (PostgreSQL), so fewer, larger
/// statements are cheaper; with positional placeholders binding costs grow only linearly.
/// The bound keeps statements inside SQLite's 32,766 parameters and PostgreSQL's 65,535
/// (1,000,000 persons imported: 82 s with 8,000 values, 268 MiB peak; 78 s with 30,000, 419 MiB).
pub const VALUES_PER_STATEMENT: usize = 30_000;

/// Rows per multi-row statement of `columns` values each (at least one).
pub const fn rows_per_statement(columns: usize) -> usize {
    let rows = VALUES_PER_STATEMENT / columns;
    if rows == 0 { 1 } else { rows }
}

impl Engine {
    /// The engine behind a connection or transaction.
    pub fn of(conn: &AnyConnection) -> Self {
        if conn.backend_name() == "PostgreSQL" {
            Self::Postgres
        } else {
            Self::Sqlite
        }
    }
}

/// `(p, p, …), (…)` for `rows` rows of `columns` values: `?` on SQLite, `$1, $2, …` on
/// PostgreSQL, numbered from `$1`.
pub fn placeholders(engine: Engine, rows: usize, columns: usize) -> String {
    let mut text = String::with_capacity(rows * columns * 4);
    for index in 0..rows * columns {
        if index % columns == 0 {
            if index > 0 {
                text.push_str("), ");
            }
            text.push('(');
        } else {
            text.push_str(", ");
        }
        match engine {
            Engine::Sqlite => text.push('?'),
            Engine::Postgres => {
                text.push('$');
                text.push_str(&(index + 1).to_string());
            }
        }
    }
    if rows * columns > 0 {
        text.push(')');
    }
    text
}

/// A multi-row statement with its values bound, ready to run.
pub type BulkQuery = Query<'static, Any, AnyArguments>;

/// How a bulk INSERT starts on each engine.
///
/// On SQLite a plain INSERT that fails half way undoes its own earlier rows (the default
/// `ABORT`), and to do so a multi-row INSERT inside a transaction first copies every page
/// it changes into a statement journal. `OR FAIL` stops at the failing row and undoes
/// nothing, so SQLite keeps no such copies. Nothing partial is committed: every caller
/// drops its transaction on any store error (and PostgreSQL aborts the whole transaction
/// on a failed statement anyway).
fn insert_into(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "INSERT OR FAIL INTO",
        Engine::Postgres => "INSERT INTO",
    }
}

/// Inserts `items` into `head` (`table (column, …)`, fixed text, since it goes into the
/// SQL) with one multi-row statement per chunk of up to [`VALUES_PER_STATEMENT`] values,
/// `bind` adding one item's `columns` values in column order. Returns the new rows' ids
/// in the order of `items` when `ids` is set (the table then has an integer `id`),
/// nothing otherwise.
///
/// Each next statement is built and bound while the database runs the current one, so the
/// database's own thread (SQLite) or the server (PostgreSQL) does not wait for it. A
/// multi-row INSERT into a table with a foreign key still keeps a statement journal on
/// SQLite unless the transaction checks foreign keys at commit (see [`Db::begin_bulk`]).
///
/// [`Db::begin_bulk`]: super::Db::begin_bulk
pub async fn insert_rows<T>(
    tx: &mut Tx,
    head: &'static str,
    columns: usize,
    items: &[T],
    ids: bool,
    mut bind: impl FnMut(BulkQuery, &T) -> BulkQuery,
) -> Result<Vec<i64>, StoreError> {
    let engine = Engine::of(tx);
    let returning = if ids { returning_id(engine) } else { "" };
    let insert = insert_into(engine);
    let mut build = |chunk: &[T]| {
        let sql = format!(
            "{insert} {head} VALUES {}{returning}",
            placeholders(engine, chunk.len(), columns)
        );
        let query = chunk
            .iter()
            .fold(sqlx::query(sqlx::AssertSqlSafe(sql)), &mut bind);
        (query, chunk.len())
    };
    let mut chunks = items.chunks(rows_per_statement(columns));
    let mut next = chunks.next().map(&mut build);
    let mut found = Vec::with_capacity(if ids { items.len() } else { 0 });
    while let Some((query, rows)) = next.take() {
        let run = async {
            if ids {
                insert_ids(tx, query, rows).await
            } else {
                insert_all(tx, query, rows).await.map(|()| Vec::new())
            }
        };
        let (done, built) = tokio::join!(biased; run, async { chunks.next().map(&mut build) });
        found.extend(done?);
        next = built;
    }
    Ok(found)
}

/// Runs a multi-row INSERT of `rows` rows and checks that every row went in.
async fn insert_all(tx: &mut Tx, query: BulkQuery, rows: usize) -> Result<(), StoreError> {
    let done = query.execute(&mut **tx).await.store()?;
    if done.rows_affected() != rows as u64 {
        return Err(incomplete());
    }
    Ok(())
}

fn incomplete() -> StoreError {
    StoreError::Other(sqlx::Error::Protocol(
        "a multi-row INSERT did not insert every row".into(),
    ))
}

/// What a multi-row INSERT must end with for [`insert_ids`] to learn its rows' ids:
/// `RETURNING id` on PostgreSQL, nothing on SQLite.
fn returning_id(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "",
        Engine::Postgres => " RETURNING id",
    }
}

/// Runs a multi-row INSERT of `rows` rows (its SQL ending in [`returning_id`]) and returns
/// the ids its rows got, in the order of its VALUES.
///
/// On SQLite the rows are not read back: every returned row crosses from the driver's
/// database thread on its own, which cost more than inserting it (1,000,000 persons
/// imported: 94 s with `RETURNING`, 78 s without). SQLite gives a row without an id one
/// more than the largest id in the table (these tables have no `AUTOINCREMENT`), and the
/// statement holds the write lock, so the rows got consecutive ids ending at
/// `last_insert_rowid()`. On PostgreSQL the identity sequence is drawn row by row in
/// VALUES order, so the returned ids, sorted, are in that order.
async fn insert_ids(tx: &mut Tx, query: BulkQuery, rows: usize) -> Result<Vec<i64>, StoreError> {
    if Engine::of(tx) == Engine::Postgres {
        let mut ids = query
            .fetch_all(&mut **tx)
            .await
            .store()?
            .iter()
            .map(|row| row.try_get::<i64, _>(0))
            .collect::<Result<Vec<_>, _>>()
            .store()?;
        if ids.len() != rows {
            return Err(incomplete());
        }
        ids.sort_unstable();
        return Ok(ids);
    }
    insert_all(tx, query, rows).await?;
    let last: i64 = sqlx::query("SELECT last_insert_rowid()")
        .fetch_one(&mut **tx)
        .await
        .store()?
        .try_get(0)
        .store()?;
    if last < rows as i64 {
        return Err(incomplete());
    }
    Ok((last - rows as i64 + 1..=last).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_placeholders_are_numbered() {
        assert_eq!(placeholders(Engine::Postgres, 2, 2), "($1, $2), ($3, $4)");
    }

    #[test]
    fn sqlite_placeholders_are_positional() {
        assert_eq!(placeholders(Engine::Sqlite, 2, 3), "(?, ?, ?), (?, ?, ?)");
    }

    #[test]
    fn every_table_gets_at_least_one_row() {
        assert_eq!(rows_per_statement(VALUES_PER_STATEMENT * 2), 1);
        assert_eq!(rows_per_statement(10), VALUES_PER_STATEMENT / 10);
    }
}
