//! Opening the pool for either engine, applying its migrations, and engine-level settings.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, ConnectOptions, Executor};

/// Connections per pool; SQLite writes are serialised anyway, PostgreSQL is shared.
const POOL_CONNECTIONS_MAX: u32 = 16;
/// How long a request waits for a pooled connection before failing.
const POOL_ACQUIRE_TIMEOUT_MS: u64 = 5_000;
/// How long SQLite waits for a competing writer before reporting "database is locked".
const SQLITE_BUSY_TIMEOUT_MS: u64 = 5_000;
/// SQLite's page cache of the writer connection, in KiB (allocated as pages are used).
/// SQLite's own default of 2 MiB holds a small part of a large registry's indexes, so a
/// bulk import, whose NIKs land all over the NIK index, read most index pages back from the
/// file for every batch (1,000,000 persons: 149 s with the default, 112 s with this).
/// Readers keep the default, which served proofs from tiles faster (inclusion proof at
/// 100,000,000 entries: 0.49 ms against 0.63 ms with the large cache).
const SQLITE_WRITER_CACHE_KIB: u64 = 131_072;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// The two engines Tepat runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// Chooses the engine by URL scheme.
    pub fn from_url(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            anyhow::bail!("database URL must start with sqlite:// or postgres://")
        }
    }
}

/// The application's store handle.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub engine: Engine,
    /// SQLite only: the one connection that write transactions take (see [`Db::begin_write`]).
    writer: Option<AnyPool>,
}

impl Db {
    /// Connects to the database named by `url`, creating a SQLite file if it is missing.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let engine = Engine::from_url(url)?;
        let url = match engine {
            Engine::Sqlite if !url.contains('?') => format!("{url}?mode=rwc"),
            _ => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?
            .log_statements(tracing::log::LevelFilter::Trace)
            .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_secs(1));
        let pool = pool_options(engine, POOL_CONNECTIONS_MAX, None)
            .connect_with(options.clone())
            .await?;
        let writer = match engine {
            Engine::Sqlite => Some(
                pool_options(engine, 1, Some(SQLITE_WRITER_CACHE_KIB))
                    .connect_with(options)
                    .await?,
            ),
            Engine::Postgres => None,
        };
        Ok(Self {
            pool,
            engine,
            writer,
        })
    }

    /// Starts a transaction that writes. On SQLite it runs on the store's one writer
    /// connection and takes the write lock at once (`BEGIN IMMEDIATE`): writers queue for
    /// that connection instead of failing with "database is locked" when another commits
    /// between their first read and their first write, and its page cache stays valid from
    /// one transaction to the next, since no other connection writes there (a bulk import
    /// reads its indexes back from the cache instead of the disk).
    pub async fn begin_write(&self) -> Result<super::Tx, super::StoreError> {
        match &self.writer {
            Some(writer) => writer
                .begin_with("BEGIN IMMEDIATE")
                .await
                .map_err(super::StoreError::from_sqlx),
            None => self.begin().await,
        }
    }

    /// Starts a write transaction for bulk work (see [`Db::begin_write`]). On SQLite it
    /// checks foreign keys at commit instead of after every statement (`PRAGMA
    /// defer_foreign_keys`): checked per statement, each multi-row INSERT into a table with
    /// a foreign key first copies every page it changes, to undo itself should a check
    /// fail. A violation still fails the transaction, at commit. The pragma lasts until the
    /// transaction ends and makes SQLite prepare cached statements again, so it is set once
    /// per transaction, not per statement.
    pub async fn begin_bulk(&self) -> Result<super::Tx, super::StoreError> {
        let mut tx = self.begin_write().await?;
        if self.engine == Engine::Sqlite {
            tx.execute("PRAGMA defer_foreign_keys = ON")
                .await
                .map_err(super::StoreError::from_sqlx)?;
        }
        Ok(tx)
    }

    /// Applies the engine's migrations; safe to run on every start.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.engine {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.pool).await?;
        Ok(())
    }

    /// Starts a transaction: one business event is one transaction.
    pub async fn begin(&self) -> Result<super::Tx, super::StoreError> {
        self.pool
            .begin()
            .await
            .map_err(super::StoreError::from_sqlx)
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

/// A pool's options; `cache_kib` sets SQLite's page cache (SQLite's default otherwise).
fn pool_options(engine: Engine, connections: u32, cache_kib: Option<u64>) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(Duration::from_millis(POOL_ACQUIRE_TIMEOUT_MS))
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if engine == Engine::Sqlite {
                    conn.execute(sqlx::AssertSqlSafe(sqlite_pragmas(cache_kib)))
                        .await?;
                }
                Ok(())
            })
        })
}

/// WAL for concurrent readers, foreign keys enforced, an explicit busy timeout, and
/// `synchronous=NORMAL`, which in WAL mode keeps every commit durable across crashes of the
/// process (only a power loss may drop the last commits). Temporary storage in memory: a
/// multi-row INSERT keeps a statement journal to undo itself on a constraint error, and in
/// a file that journal cost 1.1 million page writes for an import of 100,000 persons.
fn sqlite_pragmas(cache_kib: Option<u64>) -> String {
    let cache = cache_kib
        .map(|kib| format!(" PRAGMA cache_size = -{kib};"))
        .unwrap_or_default();
    format!(
        "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
         PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA synchronous = NORMAL; \
         PRAGMA temp_store = MEMORY;{cache}"
    )
}

/// The migration file names for an engine, for the test that both sets match.
pub fn migration_names(engine: Engine) -> Vec<(i64, String)> {
    let migrator = match engine {
        Engine::Sqlite => &SQLITE_MIGRATIONS,
        Engine::Postgres => &POSTGRES_MIGRATIONS,
    };
    migrator
        .iter()
        .map(|m| (m.version, m.description.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_is_chosen_by_scheme() {
        assert_eq!(
            Engine::from_url("sqlite://tepat.db").ok(),
            Some(Engine::Sqlite)
        );
        assert_eq!(
            Engine::from_url("postgres://u@h/db").ok(),
            Some(Engine::Postgres)
        );
        assert!(Engine::from_url("mysql://u@h/db").is_err());
    }

    #[test]
    fn both_engines_have_the_same_migrations() {
        assert_eq!(
            migration_names(Engine::Sqlite),
            migration_names(Engine::Postgres)
        );
        assert!(!migration_names(Engine::Sqlite).is_empty());
    }
}
