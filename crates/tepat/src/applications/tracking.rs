//! The tracking number a family receives: its format, how it is read as people type it,
//! and how a fresh one is drawn from random bits.

use std::fmt;

const PREFIX: &str = "TPT-";
/// Crockford's base32: no I, L, O or U, so the number survives being read aloud and
/// copied by hand.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const TRACKING_CHARS: usize = 10;

/// A tracking number, `TPT-` and ten Crockford base32 characters (50 random bits): far too
/// many to enumerate, short enough to write on paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackingNumber(String);

impl TrackingNumber {
    /// The number for 50 random bits (higher bits are ignored).
    pub fn from_bits(bits: u64) -> Self {
        let mut text = String::with_capacity(PREFIX.len() + TRACKING_CHARS);
        text.push_str(PREFIX);
        for index in (0..TRACKING_CHARS).rev() {
            let digit = (bits >> (index * 5)) & 0x1F;
            text.push(char::from(ALPHABET[digit as usize]));
        }
        Self(text)
    }

    /// A fresh number from the operating system's random generator.
    pub fn generate() -> Self {
        use rand::RngExt;
        Self::from_bits(rand::rng().random::<u64>())
    }

    /// Reads a number as people type it: any case, with or without the prefix, spaces and
    /// dashes ignored, and the letters Crockford reads as digits (O → 0, I and L → 1).
    pub fn parse(text: &str) -> Option<Self> {
        let upper = text.trim().to_ascii_uppercase();
        let body = upper.strip_prefix("TPT").unwrap_or(&upper);
        let mut digits = String::with_capacity(TRACKING_CHARS);
        for c in body.chars().filter(|c| !matches!(c, '-' | ' ')) {
            let c = match c {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            };
            if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
                return None;
            }
            digits.push(c);
        }
        (digits.len() == TRACKING_CHARS).then(|| Self(format!("{PREFIX}{digits}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TrackingNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_numbers_have_the_prefix_and_ten_crockford_characters() {
        let number = TrackingNumber::from_bits(0);
        assert_eq!(number.as_str(), "TPT-0000000000");
        let number = TrackingNumber::from_bits((1 << 50) - 1);
        assert_eq!(number.as_str(), "TPT-ZZZZZZZZZZ");
        for _ in 0..50 {
            let number = TrackingNumber::generate();
            let text = number.as_str();
            assert_eq!(text.len(), 14, "{text}");
            assert!(text.starts_with("TPT-"));
            assert!(
                text[4..].bytes().all(|b| ALPHABET.contains(&b)),
                "{text} uses only Crockford base32"
            );
            assert_eq!(TrackingNumber::parse(text), Some(number.clone()));
        }
    }

    #[test]
    fn tracking_numbers_read_as_people_type_them() {
        let number = TrackingNumber::from_bits(0x2_3456_789A_BCDE);
        let typed = number.as_str()[4..].to_lowercase();
        assert_eq!(TrackingNumber::parse(&typed), Some(number.clone()));
        let spaced = format!("tpt {} {}", &typed[..5], &typed[5..]);
        assert_eq!(TrackingNumber::parse(&spaced), Some(number));
        assert_eq!(
            TrackingNumber::parse("TPT-O1L0000000").map(|n| n.to_string()),
            Some("TPT-0110000000".to_owned())
        );
        assert_eq!(TrackingNumber::parse("TPT-000000000"), None, "too short");
        assert_eq!(TrackingNumber::parse("TPT-00000000000"), None, "too long");
        assert_eq!(TrackingNumber::parse("TPT-U000000000"), None, "no U");
        assert_eq!(TrackingNumber::parse("TPT-000000000é"), None);
        assert_eq!(TrackingNumber::parse(""), None);
    }
}
