//! Logs stored as tiles: reading stored hashes out of hash tiles, and appending to a tiled log.

use std::collections::HashMap;

use crate::hash::{HASH_SIZE, Hash, node_hash};
use crate::index::{split_stored_hash_index, stored_hash_index};
use crate::reader::{HashReader, Overlay, ReadError};
use crate::tile::{TILE_HEIGHT, TILE_WIDTH, Tile, TileKind, changed_hash_tiles};
use crate::tree::{TreeError, append_leaf_hashes, read_exact};

/// Reads tiles from wherever the caller keeps them.
pub trait TileReader {
    /// Returns the bytes of each tile, in order. A hash tile may come back longer than its
    /// width (a later, wider version of a partial tile): tiles only grow at the end, so the
    /// prefix is the same.
    fn read_tiles(&self, tiles: &[Tile]) -> Result<Vec<Vec<u8>>, ReadError>;
}

impl<T: TileReader + ?Sized> TileReader for &T {
    fn read_tiles(&self, tiles: &[Tile]) -> Result<Vec<Vec<u8>>, ReadError> {
        (**self).read_tiles(tiles)
    }
}

/// Tiles and entry bundles in memory, keyed by exact path: for tests, tools and small logs.
#[derive(Debug, Clone, Default)]
pub struct MemoryTiles {
    tiles: HashMap<Tile, Vec<u8>>,
}

impl MemoryTiles {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stores (or replaces) one tile.
    pub fn insert(&mut self, tile: Tile, data: Vec<u8>) {
        self.tiles.insert(tile, data);
    }

    /// The stored bytes of a tile, if any.
    pub fn get(&self, tile: &Tile) -> Option<&[u8]> {
        self.tiles.get(tile).map(Vec::as_slice)
    }

    /// Number of stored tiles and bundles.
    pub fn len(&self) -> usize {
        self.tiles.len()
    }

    /// Whether nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.tiles.is_empty()
    }
}

impl TileReader for MemoryTiles {
    fn read_tiles(&self, tiles: &[Tile]) -> Result<Vec<Vec<u8>>, ReadError> {
        tiles
            .iter()
            .map(|tile| {
                self.tiles
                    .get(tile)
                    .cloned()
                    .ok_or_else(|| ReadError::Storage(format!("tile {tile} is not stored").into()))
            })
            .collect()
    }
}

/// Reads stored hashes out of the hash tiles of a tree of a given size.
///
/// A tile holds every eighth tree level; a hash in between is recomputed from the tile's
/// hashes below it (at most 127 node hashes). Tiles are trusted as stored: a client reading
/// tiles from a server checks the proofs it builds from them against a signed checkpoint.
#[derive(Debug, Clone)]
pub struct TileHashReader<T> {
    tiles: T,
    size: u64,
}

/// Where a stored hash lives: its tile and the run of tile hashes it is computed from.
struct TileSpan {
    tile: Tile,
    offset: usize,
    count: usize,
}

impl<T: TileReader> TileHashReader<T> {
    /// A reader over the tiles of the tree of `size` leaves.
    pub fn new(tiles: T, size: u64) -> Self {
        TileHashReader { tiles, size }
    }

    fn span(&self, index: u64) -> Result<TileSpan, ReadError> {
        let not_in_tree = ReadError::NotInTree {
            index,
            size: self.size,
        };
        let (level, n) = split_stored_hash_index(index).ok_or(ReadError::Missing(index))?;
        let tile_level = level / TILE_HEIGHT as u8;
        let inner_levels = u32::from(level) % TILE_HEIGHT;
        let first = n << inner_levels;
        let count = 1usize << inner_levels;
        let tile_index = first / u64::from(TILE_WIDTH);
        let offset = (first % u64::from(TILE_WIDTH)) as usize;
        let kind = TileKind::Hashes { level: tile_level };
        let tile = Tile::at_size(kind, tile_index, self.size).ok_or(not_in_tree)?;
        if usize::from(tile.width()) < offset + count {
            return Err(ReadError::NotInTree {
                index,
                size: self.size,
            });
        }
        Ok(TileSpan {
            tile,
            offset,
            count,
        })
    }

    /// The tiles to read for `indexes`: lets an asynchronous caller fetch them up front.
    pub fn tiles_needed(&self, indexes: &[u64]) -> Result<Vec<Tile>, ReadError> {
        let mut tiles: Vec<Tile> = Vec::new();
        for &index in indexes {
            let tile = self.span(index)?.tile;
            if !tiles.contains(&tile) {
                tiles.push(tile);
            }
        }
        Ok(tiles)
    }
}

