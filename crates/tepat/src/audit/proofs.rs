//! Inclusion and consistency proofs and tiles, read from the stored hash tiles: each proof
//! reads the few tiles it needs in one query.

use tlog::{Hash, HashPlan, Tile, TileHashReader, TileKind};

use super::store;
use crate::db::{Db, ResultExt, StoreError};

/// A proof or tile request the log cannot answer, naming the parameter at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("index {index} is not in a tree of size {size}")]
    IndexBeyond { index: u64, size: u64 },
    #[error("size {size} is beyond the log's size {tree}")]
    SizeBeyond { size: u64, tree: u64 },
    #[error("from must be at least 1: the empty tree is consistent with every tree")]
    FromZero,
    #[error("from ({from}) must not exceed to ({to})")]
    FromAfterTo { from: u64, to: u64 },
    #[error("to ({to}) is beyond the log's size {tree}")]
    ToBeyond { to: u64, tree: u64 },
    #[error("{0}")]
    BadTilePath(#[source] tlog::TileError),
    #[error("{0}")]
    TileBeyond(#[source] tlog::TileError),
}

impl RequestError {
    /// The request parameter the error is about.
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::IndexBeyond { .. } => "index",
            Self::SizeBeyond { .. } => "size",
            Self::FromZero | Self::FromAfterTo { .. } => "from",
            Self::ToBeyond { .. } => "to",
            Self::BadTilePath(_) | Self::TileBeyond(_) => "path",
        }
    }
}

/// Why a proof could not be read from storage.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Request(#[from] RequestError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("stored tiles do not answer the proof")]
    Tree(#[from] tlog::TreeError),
}

/// The size of the latest signed checkpoint: the tree that is published.
pub async fn published_size(db: &Db) -> Result<u64, StoreError> {
    let mut conn = db.pool.acquire().await.store()?;
    Ok(store::latest_checkpoint(&mut conn)
        .await?
        .map_or(0, |(size, _)| size))
}

/// The inclusion proof of entry `index` in the tree of `size` entries.
pub async fn inclusion(db: &Db, index: u64, size: u64) -> Result<Vec<Hash>, ReadError> {
    let tree = published_size(db).await?;
    if size > tree {
        return Err(RequestError::SizeBeyond { size, tree }.into());
    }
    if index >= size {
        return Err(RequestError::IndexBeyond { index, size }.into());
    }
    execute(db, &HashPlan::inclusion(index, size)?, size).await
}

/// The consistency proof from the tree of `from` entries to the tree of `to` entries.
pub async fn consistency(db: &Db, from: u64, to: u64) -> Result<Vec<Hash>, ReadError> {
    let tree = published_size(db).await?;
    if from == 0 {
        return Err(RequestError::FromZero.into());
    }
    if to > tree {
        return Err(RequestError::ToBeyond { to, tree }.into());
    }
    if from > to {
        return Err(RequestError::FromAfterTo { from, to }.into());
    }
    execute(db, &HashPlan::consistency(from, to)?, to).await
}

async fn execute(db: &Db, plan: &HashPlan, size: u64) -> Result<Vec<Hash>, ReadError> {
    let needed = TileHashReader::new(tlog::MemoryTiles::new(), size)
        .tiles_needed(plan.indexes())
        .map_err(tlog::TreeError::from)?;
    let mut conn = db.pool.acquire().await.store()?;
    let tiles = store::read_tiles(&mut conn, &needed).await?;
    Ok(plan.execute(&TileHashReader::new(&tiles, size))?)
}

/// A tile or entry bundle as served: its bytes, or `None` when storage lacks it.
pub async fn tile(db: &Db, path: &str) -> Result<Option<(Tile, Vec<u8>)>, ReadError> {
    let tile = Tile::parse_path(path).map_err(RequestError::BadTilePath)?;
    let size = published_size(db).await?;
    tile.check_in_tree(size).map_err(RequestError::TileBeyond)?;
    let mut conn = db.pool.acquire().await.store()?;
    let bytes = match tile.kind() {
        TileKind::Hashes { .. } => {
            let stored = store::read_tiles(&mut conn, &[tile]).await?;
            stored
                .get(&tile)
                .and_then(|data| data.get(..tile.hash_bytes()))
                .map(<[u8]>::to_vec)
        }
        TileKind::Entries => {
            let start = tile.first_position();
            let rows = store::entries(&mut conn, start, start + u64::from(tile.width())).await?;
            let entries: Vec<Vec<u8>> = rows.into_iter().map(|(_, _, entry)| entry).collect();
            (entries.len() == usize::from(tile.width()))
                .then(|| tlog::encode_entry_bundle(&entries).ok())
                .flatten()
        }
    };
    Ok(bytes.map(|bytes| (tile, bytes)))
}
