//! Text people type, made safe to store and to show: one rule for every free-text field
//! (names, addresses, places, occupations, statements, notes and reasons). Part of the
//! shared floor: it imports no feature, so every feature applies the same rule.
//!
//! Refused, anywhere: control characters (C0 such as NUL, DEL, C1), because they are
//! written raw into pages, exports and logs; and invisible format characters (Unicode
//! general category Cf: direction overrides, embeddings and isolates U+202A–U+202E and
//! U+2066–U+2069, zero-width characters U+200B–U+200D and U+2060, the byte-order mark
//! U+FEFF, the soft hyphen …), because they make two names look alike that compare
//! different, or make text read in another order than it is stored. A field of several
//! lines (a statement, a note) takes line breaks (also U+2028 and U+2029) and tabs; a
//! one-line field takes none. Accepted text is trimmed and stored in
//! Unicode normal form C, so one spelling is stored one way whichever keyboard typed it.

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use crate::web::i18n::{Lang, Localized};

/// Whether a field holds one line or several.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    One,
    /// Line breaks (`\n`, `\r`) and tabs are allowed.
    Many,
}

/// The first character the rule refuses, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("contains a control character ({})", code_point(*.0))]
    Control(char),
    #[error("contains an invisible character ({})", code_point(*.0))]
    Invisible(char),
    /// A line break (or tab) in a one-line field.
    #[error("must be one line, without line breaks or tabs")]
    LineBreak,
}

impl TextError {
    /// The rule's short name, as errors and reports show it.
    pub fn rule(self) -> &'static str {
        match self {
            Self::Control(_) => "control-character",
            Self::Invisible(_) => "invisible-character",
            Self::LineBreak => "line-break",
        }
    }
}

impl Localized for TextError {
    fn localized(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (Self::Control(c), Lang::Id) => {
                format!("mengandung karakter kendali ({})", code_point(*c))
            }
            (Self::Invisible(c), Lang::Id) => {
                format!("mengandung karakter tak terlihat ({})", code_point(*c))
            }
            (Self::LineBreak, Lang::Id) => "harus satu baris, tanpa baris baru atau tab".into(),
        }
    }
}

/// `U+202E`: how a character is named in messages (it cannot be shown).
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// Checks `text` against the rule; the first refused character names the problem.
pub fn check(text: &str, lines: Lines) -> Result<(), TextError> {
    match text.chars().find_map(|c| refused(c, lines)) {
        Some(err) => Err(err),
        None => Ok(()),
    }
}

/// `text` trimmed, checked and in normal form C. Spaces, tabs and line breaks around the
/// text (a spreadsheet cell's stray newline) are trimmed before the check, not refused.
pub fn clean(text: &str, lines: Lines) -> Result<String, TextError> {
    let text = text.trim();
    check(text, lines)?;
    Ok(normalise(text))
}

/// `text` trimmed and in normal form C, without checking it (for text already checked,
/// or compared rather than stored).
pub fn normalise(text: &str) -> String {
    let text = text.trim();
    if text.is_ascii() {
        return text.to_owned();
    }
    text.nfc().collect::<String>().trim().to_owned()
}

/// `text` with every character the rule refuses on one line left out, trimmed and in
/// normal form C: for names that are hints rather than data (an uploaded file's name), where
/// refusing the upload would help no one.
pub fn without_refused(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| refused(*c, Lines::One).is_none())
        .collect();
    normalise(&kept)
}

fn refused(c: char, lines: Lines) -> Option<TextError> {
    if c.is_ascii() {
        // The common case, decided without a table lookup.
        return match (c, lines) {
            ('\n' | '\r' | '\t', Lines::Many) => None,
            ('\n' | '\r' | '\t', Lines::One) => Some(TextError::LineBreak),
            _ if c.is_ascii_control() => Some(TextError::Control(c)),
            _ => None,
        };
    }
    match c.general_category() {
        GeneralCategory::Control => Some(TextError::Control(c)),
        GeneralCategory::LineSeparator | GeneralCategory::ParagraphSeparator => match lines {
            Lines::One => Some(TextError::LineBreak),
            Lines::Many => None,
        },
        GeneralCategory::Format => Some(TextError::Invisible(c)),
        _ => None,
    }
}

