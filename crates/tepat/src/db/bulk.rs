//! Multi-row statements (`INSERT … VALUES (…), (…)` and `IN (…)` lists): how many rows
//! go into one, and their placeholders on each engine.
//!
//! PostgreSQL only understands numbered placeholders (`$1`). SQLite reads `$1` as a
//! *named* parameter and the driver looks every one of them up by name in a list, so
//! binding a statement costs the square of its parameters; anonymous `?` placeholders are
//! bound by position instead. Since these statements bind their values strictly in order,
//! both forms mean the same, and SQLite gets `?`.

use sqlx::AnyConnection;

use super::Engine;

/// Values bound per multi-row statement. Every statement is one round trip to the
/// driver's connection thread (SQLite) or to the server (PostgreSQL), so fewer, larger
/// statements are cheaper; with positional placeholders binding costs grow only linearly,
/// and the bound merely keeps statements well inside SQLite's 32,766 parameters.
pub const VALUES_PER_STATEMENT: usize = 2_000;

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
