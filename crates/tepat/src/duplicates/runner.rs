//! Full runs: read every person not merged in batches, link them with the library (weights
//! estimated by EM, threshold chosen from the data), and open the pairs above the threshold
//! that are not already open or decided, writing progress to the run row as it goes. Runs
//! start on demand (page, API, command line) or on a schedule; one at a time.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use linkage::csv_io::ReadStats;
use linkage::explain::explain;
use linkage::record::{Store, parse_person};
use linkage::{DedupOptions, Linkage, Progress, link_store};
use time::OffsetDateTime;

use super::SOURCE_RUN;
use super::check::fields;
use super::model::{PairExplanation, PersonPair, StoredModel};
use super::store::runs::{self, RunCounts};
use super::store::{self, NewPair, persons};
use crate::clock::Clock;
use crate::db::{Db, StoreError};
use crate::events::Actor;
use crate::region_code::RegionCode;
use crate::registry::store::begin_write;

/// Persons read per query; a few megabytes of rows at a time.
pub const READ_BATCH: u32 = 5_000;
/// Pairs opened per transaction, so a run with many pairs never holds the write lock long.
pub const STORE_BATCH: usize = 200;
/// How often the progress of the library's stages is written to the run row.
const PROGRESS_EVERY: Duration = Duration::from_millis(500);
/// How often a running run says it is alive, whatever stage it is in.
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(30);
/// A running run whose last heartbeat is older than this is taken for cut off (its server
/// stopped): ten missed heartbeats, so a busy database or a long pause of one server does
/// not fail a run that is still alive.
pub const STALE_AFTER: time::Duration = time::Duration::minutes(5);
/// Longest sleep of the schedule between looks at the clock.
const SCHEDULE_LOOK_MAX: Duration = Duration::from_secs(3_600);

/// What started a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Manual,
    Scheduled,
    Command,
    /// After a file import that stored new or changed records, which are not checked one
    /// by one at entry.
    Import,
}

impl Trigger {
    pub fn code(self) -> &'static str {
        match self {
            Trigger::Manual => "manual",
            Trigger::Scheduled => "scheduled",
            Trigger::Command => "command",
            Trigger::Import => "import",
        }
    }
}

/// Receives progress as (stage, done, total), besides the run row; the command line
/// draws its bar with it.
pub type Report = Arc<dyn Fn(&str, u64, u64) + Send + Sync>;

/// Starts a run in the background; `Ok(None)` when another is in progress.
pub async fn start_in_background(
    db: &Db,
    trigger: Trigger,
    actor: &Actor,
    clock: Arc<dyn Clock>,
) -> Result<Option<i64>, StoreError> {
    let Some(id) = runs::start(db, trigger.code(), actor, clock.now()).await? else {
        return Ok(None);
    };
    let (db, actor) = (db.clone(), actor.clone());
    tokio::spawn(async move {
        finish_or_fail(&db, id, &actor, clock, None).await;
    });
    Ok(Some(id))
}

/// Runs `id` to the end and records either its results or its failure.
pub async fn finish_or_fail(
    db: &Db,
    id: i64,
    actor: &Actor,
    clock: Arc<dyn Clock>,
    report: Option<Report>,
) -> Option<RunCounts> {
    let heart = beat(db.clone(), id, clock.clone());
    let outcome = execute(db, id, actor, clock.as_ref(), report).await;
    heart.abort();
    match outcome {
        Ok(counts) => {
            tracing::info!(
                run = id,
                pairs_opened = counts.pairs_opened,
                "duplicate run done"
            );
            Some(counts)
        }
        Err(err) => {
            tracing::error!(run = id, error = %err, "duplicate run failed");
            let message = format!("{err:#}");
            if let Err(err) = runs::fail(db, id, &message, actor, clock.now()).await {
                tracing::error!(run = id, error = %err, "could not record the failed run");
            }
            None
        }
    }
}

