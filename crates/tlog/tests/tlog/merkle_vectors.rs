//! RFC 6962 reference tree and the transparency-dev/merkle inclusion and consistency probes.

use serde_json::Value;
use tlog::{
    Hash, MemoryHashes, ProofError, append_leaf_hashes, consistency_proof, empty_root,
    inclusion_proof, leaf_hash, tree_hash, verify_consistency, verify_inclusion,
};

use crate::support::{base64, hex, hex_hash, json_files, read_json};

/// The one probe whose expectation this crate declines: it wants 12-byte "roots" that merely
/// compare equal to be accepted; hashes here are exactly 32 bytes, so it is refused.
const DECLINED_PROBE: &str = "sizes-are-equal-one-and-proof-is-empty.json";

fn reference_store() -> (MemoryHashes, Vec<Hash>) {
    let tree = read_json("rfc6962_reference_tree.json");
    let leaves: Vec<Hash> = tree["leaf_inputs_hex"]
        .as_array()
        .unwrap()
        .iter()
        .map(|input| leaf_hash(&hex(input.as_str().unwrap())))
        .collect();
    let mut store = MemoryHashes::new();
    store.extend(&append_leaf_hashes(&store, 0, &leaves).unwrap().hashes);
    (store, leaves)
}

#[test]
fn reference_tree_roots_and_subtrees() {
    let tree = read_json("rfc6962_reference_tree.json");
    let (store, leaves) = reference_store();
    for (size, root) in tree["root_hash_by_tree_size"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        assert_eq!(
            tree_hash(&store, size as u64).unwrap(),
            hex_hash(root),
            "size {size}"
        );
    }
    assert_eq!(tree_hash(&store, 0).unwrap(), empty_root());
    for (level, hashes) in tree["node_hashes_by_level"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        for (n, hash) in hashes.as_array().unwrap().iter().enumerate() {
            let index = tlog::stored_hash_index(level as u8, n as u64).unwrap();
            assert_eq!(
                tlog::HashReader::read_hashes(&store, &[index]).unwrap()[0],
                hex_hash(hash)
            );
        }
    }
    assert_eq!(leaves.len(), 8);
}

#[test]
fn reference_proofs_are_generated_and_verify() {
    let proofs = read_json("rfc6962_reference_proofs.json");
    let (store, _) = reference_store();
    let hashes = |v: &Value| -> Vec<Hash> { v.as_array().unwrap().iter().map(hex_hash).collect() };
    let inclusion = proofs["inclusion"].as_array().unwrap();
    for case in inclusion {
        let (index, size) = (
            case["leaf_index"].as_u64().unwrap(),
            case["tree_size"].as_u64().unwrap(),
        );
        let proof = hashes(&case["proof"]);
        assert_eq!(
            inclusion_proof(&store, index, size).unwrap(),
            proof,
            "{index}/{size}"
        );
        let (leaf, root) = (hex_hash(&case["leaf_hash"]), hex_hash(&case["root"]));
        verify_inclusion(&leaf, index, size, &proof, &root).unwrap();
    }
    let consistency = proofs["consistency"].as_array().unwrap();
    for case in consistency {
        let (old, new) = (
            case["size1"].as_u64().unwrap(),
            case["size2"].as_u64().unwrap(),
        );
        let proof = hashes(&case["proof"]);
        assert_eq!(
            consistency_proof(&store, old, new).unwrap(),
            proof,
            "{old}/{new}"
        );
        let (old_root, new_root) = (hex_hash(&case["root1"]), hex_hash(&case["root2"]));
        verify_consistency(old, new, &old_root, &new_root, &proof).unwrap();
    }
    assert_eq!((inclusion.len(), consistency.len()), (36, 36));
}

/// A probe's hashes, strictly parsed: anything that is not 32 bytes fails like a bad proof.
fn strict_hashes(case: &Value, field: &str) -> Result<Vec<Hash>, ()> {
    match &case[field] {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .iter()
            .map(|v| Hash::from_slice(&base64(v)).map_err(|_| ()))
            .collect(),
        _ => Err(()),
    }
}

fn strict_hash(case: &Value, field: &str) -> Result<Hash, ()> {
    Hash::from_slice(&base64(&case[field])).map_err(|_| ())
}

fn run_inclusion(case: &Value) -> Result<(), ()> {
    let index = case["leafIdx"].as_u64().ok_or(())?;
    let size = case["treeSize"].as_u64().ok_or(())?;
    let (leaf, root) = (strict_hash(case, "leafHash")?, strict_hash(case, "root")?);
    let proof = strict_hashes(case, "proof")?;
    verify_inclusion(&leaf, index, size, &proof, &root).map_err(|_| ())
}

fn run_consistency(case: &Value) -> Result<(), ()> {
    let old = case["size1"].as_u64().ok_or(())?;
    let new = case["size2"].as_u64().ok_or(())?;
    let (old_root, new_root) = (strict_hash(case, "root1")?, strict_hash(case, "root2")?);
    let proof = strict_hashes(case, "proof")?;
    verify_consistency(old, new, &old_root, &new_root, &proof).map_err(|_| ())
}

#[test]
fn transparency_dev_inclusion_probes() {
    let files = json_files("transparency-dev-merkle/testdata/inclusion");
    assert_eq!(files.len(), 98);
    for file in files {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let want_err = case["wantErr"].as_bool().unwrap();
        assert_eq!(
            run_inclusion(&case).is_err(),
            want_err,
            "{}",
            file.display()
        );
    }
}

#[test]
fn transparency_dev_consistency_probes() {
    let files = json_files("transparency-dev-merkle/testdata/consistency");
    assert_eq!(files.len(), 98);
    let mut declined = 0;
    for file in files {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let want_err = case["wantErr"].as_bool().unwrap();
        if file.ends_with(DECLINED_PROBE) {
            assert!(!want_err && run_consistency(&case).is_err());
            declined += 1;
            continue;
        }
        assert_eq!(
            run_consistency(&case).is_err(),
            want_err,
            "{}",
            file.display()
        );
    }
    assert_eq!(declined, 1);
}

#[test]
fn old_size_zero_is_refused_with_a_reason() {
    let root = empty_root();
    assert_eq!(
        verify_consistency(0, 0, &root, &root, &[]),
        Err(ProofError::SizesOutOfOrder { old: 0, new: 0 })
    );
}
