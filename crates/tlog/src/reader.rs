//! Access to stored hashes: the trait a caller implements over its storage, and in-memory stores.

use std::collections::{BTreeMap, HashMap};

use crate::hash::Hash;

/// A storage failure, boxed so that any store's error type can travel through this crate.
pub type StorageError = Box<dyn std::error::Error + Send + Sync>;

/// Why stored hashes could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("stored hash {0} is missing")]
    Missing(u64),
    #[error("stored hash {index} is not part of a tree of size {size}")]
    NotInTree { index: u64, size: u64 },
    #[error("tile {tile} holds {len} bytes, too short")]
    ShortTile { tile: String, len: usize },
    #[error("storage failed")]
    Storage(#[source] StorageError),
}

/// Reads hashes by stored-hash index (see [`crate::index`]).
///
/// Implement it over a table of hashes, or use [`crate::TileHashReader`] over stored tiles.
/// Every operation in this crate states the indexes it needs up front (see
/// [`crate::HashPlan`]), so an asynchronous caller can fetch them first and answer from a
/// map; `HashMap<u64, Hash>` and `BTreeMap<u64, Hash>` implement this trait for that purpose.
pub trait HashReader {
    /// Returns the hashes at `indexes`, in the same order.
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, ReadError>;
}

impl<R: HashReader + ?Sized> HashReader for &R {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, ReadError> {
        (**self).read_hashes(indexes)
    }
}

impl HashReader for HashMap<u64, Hash> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, ReadError> {
        indexes
            .iter()
            .map(|index| self.get(index).copied().ok_or(ReadError::Missing(*index)))
            .collect()
    }
}

impl HashReader for BTreeMap<u64, Hash> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, ReadError> {
        indexes
            .iter()
            .map(|index| self.get(index).copied().ok_or(ReadError::Missing(*index)))
            .collect()
    }
}

/// Every stored hash of a log, in memory, in stored-hash order: for tests, tools and small logs.
#[derive(Debug, Clone, Default)]
pub struct MemoryHashes {
    hashes: Vec<Hash>,
}

impl MemoryHashes {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of stored hashes.
    pub fn len(&self) -> u64 {
        self.hashes.len() as u64
    }

    /// Whether nothing is stored yet.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// Stores hashes at the next indexes, as returned by [`crate::append_leaf_hashes`].
    pub fn extend(&mut self, hashes: &[Hash]) {
        self.hashes.extend_from_slice(hashes);
    }
}

impl HashReader for MemoryHashes {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, ReadError> {
        indexes
            .iter()
            .map(|&index| {
                usize::try_from(index)
                    .ok()
                    .and_then(|i| self.hashes.get(i).copied())
                    .ok_or(ReadError::Missing(index))
            })
            .collect()
    }
}

/// Stored hashes seen through a batch of new ones: indexes from `first` on come from `new`.
pub(crate) struct Overlay<'a, R> {
    pub(crate) base: &'a R,
    pub(crate) first: u64,
    pub(crate) new: &'a [Hash],
}

impl<R: HashReader> HashReader for Overlay<'_, R> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, ReadError> {
        let old: Vec<u64> = indexes
            .iter()
            .copied()
            .filter(|&i| i < self.first)
            .collect();
        let mut old_hashes = self.base.read_hashes(&old)?.into_iter();
        indexes
            .iter()
            .map(|&index| {
                if index < self.first {
                    old_hashes.next().ok_or(ReadError::Missing(index))
                } else {
                    usize::try_from(index - self.first)
                        .ok()
                        .and_then(|i| self.new.get(i).copied())
                        .ok_or(ReadError::Missing(index))
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::hash::leaf_hash;

    #[test]
    fn memory_hashes_reads_in_order_and_reports_missing() {
        let mut store = MemoryHashes::new();
        assert!(store.is_empty());
        let (a, b) = (leaf_hash(b"a"), leaf_hash(b"b"));
        store.extend(&[a, b]);
        assert_eq!(store.len(), 2);
        assert_eq!(store.read_hashes(&[1, 0, 1]).unwrap(), vec![b, a, b]);
        assert!(matches!(
            store.read_hashes(&[2]),
            Err(ReadError::Missing(2))
        ));
    }

    #[test]
    fn maps_read_by_index() {
        let a = leaf_hash(b"a");
        let map: HashMap<u64, Hash> = [(7, a)].into_iter().collect();
        assert_eq!(map.read_hashes(&[7]).unwrap(), vec![a]);
        assert!(matches!(map.read_hashes(&[8]), Err(ReadError::Missing(8))));
        let tree: BTreeMap<u64, Hash> = [(7, a)].into_iter().collect();
        assert_eq!(tree.read_hashes(&[7]).unwrap(), vec![a]);
        assert!(tree.read_hashes(&[0]).is_err());
    }

    #[test]
    fn overlay_splits_between_base_and_new() {
        let (a, b, c) = (leaf_hash(b"a"), leaf_hash(b"b"), leaf_hash(b"c"));
        let mut base = MemoryHashes::new();
        base.extend(&[a]);
        let new = [b, c];
        let overlay = Overlay {
            base: &base,
            first: 1,
            new: &new,
        };
        assert_eq!(overlay.read_hashes(&[2, 0, 1]).unwrap(), vec![c, a, b]);
        assert!(overlay.read_hashes(&[3]).is_err());
    }
}
