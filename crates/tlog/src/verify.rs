//! Verification of inclusion and consistency proofs (RFC 9162, sections 2.1.3.2 and 2.1.4.2).
//!
//! Policy: hashes are typed [`Hash`](struct@crate::Hash) values, so every hash is exactly 32
//! bytes; bytes of any other length are rejected when parsed ([`Hash::from_slice`]), never
//! compared. A consistency proof needs `0 < old ≤ new`: an old size of zero is refused here
//! because it proves nothing, and protocols that treat the empty tree as trivially consistent
//! (such as c2sp.org/tlog-witness) must handle that case before calling. Equal sizes need an
//! empty proof and equal roots. The proof length is checked against the sizes before any hashing.
//!
//! A proof binds a tree size only through the shape of its path: a proof for size 3 also
//! leads to the size-3 root when checked as if for size 4. Take the size and the root from the
//! same verified checkpoint, never from different sources.

use crate::hash::{Hash, node_hash};

/// Why a proof was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("leaf {index} is not in a tree of size {size}")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error("consistency needs 0 < old size <= new size, got {old} and {new}")]
    SizesOutOfOrder { old: u64, new: u64 },
    #[error("proof has {actual} hashes, expected {expected}")]
    WrongLength { expected: usize, actual: usize },
    #[error("proof does not lead to the expected root")]
    RootMismatch,
    #[error("proof does not lead to the expected old root")]
    OldRootMismatch,
    #[error("proof does not lead to the expected new root")]
    NewRootMismatch,
}

/// Number of hashes in the inclusion proof of `index` in a tree of `size` (`index < size`):
/// one per level below the point where the leaf's path leaves the right edge, plus one per
/// complete subtree to its left along the edge.
fn inclusion_length(index: u64, size: u64) -> (u32, u32) {
    let inner = 64 - (index ^ (size - 1)).leading_zeros();
    let border = index.checked_shr(inner).unwrap_or(0).count_ones();
    (inner, border)
}

fn consistency_length(old: u64, new: u64) -> usize {
    let (inner, border) = inclusion_length(old - 1, new);
    let inner = inner - old.trailing_zeros();
    let seed = usize::from(!old.is_power_of_two());
    inner as usize + border as usize + seed
}

/// The root that an inclusion proof leads to from `leaf` at `index` in a tree of `size`.
pub fn root_from_inclusion_proof(
    leaf: &Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
) -> Result<Hash, ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let (inner, border) = inclusion_length(index, size);
    let expected = (inner + border) as usize;
    if proof.len() != expected {
        return Err(ProofError::WrongLength {
            expected,
            actual: proof.len(),
        });
    }
    let (mut position, mut last) = (index, size - 1);
    let mut root = *leaf;
    for sibling in proof {
        if position & 1 == 1 || position == last {
            root = node_hash(sibling, &root);
            // On the right edge a node may have no right sibling: climb past those levels.
            while position & 1 == 0 && position != 0 {
                position >>= 1;
                last >>= 1;
            }
        } else {
            root = node_hash(&root, sibling);
        }
        position >>= 1;
        last >>= 1;
    }
    if last != 0 {
        return Err(ProofError::WrongLength {
            expected,
            actual: proof.len(),
        });
    }
    Ok(root)
}

