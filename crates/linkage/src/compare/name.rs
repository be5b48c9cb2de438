//! Comparing two names: exact, close, fuzzy, a part left off, or different.

use crate::distance::{edit_distance_within, jaro_winkler_from};
use crate::phonetic::SoundKey;
use crate::record::{Record, Store};

/// Jaro–Winkler similarity at which two names count as the same name misspelt.
const NAME_CLOSE: f64 = 0.94;
/// Similarity at which two names are only related (shared tokens, heavy typos).
const NAME_FUZZY: f64 = 0.85;
/// Similarity at which two single name tokens are taken as the same word.
const TOKEN_SAME: f64 = 0.90;
/// Similarity two names (or two tokens) of one sound need besides the sound to count as
/// one name: phonetic keys are short, and "Jessj" and "Joshua" both sound "ys".
const SOUND_SIMILARITY_MIN: f64 = 0.80;
/// Edits two whole names may differ by and still count as one name misspelt, when only
/// their letter-by-letter likeness or their sound says so: "Charlotte Orchard" and
/// "Charles Orchard" look alike (Jaro–Winkler 0.94) and may sound alike, but four edits
/// make another given name, not a typo.
const NAME_EDITS_CLOSE: usize = 2;
/// Tokens looked at per name when aligning tokens.
const TOKENS_MAX: usize = 8;

pub(super) fn compare_names(store: &Store, a: &Record, b: &Record) -> u8 {
    if a.name_key == 0 || b.name_key == 0 {
        return 0;
    }
    if a.name_key == b.name_key {
        return 1;
    }
    let (plain_a, plain_b) = (store.text(a.name), store.text(b.name));
    let (sorted_a, sorted_b) = (store.text(a.name_sorted), store.text(b.name_sorted));
    // Every threshold below is at least the sound floor, so a similarity under it need
    // not be exact.
    let similarity_of =
        |x: &str, y: &str| jaro_winkler_from(x.as_bytes(), y.as_bytes(), SOUND_SIMILARITY_MIN);
    let mut similarity = similarity_of(plain_a, plain_b);
    // Word order matters only when it differs; the sorted form is then a second look.
    if similarity < NAME_CLOSE && (sorted_a != plain_a || sorted_b != plain_b) {
        similarity = similarity.max(similarity_of(sorted_a, sorted_b));
    }
    // The same sound is earned as "close" only with a resembling spelling too, and a
    // likeness letter by letter only when few letters differ.
    let alike = similarity >= NAME_CLOSE
        || a.name_sound == b.name_sound && similarity >= SOUND_SIMILARITY_MIN;
    if alike && few_edits(plain_a, plain_b, sorted_a, sorted_b) {
        return 2;
    }
    let joined_equal = plain_a
        .bytes()
        .filter(|&c| c != b' ')
        .eq(plain_b.bytes().filter(|&c| c != b' '));
    let tokens = align_tokens(plain_a, plain_b);
    if joined_equal || tokens.covers_shorter && tokens.full >= 2 {
        return 2;
    }
    // Every word of the shorter name is in the longer one, spelt out: a part was left
    // off ("Pringle" and "Xanthe Pringle"). EM weighs this apart from fuzzy names, as
    // registries differ in how often a second registration drops a name.
    if tokens.covers_shorter && tokens.full == tokens.matched && tokens.longer > tokens.full {
        return NAME_PART_MISSING;
    }
    // A word in common and another with no counterpart ("Siti Aminah" and "Siti
    // Rahayu"): the shared word makes the whole names look alike letter by letter, but
    // namesakes and relatives share a word as often. EM weighs this apart from names
    // that are only misspelt.
    if tokens.full >= 1 && !tokens.covers_shorter {
        return NAME_WORD_DIFFERS;
    }
    if similarity >= NAME_FUZZY || tokens.full >= 1 && tokens.matched * 2 >= tokens.longer {
        return 3;
    }
    4
}

/// Name level for a name whose words all appear, whole, in the other, longer name.
pub const NAME_PART_MISSING: u8 = 5;
/// Name level for names with a word in common and another word that has no
/// counterpart in the other name.
pub const NAME_WORD_DIFFERS: u8 = 6;

/// How the tokens of two names line up.
#[derive(Debug, Default, PartialEq, Eq)]
struct TokenAlignment {
    /// Tokens of the shorter name matched by a whole word (not only an initial).
    full: usize,
    /// Tokens of the shorter name matched, initials included.
    matched: usize,
    /// Every token of the shorter name found in the longer one.
    covers_shorter: bool,
    longer: usize,
}

/// Matches each token of the shorter name to an unused token of the longer one: the same
/// word, a close spelling, the same sound, or an initial ("S." for "Santoso").
fn align_tokens(a: &str, b: &str) -> TokenAlignment {
    let (mut a_tokens, mut b_tokens) = ([""; TOKENS_MAX], [""; TOKENS_MAX]);
    let a_count = fill_tokens(a, &mut a_tokens);
    let b_count = fill_tokens(b, &mut b_tokens);
    let (short, long) = if a_count <= b_count {
        (&a_tokens[..a_count], &b_tokens[..b_count])
    } else {
        (&b_tokens[..b_count], &a_tokens[..a_count])
    };
    // Sound keys once per token, not once per pair of tokens tried.
    let sounds_long: Vec<SoundKey> = long.iter().map(|t| SoundKey::of(t)).collect();
    let mut used = [false; TOKENS_MAX];
    let mut out = TokenAlignment {
        longer: long.len(),
        ..TokenAlignment::default()
    };
    for token in short {
        let sound = SoundKey::of(token);
        let found = (0..long.len())
            .find(|&i| !used[i] && tokens_match(token, long[i], &sound, &sounds_long[i]));
        if let Some(index) = found {
            used[index] = true;
            out.matched += 1;
            if token.len() > 1 && long[index].len() > 1 {
                out.full += 1;
            }
        }
    }
    out.covers_shorter = out.matched == short.len();
    out
}

