//! A compact in-memory copy of every attribute a rule may read, for every active
//! household in the country, so that a dry run over the whole registry evaluates in memory
//! instead of reading the registry again.
//!
//! The copy is marked with the event trail's position when it was read (every change to
//! the registry, the welfare scores or the enrolments appends an event) and the day (ages
//! change at midnight). A dry run asks for the copy: when nothing changed it is used as it
//! is; when something changed and the last read was quick (a small registry), the registry
//! is read again before answering; when the last read was slow (a national registry), the
//! dry run answers from the copy it has, saying as of when, while a fresh copy is read in
//! the background and swapped in when complete.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::Row;
use time::{Date, OffsetDateTime};

use super::columns::{Columns, Needs};
use super::schema::{HOUSEHOLD_ATTRIBUTES, MEMBER_ATTRIBUTES};
use super::store;
use crate::db::{Db, ResultExt, StoreError};

/// A read shorter than this is simply repeated when the registry changed.
const QUICK: Duration = Duration::from_secs(1);
/// How many of the latest event ids are counted into the mark: a transaction that took its
/// id early and committed late (PostgreSQL) fills a gap in this window and so changes it.
const WINDOW: i64 = 1_000;

/// Where the registry stood when a copy was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The last event's id.
    last_event: i64,
    /// Events among the last `WINDOW` ids.
    recent: i64,
    today: Date,
    /// The programme codes in the schema's order (`enrolled` reads positions).
    codes: Vec<String>,
}

impl Mark {
    /// The registry's mark now.
    pub async fn read(db: &Db, codes: &[String], today: Date) -> Result<Self, StoreError> {
        let row = sqlx::query(
            "SELECT COALESCE(MAX(id), 0), \
             (SELECT COUNT(*) FROM events WHERE id > (SELECT COALESCE(MAX(id), 0) FROM events) - $1) \
             FROM events",
        )
        .bind(WINDOW)
        .fetch_one(&db.pool)
        .await
        .store()?;
        Ok(Self {
            last_event: row.try_get(0).store()?,
            recent: row.try_get(1).store()?,
            today,
            codes: codes.to_vec(),
        })
    }
}

/// Every active household's rule attributes, as of one moment.
#[derive(Debug)]
pub struct Snapshot {
    pub columns: Columns,
    pub mark: Mark,
    /// When the read started: the data is at least this fresh.
    pub taken_at: OffsetDateTime,
    /// How long the read took.
    pub took: Duration,
}

/// Whether a household of village `code` lies inside `scope` (the whole country for none).
pub fn inside(code: &str, scope: Option<&crate::region_code::RegionCode>) -> bool {
    scope.is_none_or(|s| {
        code.strip_prefix(s.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
    })
}

/// Everything a rule may read.
fn every_need(programmes: usize) -> Needs {
    Needs {
        household: [true; HOUSEHOLD_ATTRIBUTES],
        member: [true; MEMBER_ATTRIBUTES],
        persons: true,
        programmes: (0..programmes.min(64)).collect(),
    }
}

impl Snapshot {
    /// Reads the whole registry.
    pub async fn take(db: &Db, mark: Mark, now: OffsetDateTime) -> Result<Self, StoreError> {
        let started = Instant::now();
        let mut columns = Columns::new(every_need(mark.codes.len()), mark.today);
        store::load_columns(db, None, &mut columns, &mark.codes).await?;
        Ok(Self {
            columns,
            mark,
            taken_at: now,
            took: started.elapsed(),
        })
    }
}

#[derive(Debug, Default)]
struct Inner {
    current: Mutex<Option<Arc<Snapshot>>>,
    /// Held while a copy is being read, so that only one read runs at a time.
    reading: Arc<tokio::sync::Mutex<()>>,
}

/// The copy a server keeps, shared by its requests.
#[derive(Debug, Clone, Default)]
pub struct Snapshots {
    inner: Arc<Inner>,
    /// Reads shorter than this are repeated on change rather than done in the background.
    quick: Option<Duration>,
}

impl Snapshots {
    /// A keeper that reads in the background whenever the last read took `quick` or more
    /// (zero: always in the background once a copy exists).
    pub fn with_quick(quick: Duration) -> Self {
        Self {
            quick: Some(quick),
            ..Self::default()
        }
    }

    fn held(&self) -> Option<Arc<Snapshot>> {
        self.inner
            .current
            .lock()
            .map(|held| held.clone())
            .unwrap_or(None)
    }

    fn keep(&self, snapshot: Arc<Snapshot>) {
        if let Ok(mut held) = self.inner.current.lock() {
            *held = Some(snapshot);
        }
    }

    /// The copy to evaluate a dry run on (see the module's documentation).
    pub async fn get(
        &self,
        db: &Db,
        codes: &[String],
        today: Date,
        now: OffsetDateTime,
    ) -> Result<Arc<Snapshot>, StoreError> {
        let mark = Mark::read(db, codes, today).await?;
        let quick = self.quick.unwrap_or(QUICK);
        if let Some(held) = self.held() {
            if held.mark == mark {
                return Ok(held);
            }
            // Only the day or the programme list changes what the copy means; a slow
            // registry answers from the copy it has and refreshes it behind the answer.
            let same_meaning = held.mark.today == mark.today && held.mark.codes == mark.codes;
            if same_meaning && held.took >= quick {
                if let Ok(guard) = self.inner.reading.clone().try_lock_owned() {
                    let keeper = self.clone();
                    let db = db.clone();
                    tokio::spawn(async move {
                        let _reading = guard;
                        match Snapshot::take(&db, mark, now).await {
                            Ok(fresh) => keeper.keep(Arc::new(fresh)),
                            Err(err) => tracing::warn!(%err, "refreshing the rule-attribute copy"),
                        }
                    });
                }
                return Ok(held);
            }
        }
        let _reading = self.inner.reading.lock().await;
        // Another request may have read it meanwhile.
        if let Some(held) = self.held().filter(|held| held.mark == mark) {
            return Ok(held);
        }
        let fresh = Arc::new(Snapshot::take(db, mark, now).await?);
        self.keep(fresh.clone());
        Ok(fresh)
    }

    /// Waits until no read is running (a background refresh has been swapped in).
    pub async fn settled(&self) {
        drop(self.inner.reading.lock().await);
    }
}

/// The server's keeper, or a fresh one (reading the registry for each dry run) when the
/// router was built without it.
pub fn snapshots(state: &crate::http::AppState) -> Snapshots {
    state.part::<Snapshots>().cloned().unwrap_or_default()
}
