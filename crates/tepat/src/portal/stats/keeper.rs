//! The figures a server keeps and refreshes, as Cek Bansos keeps its index (`cek/keeper.rs`):
//! a copy carries the event trail's mark from when it was read (every change the figures
//! count appends an event). A request reads the mark — at most once a second when the last
//! read was slow — and answers from the copy when the mark is unchanged; reads again first
//! when the last read was quick (a small registry, and every test); otherwise answers from
//! the copy and reads a fresh one behind (one read at a time), swapped in when complete.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use super::figures::{self, Figures};
use super::store::{self, Names};
use crate::db::{Db, StoreError};
use crate::programmes::snapshot::Mark;

/// A read shorter than this is simply repeated when something changed.
const QUICK: Duration = Duration::from_secs(1);
/// After a slow read, the mark is read at most this often: a request costs no query.
const MARK_EVERY: Duration = Duration::from_secs(1);

/// One read of every figure.
#[derive(Debug)]
pub struct Copy {
    /// Every region's figures, the whole country as `""`.
    pub figures: HashMap<String, Figures>,
    /// Per region, its regions one level down with figures, in code order.
    pub children: HashMap<String, Vec<String>>,
    pub names: Names,
    /// The tree size of the transparency log's latest checkpoint when the read began.
    pub checkpoint: u64,
    /// When the read began: the figures are at least this fresh.
    pub computed_at: OffsetDateTime,
    mark: Mark,
    /// How long the read took.
    pub took: Duration,
}

impl Copy {
    /// The figures of `code` (`""`: the whole country); empty for a region with none.
    pub fn of(&self, code: &str) -> Figures {
        self.figures.get(code).cloned().unwrap_or_default()
    }

    /// The name of a region with figures; the whole country for `""`.
    pub fn name(&self, code: &str) -> String {
        if code.is_empty() {
            return "Indonesia".to_owned();
        }
        self.names.regions.get(code).cloned().unwrap_or_default()
    }

    /// Whether `code` has figures (the whole country always has).
    pub fn has(&self, code: &str) -> bool {
        self.figures.contains_key(code)
    }
}

#[derive(Debug, Default)]
struct Inner {
    current: RwLock<Option<Arc<Copy>>>,
    checked: Mutex<Option<Instant>>,
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

    async fn read(db: &Db, mark: Mark, now: OffsetDateTime) -> Result<Copy, StoreError> {
        let started = Instant::now();
        let checkpoint = crate::budgets::watch::checkpoint_size(db).await?;
        let villages = store::villages(db).await?;
        let figures = figures::roll_up(villages);
        let codes: Vec<&str> = figures.keys().map(String::as_str).collect();
        let names = store::names(db, &codes).await?;
        let children = figures::children(&figures);
        let took = started.elapsed();
        tracing::info!(
            regions = figures.len(),
            took_ms = took.as_millis() as u64,
            "statistics read"
        );
        Ok(Copy {
            figures,
            children,
            names,
            checkpoint,
            computed_at: now,
            mark,
            took,
        })
    }

    /// The copy to answer from (see the module's documentation).
    pub async fn get(&self, db: &Db, now: OffsetDateTime) -> Result<Arc<Copy>, StoreError> {
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
        let keeper = self.clone();
        let db = db.clone();
        tokio::spawn(async move {
            let _reading = guard;
            match Self::read(&db, mark, now).await {
                Ok(fresh) => keeper.keep(Arc::new(fresh)),
                Err(err) => tracing::warn!(%err, "refreshing the statistics"),
            }
        });
    }

    /// Starts the first read in the background (at server start).
    pub fn warm(&self, db: Db, now: OffsetDateTime) {
        let keeper = self.clone();
        tokio::spawn(async move {
            if let Err(err) = keeper.get(&db, now).await {
                tracing::warn!(%err, "reading the statistics at start");
            }
        });
    }

    /// The server's keeper, or a fresh one when the router was built without it.
    pub fn of(state: &crate::http::AppState) -> Self {
        state.part::<Self>().cloned().unwrap_or_default()
    }
}
