//! Storage errors: the tier between SQL and the domain, converted once.

use sqlx::error::ErrorKind;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("record not found")]
    NotFound,
    /// A unique or foreign-key constraint refused the write; `constraint` names it
    /// (PostgreSQL's constraint name, or SQLite's `table.column` list).
    #[error("constraint {constraint} refused the write")]
    Conflict { constraint: String },
    #[error(transparent)]
    Other(#[from] sqlx::Error),
}

impl StoreError {
    /// Classifies a driver error; constraint violations become `Conflict`.
    pub fn from_sqlx(err: sqlx::Error) -> Self {
        if let sqlx::Error::RowNotFound = err {
            return Self::NotFound;
        }
        if let Some(db) = err.as_database_error()
            && matches!(
                db.kind(),
                ErrorKind::UniqueViolation | ErrorKind::ForeignKeyViolation
            )
        {
            let constraint = db
                .constraint()
                .map(str::to_owned)
                .unwrap_or_else(|| sqlite_constraint(db.message()));
            return Self::Conflict { constraint };
        }
        Self::Other(err)
    }

    /// True when the write was refused by the named constraint (either engine's spelling).
    pub fn is_conflict_on(&self, pg_name: &str, sqlite_columns: &str) -> bool {
        matches!(self, Self::Conflict { constraint }
            if constraint == pg_name || constraint == sqlite_columns)
    }
}

/// SQLite reports "UNIQUE constraint failed: accounts.username"; keep the column list.
fn sqlite_constraint(message: &str) -> String {
    message
        .rsplit(": ")
        .next()
        .unwrap_or(message)
        .trim()
        .to_owned()
}

pub trait ResultExt<T> {
    fn store(self) -> Result<T, StoreError>;
}

impl<T> ResultExt<T> for Result<T, sqlx::Error> {
    fn store(self) -> Result<T, StoreError> {
        self.map_err(StoreError::from_sqlx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_message_keeps_the_columns() {
        assert_eq!(
            sqlite_constraint("UNIQUE constraint failed: accounts.username"),
            "accounts.username"
        );
    }
}