/// Variants of a valid input that parsers must refuse cleanly: a digit replaced by `½`,
/// the digits in Arabic-Indic and in full-width forms, a combining mark after the first
/// character, a byte-order mark in front, and the input repeated ten thousand times.
#[cfg(test)]
pub(crate) fn hostile_variants(valid: &str) -> Vec<String> {
    let shifted = |base: u32| -> String {
        valid
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32(base + d).unwrap_or(c),
                None => c,
            })
            .collect()
    };
    let mut half = valid.to_owned();
    if let Some((at, c)) = valid.char_indices().nth(1) {
        half.replace_range(at..at + c.len_utf8(), "\u{bd}");
    }
    let mut marked = valid.to_owned();
    if let Some((at, _)) = valid.char_indices().nth(1) {
        marked.insert(at, '\u{301}');
    }
    vec![
        half,
        shifted(0x0660),
        shifted(0xFF10),
        marked,
        format!("\u{feff}{valid}"),
        valid.repeat(10_000),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ordinary_text_in_any_script_passes_and_is_trimmed() {
        for text in [
            "Budi Santoso",
            "Nur'aini M. Siregar",
            "ꦱꦸꦏꦂꦤ",
            "Jl. Teratai No. 5, RT 05/RW 12",
            "=1+1",
            "Ṣāliḥ",
        ] {
            assert_eq!(clean(text, Lines::One).as_deref(), Ok(text));
        }
        assert_eq!(clean("  Budi  ", Lines::One).as_deref(), Ok("Budi"));
        assert_eq!(clean("\tBudi\r\n", Lines::One).as_deref(), Ok("Budi"));
    }

    #[test]
    fn control_characters_are_refused_and_named() {
        assert_eq!(
            check("Budi\u{0}", Lines::One),
            Err(TextError::Control('\u{0}'))
        );
        assert_eq!(
            check("a\u{7f}", Lines::One),
            Err(TextError::Control('\u{7f}'))
        );
        assert_eq!(
            check("a\u{85}", Lines::Many),
            Err(TextError::Control('\u{85}'))
        );
        assert_eq!(check("a\u{2028}b", Lines::One), Err(TextError::LineBreak));
        assert_eq!(check("satu\ndua", Lines::One), Err(TextError::LineBreak));
        assert_eq!(check("satu\tdua", Lines::One), Err(TextError::LineBreak));
        assert_eq!(check("satu\u{2029}dua", Lines::Many), Ok(()));
        assert_eq!(check("satu\r\ndua\tx", Lines::Many), Ok(()));
        assert_eq!(
            check("a\u{0}", Lines::Many),
            Err(TextError::Control('\u{0}'))
        );
        let err = TextError::Control('\u{0}');
        assert_eq!(err.rule(), "control-character");
        assert_eq!(
            err.localized(Lang::Id),
            "mengandung karakter kendali (U+0000)"
        );
    }

    #[test]
    fn invisible_characters_are_refused_and_named() {
        for c in [
            '\u{202a}',
            '\u{202e}',
            '\u{2066}',
            '\u{2069}',
            '\u{200b}',
            '\u{200c}',
            '\u{200d}',
            '\u{2060}',
            '\u{feff}',
            '\u{ad}',
            '\u{e0041}',
        ] {
            let text = format!("Bu{c}di");
            assert_eq!(
                check(&text, Lines::One),
                Err(TextError::Invisible(c)),
                "{c:?}"
            );
            assert_eq!(
                check(&text, Lines::Many),
                Err(TextError::Invisible(c)),
                "{c:?}"
            );
        }
        let err = TextError::Invisible('\u{202e}');
        assert_eq!(err.rule(), "invisible-character");
        assert_eq!(
            err.localized(Lang::Id),
            "mengandung karakter tak terlihat (U+202E)"
        );
        assert_eq!(err.to_string(), "contains an invisible character (U+202E)");
    }

    #[test]
    fn text_is_stored_in_normal_form_c() {
        assert_eq!(clean("Bu\u{301}di", Lines::One).as_deref(), Ok("B\u{fa}di"));
        assert_eq!(normalise(" Jose\u{301} "), "Jos\u{e9}");
        // Compatibility forms are kept as typed; only the name key folds them.
        assert_eq!(normalise("ｂｕｄｉ"), "ｂｕｄｉ");
    }

    #[test]
    fn file_names_lose_what_the_rule_refuses() {
        assert_eq!(without_refused("kk\u{202e}gnp.exe"), "kkgnp.exe");
        assert_eq!(without_refused(" foto\u{0}\nkk.png "), "fotokk.png");
        assert_eq!(without_refused("surat.pdf"), "surat.pdf");
    }

    proptest! {
        #[test]
        fn names_without_refused_characters_pass_the_rule(text in any::<String>()) {
            prop_assert!(check(&without_refused(&text), Lines::One).is_ok());
        }

        #[test]
        fn accepted_text_is_clean_and_stable(text in any::<String>()) {
            if let Ok(kept) = clean(&text, Lines::Many) {
                prop_assert!(check(&kept, Lines::Many).is_ok());
                prop_assert_eq!(clean(&kept, Lines::Many), Ok(kept.clone()));
            }
        }
    }
}
