//! A batch of transfers committed to by one log entry: the leaf of a transfer is a fixed
//! text of its facts, and the batch's root is the RFC 6962 Merkle tree head of its leaves in
//! the order written, the tree the transparency log itself uses. An inclusion proof shows
//! one transfer inside its batch without publishing the others.

use tlog::{Hash, leaf_hash, node_hash};

/// The leaf text's first line: the format, so a later one can be told apart.
const LEAF_FORMAT: &str = "tepat-ledger-transfer/v1";

/// The facts of a transfer the log commits to.
#[derive(Debug, Clone, Copy)]
pub struct Leaf<'a> {
    pub id: &'a str,
    pub debit_account: &'a str,
    pub credit_account: &'a str,
    pub amount: i64,
    pub phase: &'a str,
    pub pending_id: Option<&'a str>,
    pub code: &'a str,
    pub reference: Option<&'a str>,
}

impl Leaf<'_> {
    /// One fact per line, accounts by code; none of them can hold a line break (ids and
    /// codes are visible ASCII, references are record keys).
    pub fn text(&self) -> String {
        format!(
            "{LEAF_FORMAT}\nid {}\ndebit {}\ncredit {}\namount {}\nphase {}\npending {}\n\
             code {}\nreference {}\n",
            self.id,
            self.debit_account,
            self.credit_account,
            self.amount,
            self.phase,
            self.pending_id.unwrap_or("-"),
            self.code,
            self.reference.unwrap_or("-"),
        )
    }

    pub fn hash(&self) -> Hash {
        leaf_hash(self.text().as_bytes())
    }
}

/// The tree head of `leaves` (RFC 6962, section 2.1). A batch is never empty.
pub fn root(leaves: &[Hash]) -> Hash {
    match leaves {
        [] => tlog::empty_root(),
        [leaf] => *leaf,
        _ => {
            let split = split_point(leaves.len());
            node_hash(&root(&leaves[..split]), &root(&leaves[split..]))
        }
    }
}

/// The audit path of leaf `index` in `leaves` (RFC 6962, section 2.1.1), for
/// `tlog::verify_inclusion`. `None` when the index is outside the batch.
pub fn inclusion_proof(leaves: &[Hash], index: usize) -> Option<Vec<Hash>> {
    if index >= leaves.len() {
        return None;
    }
    let (mut slice, mut index) = (leaves, index);
    let mut siblings = Vec::new();
    while slice.len() > 1 {
        let split = split_point(slice.len());
        if index < split {
            siblings.push(root(&slice[split..]));
            slice = &slice[..split];
        } else {
            siblings.push(root(&slice[..split]));
            slice = &slice[split..];
            index -= split;
        }
    }
    // The path runs from the leaf up; the loop walked down from the root.
    siblings.reverse();
    Some(siblings)
}

/// The largest power of two smaller than `n` (n ≥ 2).
fn split_point(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// A root as stored in an event: lowercase hex.
pub fn to_hex(hash: &Hash) -> String {
    hex::encode(hash.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(n: usize) -> Vec<Hash> {
        (0..n)
            .map(|i| {
                Leaf {
                    id: &format!("t{i}"),
                    debit_account: "a",
                    credit_account: "b",
                    amount: i64::try_from(i).unwrap_or(0) + 1,
                    phase: "single",
                    pending_id: None,
                    code: "pay",
                    reference: None,
                }
                .hash()
            })
            .collect()
    }

    #[test]
    fn the_root_is_the_log_s_own_tree_head() {
        for n in [1, 2, 3, 5, 8, 13, 64, 100] {
            let leaves = leaves(n);
            let mut hashes = tlog::MemoryHashes::new();
            let appended = tlog::append_leaf_hashes(&hashes, 0, &leaves).expect("append");
            hashes.extend(&appended.hashes);
            assert_eq!(root(&leaves), appended.root, "batch of {n}");
        }
    }

    #[test]
    fn every_transfer_is_provable_inside_its_batch_and_no_other_is() {
        for n in [1, 2, 7, 33] {
            let leaves = leaves(n);
            let head = root(&leaves);
            for (index, leaf) in leaves.iter().enumerate() {
                let proof = inclusion_proof(&leaves, index).expect("in batch");
                let (index, size) = (index as u64, n as u64);
                assert!(tlog::verify_inclusion(leaf, index, size, &proof, &head).is_ok());
                let other = leaf_hash(b"not a transfer of this batch");
                assert!(tlog::verify_inclusion(&other, index, size, &proof, &head).is_err());
            }
            assert!(inclusion_proof(&leaves, n).is_none());
        }
    }

    #[test]
    fn changing_any_fact_changes_the_leaf() {
        let base = Leaf {
            id: "t",
            debit_account: "a",
            credit_account: "b",
            amount: 10,
            phase: "single",
            pending_id: None,
            code: "pay",
            reference: Some("entitlement:1"),
        };
        let changed = [
            Leaf { amount: 11, ..base },
            Leaf {
                credit_account: "c",
                ..base
            },
            Leaf {
                phase: "pending",
                ..base
            },
            Leaf {
                reference: None,
                ..base
            },
        ];
        for leaf in changed {
            assert_ne!(leaf.hash(), base.hash());
        }
    }
}
