//! Normalising Indonesian personal names: titles, particles, old spellings and variants.
//!
//! The result is a list of canonical tokens in the order written, so that "H. Moch. Djoko
//! Soesanto, S.Pd." and "Muhammad Joko Susanto" both become "muhamad yoko susanto".

use crate::fold::{RawWord, split_words};
use crate::vocabulary::{DEGREES, FILLER, NAME_VARIANTS, PATRONYMIC, TITLES_ALWAYS, lookup};

/// Longest name kept, in tokens. Longer input is cut: real names have at most six or
/// seven parts and the rest is usually an address or a note typed into the wrong cell.
pub const NAME_TOKENS_MAX: usize = 8;

/// Normalises a personal name to canonical tokens joined by single spaces. Returns an
/// empty string when nothing but titles or punctuation was given.
pub fn normalise_name(raw: &str) -> String {
    let words = split_words(raw);
    let mut tokens: Vec<String> = Vec::with_capacity(words.len());
    for (index, word) in words.iter().enumerate() {
        // Lists are checked against the canonical form too, so that normalising twice
        // gives the same result ("Drr" becomes "dr", which is a title).
        let canonical = canonical_token(&word.text);
        let forms = [word.text.as_str(), canonical.as_str()];
        if forms
            .iter()
            .any(|form| is_title(form, word, tokens.is_empty(), index + 1 < words.len()))
        {
            continue;
        }
        if forms.iter().any(|form| PATRONYMIC.contains(form)) && !tokens.is_empty() {
            // The father's name follows; it is not part of the person's own name and
            // is written in one record but left out in another.
            break;
        }
        if forms.iter().any(|form| FILLER.contains(form)) {
            continue;
        }
        let glued = word.pieces.len() > 1;
        let mut father_follows = false;
        for piece in &word.pieces {
            let letters: String = piece.chars().filter(|c| c.is_ascii_alphabetic()).collect();
            // "Hj.Siti": a title glued to the name by its dot.
            let canonical = canonical_token(&letters);
            let title = |form: &str| {
                TITLES_ALWAYS.contains(&form)
                    || FILLER.contains(&form)
                    || glued && DEGREES.contains(&form) && form != "m"
            };
            let patronymic =
                PATRONYMIC.contains(&letters.as_str()) || PATRONYMIC.contains(&canonical.as_str());
            if patronymic && !tokens.is_empty() {
                father_follows = true;
                break;
            }
            if !letters.is_empty() && !title(&letters) && !title(&canonical) {
                tokens.push(letters);
            }
        }
        if father_follows {
            break;
        }
    }
    let mut tokens: Vec<String> = tokens.iter().map(|token| canonical_token(token)).collect();
    join_article(&mut tokens);
    let count = tokens.len().min(NAME_TOKENS_MAX);
    let mut out = String::with_capacity(raw.len());
    for (index, token) in tokens.iter().take(count).enumerate() {
        // "M. Yusuf": a lone M before a name is the usual short form of Muhammad.
        let token = if index == 0 && count > 1 && token == "m" {
            "muhamad"
        } else {
            token.as_str()
        };
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(token);
    }
    out
}

fn is_title(text: &str, word: &RawWord, nothing_kept: bool, more_follow: bool) -> bool {
    if TITLES_ALWAYS.contains(&text) {
        return true;
    }
    if !DEGREES.contains(&text) {
        return false;
    }
    // "H Ahmad": a leading lone H is the Haji title even without its dot.
    let leading_h = text == "h" && nothing_kept && more_follow;
    word.dotted && text.len() > 1 || word.after_comma || leading_h || text == "h" && word.dotted
}

