//! Tepat's verifiable transparency log: RFC 9162 Merkle trees, proofs, and C2SP formats.
//!
//! A pure library: no database, no network, no clock. The caller stores hashes (or tiles of
//! hashes) wherever it likes and hands this crate a reader over them.
//!
//! - [`hash`]: leaf, node and empty-tree hashes.
//! - [`index`], [`reader`], [`tree`], [`proof`], [`verify`]: stored-hash numbering, appending,
//!   tree heads, inclusion and consistency proofs and their verification.
//! - [`tile`], [`tile_path`], [`tile_store`], [`bundle`]: tiles and entry bundles
//!   (c2sp.org/tlog-tiles).
//! - [`key`], [`note`], [`checkpoint`], [`cosignature`]: signed notes, checkpoints and witness
//!   cosignatures (c2sp.org/signed-note, tlog-checkpoint, tlog-cosignature).
//! - [`rebuild`]: verifying a downloaded tiled log against a checkpoint.

#![forbid(unsafe_code)]

pub mod bundle;
pub mod checkpoint;
pub mod cosignature;
pub mod hash;
pub mod index;
pub mod key;
pub mod note;
pub mod proof;
pub mod reader;
pub mod rebuild;
pub mod tile;
pub mod tile_path;
pub mod tile_store;
pub mod tree;
pub mod verify;

pub use bundle::{BundleError, MAX_ENTRY_BYTES, encode_entry_bundle, parse_entry_bundle};
pub use checkpoint::{Checkpoint, CheckpointError, OpenedCheckpoint, open_checkpoint};
pub use cosignature::{
    Cosignature, CosignatureError, MAX_CLOCK_SKEW_S, accept_cosignature, cosign,
    require_cosignatures,
};
pub use hash::{HASH_SIZE, Hash, HashError, empty_root, leaf_hash, node_hash};
pub use index::{MAX_TREE_SIZE, split_stored_hash_index, stored_hash_count, stored_hash_index};
pub use key::{Algorithm, KeyError, SignerKey, VerifierKey, key_id};
pub use note::{
    MAX_NOTE_BYTES, MAX_SIGNATURES, Note, NoteError, NoteSignature, OpenedNote, VerifiedSignature,
    open,
};
pub use proof::{HashPlan, consistency_proof, inclusion_proof, tree_hash};
pub use reader::{HashReader, MemoryHashes, ReadError, StorageError};
pub use rebuild::{RebuildError, TreeRebuilder, verify_tiled_log};
pub use tile::{
    TILE_HEIGHT, TILE_WIDTH, Tile, TileError, TileKind, changed_entry_bundles, changed_hash_tiles,
    entry_bundles_for_size, hash_tiles_for_size,
};
pub use tile_path::{format_tile_index, parse_tile_index};
pub use tile_store::{
    MemoryTiles, TileAppend, TileHashReader, TileReader, append_to_tiles, read_tile_data,
};
pub use tree::{Appended, TreeError, append_leaf_hashes};
pub use verify::{ProofError, root_from_inclusion_proof, verify_consistency, verify_inclusion};
