//! Signer and verifier keys for signed notes (c2sp.org/signed-note) and cosignatures.
//!
//! Verifier keys are written `<name>+<hex key ID>+base64(<type> ‖ <32-byte public key>)`;
//! signer keys `PRIVATE+KEY+<name>+<hex key ID>+base64(<type> ‖ <32-byte seed>)`, the form
//! Go's `golang.org/x/mod/sumdb/note` uses. The key ID is the first four bytes of
//! SHA-256(name ‖ "\n" ‖ type ‖ public key).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest as _, Sha256};

/// Prefix of a signer key, marking it as secret wherever it is pasted.
const PRIVATE_KEY_PREFIX: &str = "PRIVATE+KEY+";

/// The signature algorithm of a key, and its type byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// Ed25519 over the note text (type 0x01), used by logs to sign checkpoints.
    Ed25519,
    /// Timestamped Ed25519 witness cosignature, `cosignature/v1` (type 0x04).
    CosignatureV1,
}

impl Algorithm {
    /// The signature type byte.
    pub fn type_byte(self) -> u8 {
        match self {
            Algorithm::Ed25519 => 0x01,
            Algorithm::CosignatureV1 => 0x04,
        }
    }

    fn from_type_byte(byte: u8) -> Result<Self, KeyError> {
        match byte {
            0x01 => Ok(Algorithm::Ed25519),
            0x04 => Ok(Algorithm::CosignatureV1),
            other => Err(KeyError::UnsupportedAlgorithm(other)),
        }
    }
}

/// Why a key could not be read, made or used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("key is not of the form name+keyid+key")]
    Malformed,
    #[error("key name must be non-empty without spaces or '+', got {0:?}")]
    BadName(String),
    #[error("key ID must be 8 hex digits, got {0:?}")]
    BadKeyId(String),
    #[error("key ID {key_id:08x} does not match name {name:?} and key")]
    KeyIdMismatch { name: String, key_id: u32 },
    #[error("signature type {0:#04x} is not supported")]
    UnsupportedAlgorithm(u8),
    #[error("key material is not valid")]
    BadKeyMaterial,
    #[error("no randomness available to generate a key")]
    Randomness,
    #[error("key is for {actual:?} signatures, not {expected:?}")]
    WrongAlgorithm {
        expected: Algorithm,
        actual: Algorithm,
    },
}

/// Checks a key name: non-empty, no Unicode white space, no `+`.
pub(crate) fn check_name(name: &str) -> Result<(), KeyError> {
    let valid = !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c == '+' || c.is_control());
    if valid {
        Ok(())
    } else {
        Err(KeyError::BadName(name.to_owned()))
    }
}

/// The key ID: the first four bytes of SHA-256(name ‖ "\n" ‖ type ‖ public key), big-endian.
pub fn key_id(name: &str, algorithm: Algorithm, public_key: &[u8; 32]) -> u32 {
    let mut hasher = Sha256::new();
    hasher.update(name.as_bytes());
    hasher.update([b'\n', algorithm.type_byte()]);
    hasher.update(public_key);
    let digest = hasher.finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// Splits `name+hexid+base64` and checks name, ID format and the typed 32-byte key material.
fn parse_encoded(text: &str) -> Result<(String, u32, Algorithm, [u8; 32]), KeyError> {
    let mut parts = text.splitn(3, '+');
    let (Some(name), Some(id), Some(material)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(KeyError::Malformed);
    };
    check_name(name)?;
    let bad_id = || KeyError::BadKeyId(id.to_owned());
    if id.len() != 8 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad_id());
    }
    let key_id = u32::from_str_radix(id, 16).map_err(|_| bad_id())?;
    let bytes = BASE64
        .decode(material)
        .map_err(|_| KeyError::BadKeyMaterial)?;
    let (&type_byte, key) = bytes.split_first().ok_or(KeyError::BadKeyMaterial)?;
    let algorithm = Algorithm::from_type_byte(type_byte)?;
    let key: [u8; 32] = key.try_into().map_err(|_| KeyError::BadKeyMaterial)?;
    Ok((name.to_owned(), key_id, algorithm, key))
}

fn encode_material(algorithm: Algorithm, key: &[u8; 32]) -> String {
    let mut bytes = Vec::with_capacity(33);
    bytes.push(algorithm.type_byte());
    bytes.extend_from_slice(key);
    BASE64.encode(bytes)
}