/// Joins the Arabic article to its noun ("Al Fatih" → "alfatih") since both spellings are
/// common and the article alone says nothing. Tokens are already canonical.
fn join_article(tokens: &mut Vec<String>) {
    // "Al M" must not become "alm", which reads as the title Almarhum the second time round.
    let is_word = |form: &str| TITLES_ALWAYS.contains(&form) || FILLER.contains(&form);
    let mut index = 0;
    while index + 1 < tokens.len() {
        if tokens[index] == "al" || tokens[index] == "el" {
            let joined = canonical_token(&format!("{}{}", tokens[index], tokens[index + 1]));
            if !is_word(&joined) {
                tokens.remove(index + 1);
                tokens[index] = joined;
                // The joined word may itself read as the article again ("el" + "l").
                continue;
            }
        }
        index += 1;
    }
}

/// Rewrites one lower-case token to its canonical spelling: the pre-1972 spellings
/// (oe → u, dj → j, tj → c, j → y, ch → kh), doubled letters, a final y after a consonant,
/// and the common variant table (Mochamad → muhamad, Noor → nur).
pub fn canonical_token(token: &str) -> String {
    // A registry repeats a few thousand words millions of times: each thread remembers
    // the forms it has worked out, up to a bound.
    CANONICAL_SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        if let Some(known) = seen.get(token) {
            return known.clone();
        }
        let canonical = canonical_uncached(token);
        if seen.len() >= CANONICAL_SEEN_MAX {
            seen.clear();
        }
        seen.insert(token.to_owned(), canonical.clone());
        canonical
    })
}

/// Words whose canonical form each thread remembers.
const CANONICAL_SEEN_MAX: usize = 1 << 16;

