//! The sequencer: a task started with the server that appends queued events to the log in
//! batches, once a second (at once again while batches come out full). Under load it does
//! not wait the whole second: it looks at the queue five times a second and sequences as
//! soon as [`BUSY_ENTRIES`] wait, so that no batch holds the database's write lock long
//! enough to stall the requests behind it, while a quiet log still signs at most one
//! checkpoint a second.
//!
//! Each batch is one transaction: lock the log head, read the queue, store the entries and
//! the grown hash tiles, write each entry's index onto its event, take the events off the
//! queue, and store a newly signed checkpoint. A crash anywhere before the commit leaves
//! everything as before (the events stay queued); after it, everything is done. An event
//! gets at most one index: the queue row goes in the same commit as the entry, and
//! `log_entries.event_id` is unique besides.

use std::sync::Arc;
use std::time::Duration;

use time::OffsetDateTime;
use tlog::{Checkpoint, HashPlan, MemoryTiles, TileHashReader, append_to_tiles, leaf_hash};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::entry::LogEntry;
use super::keys::Log;
use super::store;
use crate::clock::Clock;
use crate::db::{Db, ResultExt, StoreError};

/// How often queued events are sequenced unless configured: the longest an event waits for
/// its index.
pub const SEQUENCE_INTERVAL: Duration = Duration::from_secs(1);
/// Events waiting that make the sequencer go before its interval is up.
pub const BUSY_ENTRIES: i64 = 256;
/// Looks at the queue per interval.
const LOOKS_PER_INTERVAL: u32 = 5;

/// Most entries in one batch: bounds the transaction's size and the memory it takes, while
/// a batch still carries a second's worth at full load. An entry takes about 0.5 KiB, but
/// the batch also reads the snapshots each event wrote (a household's import: its own and
/// its members', about 4 KiB), so 5,000 keep a batch near 50 MiB at its peak; an import
/// writes about 5,000 households a second.
pub const BATCH_ENTRIES_MAX: usize = 5_000;

/// Why a batch could not be sequenced; the queue is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum SequenceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("appending to the tree failed")]
    Tree(#[from] tlog::TreeError),
    #[error("signing the checkpoint failed")]
    Sign(#[from] tlog::CheckpointError),
}

/// Appends up to `limit` queued events to the log in one transaction and signs a checkpoint.
/// Returns how many were appended (0 when the queue was empty; nothing is then written).
pub async fn sequence_batch(
    db: &Db,
    log: &Log,
    now: OffsetDateTime,
    limit: usize,
) -> Result<usize, SequenceError> {
    // Looking before locking keeps an idle log from taking SQLite's write lock each second.
    if !store::has_queued(db).await? {
        return Ok(0);
    }
    let mut tx = db.begin_write().await?;
    let size = store::lock_head(&mut tx).await?;
    let queued = store::queued_events(&mut tx, limit).await?;
    if queued.is_empty() {
        tx.rollback().await.store()?;
        return Ok(0);
    }
    let entries: Vec<(i64, Vec<u8>)> = queued
        .iter()
        .map(|(facts, records)| {
            let entry = LogEntry::of_event(facts, records, log.secret());
            (facts.id, entry.encode())
        })
        .collect();
    let leaves: Vec<_> = entries.iter().map(|(_, entry)| leaf_hash(entry)).collect();
    let edge = TileHashReader::new(MemoryTiles::new(), size)
        .tiles_needed(HashPlan::tree_hash(size)?.indexes())
        .map_err(tlog::TreeError::from)?;
    let edge_tiles = store::read_tiles(&mut tx, &edge).await?;
    let appended = append_to_tiles(&edge_tiles, size, &leaves)?;
    store::insert_entries(&mut tx, size, &entries).await?;
    store::upsert_tiles(&mut tx, &appended.tiles).await?;
    let note = Checkpoint::new(log.origin(), appended.size, appended.root)?.sign(log.signer())?;
    store::insert_checkpoint(&mut tx, appended.size, &note, now).await?;
    tx.commit().await.store()?;
    Ok(entries.len())
}

/// Sequences until the queue is empty (or a batch fails), returning how many were appended.
pub async fn drain(db: &Db, log: &Log, now: OffsetDateTime) -> Result<usize, SequenceError> {
    let mut total = 0;
    loop {
        let appended = sequence_batch(db, log, now, BATCH_ENTRIES_MAX).await?;
        total += appended;
        if appended < BATCH_ENTRIES_MAX {
            return Ok(total);
        }
    }
}

/// Brings the log up to date outside the server, for `tepat audit` on a database the
/// command line alone has written: signs the empty tree's checkpoint when the log has
/// neither checkpoint nor entry (as the server's first start would), then sequences
/// everything queued. Returns how many events were appended.
pub async fn catch_up(db: &Db, log: &Log, now: OffsetDateTime) -> anyhow::Result<usize> {
    if store::is_empty(db).await? {
        store::ensure_checkpoint(db, log, now).await?;
    }
    Ok(drain(db, log, now).await?)
}

/// A running sequencer; `stop` finishes the current batch, sequences what is left, and ends.
pub struct Sequencer {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Sequencer {
    /// Starts sequencing every `interval`.
    pub fn start(db: Db, log: Arc<Log>, clock: Arc<dyn Clock>, interval: Duration) -> Self {
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(run(db, log, (clock, interval), stopped));
        Self { stop, task }
    }

    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(err) = self.task.await {
            tracing::error!(error = %err, "the log sequencer ended abnormally");
        }
    }
}

/// Whether enough events wait to sequence before the interval is up.
async fn busy(db: &Db) -> bool {
    store::queued_up_to(db, BUSY_ENTRIES)
        .await
        .is_ok_and(|n| n >= BUSY_ENTRIES)
}

async fn run(
    db: Db,
    log: Arc<Log>,
    (clock, interval): (Arc<dyn Clock>, Duration),
    mut stopped: watch::Receiver<bool>,
) {
    let look = (interval / LOOKS_PER_INTERVAL).max(Duration::from_millis(10));
    let mut tick = tokio::time::interval(look);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last = std::time::Instant::now();
    loop {
        let stopping = tokio::select! {
            _ = tick.tick() => false,
            _ = stopped.changed() => true,
        };
        if !stopping && last.elapsed() + look / 2 < interval && !busy(&db).await {
            continue;
        }
        last = std::time::Instant::now();
        let started = last;
        match drain(&db, &log, clock.now()).await {
            Ok(0) => {}
            Ok(appended) => tracing::debug!(
                appended,
                elapsed_ms = started.elapsed().as_secs_f64() * 1_000.0,
                "sequenced log entries"
            ),
            // The batch rolled back and its events stay queued; the next tick retries.
            Err(err) => tracing::error!(error = %err, "sequencing the log failed"),
        }
        if stopping {
            return;
        }
    }
}