/// A public key that verifies note signatures or cosignatures.
#[derive(Clone, PartialEq, Eq)]
pub struct VerifierKey {
    name: String,
    key_id: u32,
    algorithm: Algorithm,
    key: VerifyingKey,
}

impl VerifierKey {
    /// A verifier key from its parts; the key ID is derived.
    pub fn new(name: &str, algorithm: Algorithm, public_key: [u8; 32]) -> Result<Self, KeyError> {
        check_name(name)?;
        let key = VerifyingKey::from_bytes(&public_key).map_err(|_| KeyError::BadKeyMaterial)?;
        let key_id = key_id(name, algorithm, &public_key);
        Ok(VerifierKey {
            name: name.to_owned(),
            key_id,
            algorithm,
            key,
        })
    }

    /// Reads a verifier key (`name+hexid+base64(type ‖ key)`), checking its key ID.
    pub fn parse(vkey: &str) -> Result<Self, KeyError> {
        let (name, id, algorithm, public_key) = parse_encoded(vkey)?;
        let key = Self::new(&name, algorithm, public_key)?;
        if key.key_id != id {
            return Err(KeyError::KeyIdMismatch { name, key_id: id });
        }
        Ok(key)
    }

    /// The key's name, as it appears in signature lines.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key ID.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The signature algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The 32-byte Ed25519 public key.
    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    /// Verifies an Ed25519 signature over `message`. Strict verification refuses
    /// small-order keys and non-canonical signatures, which no honest signer produces.
    pub(crate) fn verify_raw(&self, message: &[u8], signature: &[u8]) -> bool {
        let Ok(signature) = Signature::from_slice(signature) else {
            return false;
        };
        self.key.verify_strict(message, &signature).is_ok()
    }
}

impl fmt::Display for VerifierKey {
    /// The verifier key string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let material = encode_material(self.algorithm, &self.key.to_bytes());
        write!(f, "{}+{:08x}+{material}", self.name, self.key_id)
    }
}

impl fmt::Debug for VerifierKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VerifierKey({self})")
    }
}

/// A private key that signs notes or cosigns checkpoints. `Debug` never shows the secret.
#[derive(Clone)]
pub struct SignerKey {
    name: String,
    key_id: u32,
    algorithm: Algorithm,
    key: SigningKey,
}

impl SignerKey {
    /// A signer key from a 32-byte Ed25519 seed: deterministic, for tests and key stores.
    pub fn from_seed(name: &str, algorithm: Algorithm, seed: [u8; 32]) -> Result<Self, KeyError> {
        check_name(name)?;
        let key = SigningKey::from_bytes(&seed);
        let key_id = key_id(name, algorithm, &key.verifying_key().to_bytes());
        Ok(SignerKey {
            name: name.to_owned(),
            key_id,
            algorithm,
            key,
        })
    }

    /// A new key from the operating system's randomness.
    pub fn generate(name: &str, algorithm: Algorithm) -> Result<Self, KeyError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|_| KeyError::Randomness)?;
        Self::from_seed(name, algorithm, seed)
    }

    /// Reads a signer key (`PRIVATE+KEY+name+hexid+base64(type ‖ seed)`), checking its ID.
    pub fn parse(skey: &str) -> Result<Self, KeyError> {
        let rest = skey
            .strip_prefix(PRIVATE_KEY_PREFIX)
            .ok_or(KeyError::Malformed)?;
        let (name, id, algorithm, seed) = parse_encoded(rest)?;
        let key = Self::from_seed(&name, algorithm, seed)?;
        if key.key_id != id {
            return Err(KeyError::KeyIdMismatch { name, key_id: id });
        }
        Ok(key)
    }

    /// The signer key string. It is secret: store it as such.
    pub fn to_private_string(&self) -> String {
        let material = encode_material(self.algorithm, self.key.as_bytes());
        format!(
            "{PRIVATE_KEY_PREFIX}{}+{:08x}+{material}",
            self.name, self.key_id
        )
    }

    /// The matching verifier key.
    pub fn verifier(&self) -> VerifierKey {
        let key = self.key.verifying_key();
        VerifierKey {
            name: self.name.clone(),
            key_id: self.key_id,
            algorithm: self.algorithm,
            key,
        }
    }

    /// The key's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key ID.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The signature algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// Signs `message` with Ed25519, for a key of `algorithm`.
    pub(crate) fn sign_raw(
        &self,
        algorithm: Algorithm,
        message: &[u8],
    ) -> Result<[u8; 64], KeyError> {
        if self.algorithm != algorithm {
            return Err(KeyError::WrongAlgorithm {
                expected: algorithm,
                actual: self.algorithm,
            });
        }
        Ok(self.key.sign(message).to_bytes())
    }
}

