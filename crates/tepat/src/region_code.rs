//! `RegionCode`: a Kemendagri region code, parsed once at the edge.

use std::fmt;

use crate::web::i18n::{Lang, Localized};

/// The four administrative levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Province = 1,
    Regency = 2,
    District = 3,
    Village = 4,
}

impl Level {
    pub fn from_number(n: i64) -> Option<Self> {
        match n {
            1 => Some(Self::Province),
            2 => Some(Self::Regency),
            3 => Some(Self::District),
            4 => Some(Self::Village),
            _ => None,
        }
    }

    pub fn number(self) -> i64 {
        self as i64
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Province, Lang::Id) => "Provinsi",
            (Self::Regency, Lang::Id) => "Kabupaten/Kota",
            (Self::District, Lang::Id) => "Kecamatan",
            (Self::Village, Lang::Id) => "Desa/Kelurahan",
            (Self::Province, Lang::En) => "Province",
            (Self::Regency, Lang::En) => "Regency/City",
            (Self::District, Lang::En) => "District",
            (Self::Village, Lang::En) => "Village",
        }
    }
}

/// A syntactically valid region code such as `31.75.07.1003`. Whether it exists in the
/// official list is a question for the store (`regions::store::find`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct RegionCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionCodeError {
    #[error("region code is empty")]
    Empty,
    #[error(
        "region code {0:?} is malformed: expected 2 digits, then .2, .2 and .4 digits \
         (e.g. 31.75.07.1003)"
    )]
    Malformed(String),
    #[error("region code {0} is not in the official region list")]
    Unknown(String),
    #[error("region code {code} is a {actual}, a {expected} is required")]
    WrongLevel {
        code: String,
        expected: &'static str,
        actual: &'static str,
    },
}

impl Localized for RegionCodeError {
    fn localized(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            Self::Empty => "kode wilayah kosong".into(),
            Self::Malformed(code) => format!(
                "kode wilayah \"{code}\" tidak sesuai format: 2 angka, lalu .2, .2 dan .4 angka \
                 (contoh 31.75.07.1003)"
            ),
            Self::Unknown(code) => {
                format!("kode wilayah {code} tidak ada dalam daftar wilayah resmi")
            }
            Self::WrongLevel {
                code,
                expected,
                actual,
            } => format!("kode wilayah {code} adalah {actual}; yang diperlukan {expected}"),
        }
    }
}

/// Digits in each dotted segment, by level.
const SEGMENT_DIGITS: [usize; 4] = [2, 2, 2, 4];

impl RegionCode {
    /// Parses a dotted Kemendagri code; surrounding spaces are ignored.
    pub fn parse(input: &str) -> Result<Self, RegionCodeError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(RegionCodeError::Empty);
        }
        let segments: Vec<&str> = text.split('.').collect();
        let well_formed = segments.len() <= SEGMENT_DIGITS.len()
            && segments
                .iter()
                .zip(SEGMENT_DIGITS)
                .all(|(segment, digits)| {
                    segment.len() == digits && segment.bytes().all(|b| b.is_ascii_digit())
                });
        if !well_formed {
            return Err(RegionCodeError::Malformed(text.chars().take(40).collect()));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> Level {
        match self.0.matches('.').count() {
            0 => Level::Province,
            1 => Level::Regency,
            2 => Level::District,
            _ => Level::Village,
        }
    }

    /// The enclosing region, or `None` for a province.
    pub fn parent(&self) -> Option<Self> {
        self.0
            .rsplit_once('.')
            .map(|(parent, _)| Self(parent.to_owned()))
    }

    /// The province this code belongs to (the partition key for a sharded store).
    pub fn province(&self) -> Self {
        Self(self.0[..2].to_owned())
    }

    /// True when `other` is this region or lies inside it.
    pub fn contains(&self, other: &Self) -> bool {
        other.0 == self.0
            || (other.0.starts_with(&self.0) && other.0.as_bytes().get(self.0.len()) == Some(&b'.'))
    }

    /// Requires a given level, e.g. a village for a village operator's scope.
    pub fn require_level(&self, expected: Level) -> Result<(), RegionCodeError> {
        if self.level() == expected {
            return Ok(());
        }
        Err(RegionCodeError::WrongLevel {
            code: self.0.clone(),
            expected: expected.label(Lang::En),
            actual: self.level().label(Lang::En),
        })
    }
}