/// Writes the run's heartbeat every `HEARTBEAT_EVERY` until aborted.
fn beat(db: Db, id: i64, clock: Arc<dyn Clock>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(HEARTBEAT_EVERY);
        loop {
            tick.tick().await;
            // A lost heartbeat is retried at the next tick; ten in a row must be lost
            // before another server's start-up takes the run for cut off.
            if let Err(err) = runs::heartbeat(&db, id, clock.now()).await {
                tracing::warn!(run = id, error = %err, "heartbeat not recorded");
            }
        }
    })
}

async fn note(db: &Db, id: i64, report: &Option<Report>, stage: &str, done: u64, total: u64) {
    if let Some(report) = report {
        report(stage, done, total);
    }
    // Progress is a courtesy: a lost update must not end the run.
    if let Err(err) = runs::progress(db, id, stage, done, total).await {
        tracing::warn!(run = id, error = %err, "progress not recorded");
    }
}

/// Reads every person not merged into the linkage store, in batches by id.
async fn read_store(db: &Db, id: i64, report: &Option<Report>) -> Result<Store, StoreError> {
    let total = u64::try_from(persons::count_active(db).await?).unwrap_or(0);
    let mut store = Store::with_capacity(usize::try_from(total).unwrap_or(0));
    let mut after = 0;
    loop {
        let batch = persons::batch_after(db, after, READ_BATCH).await?;
        let Some(last) = batch.last() else {
            break;
        };
        after = last.id;
        for person in &batch {
            let key = person.id.to_string();
            store.push(&parse_person(&fields(person, &key)));
        }
        note(
            db,
            id,
            report,
            "reading",
            store.len() as u64,
            total.max(store.len() as u64),
        )
        .await;
    }
    store.count_names();
    Ok(store)
}

/// Runs the library off the async threads, writing its progress every half second.
async fn link(db: &Db, id: i64, store: Store, report: &Option<Report>) -> anyhow::Result<Linkage> {
    let latest: Arc<Mutex<Option<Progress>>> = Arc::new(Mutex::new(None));
    let seen = latest.clone();
    let mut task = tokio::task::spawn_blocking(move || {
        let progress = move |p: Progress| {
            if let Ok(mut slot) = seen.lock() {
                *slot = Some(p);
            }
        };
        link_store(
            store,
            ReadStats::default(),
            &DedupOptions::default(),
            &progress,
        )
    });
    let mut tick = tokio::time::interval(PROGRESS_EVERY);
    loop {
        tokio::select! {
            joined = &mut task => return Ok(joined??),
            _ = tick.tick() => {
                let current = latest.lock().ok().and_then(|slot| *slot);
                if let Some(p) = current {
                    let total = p.total.unwrap_or(p.done);
                    note(db, id, report, &p.stage.to_string(), p.done, total).await;
                }
            }
        }
    }
}

/// The region code of a linkage record's village digits (`3175071003` → `31.75.07.1003`).
fn region_of(village: u64) -> Option<RegionCode> {
    let digits = village.to_string();
    let text = match digits.len() {
        10 => format!(
            "{}.{}.{}.{}",
            &digits[0..2],
            &digits[2..4],
            &digits[4..6],
            &digits[6..]
        ),
        _ => return None,
    };
    RegionCode::parse(&text).ok()
}

/// The pairs of a linkage, each as the review queue stores it.
fn proposed(linkage: &Linkage, run_id: i64) -> Vec<NewPair> {
    let store = &linkage.store;
    linkage
        .links
        .iter()
        .filter_map(|link| {
            let (a, b) = (link.a as usize, link.b as usize);
            let x: i64 = store.id(a).parse().ok()?;
            let y: i64 = store.id(b).parse().ok()?;
            let pair = PersonPair::new(x, y)?;
            let explanation = explain(&linkage.scorer, store, a, b, link.pattern);
            let first = if pair.a == x { a } else { b };
            Some(NewPair {
                pair,
                probability: f64::from(link.probability),
                explanation: PairExplanation::from(&explanation),
                source: SOURCE_RUN,
                run_id: Some(run_id),
                region: region_of(store.records[first].village),
            })
        })
        .collect()
}

