//! The short code printed under a voucher's QR code, typed by a merchant when the camera
//! cannot read it: 12 Crockford base32 characters (60 random bits) shown in groups of four,
//! read in any case with or without dashes and spaces.

use rand::RngExt;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CHARS: usize = 12;

/// A fresh code, as stored: 12 characters, no dashes.
pub fn generate() -> String {
    let bits: u64 = rand::rng().random::<u64>() >> 4;
    (0..CHARS)
        .rev()
        .map(|index| char::from(ALPHABET[((bits >> (index * 5)) & 0x1F) as usize]))
        .collect()
}

/// A code as typed, normalised to its stored form; `None` when it cannot be one.
pub fn parse(text: &str) -> Option<String> {
    if text.len() > 40 {
        return None;
    }
    let mut code = String::with_capacity(CHARS);
    for c in text.chars().filter(|c| !matches!(c, '-' | ' ')) {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        };
        if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
            return None;
        }
        code.push(c);
    }
    (code.len() == CHARS).then_some(code)
}

/// The code as printed: `ABCD-EFGH-JKMN`.
pub fn display(code: &str) -> String {
    code.as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_back_however_it_is_typed() {
        let code = generate();
        assert_eq!(code.len(), CHARS);
        assert_eq!(parse(&code), Some(code.clone()));
        assert_eq!(parse(&display(&code).to_lowercase()), Some(code.clone()));
        assert_eq!(parse("abcd efgh jkmo"), Some("ABCDEFGHJKM0".to_owned()));
        assert_eq!(parse("ABCD-EFGH-JKM"), None, "too short");
        assert_eq!(parse("ABCD-EFGH-JKMU"), None, "U is not in the alphabet");
        assert_eq!(parse("TPV1.abc"), None);
    }
}
