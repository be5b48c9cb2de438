//! Rebuilding a log from its entry bundles and checking its tiles and tree head: what an
//! independent verifier does with a downloaded copy of a tiled log.

use crate::bundle::{BundleError, parse_entry_bundle};
use crate::hash::{HASH_SIZE, Hash, leaf_hash};
use crate::index::MAX_TREE_SIZE;
use crate::reader::ReadError;
use crate::tile::{
    TILE_HEIGHT, TILE_WIDTH, Tile, TileKind, entry_bundles_for_size, hash_tiles_for_size,
};
use crate::tile_store::TileReader;
use crate::tree::Frontier;

/// Bundles (or tiles) requested from the reader at once: enough to keep a remote store busy,
/// few enough (≤ 16 × 16 MiB worst case) to bound memory.
const TILES_PER_READ: usize = 16;

/// Why a downloaded log failed verification.
#[derive(Debug, thiserror::Error)]
pub enum RebuildError {
    #[error("tree size {0} exceeds the limit of {MAX_TREE_SIZE}")]
    TooLarge(u64),
    #[error("reading tiles failed")]
    Read(#[from] ReadError),
    #[error("entry bundle {tile} is malformed")]
    Bundle { tile: String, source: BundleError },
    #[error("reader returned {got} tiles for {wanted}")]
    WrongTileCount { wanted: usize, got: usize },
    #[error("tile {0} does not match the entries")]
    TileMismatch(String),
    #[error("entries do not lead to the checkpoint's root hash")]
    RootMismatch,
}

/// Recomputes a tree, and the hash tiles a server should serve for it, from its leaves.
#[derive(Debug, Clone)]
pub struct TreeRebuilder {
    frontier: Frontier,
    /// Bytes of the tile being filled at each tile level.
    pending: Vec<Vec<u8>>,
    /// Full tiles completed and not yet taken.
    finished: Vec<(Tile, Vec<u8>)>,
}

impl Default for TreeRebuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl TreeRebuilder {
    /// An empty tree.
    pub fn new() -> Self {
        TreeRebuilder {
            frontier: Frontier::empty(),
            pending: Vec::new(),
            finished: Vec::new(),
        }
    }

    /// Number of leaves so far.
    pub fn size(&self) -> u64 {
        self.frontier.size()
    }

    /// The tree head so far.
    pub fn root(&self) -> Hash {
        self.frontier.root()
    }

    /// Adds a log entry.
    pub fn push_entry(&mut self, entry: &[u8]) {
        self.push_leaf_hash(leaf_hash(entry));
    }

    /// Adds a leaf hash.
    pub fn push_leaf_hash(&mut self, leaf: Hash) {
        let count = self.frontier.size() + 1;
        let (pending, finished) = (&mut self.pending, &mut self.finished);
        self.frontier.push(leaf, |level, hash| {
            if u32::from(level) % TILE_HEIGHT != 0 {
                return;
            }
            let tile_level = level / TILE_HEIGHT as u8;
            let slot = usize::from(tile_level);
            if pending.len() <= slot {
                pending.resize_with(slot + 1, Vec::new);
            }
            pending[slot].extend_from_slice(&hash.0);
            if pending[slot].len() == usize::from(TILE_WIDTH) * HASH_SIZE {
                let position = (count >> level) - 1;
                let index = position / u64::from(TILE_WIDTH);
                let kind = TileKind::Hashes { level: tile_level };
                if let Ok(tile) = Tile::new(kind, index, TILE_WIDTH) {
                    finished.push((tile, std::mem::take(&mut pending[slot])));
                }
            }
        });
    }

    /// Full hash tiles completed since the last call, with their bytes.
    pub fn take_full_tiles(&mut self) -> Vec<(Tile, Vec<u8>)> {
        std::mem::take(&mut self.finished)
    }

