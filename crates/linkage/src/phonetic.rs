//! A phonetic key for Indonesian names, where English Soundex fails.
//!
//! Indonesian spelling varies in ways Soundex does not model: z/s and f/p/v in Arabic
//! loan names (Zainal/Sainal, Fatimah/Patimah), the silent final h (Aisyah/Aisya), the
//! schwa that is written or not (Selamet/Slamet), e/i and o/u (Sutrisno/Sutresno),
//! and digraphs (kh, sy, ny, dz). The key keeps the initial sound and the consonant
//! skeleton after mapping those classes together.

/// Longest phonetic key kept, in bytes; longer tokens are cut (no real name part has
/// 32 consonant sounds).
const KEY_BYTES_MAX: usize = 32;

/// A phonetic key held on the stack, so that comparing two tokens allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SoundKey {
    bytes: [u8; KEY_BYTES_MAX],
    len: usize,
}

impl SoundKey {
    /// The key of one canonical token (see [`crate::normalise::canonical_token`]).
    pub fn of(token: &str) -> SoundKey {
        let bytes = token.as_bytes();
        let mut key = SoundKey {
            bytes: [0; KEY_BYTES_MAX],
            len: 0,
        };
        let mut i = 0;
        while i < bytes.len() && key.len < KEY_BYTES_MAX {
            let (class, used) = sound_class(bytes, i);
            i += used;
            let Some(class) = class else { continue };
            // Vowels after the first sound are dropped: they vary most between spellings.
            let vowel_later = class == b'a' && key.len > 0;
            if vowel_later || key.len > 0 && key.bytes[key.len - 1] == class {
                continue;
            }
            key.bytes[key.len] = class;
            key.len += 1;
        }
        key
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

/// The phonetic key of one canonical token as text.
pub fn phonetic_token(token: &str) -> String {
    SoundKey::of(token).as_str().to_owned()
}

/// The phonetic key of a whole normalised name: token keys sorted and joined, so that
/// word order does not matter.
pub fn phonetic_name(name: &str) -> String {
    let mut keys: Vec<String> = name
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(phonetic_token)
        .collect();
    keys.sort_unstable();
    keys.join(" ")
}

/// Maps the sound starting at `i` to its class letter and says how many bytes it used.
/// `None` drops the sound (a final h after a vowel, an h after a consonant).
fn sound_class(bytes: &[u8], i: usize) -> (Option<u8>, usize) {
    let b = bytes[i];
    let next = bytes.get(i + 1).copied();
    let at_end = i + 1 == bytes.len();
    match (b, next) {
        (b'k' | b'g' | b'd' | b't' | b's' | b'p', Some(b'h')) => (Some(consonant(b)), 2),
        (b's', Some(b'y')) => (Some(b's'), 2),
        (b'n', Some(b'y')) => (Some(b'n'), 2),
        (b'n', Some(b'g')) => (Some(b'n'), 2),
        (b'd', Some(b'z')) => (Some(b's'), 2),
        (b'h', _) if at_end => (None, 1),
        (b'h', _) if i > 0 && !is_vowel_byte(bytes[i - 1]) => (None, 1),
        (b'y', _) if i > 0 => (Some(b'a'), 1),
        (b'a' | b'e' | b'i' | b'o' | b'u', _) => (Some(b'a'), 1),
        (b, _) if b.is_ascii_lowercase() => (Some(consonant(b)), 1),
        _ => (None, 1),
    }
}

fn consonant(b: u8) -> u8 {
    match b {
        b'c' | b'q' | b'k' | b'x' => b'k',
        b'z' | b's' => b's',
        b'f' | b'v' | b'p' => b'p',
        b'd' | b't' => b't',
        other => other,
    }
}

fn is_vowel_byte(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::normalise_name;
    use proptest::prelude::*;

    fn key(raw: &str) -> String {
        phonetic_name(&normalise_name(raw))
    }

    #[test]
    fn spelling_variants_share_a_key() {
        let pairs = [
            ("Slamet", "Selamet"),
            ("Sutrisno", "Sutresno"),
            ("Fatimah", "Patimah"),
            ("Aisyah", "Aisya"),
            ("Zainal", "Sainal"),
            ("Rizki", "Riski"),
            ("Dzulkifli", "Zulkifli"),
            ("Candra", "Chandra"),
            ("Soekarno", "Sukarno"),
            ("Stefanus", "Stephanus"),
            ("Ermawati", "Irmawati"),
        ];
        for (a, b) in pairs {
            assert_eq!(key(a), key(b), "{a} / {b}");
        }
    }

    #[test]
    fn different_names_keep_different_keys() {
        assert_ne!(key("Budi"), key("Bayu"));
        assert_ne!(key("Sri"), key("Siti"));
        assert_ne!(key("Agus"), key("Agung"));
    }

    #[test]
    fn word_order_does_not_matter() {
        assert_eq!(key("Budi Santoso"), key("Santoso Budi"));
        assert_eq!(key(""), "");
    }

    proptest! {
        #[test]
        fn keys_are_never_longer_than_tokens(token in "[a-z]{0,20}") {
            prop_assert!(phonetic_token(&token).len() <= token.len());
        }
    }
}
