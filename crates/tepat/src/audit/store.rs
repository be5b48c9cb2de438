//! SQL for the transparency log: the queue, entries, hash tiles and checkpoints.

use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;
use tlog::{Checkpoint, MemoryTiles, Tile, TileKind};

use super::entry::EventFacts;
use super::keys::Log;
use super::record::WrittenRecord;
use crate::db::bulk::insert_rows;
use crate::db::{Db, Engine, ResultExt, StoreError, Tx, timestamp};

/// Values of one `log_entries` row.
const ENTRY_VALUES: usize = 3;

/// The latest signed checkpoint as (tree size, note).
pub async fn latest_checkpoint(
    conn: &mut AnyConnection,
) -> Result<Option<(u64, String)>, StoreError> {
    let row = sqlx::query("SELECT size, note FROM log_checkpoints ORDER BY size DESC LIMIT 1")
        .fetch_optional(conn)
        .await
        .store()?;
    row.map(|row| Ok((to_u64(row.try_get(0).store()?), row.try_get(1).store()?)))
        .transpose()
}

/// The checkpoint signed at `size`, if any.
pub async fn checkpoint_at(
    conn: &mut AnyConnection,
    size: u64,
) -> Result<Option<String>, StoreError> {
    let row = sqlx::query("SELECT note FROM log_checkpoints WHERE size = $1")
        .bind(to_i64(size))
        .fetch_optional(conn)
        .await
        .store()?;
    row.map(|row| row.try_get(0).store()).transpose()
}

/// Checkpoints with sizes in `from..=to`, in order.
pub async fn checkpoints_between(
    conn: &mut AnyConnection,
    from: u64,
    to: u64,
) -> Result<Vec<(u64, String)>, StoreError> {
    let rows = sqlx::query(
        "SELECT size, note FROM log_checkpoints WHERE size >= $1 AND size <= $2 ORDER BY size",
    )
    .bind(to_i64(from))
    .bind(to_i64(to))
    .fetch_all(conn)
    .await
    .store()?;
    rows.iter()
        .map(|row| Ok((to_u64(row.try_get(0).store()?), row.try_get(1).store()?)))
        .collect()
}

/// Replaces a checkpoint's note (to add a cosignature).
pub async fn set_checkpoint_note(tx: &mut Tx, size: u64, note: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE log_checkpoints SET note = $1 WHERE size = $2")
        .bind(note)
        .bind(to_i64(size))
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(())
}

/// Signs and stores the empty tree's checkpoint when the log has none yet, so that a
/// checkpoint is always served.
pub async fn ensure_checkpoint(db: &Db, log: &Log, now: OffsetDateTime) -> anyhow::Result<()> {
    let mut tx = db.begin_write().await?;
    lock_head(&mut tx).await?;
    if latest_checkpoint(&mut tx).await?.is_none() {
        let note = Checkpoint::new(log.origin(), 0, tlog::empty_root())?.sign(log.signer())?;
        insert_checkpoint(&mut tx, 0, &note, now).await?;
    }
    tx.commit().await.store()?;
    Ok(())
}

/// Takes the log's write lock and returns the tree size. Every sequencing and cosigning
/// transaction starts here: an UPDATE locks the head row in PostgreSQL and takes the write
/// lock in SQLite, so no two of them interleave.
pub async fn lock_head(tx: &mut Tx) -> Result<u64, StoreError> {
    sqlx::query("UPDATE log_head SET size = size WHERE id = 1")
        .execute(&mut **tx)
        .await
        .store()?;
    let row = sqlx::query("SELECT size FROM log_head WHERE id = 1")
        .fetch_one(&mut **tx)
        .await
        .store()?;
    Ok(to_u64(row.try_get(0).store()?))
}

pub async fn insert_checkpoint(
    tx: &mut Tx,
    size: u64,
    note: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO log_checkpoints (size, note, created_at) VALUES ($1, $2, $3)")
        .bind(to_i64(size))
        .bind(note)
        .bind(timestamp::to_db(now))
        .execute(&mut **tx)
        .await
        .store()?;
    sqlx::query("UPDATE log_head SET size = $1 WHERE id = 1")
        .bind(to_i64(size))
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(())
}

/// Whether the log has neither a checkpoint nor an entry: nothing was ever sequenced.
pub async fn is_empty(db: &Db) -> Result<bool, StoreError> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM log_checkpoints LIMIT 1) c) + \
         (SELECT COUNT(*) FROM (SELECT 1 FROM log_entries LIMIT 1) e)",
    )
    .fetch_one(&db.pool)
    .await
    .store()?;
    Ok(row.try_get::<i64, _>(0).store()? == 0)
}

