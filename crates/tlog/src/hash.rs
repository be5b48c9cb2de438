//! SHA-256 hashes and the RFC 9162 leaf, node and empty-tree hash functions.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use sha2::{Digest as _, Sha256};

/// Size of a SHA-256 hash in bytes.
pub const HASH_SIZE: usize = 32;

/// Domain-separation prefix of a leaf hash (RFC 9162, section 2.1.1).
const LEAF_PREFIX: u8 = 0x00;
/// Domain-separation prefix of an interior node hash (RFC 9162, section 2.1.1).
const NODE_PREFIX: u8 = 0x01;

/// A SHA-256 hash: a leaf hash, a node hash or a tree head (root hash).
///
/// Always exactly 32 bytes; bytes of any other length are rejected when parsed.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Hash(pub [u8; HASH_SIZE]);

/// Why bytes or text could not be read as a hash.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    #[error("hash must be {HASH_SIZE} bytes, got {0}")]
    WrongLength(usize),
    #[error("hash is not valid base64")]
    Base64,
}

impl Hash {
    /// Reads a hash from exactly 32 bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, HashError> {
        let array: [u8; HASH_SIZE] = bytes
            .try_into()
            .map_err(|_| HashError::WrongLength(bytes.len()))?;
        Ok(Hash(array))
    }

    /// Reads a hash from standard base64 (RFC 4648, section 4), as used in checkpoints.
    pub fn from_base64(text: &str) -> Result<Self, HashError> {
        let bytes = BASE64.decode(text).map_err(|_| HashError::Base64)?;
        Self::from_slice(&bytes)
    }

    /// The hash in standard base64.
    pub fn to_base64(&self) -> String {
        BASE64.encode(self.0)
    }

    /// The 32 bytes of the hash.
    pub fn as_bytes(&self) -> &[u8; HASH_SIZE] {
        &self.0
    }
}

impl AsRef<[u8]> for Hash {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Display for Hash {
    /// Lowercase hex, the form used in logs and test vectors.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({self})")
    }
}

/// The hash of a log entry: SHA-256(0x00 ‖ entry).
pub fn leaf_hash(entry: &[u8]) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([LEAF_PREFIX]);
    hasher.update(entry);
    Hash(hasher.finalize().into())
}

/// The hash of an interior node: SHA-256(0x01 ‖ left ‖ right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([NODE_PREFIX]);
    hasher.update(left.0);
    hasher.update(right.0);
    Hash(hasher.finalize().into())
}

/// The tree head of the empty tree: SHA-256 of no bytes.
pub fn empty_root() -> Hash {
    Hash(Sha256::digest([]).into())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn empty_root_is_sha256_of_nothing() {
        let expected = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(empty_root().to_string(), expected);
    }

    #[test]
    fn leaf_and_node_hashes_match_rfc_6962_reference() {
        let leaf0 = leaf_hash(b"");
        let leaf1 = leaf_hash(&[0x00]);
        assert_eq!(
            leaf0.to_string(),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
        );
        assert_eq!(
            node_hash(&leaf0, &leaf1).to_string(),
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"
        );
    }

    #[test]
    fn from_slice_rejects_other_lengths() {
        assert_eq!(Hash::from_slice(&[]), Err(HashError::WrongLength(0)));
        assert_eq!(Hash::from_slice(&[0; 33]), Err(HashError::WrongLength(33)));
        assert!(Hash::from_slice(&[7; 32]).is_ok());
    }

    #[test]
    fn base64_round_trips_and_rejects_garbage() {
        let hash = leaf_hash(b"hello world");
        assert_eq!(
            hash.to_base64(),
            "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0="
        );
        assert_eq!(Hash::from_base64(&hash.to_base64()).unwrap(), hash);
        assert_eq!(Hash::from_base64("not base64!"), Err(HashError::Base64));
        assert_eq!(
            Hash::from_base64("ZG9uJ3QgY2FyZSAy"),
            Err(HashError::WrongLength(12))
        );
    }
}
