//! SQL for the registry. Every write adds a version row (who, when, why, what changed and
//! the whole record) and an event in the same transaction; nothing is deleted.

pub mod batch;
pub mod consistency;
pub mod family;
pub mod read;
mod update;
pub mod versions;
pub mod views;

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::{HouseholdRecord, PersonRecord};
use crate::db::{Db, StoreError, Tx};
use crate::events::{Action, Actor};

pub const HOUSEHOLD_CREATED: Action = Action("household.created");
pub const HOUSEHOLD_CORRECTED: Action = Action("household.corrected");
pub const HOUSEHOLD_MOVED: Action = Action("household.moved");
pub const HOUSEHOLD_CLOSED: Action = Action("household.closed");

/// Keys per `IN (…)` lookup.
pub const KEYS_PER_LOOKUP: usize = 1_000;

/// Starts a transaction that writes (see [`Db::begin_write`]).
pub async fn begin_write(db: &Db) -> Result<Tx, StoreError> {
    db.begin_write().await
}

/// Who writes, and why; carried into every version row and event.
#[derive(Debug, Clone)]
pub struct Acting {
    pub actor: Actor,
    pub request_id: Option<String>,
    /// Why the record changed ("import of keluarga-2026-11.xlsx", "koreksi nama" …).
    pub reason: String,
}

/// A household's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct HouseholdId(pub i64);

/// A person's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct PersonId(pub i64);

/// The canonical JSON of a household's attributes, as kept in its version rows.
pub fn household_snapshot(record: &HouseholdRecord) -> String {
    serde_json::to_string(record).unwrap_or_default()
}

/// The canonical JSON of a person's attributes.
pub fn person_snapshot(record: &PersonRecord) -> String {
    serde_json::to_string(record).unwrap_or_default()
}

/// A short digest of a snapshot, to tell an unchanged record without reading it back.
pub fn content_hash(snapshot: &str) -> String {
    hex::encode(&Sha256::digest(snapshot.as_bytes())[..16])
}

/// The full hex SHA-256 of a snapshot's text, kept beside it in its version row
/// (`record_versions.snapshot_sha256`): the transparency log's entry of the event that
/// wrote the version commits to it (`audit/record.rs`).
pub fn snapshot_sha256(snapshot: &str) -> String {
    hex::encode(Sha256::digest(snapshot.as_bytes()))
}

/// A name folded for search and the duplicate check: compatibility forms folded (full-width
/// `ｂｕｄｉ` → `budi`, ligatures, superscripts), lowercase, accents on Latin letters
/// dropped (`Bu\u{301}di`, `Búdi` → `budi`), letters and digits only, single spaces, and old
/// spellings mapped to the current ones (Soekarno → sukarno, Djoko → joko, Tjipto → cipto).
///
/// A name of ASCII letters keeps the key it always had; only names with other characters
/// fold further than before (see `registry/README.md`).
pub fn name_key(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    // Whether the last letter kept is a Latin one, whose combining marks are accents to
    // drop; the marks of other scripts (Javanese vowel signs …) are part of the letter.
    let mut after_latin = false;
    for c in name.nfkd().flat_map(char::to_lowercase) {
        if is_combining_mark(c) {
            if after_latin {
                continue;
            }
        } else {
            after_latin = c.is_ascii_alphanumeric();
        }
        if c.is_alphanumeric() {
            folded.push(c);
        } else if !folded.ends_with(' ') && !folded.is_empty() {
            folded.push(' ');
        }
    }
    let folded = folded.trim_end();
    let mut key = folded.to_owned();
    for (old, new) in [
        ("oe", "u"),
        ("dj", "j"),
        ("tj", "c"),
        ("sj", "sy"),
        ("nj", "ny"),
        ("ch", "kh"),
    ] {
        key = key.replace(old, new);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_old_spellings_and_punctuation() {
        assert_eq!(name_key("  SOEKARNO  "), "sukarno");
        assert_eq!(name_key("Djoko Tjahjono"), "joko cahjono");
        assert_eq!(name_key("Nur'aini  M. Siregar"), "nur aini m siregar");
        assert_eq!(name_key("José"), "jose");
    }

    #[test]
    fn full_width_letters_and_combining_accents_fold_to_the_plain_name() {
        for name in [
            "Budi",
            "ｂｕｄｉ",
            "ＢＵＤＩ",
            "Bu\u{301}di",
            "B\u{fa}di",
            "BU\u{308}DI",
        ] {
            assert_eq!(name_key(name), "budi", "{name:?}");
        }
        assert_eq!(name_key("Ｓｏｅｋａｒｎｏ"), "sukarno");
        assert_eq!(name_key("Muñoz Çelik"), "munoz celik");
        // Marks of other scripts stay with their letters.
        assert_eq!(name_key("ꦱꦸꦏꦂꦤ"), "ꦱꦸꦏꦂꦤ");
        assert_ne!(name_key("ꦱꦸꦏꦂꦤ"), name_key("ꦱꦏꦂꦤ"));
    }

    /// The fold as it was before compatibility folding, to show that stored keys stay valid.
    fn key_before(name: &str) -> String {
        let mut folded = String::with_capacity(name.len());
        for c in name.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() {
                folded.push(match c {
                    'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
                    'é' | 'è' | 'ê' | 'ë' => 'e',
                    'í' | 'ì' | 'î' | 'ï' => 'i',
                    'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
                    'ú' | 'ù' | 'û' | 'ü' => 'u',
                    other => other,
                });
            } else if !folded.ends_with(' ') && !folded.is_empty() {
                folded.push(' ');
            }
        }
        let mut key = folded.trim_end().to_owned();
        for (old, new) in [
            ("oe", "u"),
            ("dj", "j"),
            ("tj", "c"),
            ("sj", "sy"),
            ("nj", "ny"),
            ("ch", "kh"),
        ] {
            key = key.replace(old, new);
        }
        key
    }

    proptest::proptest! {
        #[test]
        fn names_in_ascii_and_the_old_accents_keep_their_stored_keys(
            name in "[ -~áàâäãéèêëíìîïóòôöõúùûüÁÀÂÄÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜ]{0,40}"
        ) {
            proptest::prop_assert_eq!(name_key(&name), key_before(&name));
        }
    }
}
