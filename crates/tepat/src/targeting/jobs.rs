//! Scoring runs started from the web or the API: one at a time, in the background, with a
//! job row that says who started it, how far it has come and what it ended with. The run
//! itself is the command's (`recompute::run`): one transaction and one event.
//!
//! Progress is kept in memory for the pages of this server and written to the job row with
//! a heartbeat on PostgreSQL. SQLite has one writer, and the run holds it for its whole
//! transaction, so there the row is written at the start and at the end only; a run still
//! marked running when a SQLite server starts was cut off, since one server owns the file.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::error::TargetingError;
use super::recompute::{self, Progress, Trigger};
use super::store::jobs::{self, ScoringJob};
use crate::auth::{Permission, Principal};
use crate::clock::Clock;
use crate::db::{Db, Engine, StoreError};

/// How often a running job's progress and heartbeat are written.
const TICK: Duration = Duration::from_secs(1);
/// A running job whose heartbeat is older than this is taken for cut off (its server
/// stopped): many missed beats, so a busy database does not fail a live run.
pub const STALE_AFTER: time::Duration = time::Duration::minutes(5);
/// The failure recorded when the run returned an error (the error itself is logged).
pub const ERROR: &str = "error";
/// Jobs listed on the page.
pub const RECENT: i64 = 20;

/// The progress of the runs this server is running, by job id: (done, total).
#[derive(Clone, Default)]
pub struct LiveRuns(Arc<Mutex<HashMap<i64, (u64, u64)>>>);

impl LiveRuns {
    fn set(&self, id: i64, done: u64, total: u64) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(id, (done, total));
        }
    }

    fn remove(&self, id: i64) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(&id);
        }
    }

    fn get(&self, id: i64) -> Option<(u64, u64)> {
        self.0.lock().ok().and_then(|map| map.get(&id).copied())
    }

    /// A job as stored, with this server's latest progress when it is running here.
    pub fn overlay(&self, mut job: ScoringJob) -> ScoringJob {
        if job.status == jobs::RUNNING
            && let Some((done, total)) = self.get(job.id)
        {
            job.progress_done = i64::try_from(done).unwrap_or(i64::MAX);
            job.progress_total = i64::try_from(total).unwrap_or(i64::MAX);
        }
        job
    }
}

/// Starts a scoring run with `version` (the latest published when `None`) in the
/// background and returns its job id at once. Refused while another run is in progress.
pub async fn start(
    db: &Db,
    live: &LiveRuns,
    clock: Arc<dyn Clock>,
    caller: &Principal,
    version: Option<i64>,
) -> Result<i64, TargetingError> {
    caller.allows(Permission::ManageWelfareModels, true)?;
    let chosen = recompute::choose(db, version).await?;
    if let Some(id) = jobs::running(db).await? {
        return Err(TargetingError::Busy(id));
    }
    let now = clock.now();
    let id = jobs::start(db, chosen.version, &caller.actor, &caller.name, now)
        .await?
        .ok_or(TargetingError::Busy(0))?;
    live.set(id, 0, 0);
    let (db, live, actor) = (db.clone(), live.clone(), caller.actor.clone());
    tokio::spawn(async move {
        let done = Arc::new(AtomicU64::new(0));
        let total = Arc::new(AtomicU64::new(0));
        let (seen_done, seen_total) = (done.clone(), total.clone());
        let shown = live.clone();
        let progress: Progress = Arc::new(move |d, t| {
            seen_done.store(d, Ordering::Relaxed);
            seen_total.store(t, Ordering::Relaxed);
            shown.set(id, d, t);
        });
        let ticker = tick(db.clone(), clock.clone(), id, done, total);
        let run = recompute::run(&db, &chosen, Trigger::Web, &actor, now, Some(progress)).await;
        ticker.abort();
        let ended = match run {
            Ok(report) => {
                let per_decile = report.digest.per_decile;
                jobs::finish(&db, id, report.run_id, &per_decile, clock.now()).await
            }
            Err(err) => {
                tracing::error!(job = id, error = %err, "scoring run failed");
                jobs::fail(&db, id, ERROR, clock.now()).await
            }
        };
        if let Err(err) = ended {
            tracing::error!(job = id, error = %err, "scoring job could not record its end");
        }
        live.remove(id);
    });
    Ok(id)
}

/// Writes the job's progress and heartbeat every tick until aborted (PostgreSQL only, see
/// the module comment). A lost write is retried at the next tick.
fn tick(
    db: Db,
    clock: Arc<dyn Clock>,
    id: i64,
    done: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        if db.engine == Engine::Sqlite {
            return;
        }
        let mut every = tokio::time::interval(TICK);
        loop {
            every.tick().await;
            let (d, t) = (done.load(Ordering::Relaxed), total.load(Ordering::Relaxed));
            if let Err(err) = jobs::progress(&db, id, d, t, clock.now()).await {
                tracing::warn!(job = id, error = %err, "scoring progress not recorded");
            }
        }
    })
}

/// Start-up recovery: runs cut off by a stop are marked failed. On PostgreSQL only those
/// without a heartbeat for `STALE_AFTER` (other servers may share the database); on SQLite
/// every one (see the module comment).
pub async fn recover(db: &Db, now: time::OffsetDateTime) -> Result<u64, StoreError> {
    let stale_before = match db.engine {
        Engine::Sqlite => None,
        Engine::Postgres => Some(now - STALE_AFTER),
    };
    let cut_off = jobs::abandon(db, stale_before, now).await?;
    if cut_off > 0 {
        tracing::warn!(
            cut_off,
            "scoring runs cut off by the last stop were marked failed"
        );
    }
    Ok(cut_off)
}

/// One job, with live progress.
pub async fn find(
    db: &Db,
    live: &LiveRuns,
    caller: &Principal,
    id: i64,
) -> Result<ScoringJob, TargetingError> {
    caller.allows(Permission::ManageWelfareModels, false)?;
    let job = jobs::find(db, id).await?.ok_or(TargetingError::NotFound)?;
    Ok(live.overlay(job))
}

/// The latest jobs, with live progress.
pub async fn recent(
    db: &Db,
    live: &LiveRuns,
    caller: &Principal,
) -> Result<Vec<ScoringJob>, TargetingError> {
    caller.allows(Permission::ManageWelfareModels, false)?;
    let list = jobs::recent(db, RECENT).await?;
    Ok(list.into_iter().map(|j| live.overlay(j)).collect())
}
