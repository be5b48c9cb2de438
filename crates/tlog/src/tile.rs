//! Tile coordinates (c2sp.org/tlog-tiles): which tiles a tree has, and how wide they are.
//!
//! A hash tile at level `L` holds up to 256 consecutive Merkle tree hashes at tree level `8·L`;
//! an entry bundle holds up to 256 consecutive entries. Tiles are served at
//! `tile/<L>/<N>[.p/<W>]` and `tile/entries/<N>[.p/<W>]`, where `N` is written in 3-digit
//! groups, all but the last prefixed with `x` (1234067 → `x001/x234/067`), and `.p/<W>` marks
//! a partial tile of width `W` (1 to 255).

use crate::index::MAX_TREE_SIZE;

/// Tree levels spanned by one tile.
pub const TILE_HEIGHT: u32 = 8;
/// Hashes (or entries) in a full tile.
pub const TILE_WIDTH: u16 = 1 << TILE_HEIGHT;
/// Highest level a tile path may name (the spec's limit).
pub(crate) const MAX_PATH_LEVEL: u8 = 63;

/// What a tile holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TileKind {
    /// Merkle tree hashes at tree level `8 · level`.
    Hashes { level: u8 },
    /// Log entries (an entry bundle), one per leaf.
    Entries,
}

/// One tile: its kind, its index within its level, and its width (256 when full).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tile {
    kind: TileKind,
    index: u64,
    width: u16,
}

/// Why a tile or its path was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TileError {
    #[error("not a tile path")]
    NotATilePath,
    #[error("tile level must be 0 to 63 without leading zeroes, got {0:?}")]
    BadLevel(String),
    #[error("tile index must be 3-digit groups, all but the last starting with x, got {0:?}")]
    BadIndex(String),
    #[error("tile width must be 1 to 255 without leading zeroes, got {0:?}")]
    BadWidth(String),
    #[error("tile {0} lies beyond any tree this log can hold")]
    OutOfRange(String),
    #[error("tile {tile} is not part of a tree of size {size}")]
    NotInTree { tile: String, size: u64 },
}

impl Tile {
    /// A tile, checked: width 1 to 256, and every hash or entry within [`MAX_TREE_SIZE`].
    pub fn new(kind: TileKind, index: u64, width: u16) -> Result<Self, TileError> {
        if width == 0 || width > TILE_WIDTH {
            return Err(TileError::BadWidth(width.to_string()));
        }
        let tile = Tile { kind, index, width };
        let level = tile.tree_level();
        let end = u128::from(index) * u128::from(TILE_WIDTH) + u128::from(width);
        if level >= 64 || end << level > u128::from(MAX_TREE_SIZE) {
            return Err(TileError::OutOfRange(tile.path()));
        }
        Ok(tile)
    }

    /// What the tile holds.
    pub fn kind(&self) -> TileKind {
        self.kind
    }

    /// The tile's index within its level.
    pub fn index(&self) -> u64 {
        self.index
    }

    /// Number of hashes or entries in the tile (256 when full).
    pub fn width(&self) -> u16 {
        self.width
    }

    /// Whether the tile holds all 256 hashes or entries.
    pub fn is_full(&self) -> bool {
        self.width == TILE_WIDTH
    }

    /// The Merkle tree level of the hashes in the tile (0 for entry bundles).
    pub fn tree_level(&self) -> u32 {
        match self.kind {
            TileKind::Hashes { level } => u32::from(level) * TILE_HEIGHT,
            TileKind::Entries => 0,
        }
    }

    /// Position, within its tree level, of the tile's first hash (or index of its first entry).
    pub fn first_position(&self) -> u64 {
        self.index * u64::from(TILE_WIDTH)
    }

    /// Size in bytes of a hash tile of this width.
    pub fn hash_bytes(&self) -> usize {
        usize::from(self.width) * crate::hash::HASH_SIZE
    }

    /// The tile with this kind and index as it stands in a tree of `size` leaves, if any.
    pub fn at_size(kind: TileKind, index: u64, size: u64) -> Option<Tile> {
        let level = match kind {
            TileKind::Hashes { level } => u32::from(level) * TILE_HEIGHT,
            TileKind::Entries => 0,
        };
        let count = size.checked_shr(level).unwrap_or(0);
        let first = index.checked_mul(u64::from(TILE_WIDTH))?;
        let width = count.checked_sub(first).filter(|&w| w > 0)?;
        let width = u16::try_from(width.min(u64::from(TILE_WIDTH))).ok()?;
        Tile::new(kind, index, width).ok()
    }

    /// Checks that the tile is served for a tree of `size` leaves: a full tile once complete,
    /// a partial tile at any width the tree passed through.
    pub fn check_in_tree(&self, size: u64) -> Result<(), TileError> {
        let end = (u128::from(self.first_position()) + u128::from(self.width)) << self.tree_level();
        if end > u128::from(size) {
            return Err(TileError::NotInTree {
                tile: self.path(),
                size,
            });
        }
        Ok(())
    }
}