/// One run from start to end.
async fn execute(
    db: &Db,
    id: i64,
    actor: &Actor,
    clock: &dyn Clock,
    report: Option<Report>,
) -> anyhow::Result<RunCounts> {
    let store = read_store(db, id, &report).await?;
    let persons = store.len() as i64;
    let linkage = link(db, id, store, &report).await?;
    let pairs = proposed(&linkage, id);
    let total = pairs.len() as u64;
    let mut opened = 0;
    note(db, id, &report, "storing", 0, total).await;
    for (done, chunk) in pairs.chunks(STORE_BATCH).enumerate() {
        let mut tx = begin_write(db).await?;
        for pair in chunk {
            if store::open(&mut tx, pair, actor, clock.now())
                .await?
                .is_some()
            {
                opened += 1;
            }
        }
        tx.commit().await.map_err(StoreError::from_sqlx)?;
        let stored = ((done + 1) * STORE_BATCH).min(pairs.len()) as u64;
        note(db, id, &report, "storing", stored, total).await;
    }
    let fitted = &linkage.report;
    let model = StoredModel::new(&fitted.model, fitted.threshold, persons.max(0) as u64);
    let counts = RunCounts {
        persons,
        candidate_pairs: fitted.candidate_pairs as i64,
        linked_pairs: fitted.linked_pairs as i64,
        pairs_opened: opened,
        threshold: fitted.threshold,
        model: serde_json::to_string(&model)?,
    };
    runs::finish(db, id, &counts, actor, clock.now()).await?;
    Ok(counts)
}

/// When the next scheduled run is due: `every` after the latest run started, or `every`
/// after `now` before the first run.
pub fn next_due(
    last_started: Option<OffsetDateTime>,
    every: time::Duration,
    now: OffsetDateTime,
) -> OffsetDateTime {
    last_started.map_or(now + every, |last| last + every)
}

/// Starts a run every `hours` hours (never when 0), in the background of `serve`. A run
/// already in progress (started by hand) simply delays the schedule to the next look.
pub fn schedule(db: Db, clock: Arc<dyn Clock>, hours: u32) -> Option<tokio::task::JoinHandle<()>> {
    if hours == 0 {
        return None;
    }
    let every = time::Duration::hours(i64::from(hours));
    let first_look = clock.now();
    Some(tokio::spawn(async move {
        loop {
            let last = match runs::last_started(&db).await {
                Ok(last) => last.and_then(|t| crate::db::timestamp::from_db(&t)),
                Err(err) => {
                    tracing::warn!(error = %err, "duplicate schedule cannot read the last run");
                    Some(first_look)
                }
            };
            let now = clock.now();
            let due = next_due(last.or(Some(first_look)), every, now);
            if due > now {
                let wait = (due - now).unsigned_abs().min(SCHEDULE_LOOK_MAX);
                tokio::time::sleep(wait).await;
                continue;
            }
            let actor = Actor::system();
            match runs::start(&db, Trigger::Scheduled.code(), &actor, now).await {
                Ok(Some(id)) => {
                    finish_or_fail(&db, id, &actor, clock.clone(), None).await;
                }
                Ok(None) => tokio::time::sleep(SCHEDULE_LOOK_MAX.min(every.unsigned_abs())).await,
                Err(err) => {
                    tracing::warn!(error = %err, "scheduled duplicate run not started");
                    tokio::time::sleep(SCHEDULE_LOOK_MAX).await;
                }
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_schedule_counts_from_the_latest_run() {
        let now = datetime!(2026-11-30 12:00 UTC);
        let day = time::Duration::hours(24);
        assert_eq!(next_due(None, day, now), datetime!(2026-12-01 12:00 UTC));
        let last = datetime!(2026-11-29 06:00 UTC);
        assert_eq!(
            next_due(Some(last), day, now),
            datetime!(2026-11-30 06:00 UTC)
        );
    }

    #[test]
    fn village_digits_become_a_region_code() {
        assert_eq!(
            region_of(3_175_071_003).map(|r| r.as_str().to_owned()),
            Some("31.75.07.1003".to_owned())
        );
        assert_eq!(region_of(0), None);
    }
}