impl<T: TileReader> HashReader for TileHashReader<T> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, ReadError> {
        let spans = indexes
            .iter()
            .map(|&i| self.span(i))
            .collect::<Result<Vec<_>, _>>()?;
        let mut wanted: Vec<Tile> = Vec::new();
        let mut slots: HashMap<Tile, usize> = HashMap::new();
        for span in &spans {
            slots.entry(span.tile).or_insert_with(|| {
                wanted.push(span.tile);
                wanted.len() - 1
            });
        }
        let data = self.tiles.read_tiles(&wanted)?;
        spans
            .iter()
            .map(|span| {
                let bytes = slots.get(&span.tile).and_then(|&i| data.get(i));
                let bytes = bytes
                    .filter(|b| b.len() >= span.tile.hash_bytes())
                    .ok_or_else(|| {
                        let len = bytes.map_or(0, Vec::len);
                        ReadError::ShortTile {
                            tile: span.tile.path(),
                            len,
                        }
                    })?;
                Ok(subtree_hash(&bytes[span.offset * HASH_SIZE..], span.count))
            })
            .collect()
    }
}

/// The Merkle tree hash of the first `count` (a power of two) hashes in `bytes`.
fn subtree_hash(bytes: &[u8], count: usize) -> Hash {
    let mut level: Vec<Hash> = bytes
        .chunks_exact(HASH_SIZE)
        .take(count)
        .map(|chunk| Hash::from_slice(chunk).unwrap_or_default())
        .collect();
    while level.len() > 1 {
        level = level
            .chunks_exact(2)
            .map(|pair| node_hash(&pair[0], &pair[1]))
            .collect();
    }
    level.first().copied().unwrap_or_default()
}

/// The bytes of a hash tile: its hashes, read from `reader`, concatenated.
pub fn read_tile_data<R: HashReader + ?Sized>(
    reader: &R,
    tile: &Tile,
) -> Result<Vec<u8>, TreeError> {
    let TileKind::Hashes { .. } = tile.kind() else {
        return Err(TreeError::NotAHashTile(tile.path()));
    };
    let level =
        u8::try_from(tile.tree_level()).map_err(|_| TreeError::NotAHashTile(tile.path()))?;
    let first = tile.first_position();
    let indexes = (0..u64::from(tile.width()))
        .map(|i| stored_hash_index(level, first + i).ok_or(TreeError::NotAHashTile(tile.path())))
        .collect::<Result<Vec<u64>, _>>()?;
    let hashes = read_exact(reader, &indexes)?;
    Ok(hashes.iter().flat_map(|hash| hash.0).collect())
}

/// The outcome of appending a batch of leaves to a tiled log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileAppend {
    /// Tree size after the batch.
    pub size: u64,
    /// Tree head after the batch.
    pub root: Hash,
    /// The hash tiles to store: every tile created or grown, at its new width.
    pub tiles: Vec<(Tile, Vec<u8>)>,
}