thread_local! {
    static CANONICAL_SEEN: std::cell::RefCell<std::collections::HashMap<String, String>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

fn canonical_uncached(token: &str) -> String {
    // One rewrite can expose another ("tjh" → "ch" → "kh"), so rewrite until nothing
    // changes; three rounds reach the fixed point for every token seen so far.
    let mut current = canonical_once(token);
    for _ in 0..3 {
        let again = canonical_once(&current);
        if again == current {
            break;
        }
        current = again;
    }
    current
}

fn canonical_once(token: &str) -> String {
    let modern = modern_spelling(token.as_bytes());
    let mut single = Vec::with_capacity(modern.len());
    for &b in &modern {
        if single.last() != Some(&b) {
            single.push(b);
        }
    }
    if single.len() > 2 && single.last() == Some(&b'y') {
        let before = single[single.len() - 2];
        if !is_vowel(before) {
            let last = single.len() - 1;
            single[last] = b'i';
        }
    }
    let text = String::from_utf8_lossy(&single).into_owned();
    match lookup(NAME_VARIANTS, &text) {
        Some(canonical) => canonical.to_owned(),
        None => text,
    }
}

fn modern_spelling(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 1);
    let mut i = 0;
    while i < bytes.len() {
        let next = bytes.get(i + 1).copied();
        match (bytes[i], next) {
            (b'o', Some(b'e')) => {
                out.push(b'u');
                i += 2;
            }
            // Old "dj" is modern "j", and old "j" is modern "y"; both land on "y" so
            // that Djoko, Joko and Yoko meet.
            (b'd', Some(b'j')) => {
                out.push(b'y');
                i += 2;
            }
            (b't', Some(b'j')) => {
                out.push(b'c');
                i += 2;
            }
            (b'j', _) => {
                out.push(b'y');
                i += 1;
            }
            (b'c', Some(b'h')) => {
                out.extend_from_slice(b"kh");
                i += 2;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

pub fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn strips_titles_and_degrees() {
        assert_eq!(normalise_name("H. Ahmad Dahlan"), "ahmad dahlan");
        assert_eq!(
            normalise_name("Hj. Siti Aminah, S.Pd., M.Pd."),
            "siti aminah"
        );
        assert_eq!(normalise_name("Dr. Ir. Budi Santoso"), "budi santoso");
        assert_eq!(normalise_name("Bpk. Slamet"), "slamet");
        assert_eq!(normalise_name("IBU SRI WAHYUNI S.E."), "sri wahyuni");
        assert_eq!(normalise_name("Drs. Bambang, S.H."), "bambang");
    }

    #[test]
    fn keeps_name_syllables_that_look_like_degrees() {
        assert_eq!(normalise_name("Se Kim"), "se kim");
        assert_eq!(normalise_name("Ma Ling"), "ma ling");
    }

    #[test]
    fn old_spellings_meet_modern_ones() {
        assert_eq!(normalise_name("Soekarno"), normalise_name("Sukarno"));
        assert_eq!(normalise_name("Djoko"), normalise_name("Joko"));
        assert_eq!(normalise_name("Tjahaja"), normalise_name("Cahaya"));
        assert_eq!(normalise_name("Chairul"), normalise_name("Khairul"));
        assert_eq!(normalise_name("Sjahrir"), normalise_name("Syahrir"));
    }

    #[test]
    fn muhammad_variants_meet() {
        for raw in [
            "Muhammad Rizki",
            "Mohammad Rizky",
            "Muhamad Rizki",
            "Moch. Rizki",
            "Mochamad Rizki",
            "Mhd. Rizki",
            "M. Rizki",
            "M.Rizki",
        ] {
            assert_eq!(normalise_name(raw), "muhamad rizki", "{raw}");
        }
    }

    #[test]
    fn common_variants_meet() {
        assert_eq!(
            normalise_name("Sitti Nurhaliza"),
            normalise_name("Siti Nurhaliza")
        );
        assert_eq!(normalise_name("Noor Hayati"), normalise_name("Nur Hayati"));
        assert_eq!(
            normalise_name("Abd. Rahman"),
            normalise_name("Abdul Rahman")
        );
        assert_eq!(normalise_name("Achmad"), normalise_name("Ahmad"));
    }

    #[test]
    fn patronymic_and_fillers_are_dropped() {
        assert_eq!(normalise_name("Ahmad bin Yusuf"), "ahmad");
        assert_eq!(normalise_name("Nurul binti Ali"), "nur");
        assert_eq!(normalise_name("Maria br. Simanjuntak"), "maria simanyuntak");
        assert_eq!(normalise_name("Bin Laden"), "bin laden");
    }

    #[test]
    fn empty_and_title_only_names_are_empty() {
        assert_eq!(normalise_name(""), "");
        assert_eq!(normalise_name("  ,.  "), "");
        assert_eq!(normalise_name("Ibu"), "");
        assert_eq!(normalise_name("1234"), "");
    }

    #[test]
    fn titles_glued_by_a_dot() {
        assert_eq!(normalise_name("Hj.Siti Aminah"), "siti aminah");
        assert_eq!(normalise_name("H.Ahmad"), "ahmad");
    }

    #[test]
    fn article_is_not_joined_into_a_title() {
        assert_eq!(normalise_name("Al Fatih"), "alfatih");
        let once = normalise_name("AL,M,");
        assert_eq!(normalise_name(&once), once);
    }

    #[test]
    fn long_names_are_cut() {
        let raw = "a b c d e f g h i j k";
        assert_eq!(normalise_name(raw).split(' ').count(), NAME_TOKENS_MAX);
    }

    proptest! {
        #[test]
        fn normalising_is_idempotent(raw in "[A-Za-z .,']{0,40}") {
            let once = normalise_name(&raw);
            prop_assert_eq!(normalise_name(&once), once.clone());
        }

        #[test]
        fn output_is_lower_ascii_words(raw in "\\PC{0,40}") {
            let out = normalise_name(&raw);
            prop_assert!(out.bytes().all(|b| b.is_ascii_lowercase() || b == b' '));
            prop_assert!(!out.contains("  ") && !out.starts_with(' ') && !out.ends_with(' '));
        }

        #[test]
        fn case_does_not_matter(raw in "[A-Za-z ]{0,30}") {
            prop_assert_eq!(normalise_name(&raw.to_uppercase()), normalise_name(&raw));
        }
    }
}
