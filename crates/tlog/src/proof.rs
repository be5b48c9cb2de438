//! Tree heads, inclusion proofs and consistency proofs computed from stored hashes.
//!
//! Each operation is first planned as a list of stored-hash indexes, `O(log n)` of them, so a
//! caller can fetch exactly those (in one query, or asynchronously) before computing.

use std::ops::Range;

use crate::hash::{Hash, empty_root};
use crate::index::{MAX_TREE_SIZE, push_subtrees, split_point};
use crate::reader::HashReader;
use crate::tree::{TreeError, fold_right, read_exact};

/// The stored hashes an operation needs, grouped by the output hash each group folds into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashPlan {
    indexes: Vec<u64>,
    /// Each output hash folds `indexes[groups[i]]`.
    groups: Vec<Range<usize>>,
}

impl HashPlan {
    /// Plan for the tree head of a tree of `size` leaves (`popcount(size)` hashes).
    pub fn tree_hash(size: u64) -> Result<Self, TreeError> {
        check_size(size)?;
        Ok(Self::from_ranges(&[(0, size)]))
    }

    /// Plan for the inclusion proof of leaf `index` in a tree of `size` leaves (RFC 9162,
    /// section 2.1.3.1).
    pub fn inclusion(index: u64, size: u64) -> Result<Self, TreeError> {
        check_size(size)?;
        if index >= size {
            return Err(TreeError::IndexOutOfRange { index, size });
        }
        let (mut lo, mut hi) = (0, size);
        let mut ranges = Vec::new();
        while hi - lo > 1 {
            let middle = lo + split_point(hi - lo);
            if index < middle {
                ranges.push((middle, hi));
                hi = middle;
            } else {
                ranges.push((lo, middle));
                lo = middle;
            }
        }
        // Collected from the root down; a proof lists the leaf's sibling first.
        ranges.reverse();
        Ok(Self::from_ranges(&ranges))
    }

    /// Plan for the consistency proof from a tree of `old` leaves to one of `new` leaves
    /// (RFC 9162, section 2.1.4.1). Needs `0 < old ≤ new`; equal sizes give an empty proof.
    pub fn consistency(old: u64, new: u64) -> Result<Self, TreeError> {
        check_size(new)?;
        if old == 0 || old > new {
            return Err(TreeError::SizesOutOfOrder { old, new });
        }
        let (mut lo, mut hi, mut remaining) = (0, new, old);
        let mut whole_old_tree = true;
        let mut ranges = Vec::new();
        loop {
            let len = hi - lo;
            if remaining == len {
                // The verifier knows the old tree head, so the proof omits it.
                if !whole_old_tree {
                    ranges.push((lo, hi));
                }
                break;
            }
            let split = split_point(len);
            if remaining <= split {
                ranges.push((lo + split, hi));
                hi = lo + split;
            } else {
                ranges.push((lo, lo + split));
                lo += split;
                remaining -= split;
                whole_old_tree = false;
            }
        }
        ranges.reverse();
        Ok(Self::from_ranges(&ranges))
    }

    fn from_ranges(ranges: &[(u64, u64)]) -> Self {
        let mut indexes = Vec::new();
        let mut groups = Vec::with_capacity(ranges.len());
        for &(lo, hi) in ranges {
            let start = indexes.len();
            push_subtrees(lo, hi, &mut indexes);
            groups.push(start..indexes.len());
        }
        HashPlan { indexes, groups }
    }

    /// Number of output hashes (the proof length).
    pub fn output_count(&self) -> usize {
        self.groups.len()
    }

    /// The stored-hash indexes to read, in order.
    pub fn indexes(&self) -> &[u64] {
        &self.indexes
    }

    /// Combines the hashes read for [`Self::indexes`] (same order) into the output hashes.
    pub fn assemble(&self, hashes: &[Hash]) -> Result<Vec<Hash>, TreeError> {
        if hashes.len() != self.indexes.len() {
            return Err(TreeError::WrongHashCount {
                wanted: self.indexes.len(),
                got: hashes.len(),
            });
        }
        Ok(self
            .groups
            .iter()
            .map(|group| fold_right(&hashes[group.clone()]))
            .collect())
    }