/// Query parameters for "inside this scope", bound as
/// `($1 = 1 OR region_code = $2 OR region_code LIKE $3)`: national scope matches all rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeParams {
    pub national: i64,
    pub exact: String,
    pub prefix: String,
}

impl ScopeParams {
    pub fn new(within: Option<&RegionCode>) -> Self {
        match within {
            Some(code) => Self {
                national: 0,
                exact: code.as_str().to_owned(),
                prefix: format!("{}.%", code.as_str()),
            },
            None => Self {
                national: 1,
                exact: String::new(),
                prefix: String::new(),
            },
        }
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn other_digits_marks_and_long_text_are_refused_without_panic() {
        for text in crate::text::hostile_variants("31.75.07.1003") {
            let shown: String = text.trim().chars().take(40).collect();
            let err = RegionCode::parse(&text).expect_err(&shown);
            assert_eq!(err, RegionCodeError::Malformed(shown));
        }
    }

    /// Codes of every level, as a regular expression.
    const WELL_FORMED: &str = "[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{4})?)?)?";

    proptest! {
        #[test]
        fn any_text_or_bytes_parse_totally_and_valid_codes_round_trip(
            text in any::<String>(),
            bytes in any::<Vec<u8>>(),
        ) {
            for text in [text, String::from_utf8_lossy(&bytes).into_owned()] {
                if let Ok(code) = RegionCode::parse(&text) {
                    prop_assert_eq!(RegionCode::parse(code.as_str()), Ok(code.clone()));
                    prop_assert!(code.province().contains(&code));
                    if let Some(parent) = code.parent() {
                        prop_assert!(parent.contains(&code) && parent.level() < code.level());
                    }
                }
            }
        }

        #[test]
        fn every_well_formed_code_round_trips(code in WELL_FORMED) {
            let parsed = RegionCode::parse(&code).map(|c| c.as_str().to_owned());
            prop_assert_eq!(parsed, Ok(code.clone()));
        }
    }

    #[test]
    fn parses_each_level() {
        for (text, level) in [
            ("31", Level::Province),
            ("31.75", Level::Regency),
            ("31.75.07", Level::District),
            (" 31.75.07.1003 ", Level::Village),
        ] {
            let code = RegionCode::parse(text).expect("valid code");
            assert_eq!(code.level(), level);
            assert_eq!(code.as_str(), text.trim());
        }
    }

    #[test]
    fn rejects_malformed_codes_with_the_rule() {
        for bad in [
            "3",
            "317",
            "31.7",
            "31.75.07.103",
            "31.75.07.10034",
            "31.75.07.1003.1",
            "31-75",
            "3a.75",
            "31..75",
            "31.75.",
            "٣١",
        ] {
            let err = RegionCode::parse(bad).expect_err(bad);
            assert!(matches!(err, RegionCodeError::Malformed(_)), "{bad}");
            assert!(err.to_string().contains("31.75.07.1003"));
            assert!(err.localized(Lang::Id).contains("tidak sesuai format"));
        }
        assert_eq!(RegionCode::parse("  "), Err(RegionCodeError::Empty));
    }

    #[test]
    fn containment_respects_segment_boundaries() {
        let klender = RegionCode::parse("31.75.07.1003").expect("valid");
        let duren_sawit = RegionCode::parse("31.75.07").expect("valid");
        let pondok_bambu = RegionCode::parse("31.75.07.1002").expect("valid");
        assert!(duren_sawit.contains(&klender));
        assert!(klender.contains(&klender));
        assert!(!klender.contains(&pondok_bambu));
        assert!(!klender.contains(&duren_sawit));
        // "31.7" is not a prefix region of "31.75" even though the text is a prefix.
        let jakarta = RegionCode::parse("31").expect("valid");
        let other = RegionCode::parse("32.01").expect("valid");
        assert!(!jakarta.contains(&other));
    }

    #[test]
    fn parent_and_province() {
        let klender = RegionCode::parse("31.75.07.1003").expect("valid");
        assert_eq!(klender.parent().map(|p| p.0), Some("31.75.07".to_owned()));
        assert_eq!(klender.province().as_str(), "31");
        assert_eq!(RegionCode::parse("31").expect("valid").parent(), None);
        assert!(klender.require_level(Level::Village).is_ok());
        assert!(klender.require_level(Level::Regency).is_err());
    }
}
