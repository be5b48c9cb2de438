//! `tepat log export`: writes the published log as plain files in the tlog-tiles layout
//! (`checkpoint`, `tile/<L>/<N>[.p/<W>]`, `tile/entries/<N>[.p/<W>]`), ready for any static
//! web server or for `tepat verify --dir`.

use std::path::Path;

use tlog::{Tile, encode_entry_bundle, entry_bundles_for_size, hash_tiles_for_size};

use super::store;
use crate::db::{Db, ResultExt};

/// Tiles read per query while exporting.
const TILES_PER_QUERY: usize = 64;

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub size: u64,
    pub hash_tiles: usize,
    pub entry_bundles: usize,
}

/// Exports the log as it stands at its latest checkpoint into `dir`.
pub async fn export(db: &Db, dir: &Path) -> anyhow::Result<ExportSummary> {
    let mut conn = db.pool.acquire().await.store()?;
    let Some((size, note)) = store::latest_checkpoint(&mut conn).await? else {
        anyhow::bail!("the log has no checkpoint yet");
    };
    let hash_tiles: Vec<Tile> = hash_tiles_for_size(size).collect();
    for batch in hash_tiles.chunks(TILES_PER_QUERY) {
        let stored = store::read_tiles(&mut conn, batch).await?;
        for tile in batch {
            let Some(bytes) = stored.get(tile).and_then(|d| d.get(..tile.hash_bytes())) else {
                anyhow::bail!("tile {tile} is missing from the database");
            };
            write(dir, &tile.path(), bytes)?;
        }
    }
    let bundles: Vec<Tile> = entry_bundles_for_size(size).collect();
    for tile in &bundles {
        let start = tile.first_position();
        let rows = store::entries(&mut conn, start, start + u64::from(tile.width())).await?;
        if rows.len() != usize::from(tile.width()) {
            anyhow::bail!("entries of bundle {tile} are missing from the database");
        }
        let entries: Vec<Vec<u8>> = rows.into_iter().map(|(_, _, entry)| entry).collect();
        write(dir, &tile.path(), &encode_entry_bundle(&entries)?)?;
    }
    // The checkpoint goes last, so a reader of a half-written export never sees a
    // checkpoint whose tiles are not there yet.
    write(dir, "checkpoint", note.as_bytes())?;
    Ok(ExportSummary {
        size,
        hash_tiles: hash_tiles.len(),
        entry_bundles: bundles.len(),
    })
}

fn write(dir: &Path, relative: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let path = dir.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|err| anyhow::anyhow!("cannot create {}: {err}", parent.display()))?;
    }
    std::fs::write(&path, bytes)
        .map_err(|err| anyhow::anyhow!("cannot write {}: {err}", path.display()))
}
