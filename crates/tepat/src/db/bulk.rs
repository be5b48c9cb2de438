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
    custom_rows(engine, rows, ", ", |text, next| {
        text.push('(');
        for column in 0..columns {
            if column > 0 {
                text.push_str(", ");
            }
            next.push(text);
        }
        text.push(')');
    })
}

/// Rows joined by `separator`, each written by `row(text, placeholder)`, which pushes its
/// values' placeholders in order with [`Placeholder::push`]: for rows that are not plain
/// value lists, e.g. `(level = $1 AND idx = $2) OR …`.
pub fn custom_rows(
    engine: Engine,
    rows: usize,
    separator: &str,
    mut row: impl FnMut(&mut String, &mut Placeholder),
) -> String {
    let mut text = String::with_capacity(rows * 16);
    let mut next = Placeholder { engine, next: 1 };
    for index in 0..rows {
        if index > 0 {
            text.push_str(separator);
        }
        row(&mut text, &mut next);
    }
    text
}

/// Numbers placeholders in order for [`custom_rows`].
pub struct Placeholder {
    engine: Engine,
    next: usize,
}

impl Placeholder {
    /// Appends the next placeholder.
    pub fn push(&mut self, text: &mut String) {
        match self.engine {
            Engine::Sqlite => text.push('?'),
            Engine::Postgres => {
                text.push('$');
                text.push_str(&self.next.to_string());
            }
        }
        self.next += 1;
    }
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
    fn custom_rows_number_across_rows() {
        let text = custom_rows(Engine::Postgres, 2, " OR ", |text, next| {
            text.push_str("(a = ");
            next.push(text);
            text.push_str(" AND b = ");
            next.push(text);
            text.push(')');
        });
        assert_eq!(text, "(a = $1 AND b = $2) OR (a = $3 AND b = $4)");
    }

    #[test]
    fn every_table_gets_at_least_one_row() {
        assert_eq!(rows_per_statement(VALUES_PER_STATEMENT * 2), 1);
        assert_eq!(rows_per_statement(10), VALUES_PER_STATEMENT / 10);
    }
}