    /// The partial hash tiles of the tree as it stands, with their bytes.
    pub fn partial_tiles(&self) -> Vec<(Tile, Vec<u8>)> {
        hash_tiles_for_size(self.size())
            .filter(|tile| !tile.is_full())
            .filter_map(|tile| {
                let TileKind::Hashes { level } = tile.kind() else {
                    return None;
                };
                let bytes = self.pending.get(usize::from(level))?;
                Some((tile, bytes.clone()))
            })
            .collect()
    }
}

/// Downloads (through `tiles`) every entry bundle and hash tile of the tree of `size` leaves,
/// recomputes the tree, and checks every tile byte for byte and the tree head against `root`
/// (taken from a verified checkpoint). `on_entry` sees each entry with its index, so the
/// caller can check entries' contents in the same pass.
pub fn verify_tiled_log<T: TileReader + ?Sized>(
    tiles: &T,
    size: u64,
    root: &Hash,
    mut on_entry: impl FnMut(u64, &[u8]),
) -> Result<(), RebuildError> {
    if size > MAX_TREE_SIZE {
        return Err(RebuildError::TooLarge(size));
    }
    let mut rebuilder = TreeRebuilder::new();
    let bundles: Vec<Tile> = entry_bundles_for_size(size).collect();
    for batch in bundles.chunks(TILES_PER_READ) {
        let data = read_all(tiles, batch)?;
        for (tile, bytes) in batch.iter().zip(&data) {
            let entries =
                parse_entry_bundle(bytes, tile.width()).map_err(|source| RebuildError::Bundle {
                    tile: tile.path(),
                    source,
                })?;
            for entry in entries {
                on_entry(rebuilder.size(), entry);
                rebuilder.push_entry(entry);
            }
        }
        compare_tiles(tiles, &rebuilder.take_full_tiles())?;
    }
    compare_tiles(tiles, &rebuilder.partial_tiles())?;
    if rebuilder.root() != *root {
        return Err(RebuildError::RootMismatch);
    }
    Ok(())
}

fn read_all<T: TileReader + ?Sized>(
    tiles: &T,
    wanted: &[Tile],
) -> Result<Vec<Vec<u8>>, RebuildError> {
    let data = tiles.read_tiles(wanted)?;
    if data.len() != wanted.len() {
        return Err(RebuildError::WrongTileCount {
            wanted: wanted.len(),
            got: data.len(),
        });
    }
    Ok(data)
}

/// Checks that the served tiles hold exactly the recomputed bytes.
fn compare_tiles<T: TileReader + ?Sized>(
    tiles: &T,
    expected: &[(Tile, Vec<u8>)],
) -> Result<(), RebuildError> {
    for batch in expected.chunks(TILES_PER_READ) {
        let wanted: Vec<Tile> = batch.iter().map(|(tile, _)| *tile).collect();
        let served = read_all(tiles, &wanted)?;
        for ((tile, bytes), served) in batch.iter().zip(&served) {
            if bytes != served {
                return Err(RebuildError::TileMismatch(tile.path()));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::bundle::encode_entry_bundle;
    use crate::tile::changed_entry_bundles;
    use crate::tile_store::{MemoryTiles, append_to_tiles};

    fn entry(i: u64) -> Vec<u8> {
        format!("record {i}").into_bytes()
    }

    /// A served log of `size` entries, appended in batches, with the root at the end.
    fn served_log(size: u64, batch: u64) -> (MemoryTiles, Hash) {
        let (mut tiles, mut done, mut root) = (MemoryTiles::new(), 0, crate::empty_root());
        while done < size {
            let next = (done + batch).min(size);
            let leaves: Vec<Hash> = (done..next).map(|i| leaf_hash(&entry(i))).collect();
            let appended = append_to_tiles(&tiles, done, &leaves).unwrap();
            for (tile, data) in appended.tiles {
                tiles.insert(tile, data);
            }
            for bundle in changed_entry_bundles(done, next) {
                let first = bundle.first_position();
                let entries: Vec<Vec<u8>> = (first..first + u64::from(bundle.width()))
                    .map(entry)
                    .collect();
                tiles.insert(bundle, encode_entry_bundle(&entries).unwrap());
            }
            (done, root) = (next, appended.root);
        }
        (tiles, root)
    }

    #[test]
    fn an_honest_log_verifies_and_shows_every_entry() {
        let (tiles, root) = served_log(70_000, 1000);
        let mut seen = 0;
        verify_tiled_log(&tiles, 70_000, &root, |index, bytes| {
            assert_eq!(bytes, entry(index));
            seen += 1;
        })
        .unwrap();
        assert_eq!(seen, 70_000);
        // An older checkpoint of the same log verifies from the partial tiles kept for it.
        let (_, old_root) = served_log(3000, 1000);
        verify_tiled_log(&tiles, 3000, &old_root, |_, _| {}).unwrap();
    }

    #[test]
    fn rebuilder_tiles_match_the_served_ones() {
        let (tiles, _) = served_log(600, 600);
        let mut rebuilder = TreeRebuilder::default();
        (0..600).for_each(|i| rebuilder.push_entry(&entry(i)));
        let full = rebuilder.take_full_tiles();
        assert_eq!(full.len(), 2);
        for (tile, bytes) in full.iter().chain(&rebuilder.partial_tiles()) {
            assert_eq!(tiles.get(tile).unwrap(), bytes.as_slice(), "{tile}");
        }
        assert!(rebuilder.take_full_tiles().is_empty());
    }

    #[test]
    fn tampering_is_detected() {
        let (tiles, root) = served_log(600, 100);
        let bundle = Tile::parse_path("tile/entries/001").unwrap();
        let mut forged = tiles.clone();
        let mut entries: Vec<Vec<u8>> = (256..512).map(entry).collect();
        entries[3] = b"rewritten".to_vec();
        forged.insert(bundle, encode_entry_bundle(&entries).unwrap());
        let err = verify_tiled_log(&forged, 600, &root, |_, _| {}).unwrap_err();
        assert!(matches!(err, RebuildError::TileMismatch(ref t) if t == "tile/0/001"));

        let mut forged = tiles.clone();
        let tile = Tile::parse_path("tile/1/000.p/2").unwrap();
        forged.insert(tile, vec![0; 64]);
        let err = verify_tiled_log(&forged, 600, &root, |_, _| {}).unwrap_err();
        assert!(matches!(err, RebuildError::TileMismatch(_)));

        let err = verify_tiled_log(&tiles, 600, &leaf_hash(b"x"), |_, _| {}).unwrap_err();
        assert!(matches!(err, RebuildError::RootMismatch));
        let err = verify_tiled_log(&tiles, 700, &root, |_, _| {}).unwrap_err();
        assert!(matches!(err, RebuildError::Read(_)));

        let mut forged = tiles.clone();
        forged.insert(bundle, vec![0, 5, 1]);
        let err = verify_tiled_log(&forged, 600, &root, |_, _| {}).unwrap_err();
        assert!(matches!(err, RebuildError::Bundle { .. }));
    }
}