/// Every hash tile of a tree of `size` leaves, level by level, full tiles then the partial one.
pub fn hash_tiles_for_size(size: u64) -> impl Iterator<Item = Tile> {
    (0..=MAX_PATH_LEVEL)
        .map(|level| TileKind::Hashes { level })
        .take_while(move |&kind| Tile::at_size(kind, 0, size).is_some())
        .flat_map(move |kind| tiles_of_kind(kind, 0, size))
}

/// Every entry bundle of a tree of `size` leaves, in order.
pub fn entry_bundles_for_size(size: u64) -> impl Iterator<Item = Tile> {
    tiles_of_kind(TileKind::Entries, 0, size)
}

/// The tiles of one kind, from the one holding position `from` on, in a tree of `size`.
fn tiles_of_kind(kind: TileKind, from: u64, size: u64) -> impl Iterator<Item = Tile> {
    let first = from / u64::from(TILE_WIDTH);
    (first..).map_while(move |index| Tile::at_size(kind, index, size))
}

/// The hash tiles created or grown when a tree goes from `old` to `new` leaves: what to
/// store (or overwrite) after appending a batch.
pub fn changed_hash_tiles(old: u64, new: u64) -> Vec<Tile> {
    let mut tiles = Vec::new();
    for level in 0..=MAX_PATH_LEVEL {
        let shift = u32::from(level) * TILE_HEIGHT;
        let (Some(before), Some(after)) = (old.checked_shr(shift), new.checked_shr(shift)) else {
            break;
        };
        // A level that gains no hash leaves every level above it unchanged too.
        if after <= before {
            break;
        }
        tiles.extend(tiles_of_kind(TileKind::Hashes { level }, before, new));
    }
    tiles
}

/// The entry bundles created or grown when a tree goes from `old` to `new` leaves.
pub fn changed_entry_bundles(old: u64, new: u64) -> Vec<Tile> {
    if new <= old {
        return Vec::new();
    }
    tiles_of_kind(TileKind::Entries, old, new).collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn paths(tiles: impl Iterator<Item = Tile>) -> Vec<String> {
        tiles.map(|tile| tile.path()).collect()
    }

    #[test]
    fn tiles_for_the_spec_examples() {
        assert_eq!(
            paths(hash_tiles_for_size(256)),
            ["tile/0/000", "tile/1/000.p/1"]
        );
        assert_eq!(paths(entry_bundles_for_size(256)), ["tile/entries/000"]);
        let tiles: Vec<Tile> = hash_tiles_for_size(70_000).collect();
        let full_level0 = tiles
            .iter()
            .filter(|t| t.is_full() && t.tree_level() == 0)
            .count();
        assert_eq!(full_level0, 273);
        let rest: Vec<String> = tiles[273..].iter().map(Tile::path).collect();
        assert_eq!(
            rest,
            [
                "tile/0/273.p/112",
                "tile/1/000",
                "tile/1/001.p/17",
                "tile/2/000.p/1"
            ]
        );
        assert_eq!(hash_tiles_for_size(0).count(), 0);
        assert_eq!(entry_bundles_for_size(0).count(), 0);
    }

    #[test]
    fn changed_tiles_cover_growth() {
        assert_eq!(
            paths(changed_hash_tiles(250, 300).into_iter()),
            ["tile/0/000", "tile/0/001.p/44", "tile/1/000.p/1"]
        );
        assert_eq!(
            paths(changed_hash_tiles(256, 300).into_iter()),
            ["tile/0/001.p/44"]
        );
        assert!(changed_hash_tiles(300, 300).is_empty());
        assert_eq!(
            paths(changed_entry_bundles(250, 300).into_iter()),
            ["tile/entries/000", "tile/entries/001.p/44"]
        );
        assert!(changed_entry_bundles(300, 200).is_empty());
    }

    #[test]
    fn membership_in_a_tree() {
        let partial = Tile::parse_path("tile/0/001.p/44").unwrap();
        assert!(partial.check_in_tree(300).is_ok());
        assert!(partial.check_in_tree(1000).is_ok());
        assert!(matches!(
            partial.check_in_tree(299),
            Err(TileError::NotInTree { .. })
        ));
        let upper = Tile::parse_path("tile/1/000.p/2").unwrap();
        assert!(upper.check_in_tree(511).is_err());
        assert!(upper.check_in_tree(512).is_ok());
        assert_eq!(
            Tile::at_size(TileKind::Hashes { level: 1 }, 0, 300)
                .unwrap()
                .width(),
            1
        );
        assert_eq!(Tile::at_size(TileKind::Hashes { level: 2 }, 0, 300), None);
    }
}
