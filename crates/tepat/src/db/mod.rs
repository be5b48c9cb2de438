//! The store: one connection pool over SQLite or PostgreSQL, chosen by the URL scheme,
//! with the same migrations (per engine) and the same SQL text for both.

pub mod bulk;
mod connect;
mod error;
pub mod scope;
pub mod timestamp;

pub use connect::{Db, Engine, migration_names};
pub use error::{ResultExt, StoreError};

/// A transaction on either engine.
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;