fn fill_tokens<'a>(name: &'a str, tokens: &mut [&'a str; TOKENS_MAX]) -> usize {
    let mut count = 0;
    for (slot, token) in tokens.iter_mut().zip(name.split(' ')) {
        *slot = token;
        count += 1;
    }
    count
}

/// Whether two names differ by at most [`NAME_EDITS_CLOSE`] edits, as written or with
/// their words sorted.
fn few_edits(plain_a: &str, plain_b: &str, sorted_a: &str, sorted_b: &str) -> bool {
    edit_distance_within(plain_a.as_bytes(), plain_b.as_bytes(), NAME_EDITS_CLOSE).is_some()
        || (sorted_a != plain_a || sorted_b != plain_b)
            && edit_distance_within(sorted_a.as_bytes(), sorted_b.as_bytes(), NAME_EDITS_CLOSE)
                .is_some()
}

/// Edits a word may differ by and still be the same word misspelt: one in a word of up
/// to four letters, two in a longer one ("Kylie" and "Kylvie", "Sutrisno" and
/// "Sutresno", but not "Charlotte" and "Charles").
fn token_edits_max(a: &str, b: &str) -> usize {
    if a.len().min(b.len()) <= 4 { 1 } else { 2 }
}

fn tokens_match(a: &str, b: &str, sound_a: &SoundKey, sound_b: &SoundKey) -> bool {
    if a == b {
        return true;
    }
    if a.len() == 1 || b.len() == 1 {
        return a.as_bytes().first() == b.as_bytes().first();
    }
    let similarity = jaro_winkler_from(a.as_bytes(), b.as_bytes(), SOUND_SIMILARITY_MIN);
    let alike =
        similarity >= TOKEN_SAME || sound_a == sound_b && similarity >= SOUND_SIMILARITY_MIN;
    alike && edit_distance_within(a.as_bytes(), b.as_bytes(), token_edits_max(a, b)).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{PersonFields, parse_person};

    fn level(x: &str, y: &str) -> u8 {
        let mut store = Store::default();
        for name in [x, y] {
            store.push(&parse_person(&PersonFields {
                id: "x",
                name,
                ..PersonFields::default()
            }));
        }
        store.count_names();
        compare_names(&store, &store.records[0], &store.records[1])
    }

    #[test]
    fn name_levels() {
        assert_eq!(level("Budi Santoso", "Santoso Budi"), 1);
        assert_eq!(level("Budi Santoso", "Budi S. Wijaya"), 3);
        assert_eq!(level("Budi Santoso Wijaya", "Budi S. Wijaya"), 2);
        assert_eq!(level("Nur Hayati", "Nurhayati"), 2);
        assert_eq!(level("Budi", "Budi Santoso"), NAME_PART_MISSING);
        assert_eq!(level("Pringle", "Xanthe Pringle"), NAME_PART_MISSING);
        // One word shared, the other different: its own level, however alike the
        // whole names look letter by letter.
        for (x, y) in [
            ("Budi Santoso", "Bambang Santoso"),
            ("Siti Aminah", "Siti Rahayu"),
            ("Charlotte Vincent", "Charlotte McCracken"),
            ("Siti Nur Hayati", "Dewi Nur Hayati"),
        ] {
            assert_eq!(level(x, y), NAME_WORD_DIFFERS, "{x} {y}");
        }
        // Misspelt, not replaced: still fuzzy or better.
        assert!(level("Kynan Dooley", "Kynzn Doolqey") <= 3);
        assert_eq!(level("Budi Santoso", "Sri Wahyuni"), 4);
        // One sound, but nothing else in common: not even fuzzy.
        assert_eq!(level("jessj", "joshua"), 4);
        // Alike letter by letter, but another given name: the family name is the one
        // word in common.
        assert_eq!(
            level("Charlotte Orchard", "Charles Orchard"),
            NAME_WORD_DIFFERS
        );
        assert_eq!(
            level("Christopher Smith", "Christina Smith"),
            NAME_WORD_DIFFERS
        );
        // Misspelt by one or two letters: close.
        for (x, y) in [
            ("Kylie Koziol", "Kylvie Koziol"),
            ("Kynan Dooley", "Kynan Doolqey"),
        ] {
            assert_eq!(level(x, y), 2, "{x} {y}");
        }
        // Spellings of one sound that also look alike stay close (or better).
        for (x, y) in [("Zainal Abidin", "Sainal Abidin"), ("Sutrisno", "Sutresno")] {
            assert!(level(x, y) <= 2, "{x} {y}");
        }
        assert_eq!(level("Selamet Riyadi", "Slamet Riyadi"), 2);
        // An initial alone is weak: the family name agrees, the given name only by
        // its first letter.
        assert_eq!(level("Budi Santoso", "B. Santoso"), 3);
    }
}