impl fmt::Debug for SignerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SignerKey({}+{:08x}, {:?}, secret redacted)",
            self.name, self.key_id, self.algorithm
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    // From golang.org/x/mod/sumdb/note tests (BSD-3-Clause); see tests/data/README.md.
    const SKEY: &str =
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    const VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

    #[test]
    fn keys_round_trip_and_match() {
        let signer = SignerKey::parse(SKEY).unwrap();
        assert_eq!(signer.to_private_string(), SKEY);
        assert_eq!(signer.verifier().to_string(), VKEY);
        let verifier = VerifierKey::parse(VKEY).unwrap();
        assert_eq!(verifier, signer.verifier());
        assert_eq!(verifier.key_id(), 0xc74f20a3);
        assert_eq!(verifier.name(), "PeterNeumann");
        assert_eq!(verifier.algorithm(), Algorithm::Ed25519);
        assert!(!format!("{signer:?}").contains("AYEKF"));
    }

    #[test]
    fn generated_keys_differ_and_verify() {
        let a = SignerKey::generate("log.example/a", Algorithm::Ed25519).unwrap();
        let b = SignerKey::generate("log.example/a", Algorithm::Ed25519).unwrap();
        assert_ne!(a.verifier().public_key(), b.verifier().public_key());
        let signature = a.sign_raw(Algorithm::Ed25519, b"text\n").unwrap();
        assert!(a.verifier().verify_raw(b"text\n", &signature));
        assert!(!b.verifier().verify_raw(b"text\n", &signature));
        assert!(!a.verifier().verify_raw(b"text\n", &signature[..63]));
    }

    #[test]
    fn malformed_keys_get_specific_errors() {
        assert_eq!(VerifierKey::parse("PeterNeumann"), Err(KeyError::Malformed));
        assert_eq!(SignerKey::parse(VKEY).err(), Some(KeyError::Malformed));
        let bad_name = "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
        assert!(matches!(
            VerifierKey::parse(bad_name),
            Err(KeyError::BadName(_))
        ));
        let bad_id = "PeterNeumann+c74f20+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
        assert!(matches!(
            VerifierKey::parse(bad_id),
            Err(KeyError::BadKeyId(_))
        ));
        let wrong_id = "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
        assert!(matches!(
            VerifierKey::parse(wrong_id),
            Err(KeyError::KeyIdMismatch { .. })
        ));
        let other_name = "PaulNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
        assert!(matches!(
            VerifierKey::parse(other_name),
            Err(KeyError::KeyIdMismatch { .. })
        ));
        let short = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10";
        assert_eq!(VerifierKey::parse(short), Err(KeyError::BadKeyMaterial));
        let ecdsa = format!("PeterNeumann+c74f20a3+{}", BASE64.encode([2u8; 33]));
        assert_eq!(
            VerifierKey::parse(&ecdsa),
            Err(KeyError::UnsupportedAlgorithm(0x02))
        );
        assert!(SignerKey::from_seed("a+b", Algorithm::Ed25519, [0; 32]).is_err());
        assert!(SignerKey::from_seed("", Algorithm::Ed25519, [0; 32]).is_err());
    }

    #[test]
    fn signing_with_the_wrong_algorithm_is_refused() {
        let witness = SignerKey::from_seed("w", Algorithm::CosignatureV1, [1; 32]).unwrap();
        assert_eq!(
            witness.sign_raw(Algorithm::Ed25519, b"x"),
            Err(KeyError::WrongAlgorithm {
                expected: Algorithm::Ed25519,
                actual: Algorithm::CosignatureV1
            })
        );
        let as_log = SignerKey::from_seed("w", Algorithm::Ed25519, [1; 32]).unwrap();
        assert_ne!(as_log.key_id(), witness.key_id());
    }
}
