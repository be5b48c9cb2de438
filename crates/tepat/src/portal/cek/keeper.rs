//! The index a server keeps and refreshes, in the manner of the programmes' copy
//! (`programmes/snapshot.rs`): it carries the event trail's mark from when it was read
//! (every change to households, persons, welfare scores or enrolments appends an event).
//! A lookup reads the mark — at most once a second when the last read was slow — and:
//!
//! - answers from the copy when the mark is unchanged;
//! - reads the registry again before answering when the last read was quick (a small
//!   registry, and every test);
//! - otherwise answers from the copy it has and reads a fresh one behind the answer (one
//!   read at a time), swapped in when complete.
//!
//! The server starts reading at start-up, so the first lookups do not wait long.

use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use super::index::Index;
use super::store;
use crate::db::{Db, StoreError};
use crate::programmes::snapshot::Mark;

/// A read shorter than this is simply repeated when the registry changed.
const QUICK: Duration = Duration::from_secs(1);
/// After a slow read, the mark is read at most this often: a lookup costs no query.
const MARK_EVERY: Duration = Duration::from_secs(1);

/// One read of the registry.
#[derive(Debug)]
pub struct Copy {
    pub index: Index,
    mark: Mark,
    /// How long the read took.
    pub took: Duration,
}

#[derive(Debug, Default)]
struct Inner {
    current: RwLock<Option<Arc<Copy>>>,
    /// When the mark was last read.
    checked: Mutex<Option<Instant>>,
    /// Held while a copy is read, so only one read runs at a time.
    reading: Arc<tokio::sync::Mutex<()>>,
}

/// The server's copy, shared by its requests.
#[derive(Debug, Clone, Default)]
pub struct Keeper {
    inner: Arc<Inner>,
}

impl Keeper {
    fn held(&self) -> Option<Arc<Copy>> {
        self.inner.current.read().map(|c| c.clone()).unwrap_or(None)
    }

    fn keep(&self, copy: Arc<Copy>) {
        if let Ok(mut current) = self.inner.current.write() {
            *current = Some(copy);
        }
    }

    /// Whether the mark is due to be read again after a slow read.
    fn mark_due(&self) -> bool {
        let Ok(mut checked) = self.inner.checked.lock() else {
            return true;
        };
        let due = checked.is_none_or(|at| at.elapsed() >= MARK_EVERY);
        if due {
            *checked = Some(Instant::now());
        }
        due
    }

    async fn read(db: &Db, mark: Mark) -> Result<Copy, StoreError> {
        let started = Instant::now();
        let index = store::load(db).await?;
        let took = started.elapsed();
        tracing::info!(
            persons = index.person_count(),
            took_ms = took.as_millis() as u64,
            "Cek Bansos index read"
        );
        Ok(Copy { index, mark, took })
    }

    /// The copy to answer from (see the module's documentation).
    pub async fn get(&self, db: &Db, today: time::Date) -> Result<Arc<Copy>, StoreError> {
        let held = self.held();
        if let Some(held) = &held
            && held.took >= QUICK
            && !self.mark_due()
        {
            return Ok(held.clone());
        }
        let mark = Mark::read(db, &[], today).await?;
        if let Some(held) = held {
            if held.mark == mark {
                return Ok(held);
            }
            if held.took >= QUICK {
                self.refresh_behind(db, mark);
                return Ok(held);
            }
        }
        let _reading = self.inner.reading.lock().await;
        if let Some(held) = self.held().filter(|held| held.mark == mark) {
            return Ok(held);
        }
        let fresh = Arc::new(Self::read(db, mark).await?);
        self.keep(fresh.clone());
        Ok(fresh)
    }

    fn refresh_behind(&self, db: &Db, mark: Mark) {
        let Ok(guard) = self.inner.reading.clone().try_lock_owned() else {
            return;
        };
        let keeper = self.clone();
        let db = db.clone();
        tokio::spawn(async move {
            let _reading = guard;
            match Self::read(&db, mark).await {
                Ok(fresh) => keeper.keep(Arc::new(fresh)),
                Err(err) => tracing::warn!(%err, "refreshing the Cek Bansos index"),
            }
        });
    }

    /// Starts the first read in the background (at server start).
    pub fn warm(&self, db: Db, today: time::Date) {
        let keeper = self.clone();
        tokio::spawn(async move {
            if let Err(err) = keeper.get(&db, today).await {
                tracing::warn!(%err, "reading the Cek Bansos index at start");
            }
        });
    }
}