/// Whether any event waits in the queue.
/// How many events wait for the log, counted up to `cap`.
pub async fn queued_up_to(db: &Db, cap: i64) -> Result<i64, StoreError> {
    let row = sqlx::query("SELECT COUNT(*) FROM (SELECT 1 FROM log_queue LIMIT $1) q")
        .bind(cap)
        .fetch_one(&db.pool)
        .await
        .store()?;
    row.try_get::<i64, _>(0).store()
}

pub async fn has_queued(db: &Db) -> Result<bool, StoreError> {
    let row = sqlx::query("SELECT COUNT(*) FROM (SELECT 1 FROM log_queue LIMIT 1) q")
        .fetch_one(&db.pool)
        .await
        .store()?;
    Ok(row.try_get::<i64, _>(0).store()? > 0)
}

/// Queued events not yet in the log, oldest first, with the facts their entries need and
/// the versions each wrote.
///
/// The batch comes back as one row holding a JSON array (one `[facts, versions]` pair per
/// event): the driver hands result rows over from its database thread one at a time, which
/// cost about 10 µs per row, half of a batch's time, while building and parsing the JSON
/// costs a fraction of that. `changes` travels as a JSON string, so its text stays exactly
/// as stored. An event's versions are nested as a JSON array (`null` or `[]` when it wrote
/// none), each with the digest stored beside its snapshot rather than the snapshot.
pub async fn queued_events(
    tx: &mut Tx,
    limit: usize,
) -> Result<Vec<(EventFacts, Vec<WrittenRecord>)>, StoreError> {
    // SQLite hands the subquery's array on as text, which `json()` marks as JSON again;
    // PostgreSQL keeps its `json` type.
    let (aggregate, array, nested) = match Engine::of(tx) {
        Engine::Sqlite => ("json_group_array", "json_array", "json(versions)"),
        Engine::Postgres => ("json_agg", "json_build_array", "versions"),
    };
    let sql = format!(
        "SELECT CAST({aggregate}({array}({array}(id, occurred_at, actor_kind, actor_id, \
         actor_role, action, subject_type, subject_id, region_code, changes), {nested}) \
         ORDER BY queued) AS TEXT) \
         FROM (SELECT q.id AS queued, e.id, e.occurred_at, e.actor_kind, e.actor_id, \
         e.actor_role, e.action, e.subject_type, e.subject_id, e.region_code, e.changes, \
         (SELECT {aggregate}({array}(v.subject_type, v.subject_id, v.version, \
         v.snapshot_sha256, CASE WHEN v.snapshot_sha256 IS NULL THEN v.snapshot END)) \
         FROM record_versions v WHERE v.event_id = e.id) AS versions \
         FROM log_queue q JOIN events e ON e.id = q.event_id \
         WHERE NOT EXISTS (SELECT 1 FROM log_entries l WHERE l.event_id = q.event_id) \
         ORDER BY q.id LIMIT $1) batch"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_one(&mut **tx)
        .await
        .store()?;
    let Some(json) = row.try_get::<Option<String>, _>(0).store()? else {
        return Ok(Vec::new());
    };
    let batch: Vec<(EventFacts, Option<Vec<QueuedVersion>>)> =
        serde_json::from_str(&json).map_err(decode)?;
    Ok(batch
        .into_iter()
        .map(|(facts, versions)| {
            let written = versions.unwrap_or_default().into_iter().map(written);
            (facts, written.collect())
        })
        .collect())
}

/// A version as the batch reads it: type, id, version, the digest stored with its
/// snapshot, and the snapshot itself only where no digest was stored.
type QueuedVersion = (String, i64, i64, Option<String>, Option<String>);

fn written((subject_type, id, version, digest, snapshot): QueuedVersion) -> WrittenRecord {
    match digest {
        Some(digest) => WrittenRecord {
            subject_type,
            subject_id: id,
            version,
            snapshot_sha256: digest,
        },
        None => WrittenRecord::new(&subject_type, id, version, &snapshot.unwrap_or_default()),
    }
}

fn decode(err: serde_json::Error) -> StoreError {
    StoreError::Other(sqlx::Error::Decode(err.into()))
}

/// Reads an event row's facts; the audit reads rows the same way the sequencer does.
pub fn facts_from_row(row: &sqlx::any::AnyRow) -> Result<EventFacts, StoreError> {
    Ok(EventFacts {
        id: row.try_get("id").store()?,
        occurred_at: row.try_get("occurred_at").store()?,
        actor_kind: row.try_get("actor_kind").store()?,
        actor_id: row.try_get("actor_id").store()?,
        actor_role: row.try_get("actor_role").store()?,
        action: row.try_get("action").store()?,
        subject_type: row.try_get("subject_type").store()?,
        subject_id: row.try_get("subject_id").store()?,
        region_code: row.try_get("region_code").store()?,
        changes: row.try_get("changes").store()?,
    })
}

/// Stores entries at consecutive indexes from `first`, writes each index onto its event
/// and takes the events off the queue.
pub async fn insert_entries(
    tx: &mut Tx,
    first: u64,
    entries: &[(i64, Vec<u8>)],
) -> Result<(), StoreError> {
    let numbered: Vec<(u64, &(i64, Vec<u8>))> = (first..).zip(entries).collect();
    insert_rows(
        tx,
        "log_entries (idx, event_id, entry)",
        ENTRY_VALUES,
        &numbered,
        false,
        |query, (idx, (event_id, entry))| {
            query.bind(to_i64(*idx)).bind(*event_id).bind(entry.clone())
        },
    )
    .await?;
    sqlx::query(
        "UPDATE events SET log_index = \
         (SELECT l.idx FROM log_entries l WHERE l.event_id = events.id) \
         WHERE id IN (SELECT event_id FROM log_entries WHERE idx >= $1)",
    )
    .bind(to_i64(first))
    .execute(&mut **tx)
    .await
    .store()?;
    sqlx::query(
        "DELETE FROM log_queue WHERE event_id IN \
         (SELECT event_id FROM log_entries WHERE idx >= $1)",
    )
    .bind(to_i64(first))
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(())
}

/// Stores hash tiles at their new widths.
pub async fn upsert_tiles(tx: &mut Tx, tiles: &[(Tile, Vec<u8>)]) -> Result<(), StoreError> {
    for (tile, data) in tiles {
        let TileKind::Hashes { level } = tile.kind() else {
            continue;
        };
        sqlx::query(
            "INSERT INTO log_tiles (level, idx, width, data) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (level, idx) DO UPDATE SET width = excluded.width, data = excluded.data",
        )
        .bind(i64::from(level))
        .bind(to_i64(tile.index()))
        .bind(i64::from(tile.width()))
        .bind(data.clone())
        .execute(&mut **tx)
        .await
        .store()?;
    }
    Ok(())
}

/// The stored bytes of hash tiles, keyed by the tiles asked for. A stored tile may be wider
/// than the one asked for: tiles only grow, and readers take the prefix they need.
pub async fn read_tiles(
    conn: &mut AnyConnection,
    tiles: &[Tile],
) -> Result<MemoryTiles, StoreError> {
    let mut found = MemoryTiles::new();
    let keys: Vec<(i64, i64, Tile)> = tiles
        .iter()
        .filter_map(|tile| match tile.kind() {
            TileKind::Hashes { level } => Some((i64::from(level), to_i64(tile.index()), *tile)),
            TileKind::Entries => None,
        })
        .collect();
    if keys.is_empty() {
        return Ok(found);
    }
    let conditions: Vec<String> = (0..keys.len())
        .map(|i| format!("(level = ${} AND idx = ${})", 2 * i + 1, 2 * i + 2))
        .collect();
    let sql = format!(
        "SELECT level, idx, data FROM log_tiles WHERE {}",
        conditions.join(" OR ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (level, index, _) in &keys {
        query = query.bind(*level).bind(*index);
    }
    for row in query.fetch_all(conn).await.store()? {
        let (level, index): (i64, i64) = (row.try_get(0).store()?, row.try_get(1).store()?);
        let data: Vec<u8> = row.try_get(2).store()?;
        for (_, _, tile) in keys.iter().filter(|k| k.0 == level && k.1 == index) {
            found.insert(*tile, data.clone());
        }
    }
    Ok(found)
}

/// Entries with indexes in `start..end`, in order, as (index, event id, entry).
pub async fn entries(
    conn: &mut AnyConnection,
    start: u64,
    end: u64,
) -> Result<Vec<(u64, i64, Vec<u8>)>, StoreError> {
    let rows = sqlx::query(
        "SELECT idx, event_id, entry FROM log_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx",
    )
    .bind(to_i64(start))
    .bind(to_i64(end))
    .fetch_all(conn)
    .await
    .store()?;
    rows.iter()
        .map(|row| {
            Ok((
                to_u64(row.try_get(0).store()?),
                row.try_get(1).store()?,
                row.try_get(2).store()?,
            ))
        })
        .collect()
}

/// Indexes beyond `i64::MAX` cannot occur (trees hold at most 2^62 entries).
pub fn to_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// Stored sizes and indexes are never negative; a negative one would be a corrupt row.
pub fn to_u64(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}
