//! Appending leaves to a log and computing the hashes it must store.

use crate::hash::{Hash, empty_root, node_hash};
use crate::index::{MAX_TREE_SIZE, push_subtrees, stored_hash_count};
use crate::reader::{HashReader, ReadError};

/// Why a tree operation could not be carried out.
#[derive(Debug, thiserror::Error)]
pub enum TreeError {
    #[error("tree size {0} exceeds the limit of {MAX_TREE_SIZE}")]
    TooLarge(u64),
    #[error("leaf {index} is not in a tree of size {size}")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error("no consistency proof from size {old} to size {new}")]
    SizesOutOfOrder { old: u64, new: u64 },
    #[error("storage returned {got} hashes for {wanted} indexes")]
    WrongHashCount { wanted: usize, got: usize },
    #[error("{0} is not a hash tile")]
    NotAHashTile(String),
    #[error("reading stored hashes failed")]
    Read(#[from] ReadError),
}

/// The outcome of appending a batch of leaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    /// Stored-hash index of the first new hash; the new hashes take the indexes that follow.
    pub first_index: u64,
    /// The hashes to store: each new leaf hash followed by the subtree hashes it completes.
    pub hashes: Vec<Hash>,
    /// Tree size after the batch.
    pub size: u64,
    /// Tree head (root hash) after the batch.
    pub root: Hash,
}

/// The right edge of a tree: the hashes of its maximal complete subtrees, largest first.
///
/// Enough to append leaves and to compute the tree head without reading anything else.
#[derive(Debug, Clone)]
pub(crate) struct Frontier {
    size: u64,
    /// Invariant: one hash per set bit of `size`, highest bit first.
    peaks: Vec<Hash>,
}

impl Frontier {
    pub(crate) fn empty() -> Self {
        Frontier {
            size: 0,
            peaks: Vec::new(),
        }
    }

    /// Reads the frontier of a tree of `size` leaves: `popcount(size)` stored hashes.
    pub(crate) fn read<R: HashReader + ?Sized>(reader: &R, size: u64) -> Result<Self, TreeError> {
        if size > MAX_TREE_SIZE {
            return Err(TreeError::TooLarge(size));
        }
        let mut indexes = Vec::new();
        push_subtrees(0, size, &mut indexes);
        let peaks = read_exact(reader, &indexes)?;
        Ok(Frontier { size, peaks })
    }

    pub(crate) fn size(&self) -> u64 {
        self.size
    }

    /// Adds a leaf, reporting each hash to store as `(level, hash)`: the leaf hash first, then
    /// every subtree the leaf completes, lowest first.
    pub(crate) fn push(&mut self, leaf: Hash, mut stored: impl FnMut(u8, Hash)) {
        let position = self.size;
        stored(0, leaf);
        let mut hash = leaf;
        let mut level = 0u8;
        // Each trailing one bit of the leaf's position is a subtree this leaf completes.
        while (position >> level) & 1 == 1 {
            let Some(left) = self.peaks.pop() else {
                break; // unreachable while the peaks invariant holds
            };
            hash = node_hash(&left, &hash);
            level += 1;
            stored(level, hash);
        }
        self.peaks.push(hash);
        self.size += 1;
    }

    /// The tree head: the peaks folded from the right.
    pub(crate) fn root(&self) -> Hash {
        fold_right(&self.peaks)
    }
}

/// Folds subtree hashes from the right: `node(h0, node(h1, … node(h_{k-1}, h_k)))`, the Merkle
/// tree hash of consecutive complete subtrees listed largest first. Empty input gives the
/// empty-tree hash.
pub(crate) fn fold_right(hashes: &[Hash]) -> Hash {
    let Some((last, rest)) = hashes.split_last() else {
        return empty_root();
    };
    rest.iter()
        .rev()
        .fold(*last, |right, left| node_hash(left, &right))
}

