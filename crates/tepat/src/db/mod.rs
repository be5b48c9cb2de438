//! The store: one connection pool over SQLite or PostgreSQL, chosen by the URL scheme,
//! with the same migrations (per engine) and the same SQL text for both.
//!
//! **Numbers that may be missing.** A statement that binds an `Option<f64>` is marked
//! `.persistent(false)`, prepared on every run. Through the `Any` driver a missing number
//! reaches PostgreSQL declared as a 4-byte `real`; a statement kept prepared from such a
//! run then refuses a present 8-byte number on the same connection ("incorrect binary
//! data format in bind parameter").

pub mod bulk;
mod connect;
mod error;
pub mod scope;
pub mod timestamp;

pub use connect::{Db, Engine, migration_names};
pub use error::{ResultExt, StoreError};

/// A transaction on either engine.
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Where a file kept outside the database (a signing key) lives when none is configured:
/// beside a SQLite database file, else in the working directory.
pub fn file_beside(database_url: &str, name: &str) -> std::path::PathBuf {
    if Engine::from_url(database_url).ok() == Some(Engine::Sqlite) {
        let file = database_url
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:");
        let file = file.split('?').next().unwrap_or(file);
        if let Some(dir) = std::path::Path::new(file).parent() {
            return dir.join(name);
        }
    }
    std::path::PathBuf::from(name)
}