/// Checks that `leaf` is the leaf hash at `index` in the tree of `size` with head `root`.
pub fn verify_inclusion(
    leaf: &Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    if root_from_inclusion_proof(leaf, index, size, proof)? != *root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

/// Checks that the tree of `old` leaves with head `old_root` is a prefix of the tree of `new`
/// leaves with head `new_root`.
pub fn verify_consistency(
    old: u64,
    new: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<(), ProofError> {
    if old == 0 || old > new {
        return Err(ProofError::SizesOutOfOrder { old, new });
    }
    if old == new {
        if !proof.is_empty() {
            return Err(ProofError::WrongLength {
                expected: 0,
                actual: proof.len(),
            });
        }
        if old_root != new_root {
            return Err(ProofError::RootMismatch);
        }
        return Ok(());
    }
    let expected = consistency_length(old, new);
    if proof.len() != expected {
        return Err(ProofError::WrongLength {
            expected,
            actual: proof.len(),
        });
    }
    // When the old tree is a complete subtree, its head starts the path; otherwise the proof's
    // first hash is the deepest node of the old tree's right edge.
    let (seed, rest) = match proof.split_first() {
        Some((first, rest)) if !old.is_power_of_two() => (*first, rest),
        _ => (*old_root, proof),
    };
    let wrong_length = ProofError::WrongLength {
        expected,
        actual: proof.len(),
    };
    let (old_hash, new_hash) = fold_consistency(old, new, seed, rest).ok_or(wrong_length)?;
    if old_hash != *old_root {
        return Err(ProofError::OldRootMismatch);
    }
    if new_hash != *new_root {
        return Err(ProofError::NewRootMismatch);
    }
    Ok(())
}

/// Climbs from the old tree's deepest right-edge node, computing both tree heads (RFC 9162,
/// section 2.1.4.2, steps 3 to 6). `None` when the path is longer or shorter than the trees.
fn fold_consistency(old: u64, new: u64, seed: Hash, rest: &[Hash]) -> Option<(Hash, Hash)> {
    let (mut position, mut last) = (old - 1, new - 1);
    while position & 1 == 1 {
        position >>= 1;
        last >>= 1;
    }
    let (mut old_hash, mut new_hash) = (seed, seed);
    for hash in rest {
        if last == 0 {
            return None;
        }
        if position & 1 == 1 || position == last {
            old_hash = node_hash(hash, &old_hash);
            new_hash = node_hash(hash, &new_hash);
            while position & 1 == 0 && position != 0 {
                position >>= 1;
                last >>= 1;
            }
        } else {
            new_hash = node_hash(&new_hash, hash);
        }
        position >>= 1;
        last >>= 1;
    }
    (last == 0).then_some((old_hash, new_hash))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::hash::leaf_hash;
    use crate::proof::{HashPlan, consistency_proof, inclusion_proof, tree_hash};
    use crate::reader::MemoryHashes;
    use crate::tree::append_leaf_hashes;

    fn store_with(size: u64) -> MemoryHashes {
        let leaves: Vec<Hash> = (0..size).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        let mut store = MemoryHashes::new();
        store.extend(&append_leaf_hashes(&store, 0, &leaves).unwrap().hashes);
        store
    }

    #[test]
    fn expected_lengths_match_generated_proofs() {
        for size in 1..130u64 {
            for index in 0..size {
                let (inner, border) = inclusion_length(index, size);
                let plan = HashPlan::inclusion(index, size).unwrap();
                assert_eq!(
                    (inner + border) as usize,
                    plan.output_count(),
                    "{index}/{size}"
                );
            }
            for old in 1..size {
                let plan = HashPlan::consistency(old, size).unwrap();
                assert_eq!(
                    consistency_length(old, size),
                    plan.output_count(),
                    "{old}/{size}"
                );
            }
        }
    }

    #[test]
    fn every_proof_in_small_trees_verifies() {
        let store = store_with(40);
        for size in 1..=40u64 {
            let root = tree_hash(&store, size).unwrap();
            for index in 0..size {
                let proof = inclusion_proof(&store, index, size).unwrap();
                let leaf = leaf_hash(&index.to_be_bytes());
                verify_inclusion(&leaf, index, size, &proof, &root).unwrap();
            }
            for old in 1..=size {
                let proof = consistency_proof(&store, old, size).unwrap();
                let old_root = tree_hash(&store, old).unwrap();
                verify_consistency(old, size, &old_root, &root, &proof).unwrap();
            }
        }
    }

    #[test]
    fn wrong_inputs_are_refused_with_reasons() {
        let store = store_with(8);
        let root = tree_hash(&store, 7).unwrap();
        let proof = inclusion_proof(&store, 3, 7).unwrap();
        let leaf = leaf_hash(&3u64.to_be_bytes());
        let other = leaf_hash(b"other");
        assert_eq!(
            verify_inclusion(&other, 3, 7, &proof, &root),
            Err(ProofError::RootMismatch)
        );
        assert!(matches!(
            verify_inclusion(&leaf, 3, 7, &proof[1..], &root),
            Err(ProofError::WrongLength { .. })
        ));
        assert!(matches!(
            verify_inclusion(&leaf, 7, 7, &proof, &root),
            Err(ProofError::IndexOutOfRange { .. })
        ));
        let old_root = tree_hash(&store, 3).unwrap();
        let proof = consistency_proof(&store, 3, 7).unwrap();
        assert_eq!(
            verify_consistency(3, 7, &other, &root, &proof),
            Err(ProofError::OldRootMismatch)
        );
        assert_eq!(
            verify_consistency(3, 7, &old_root, &other, &proof),
            Err(ProofError::NewRootMismatch)
        );
        assert!(matches!(
            verify_consistency(0, 7, &old_root, &root, &[]),
            Err(ProofError::SizesOutOfOrder { .. })
        ));
        assert!(matches!(
            verify_consistency(7, 7, &root, &root, &proof),
            Err(ProofError::WrongLength { .. })
        ));
        assert_eq!(verify_consistency(7, 7, &root, &root, &[]), Ok(()));
        assert_eq!(
            verify_consistency(7, 7, &root, &other, &[]),
            Err(ProofError::RootMismatch)
        );
    }
}
