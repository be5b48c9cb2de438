//! Property tests of proofs and tile paths.

use std::sync::OnceLock;

use proptest::prelude::*;
use tlog::{
    Hash, MemoryHashes, Tile, TileKind, append_leaf_hashes, consistency_proof, inclusion_proof,
    leaf_hash, tree_hash, verify_consistency, verify_inclusion,
};

const LEAVES: u64 = 1500;

/// One log shared by all cases: leaf i is the hash of i's bytes.
fn store() -> &'static MemoryHashes {
    static STORE: OnceLock<MemoryHashes> = OnceLock::new();
    STORE.get_or_init(|| {
        let leaves: Vec<Hash> = (0..LEAVES).map(leaf).collect();
        let mut store = MemoryHashes::new();
        store.extend(&append_leaf_hashes(&store, 0, &leaves).unwrap().hashes);
        store
    })
}

fn leaf(i: u64) -> Hash {
    leaf_hash(&i.to_be_bytes())
}

fn flip(hash: &Hash, bit: usize) -> Hash {
    let mut bytes = hash.0;
    bytes[bit / 8 % 32] ^= 1 << (bit % 8);
    Hash(bytes)
}

/// (index, size) with index < size ≤ LEAVES.
fn leaf_in_tree() -> impl Strategy<Value = (u64, u64)> {
    (1..=LEAVES).prop_flat_map(|size| (0..size, Just(size)))
}

/// (old, new) with 1 ≤ old ≤ new ≤ LEAVES.
fn size_pair() -> impl Strategy<Value = (u64, u64)> {
    (1..=LEAVES).prop_flat_map(|new| (1..=new, Just(new)))
}

proptest! {
    #[test]
    fn inclusion_proofs_verify((index, size) in leaf_in_tree()) {
        let root = tree_hash(store(), size).unwrap();
        let proof = inclusion_proof(store(), index, size).unwrap();
        prop_assert!(verify_inclusion(&leaf(index), index, size, &proof, &root).is_ok());
    }

    #[test]
    fn tampered_inclusion_fails(
        (index, size) in leaf_in_tree(),
        bit in 0usize..256,
        pick in 0usize..64,
    ) {
        let root = tree_hash(store(), size).unwrap();
        let mut proof = inclusion_proof(store(), index, size).unwrap();
        let leaf = leaf(index);
        prop_assert!(verify_inclusion(&flip(&leaf, bit), index, size, &proof, &root).is_err());
        prop_assert!(verify_inclusion(&leaf, index, size, &proof, &flip(&root, bit)).is_err());
        // A size is only meaningful with its own tree head (both come from one checkpoint).
        if size < LEAVES {
            let bigger = tree_hash(store(), size + 1).unwrap();
            prop_assert!(verify_inclusion(&leaf, index, size + 1, &proof, &bigger).is_err());
        }
        if index < size - 1 {
            let smaller = tree_hash(store(), size - 1).unwrap();
            prop_assert!(verify_inclusion(&leaf, index, size - 1, &proof, &smaller).is_err());
        }
        if !proof.is_empty() {
            let at = pick % proof.len();
            proof[at] = flip(&proof[at], bit);
            prop_assert!(verify_inclusion(&leaf, index, size, &proof, &root).is_err());
        }
    }

    #[test]
    fn consistency_proofs_verify((old, new) in size_pair()) {
        let old_root = tree_hash(store(), old).unwrap();
        let new_root = tree_hash(store(), new).unwrap();
        let proof = consistency_proof(store(), old, new).unwrap();
        prop_assert!(verify_consistency(old, new, &old_root, &new_root, &proof).is_ok());
    }

    #[test]
    fn tampered_consistency_fails(
        (old, new) in size_pair(),
        bit in 0usize..256,
        pick in 0usize..64,
    ) {
        let old_root = tree_hash(store(), old).unwrap();
        let new_root = tree_hash(store(), new).unwrap();
        let mut proof = consistency_proof(store(), old, new).unwrap();
        let flipped_old = flip(&old_root, bit);
        prop_assert!(verify_consistency(old, new, &flipped_old, &new_root, &proof).is_err());
        let flipped_new = flip(&new_root, bit);
        prop_assert!(verify_consistency(old, new, &old_root, &flipped_new, &proof).is_err());
        if new < LEAVES {
            let bigger = tree_hash(store(), new + 1).unwrap();
            prop_assert!(verify_consistency(old, new + 1, &old_root, &bigger, &proof).is_err());
        }
        if old > 1 {
            let smaller = tree_hash(store(), old - 1).unwrap();
            prop_assert!(verify_consistency(old - 1, new, &smaller, &new_root, &proof).is_err());
        }
        if !proof.is_empty() {
            let at = pick % proof.len();
            proof[at] = flip(&proof[at], bit);
            prop_assert!(verify_consistency(old, new, &old_root, &new_root, &proof).is_err());
        }
    }

    #[test]
    fn tile_paths_round_trip(
        level in 0u8..=7,
        index in any::<u64>(),
        width in 1u16..=256,
        entries: bool,
    ) {
        let kind = if entries { TileKind::Entries } else { TileKind::Hashes { level } };
        // Keep the tile within the largest tree: shrink the index to fit its level.
        let leaves_per_tile_bits = if entries { 8 } else { 8 * (u32::from(level) + 1) };
        let index = index.checked_shr(leaves_per_tile_bits + 2).unwrap_or(0);
        if let Ok(tile) = Tile::new(kind, index, width) {
            prop_assert_eq!(Tile::parse_path(&tile.path()), Ok(tile));
        }
    }

    #[test]
    fn tile_index_round_trips(index in any::<u64>()) {
        prop_assert_eq!(tlog::parse_tile_index(&tlog::format_tile_index(index)), Ok(index));
    }

    #[test]
    fn arbitrary_paths_never_panic(path in "tile/[0-9a-z./x]{0,30}") {
        if let Ok(tile) = Tile::parse_path(&path) {
            prop_assert_eq!(tile.path(), path);
        }
    }
}
