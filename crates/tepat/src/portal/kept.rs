//! What a public page answers from, kept in memory and refreshed in the manner of the
//! programmes' copy (`programmes/snapshot.rs`): a copy carries the event trail's mark from
//! when it was read (every change it reflects appends an event). A request reads the mark —
//! at most once a second when the last read was slow — and:
//!
//! - answers from the copy when the mark is unchanged;
//! - reads again before answering when the last read was quick (a small registry, and
//!   every test);
//! - otherwise answers from the copy it has and reads a fresh one behind the answer (one
//!   read at a time), swapped in when complete.
//!
//! The server starts reading at start-up, so the first requests do not wait long. Cek
//! Bansos keeps its index this way, and the statistics their figures.

use std::future::Future;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use crate::db::{Db, StoreError};
use crate::programmes::snapshot::Mark;

/// A read shorter than this is simply repeated when something changed.
const QUICK: Duration = Duration::from_secs(1);
/// After a slow read, the mark is read at most this often: a request costs no query.
const MARK_EVERY: Duration = Duration::from_secs(1);

/// What is kept, and how it is read from the store.
pub trait Source: Sized + Send + Sync + 'static {
    /// What the server's log calls it.
    const NAME: &'static str;
    fn read(db: &Db, now: OffsetDateTime) -> impl Future<Output = Result<Self, StoreError>> + Send;
}

/// One read.
#[derive(Debug)]
pub struct Copy<T> {
    pub value: T,
    mark: Mark,
    /// How long the read took.
    pub took: Duration,
}

impl<T> std::ops::Deref for Copy<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

#[derive(Debug)]
struct Inner<T> {
    current: RwLock<Option<Arc<Copy<T>>>>,
    /// When the mark was last read.
    checked: Mutex<Option<Instant>>,
    /// Held while a copy is read, so only one read runs at a time.
    reading: Arc<tokio::sync::Mutex<()>>,
}

/// The server's copy, shared by its requests.
#[derive(Debug)]
pub struct Kept<T> {
    inner: Arc<Inner<T>>,
}

impl<T> Clone for Kept<T> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Self {
            inner: Arc::new(Inner {
                current: RwLock::new(None),
                checked: Mutex::new(None),
                reading: Arc::default(),
            }),
        }
    }
}

impl<T: Source> Kept<T> {
    fn held(&self) -> Option<Arc<Copy<T>>> {
        self.inner.current.read().map(|c| c.clone()).unwrap_or(None)
    }

    fn keep(&self, copy: Arc<Copy<T>>) {
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

    async fn read(db: &Db, mark: Mark, now: OffsetDateTime) -> Result<Copy<T>, StoreError> {
        let started = Instant::now();
        let value = T::read(db, now).await?;
        let took = started.elapsed();
        tracing::info!(took_ms = took.as_millis() as u64, "{} read", T::NAME);
        Ok(Copy { value, mark, took })
    }

    /// The copy to answer from (see the module's documentation).
    pub async fn get(&self, db: &Db, now: OffsetDateTime) -> Result<Arc<Copy<T>>, StoreError> {
        let held = self.held();
        if let Some(held) = &held
            && held.took >= QUICK
            && !self.mark_due()
        {
            return Ok(held.clone());
        }
        let mark = Mark::read(db, &[], now.date()).await?;
        if let Some(held) = held {
            if held.mark == mark {
                return Ok(held);
            }
            if held.took >= QUICK {
                self.refresh_behind(db, mark, now);
                return Ok(held);
            }
        }
        let _reading = self.inner.reading.lock().await;
        if let Some(held) = self.held().filter(|held| held.mark == mark) {
            return Ok(held);
        }
        let fresh = Arc::new(Self::read(db, mark, now).await?);
        self.keep(fresh.clone());
        Ok(fresh)
    }

    fn refresh_behind(&self, db: &Db, mark: Mark, now: OffsetDateTime) {
        let Ok(guard) = self.inner.reading.clone().try_lock_owned() else {
            return;
        };
        let kept = self.clone();
        let db = db.clone();
        tokio::spawn(async move {
            let _reading = guard;
            match Self::read(&db, mark, now).await {
                Ok(fresh) => kept.keep(Arc::new(fresh)),
                Err(err) => tracing::warn!(%err, "refreshing the {}", T::NAME),
            }
        });
    }

    /// Starts the first read in the background (at server start).
    pub fn warm(&self, db: Db, now: OffsetDateTime) {
        let kept = self.clone();
        tokio::spawn(async move {
            if let Err(err) = kept.get(&db, now).await {
                tracing::warn!(%err, "reading the {} at start", T::NAME);
            }
        });
    }
}
