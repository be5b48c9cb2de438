//! Normalising Indonesian addresses: street words, RT/RW, house numbers.

use crate::fold::split_words;
use crate::normalise::canonical_token;
use crate::vocabulary::{ADDRESS_GENERIC, ADDRESS_WORDS, lookup};

/// Highest RT or RW number accepted; larger values are typos or other numbers.
pub const NEIGHBOURHOOD_MAX: u16 = 999;

/// A normalised address: distinctive words only, plus any RT/RW written inside it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NormalAddress {
    /// Street and place names and house numbers, canonical tokens joined by spaces.
    /// Generic words (jalan, gang, no, desa …) are left out: they say nothing about which
    /// house is meant, and "Jl. Mawar 3" must meet "Gg. Mawar No. 3" half-way at least.
    pub text: String,
    pub rt: Option<u16>,
    pub rw: Option<u16>,
}

/// Normalises an address, taking out "RT 01/RW 02", "RT.1 RW.2" and "Rt001/002" forms.
pub fn normalise_address(raw: &str) -> NormalAddress {
    let tokens = address_tokens(raw);
    let mut out = NormalAddress::default();
    let mut index = 0;
    while index < tokens.len() {
        let token = tokens[index].as_str();
        let number = tokens.get(index + 1).and_then(|t| neighbourhood(t));
        match (token, number) {
            ("rt", Some(rt)) => {
                out.rt = Some(rt);
                index += 2;
                // "RT 01/02": a second number right after the RT is the RW.
                let rw = tokens.get(index).and_then(|t| neighbourhood(t));
                if let (Some(rw), None) = (rw, out.rw) {
                    out.rw = Some(rw);
                    index += 1;
                }
                continue;
            }
            ("rw", Some(rw)) => {
                out.rw = Some(rw);
                index += 2;
                continue;
            }
            _ => {}
        }
        if !ADDRESS_GENERIC.contains(&token) {
            if !out.text.is_empty() {
                out.text.push(' ');
            }
            out.text.push_str(token);
        }
        index += 1;
    }
    out
}

/// Fewest letters a word needs to name a street; shorter ones are abbreviations.
const STREET_LETTERS_MIN: usize = 3;

/// A key for the street and house of a normalised address: the sound of its first word
/// of letters (the street name, as generic words are already out) and the first number
/// (the house), 0 when there is no street name. The sound key lets "Baldwin" meet
/// "Baldwyn"; later words are left out, as they are what a second registration gets
/// wrong or leaves off. Street names alone repeat across a country ("Jalan Pattimura"),
/// with the house number they name a few houses.
pub fn street_key(normalised: &str) -> u64 {
    let street = normalised.split(' ').find(|word| {
        word.len() >= STREET_LETTERS_MIN && word.bytes().all(|b| b.is_ascii_lowercase())
    });
    let Some(street) = street else {
        return 0;
    };
    let number = normalised
        .split(' ')
        .find(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or("");
    let sound = crate::phonetic::SoundKey::of(street);
    crate::record::mix(crate::record::hash_text(sound.as_str()) ^ crate::record::hash_text(number))
}

/// Parses an RT or RW cell: "001", "1", "RT 01", "RW.02". Empty or zero is missing.
pub fn parse_neighbourhood(raw: &str) -> Option<u16> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let letters_ok = raw
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .all(|c| matches!(c.to_ascii_lowercase(), 'r' | 't' | 'w'));
    if !letters_ok {
        return None;
    }
    neighbourhood(&digits)
}

fn neighbourhood(token: &str) -> Option<u16> {
    if token.is_empty() || token.len() > 4 || !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: u16 = token.parse().ok()?;
    (1..=NEIGHBOURHOOD_MAX).contains(&value).then_some(value)
}

/// Folded tokens with letters and digits split apart ("no12" → "no", "12"), leading
/// zeros removed from numbers, and address words canonical.
fn address_tokens(raw: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    for word in split_words(raw) {
        for piece in &word.pieces {
            let bytes = piece.as_bytes();
            let mut start = 0;
            for end in 1..=bytes.len() {
                let boundary = end == bytes.len()
                    || bytes[end].is_ascii_digit() != bytes[end - 1].is_ascii_digit();
                if boundary {
                    tokens.push(address_token(&piece[start..end]));
                    start = end;
                }
            }
        }
    }
    tokens
}

fn address_token(part: &str) -> String {
    if part.bytes().all(|b| b.is_ascii_digit()) {
        let trimmed = part.trim_start_matches('0');
        return if trimmed.is_empty() {
            "0".to_owned()
        } else {
            trimmed.to_owned()
        };
    }
    match lookup(ADDRESS_WORDS, part) {
        Some(word) => word.to_owned(),
        None => canonical_token(part),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_meet_full_words() {
        let a = normalise_address("Jl. Merdeka No. 12");
        let b = normalise_address("JALAN MERDEKA NOMOR 012");
        assert_eq!(a.text, "merdeka 12");
        assert_eq!(a, b);
        assert_eq!(
            normalise_address("Gg. Mawar").text,
            normalise_address("Gang Mawar").text
        );
        assert_eq!(normalise_address("Kel. Klender").text, "klender");
    }

    #[test]
    fn takes_rt_rw_out_in_many_forms() {
        for raw in [
            "Jl Mawar RT 01/RW 02",
            "Jl Mawar RT.1 RW.2",
            "Jl Mawar rt001/002",
            "Jl Mawar Rt 1 Rw 2",
        ] {
            let address = normalise_address(raw);
            assert_eq!((address.rt, address.rw), (Some(1), Some(2)), "{raw}");
            assert_eq!(address.text, "mawar", "{raw}");
        }
    }

    #[test]
    fn old_spelling_in_street_names() {
        assert_eq!(
            normalise_address("Jl. Soedirman").text,
            normalise_address("Jl. Sudirman").text
        );
    }

    #[test]
    fn empty_and_generic_addresses() {
        assert_eq!(normalise_address(""), NormalAddress::default());
        assert_eq!(normalise_address("Jalan").text, "");
    }

    #[test]
    fn neighbourhood_cells() {
        assert_eq!(parse_neighbourhood("001"), Some(1));
        assert_eq!(parse_neighbourhood("RT 05"), Some(5));
        assert_eq!(parse_neighbourhood(""), None);
        assert_eq!(parse_neighbourhood("0"), None);
        assert_eq!(parse_neighbourhood("abc"), None);
        assert_eq!(parse_neighbourhood("12345"), None);
    }
}
