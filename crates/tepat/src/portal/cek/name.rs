//! Names as Cek Bansos reads and shows them: written in capitals as on the KTP, split into
//! words, masked for the public, and matched against what a citizen typed. Pure functions.
//!
//! Matching: each typed word must begin a word of the person's name, in the order typed;
//! words of the name may be skipped (`aminah` and `siti am` both find `SITI AMINAH`,
//! `aminah siti` does not). Case, punctuation and spacing are ignored; at least
//! `TYPED_LETTERS_MIN` letters must be typed in all, so one letter cannot list a village.

use crate::field::FieldError;

/// Fewest letters (and digits) typed before a name is searched.
pub const TYPED_LETTERS_MIN: usize = 3;
/// Most characters of a typed name read: a name on a KTP is shorter.
pub const TYPED_CHARS_MAX: usize = 60;
/// Most words of a typed name.
pub const TYPED_WORDS_MAX: usize = 6;

/// The words of a name in capitals: letters and digits make words, apostrophes are dropped
/// (`Ma'ruf` is `MARUF`), anything else separates words.
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            word.extend(c.to_uppercase());
        } else if matches!(c, '\'' | '’' | '`') {
            continue;
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// A name as the index keeps it: its words in capitals, one space apart.
pub fn normalized(name: &str) -> String {
    words(name).join(" ")
}

/// One word masked: the first and last letter kept, one `*` per hidden letter; a word of
/// one or two letters as it is.
fn mask_word(word: &str) -> String {
    let count = word.chars().count();
    if count <= 2 {
        return word.to_owned();
    }
    let mut chars = word.chars();
    let first = chars.next().unwrap_or_default();
    let last = chars.next_back().unwrap_or_default();
    let mut out = String::with_capacity(word.len());
    out.push(first);
    out.extend(std::iter::repeat_n('*', count - 2));
    out.push(last);
    out
}

/// A name masked for the public, in capitals: `Sri Wahyuni` → `S*I W*****I`.
pub fn masked(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| mask_word(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A typed name, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedName {
    words: Vec<String>,
}

impl TypedName {
    /// Reads what was typed in the field `name`, or names the rule it breaks.
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        if text.chars().count() > TYPED_CHARS_MAX {
            return Err(FieldError::new(
                "name",
                "max-length",
                &format!("a name is at most {TYPED_CHARS_MAX} characters"),
                &format!("nama paling banyak {TYPED_CHARS_MAX} karakter"),
            ));
        }
        let words = words(text);
        let letters: usize = words.iter().map(|w| w.chars().count()).sum();
        if letters < TYPED_LETTERS_MIN {
            return Err(FieldError::new(
                "name",
                "min-letters",
                &format!("type at least {TYPED_LETTERS_MIN} letters of the name"),
                &format!("ketik sedikitnya {TYPED_LETTERS_MIN} huruf nama"),
            ));
        }
        if words.len() > TYPED_WORDS_MAX {
            return Err(FieldError::new(
                "name",
                "max-words",
                &format!("a name is at most {TYPED_WORDS_MAX} words"),
                &format!("nama paling banyak {TYPED_WORDS_MAX} kata"),
            ));
        }
        Ok(Self { words })
    }

    /// The typed words, in capitals.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// The longest typed word: the one that narrows a search most.
    pub fn longest(&self) -> &str {
        self.words
            .iter()
            .max_by_key(|w| w.len())
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// Whether the typed words begin words of `name` (as `normalized` gives it), in order.
    pub fn matches(&self, name: &str) -> bool {
        let mut name_words = name.split(' ');
        self.words
            .iter()
            .all(|typed| name_words.any(|word| word.starts_with(typed.as_str())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_are_masked_as_on_the_ktp() {
        assert_eq!(masked("SRI WAHYUNI"), "S*I W*****I");
        assert_eq!(masked("siti aminah"), "S**I A****H");
        assert_eq!(masked("Muh. Ali bin Abu"), "M*H A*I B*N A*U");
        assert_eq!(masked("Jo Li A"), "JO LI A");
        assert_eq!(masked("Ma'ruf  Amin"), "M***F A**N");
        assert_eq!(masked("  "), "");
    }

    #[test]
    fn typed_words_begin_the_words_of_the_name_in_order() {
        let name = normalized("Siti Aminah");
        let typed = |t: &str| TypedName::parse(t).expect("typed");
        assert!(typed("siti").matches(&name));
        assert!(typed("  SITI   amin ").matches(&name));
        assert!(typed("aminah").matches(&name));
        assert!(typed("s. aminah").matches(&name));
        assert!(!typed("aminah siti").matches(&name));
        assert!(!typed("iti").matches(&name));
        assert!(!typed("siti aminah putri").matches(&name));
        assert!(typed("ma'ruf").matches(&normalized("MARUF AMIN")));
    }

    #[test]
    fn too_few_letters_or_too_much_text_is_refused_naming_the_field() {
        for text in ["", "a", "s a", "  .. ", "ab"] {
            let err = TypedName::parse(text).expect_err(text);
            assert_eq!(
                (err.field.as_str(), err.rule.as_str()),
                ("name", "min-letters")
            );
        }
        let long = "a".repeat(TYPED_CHARS_MAX + 1);
        assert_eq!(
            TypedName::parse(&long).expect_err("long").rule,
            "max-length"
        );
        assert_eq!(
            TypedName::parse("a b c d e f g").expect_err("words").rule,
            "max-words"
        );
        assert!(TypedName::parse("abc").is_ok());
        assert!(TypedName::parse("a b c").is_ok());
    }

    proptest! {
        #[test]
        fn a_mask_keeps_the_shape_and_the_ends_of_every_word(name in "[A-Za-z' .]{0,40}") {
            let shown = masked(&name);
            let plain = words(&name);
            let hidden: Vec<&str> = shown.split(' ').filter(|w| !w.is_empty()).collect();
            prop_assert_eq!(hidden.len(), plain.len());
            for (word, mask) in plain.iter().zip(hidden) {
                prop_assert_eq!(word.chars().count(), mask.chars().count());
                prop_assert_eq!(word.chars().next(), mask.chars().next());
                prop_assert_eq!(word.chars().last(), mask.chars().last());
                let stars = mask.chars().filter(|c| *c == '*').count();
                prop_assert_eq!(stars, word.chars().count().saturating_sub(2));
            }
        }

        #[test]
        fn any_name_is_found_by_its_own_words_and_their_beginnings(
            name in "[A-Za-z]{1,8}( [A-Za-z]{1,8}){0,3}",
            cut in 1usize..8,
        ) {
            let stored = normalized(&name);
            let prefixes: Vec<String> = words(&name)
                .iter()
                .map(|w| w.chars().take(cut).collect())
                .collect();
            if let Ok(typed) = TypedName::parse(&prefixes.join(" ")) {
                prop_assert!(typed.matches(&stored));
            }
        }

        #[test]
        fn parsing_any_text_never_panics(text in "\\PC{0,80}") {
            let _ = TypedName::parse(&text);
            let _ = masked(&text);
        }
    }
}