/// Reads hashes and checks that the store answered every index.
pub(crate) fn read_exact<R: HashReader + ?Sized>(
    reader: &R,
    indexes: &[u64],
) -> Result<Vec<Hash>, TreeError> {
    if indexes.is_empty() {
        return Ok(Vec::new());
    }
    let hashes = reader.read_hashes(indexes)?;
    if hashes.len() != indexes.len() {
        return Err(TreeError::WrongHashCount {
            wanted: indexes.len(),
            got: hashes.len(),
        });
    }
    Ok(hashes)
}

/// Appends leaf hashes to a log of `old_size` leaves.
///
/// Reads the `popcount(old_size)` stored hashes of the tree's right edge (exactly
/// `HashPlan::tree_hash(old_size)?.indexes()`, for callers that fetch first), and returns every
/// hash to store for the new leaves (about two per leaf) together with the new tree head.
/// The caller stores `hashes` at `first_index..` in the same transaction as its entries.
pub fn append_leaf_hashes<R: HashReader + ?Sized>(
    reader: &R,
    old_size: u64,
    leaf_hashes: &[Hash],
) -> Result<Appended, TreeError> {
    let added = leaf_hashes.len() as u64;
    let new_size = old_size
        .checked_add(added)
        .filter(|&size| size <= MAX_TREE_SIZE)
        .ok_or(TreeError::TooLarge(old_size.saturating_add(added)))?;
    let first_index = stored_hash_count(old_size).ok_or(TreeError::TooLarge(old_size))?;
    let mut frontier = Frontier::read(reader, old_size)?;
    let mut hashes = Vec::with_capacity(leaf_hashes.len() * 2 + 64);
    for leaf in leaf_hashes {
        frontier.push(*leaf, |_, hash| hashes.push(hash));
    }
    Ok(Appended {
        first_index,
        hashes,
        size: new_size,
        root: frontier.root(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::hash::leaf_hash;
    use crate::reader::MemoryHashes;

    fn leaves(range: std::ops::Range<u64>) -> Vec<Hash> {
        range.map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    /// RFC 9162 tree hash, computed straight from the definition.
    fn reference_root(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => empty_root(),
            1 => leaves[0],
            n => {
                let k = crate::index::split_point(n as u64) as usize;
                node_hash(&reference_root(&leaves[..k]), &reference_root(&leaves[k..]))
            }
        }
    }

    #[test]
    fn appending_in_batches_matches_the_definition() {
        let all = leaves(0..300);
        let mut store = MemoryHashes::new();
        let mut size = 0;
        for batch in [1usize, 2, 5, 0, 8, 37, 100, 147] {
            let chunk = &all[size..size + batch];
            let appended = append_leaf_hashes(&store, size as u64, chunk).unwrap();
            assert_eq!(appended.first_index, store.len());
            store.extend(&appended.hashes);
            size += batch;
            assert_eq!(appended.size, size as u64);
            assert_eq!(appended.root, reference_root(&all[..size]));
            assert_eq!(store.len(), stored_hash_count(size as u64).unwrap());
        }
    }

    #[test]
    fn empty_batch_on_empty_log_gives_empty_root() {
        let appended = append_leaf_hashes(&MemoryHashes::new(), 0, &[]).unwrap();
        assert_eq!(appended.root, empty_root());
        assert!(appended.hashes.is_empty());
    }

    #[test]
    fn append_reports_missing_hashes_and_oversized_trees() {
        let store = MemoryHashes::new();
        let err = append_leaf_hashes(&store, 3, &leaves(0..1)).unwrap_err();
        assert!(matches!(err, TreeError::Read(ReadError::Missing(_))));
        let err = append_leaf_hashes(&store, MAX_TREE_SIZE, &leaves(0..1)).unwrap_err();
        assert!(matches!(err, TreeError::TooLarge(_)));
    }

    #[test]
    fn fold_right_of_nothing_is_empty_root() {
        assert_eq!(fold_right(&[]), empty_root());
    }
}
