//! Folding raw text to lower-case ASCII words, the first step of every normaliser.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// How a character of raw input is treated when folding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folded {
    /// A lower-case ASCII letter or digit that belongs to a word.
    Char(u8),
    /// A dot: ends an abbreviation ("H.", "Jl.").
    Dot,
    /// A comma: in names, what follows is usually a list of degrees.
    Comma,
    /// Anything else that separates words: spaces, dashes, slashes, brackets.
    Space,
    /// Characters dropped inside a word, such as the apostrophe in "Ma'ruf".
    Skip,
}

/// Folds one character. Accented Latin letters lose their accent (é → e) because data
/// entry in Indonesia mixes them freely with the plain letters; a combining accent
/// (`e` followed by U+0301) is dropped for the same reason.
pub fn fold_char(c: char) -> Folded {
    match c {
        'a'..='z' | '0'..='9' => Folded::Char(c as u8),
        'A'..='Z' => Folded::Char(c.to_ascii_lowercase() as u8),
        '.' => Folded::Dot,
        ',' | ';' => Folded::Comma,
        '\'' | '`' | '\u{2018}' | '\u{2019}' | '\u{b4}' => Folded::Skip,
        _ if is_combining_mark(c) => Folded::Skip,
        _ => match strip_accent(c) {
            Some(b) => Folded::Char(b),
            None => Folded::Space,
        },
    }
}

fn strip_accent(c: char) -> Option<u8> {
    let base = match c {
        'à'..='å' | 'À'..='Å' => b'a',
        'è'..='ë' | 'È'..='Ë' => b'e',
        'ì'..='ï' | 'Ì'..='Ï' => b'i',
        'ò'..='ö' | 'Ò'..='Ö' => b'o',
        'ù'..='ü' | 'Ù'..='Ü' => b'u',
        'ç' | 'Ç' => b'c',
        'ñ' | 'Ñ' => b'n',
        'ý' | 'ÿ' | 'Ý' => b'y',
        _ => return None,
    };
    Some(base)
}

/// A chunk of folded input between spaces or commas, with its dot-separated pieces.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawWord {
    /// The chunk with dots removed: "S.Pd." gives "spd".
    pub text: String,
    /// Where dots split the chunk: "M.Rizki" gives "m" and "rizki".
    pub pieces: Vec<String>,
    /// The chunk was written with a dot inside or after it ("S.Pd.", "H.").
    pub dotted: bool,
    /// The chunk came after a comma in the input.
    pub after_comma: bool,
}

/// Splits raw text into folded chunks. A dot does not end a chunk, so "S.Pd." stays one
/// word that can be recognised as a degree, while its pieces still separate "M.Rizki".
/// A character that folding does not know is read in its compatibility decomposition
/// (NFKD), so full-width letters (`ｂｕｄｉ`) and letters with several accents read as the
/// plain ones; known characters (the spacing accent in "Ma´ruf") keep their meaning.
pub fn split_words(raw: &str) -> Vec<RawWord> {
    let mut words = Vec::new();
    let mut word = RawWord::default();
    let mut piece = String::new();
    let mut after_comma = false;
    let mut take = |folded: Folded| match folded {
        Folded::Char(b) => {
            piece.push(b as char);
            word.text.push(b as char);
        }
        Folded::Dot => {
            word.dotted = true;
            end_piece(&mut word, &mut piece);
        }
        Folded::Skip => {}
        Folded::Comma => {
            end_word(&mut words, &mut word, &mut piece, after_comma);
            after_comma = true;
        }
        Folded::Space => end_word(&mut words, &mut word, &mut piece, after_comma),
    };
    for c in raw.chars() {
        match fold_char(c) {
            Folded::Space if !c.is_ascii() => {
                std::iter::once(c).nfkd().map(fold_char).for_each(&mut take);
            }
            folded => take(folded),
        }
    }
    take(Folded::Space);
    words
}

fn end_piece(word: &mut RawWord, piece: &mut String) {
    if !piece.is_empty() {
        word.pieces.push(std::mem::take(piece));
    }
}

fn end_word(words: &mut Vec<RawWord>, word: &mut RawWord, piece: &mut String, comma: bool) {
    end_piece(word, piece);
    let done = std::mem::take(word);
    if !done.text.is_empty() {
        words.push(RawWord {
            after_comma: comma,
            ..done
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(raw: &str) -> Vec<String> {
        split_words(raw).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(texts("  SITI  Aminah-Ré "), ["siti", "aminah", "re"]);
        assert_eq!(texts("Ma'ruf  Amin"), ["maruf", "amin"]);
        assert_eq!(texts(""), Vec::<String>::new());
        assert_eq!(texts(" ,. ;"), Vec::<String>::new());
    }

    #[test]
    fn full_width_letters_and_combining_accents_read_as_plain_letters() {
        assert_eq!(texts("ｂｕｄｉ ＳＡＮＴＯＳＯ"), ["budi", "santoso"]);
        assert_eq!(texts("Bu\u{301}di Re\u{301}"), ["budi", "re"]);
        assert_eq!(texts("Muñoz Çelik"), ["munoz", "celik"]);
    }

    #[test]
    fn keeps_dotted_degrees_whole_and_marks_commas() {
        let words = split_words("Budi, S.Pd.");
        assert_eq!(words[0].text, "budi");
        assert!(!words[0].after_comma);
        assert_eq!(words[1].text, "spd");
        assert!(words[1].dotted && words[1].after_comma);
        assert_eq!(words[1].pieces, ["s", "pd"]);
    }
}