    /// Reads the planned hashes from `reader` and assembles them.
    pub fn execute<R: HashReader + ?Sized>(&self, reader: &R) -> Result<Vec<Hash>, TreeError> {
        let hashes = read_exact(reader, &self.indexes)?;
        self.assemble(&hashes)
    }
}

fn check_size(size: u64) -> Result<(), TreeError> {
    if size > MAX_TREE_SIZE {
        return Err(TreeError::TooLarge(size));
    }
    Ok(())
}

/// The tree head (root hash) of the first `size` leaves of the log.
pub fn tree_hash<R: HashReader + ?Sized>(reader: &R, size: u64) -> Result<Hash, TreeError> {
    let hashes = HashPlan::tree_hash(size)?.execute(reader)?;
    Ok(hashes.first().copied().unwrap_or_else(empty_root))
}

/// The inclusion proof of leaf `index` in the tree of `size` leaves, sibling first.
pub fn inclusion_proof<R: HashReader + ?Sized>(
    reader: &R,
    index: u64,
    size: u64,
) -> Result<Vec<Hash>, TreeError> {
    HashPlan::inclusion(index, size)?.execute(reader)
}

/// The consistency proof from the tree of `old` leaves to the tree of `new` leaves.
pub fn consistency_proof<R: HashReader + ?Sized>(
    reader: &R,
    old: u64,
    new: u64,
) -> Result<Vec<Hash>, TreeError> {
    HashPlan::consistency(old, new)?.execute(reader)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::hash::leaf_hash;
    use crate::reader::MemoryHashes;
    use crate::tree::append_leaf_hashes;

    fn store_with(size: u64) -> MemoryHashes {
        let leaves: Vec<Hash> = (0..size).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        let mut store = MemoryHashes::new();
        store.extend(&append_leaf_hashes(&store, 0, &leaves).unwrap().hashes);
        store
    }

    #[test]
    fn tree_hash_matches_append_root_at_every_size() {
        let store = store_with(70);
        for size in 0..=70u64 {
            let leaves: Vec<Hash> = (0..size).map(|i| leaf_hash(&i.to_be_bytes())).collect();
            let expected = append_leaf_hashes(&MemoryHashes::new(), 0, &leaves)
                .unwrap()
                .root;
            assert_eq!(tree_hash(&store, size).unwrap(), expected, "size {size}");
        }
    }

    #[test]
    fn plans_read_logarithmically_many_hashes() {
        let size = 100_000_000u64;
        assert_eq!(HashPlan::tree_hash(size).unwrap().indexes().len(), 12);
        assert!(
            HashPlan::inclusion(12_345_678, size)
                .unwrap()
                .indexes()
                .len()
                <= 2 * 27
        );
        assert!(HashPlan::consistency(54_321, size).unwrap().indexes().len() <= 2 * 27);
    }

    #[test]
    fn plans_reject_bad_arguments() {
        assert!(matches!(
            HashPlan::inclusion(5, 5),
            Err(TreeError::IndexOutOfRange { index: 5, size: 5 })
        ));
        assert!(matches!(
            HashPlan::consistency(0, 5),
            Err(TreeError::SizesOutOfOrder { .. })
        ));
        assert!(matches!(
            HashPlan::consistency(6, 5),
            Err(TreeError::SizesOutOfOrder { .. })
        ));
        assert!(matches!(
            HashPlan::tree_hash(MAX_TREE_SIZE + 1),
            Err(TreeError::TooLarge(_))
        ));
        assert!(HashPlan::consistency(5, 5).unwrap().indexes().is_empty());
    }

    #[test]
    fn assemble_rejects_wrong_count() {
        let plan = HashPlan::inclusion(0, 4).unwrap();
        assert!(matches!(
            plan.assemble(&[]),
            Err(TreeError::WrongHashCount { .. })
        ));
    }

    #[test]
    fn proofs_fail_on_missing_hashes() {
        let store = store_with(3);
        assert!(inclusion_proof(&store, 0, 8).is_err());
        assert!(consistency_proof(&store, 2, 3).is_ok());
    }
}