/// Appends leaf hashes to a log stored as hash tiles, returning the tiles to store.
///
/// Reads only the partial tiles along the tree's right edge: exactly
/// `TileHashReader::new(_, old_size).tiles_needed(HashPlan::tree_hash(old_size)?.indexes())`,
/// which an asynchronous caller can fetch first. The caller stores the returned tiles, and
/// the entry bundles named by [`crate::changed_entry_bundles`], with its entries.
pub fn append_to_tiles<T: TileReader>(
    tiles: &T,
    old_size: u64,
    leaf_hashes: &[Hash],
) -> Result<TileAppend, TreeError> {
    let reader = TileHashReader::new(tiles, old_size);
    let appended = append_leaf_hashes(&reader, old_size, leaf_hashes)?;
    let overlay = Overlay {
        base: &reader,
        first: appended.first_index,
        new: &appended.hashes,
    };
    let tiles = changed_hash_tiles(old_size, appended.size)
        .into_iter()
        .map(|tile| Ok((tile, read_tile_data(&overlay, &tile)?)))
        .collect::<Result<Vec<_>, TreeError>>()?;
    Ok(TileAppend {
        size: appended.size,
        root: appended.root,
        tiles,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::hash::leaf_hash;
    use crate::proof::{HashPlan, consistency_proof, inclusion_proof, tree_hash};
    use crate::reader::MemoryHashes;

    fn leaves(range: std::ops::Range<u64>) -> Vec<Hash> {
        range.map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    /// The same log kept both ways: every stored hash, and tiles.
    fn both_stores(batches: &[u64]) -> (MemoryHashes, MemoryTiles, u64) {
        let (mut hashes, mut tiles, mut size) = (MemoryHashes::new(), MemoryTiles::new(), 0);
        for &batch in batches {
            let new = leaves(size..size + batch);
            let appended = append_leaf_hashes(&hashes, size, &new).unwrap();
            hashes.extend(&appended.hashes);
            let tiled = append_to_tiles(&tiles, size, &new).unwrap();
            assert_eq!(tiled.root, appended.root);
            for (tile, data) in tiled.tiles {
                assert_eq!(data.len(), tile.hash_bytes());
                tiles.insert(tile, data);
            }
            size += batch;
        }
        (hashes, tiles, size)
    }

    #[test]
    fn tiled_log_answers_like_the_hash_store() {
        let (hashes, tiles, size) = both_stores(&[1, 255, 300, 70, 65_536, 2000]);
        let reader = TileHashReader::new(&tiles, size);
        assert_eq!(
            tree_hash(&reader, size).unwrap(),
            tree_hash(&hashes, size).unwrap()
        );
        for index in [0, 1, 255, 256, 300, 65_791, size - 1] {
            assert_eq!(
                inclusion_proof(&reader, index, size).unwrap(),
                inclusion_proof(&hashes, index, size).unwrap()
            );
        }
        for old in [1, 256, 555, 65_536, size - 1] {
            assert_eq!(
                consistency_proof(&reader, old, size).unwrap(),
                consistency_proof(&hashes, old, size).unwrap()
            );
        }
        // Older tree sizes read the partial tiles stored for them.
        let older = TileHashReader::new(&tiles, 556);
        assert_eq!(
            tree_hash(&older, 556).unwrap(),
            tree_hash(&hashes, 556).unwrap()
        );
    }

    #[test]
    fn tile_data_matches_hash_store() {
        let (hashes, tiles, size) = both_stores(&[70_000]);
        for tile in
            crate::tile::hash_tiles_for_size(size).filter(|t| !t.is_full() || t.index() == 5)
        {
            assert_eq!(
                read_tile_data(&hashes, &tile).unwrap(),
                tiles.get(&tile).unwrap()
            );
        }
        let bundle = Tile::parse_path("tile/entries/000").unwrap();
        assert!(matches!(
            read_tile_data(&hashes, &bundle),
            Err(TreeError::NotAHashTile(_))
        ));
    }

    #[test]
    fn tiles_needed_names_each_tile_once() {
        let (_, tiles, size) = both_stores(&[1000]);
        let reader = TileHashReader::new(&tiles, size);
        let plan = HashPlan::inclusion(700, size).unwrap();
        let needed = reader.tiles_needed(plan.indexes()).unwrap();
        let paths: Vec<String> = needed.iter().map(Tile::path).collect();
        assert_eq!(paths, ["tile/0/002", "tile/0/003.p/232", "tile/1/000.p/3"]);
    }

    #[test]
    fn append_reads_only_the_prefetchable_tiles() {
        let (_, tiles, size) = both_stores(&[70_000]);
        let reader = TileHashReader::new(&tiles, size);
        let plan = HashPlan::tree_hash(size).unwrap();
        let mut prefetched = MemoryTiles::new();
        for tile in reader.tiles_needed(plan.indexes()).unwrap() {
            prefetched.insert(tile, tiles.get(&tile).unwrap().to_vec());
        }
        assert_eq!(prefetched.len(), 3);
        let more = leaves(size..size + 600);
        assert_eq!(
            append_to_tiles(&prefetched, size, &more).unwrap(),
            append_to_tiles(&tiles, size, &more).unwrap()
        );
    }

    #[test]
    fn missing_and_short_tiles_are_reported() {
        let (_, tiles, size) = both_stores(&[300]);
        let reader = TileHashReader::new(&tiles, size);
        let beyond = stored_hash_index(0, 300).unwrap();
        assert!(matches!(
            reader.read_hashes(&[beyond]),
            Err(ReadError::NotInTree { .. })
        ));
        let mut broken = MemoryTiles::new();
        broken.insert(Tile::parse_path("tile/0/000").unwrap(), vec![0; 31]);
        let reader = TileHashReader::new(&broken, 256);
        assert!(matches!(
            reader.read_hashes(&[0]),
            Err(ReadError::ShortTile { .. })
        ));
        let reader = TileHashReader::new(MemoryTiles::new(), 256);
        assert!(matches!(
            reader.read_hashes(&[0]),
            Err(ReadError::Storage(_))
        ));
        assert!(MemoryTiles::new().is_empty());
        assert_eq!(tiles.len(), 3);
    }
}
