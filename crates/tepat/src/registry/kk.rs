//! `KkNumber`: the 16-digit family card number (Nomor Kartu Keluarga). Digits 1–6 are the
//! district where the card was registered, 7–12 the registration date DDMMYY (no +40), and
//! 13–16 a serial that is never 0000.

use std::fmt;

use time::Date;

use super::dates;
use crate::web::i18n::{Lang, Localized};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct KkNumber(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KkError {
    #[error("must be exactly 16 digits (got {0})")]
    Length(usize),
    #[error("must contain digits only")]
    NotDigits,
    #[error(
        "digits 1-6 ({0}) are not a district code (province, regency and district must not be 00)"
    )]
    Region(String),
    #[error("digits 7-12 ({0}) are not a real registration date DDMMYY")]
    RegistrationDate(String),
    #[error("the registration date in digits 7-12 ({0}) is in the future")]
    FutureRegistration(String),
    #[error("the serial number (digits 13-16) must not be 0000")]
    ZeroSerial,
}

impl Localized for KkError {
    fn localized(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            Self::Length(n) => format!("harus tepat 16 angka (terisi {n})"),
            Self::NotDigits => "hanya boleh berisi angka".into(),
            Self::Region(d) => format!(
                "angka ke-1 s.d. 6 ({d}) bukan kode kecamatan (provinsi, kabupaten dan \
                 kecamatan tidak boleh 00)"
            ),
            Self::RegistrationDate(d) => {
                format!("angka ke-7 s.d. 12 ({d}) bukan tanggal pendaftaran HHBBTT yang ada")
            }
            Self::FutureRegistration(d) => {
                format!("tanggal pendaftaran pada angka ke-7 s.d. 12 ({d}) ada di masa depan")
            }
            Self::ZeroSerial => "nomor urut (angka ke-13 s.d. 16) tidak boleh 0000".into(),
        }
    }
}

impl KkNumber {
    /// Parses a KK number; `today` rules out registration dates in the future.
    pub fn parse(input: &str, today: Date) -> Result<Self, KkError> {
        let text = input.trim();
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(KkError::NotDigits);
        }
        if text.len() != 16 {
            return Err(KkError::Length(text.len()));
        }
        let region = &text[0..6];
        if region[0..2] < *"11" || &region[2..4] == "00" || &region[4..6] == "00" {
            return Err(KkError::Region(region.to_owned()));
        }
        let registered = &text[6..12];
        let (day, month, yy) = dates::split_ddmmyy(registered).unwrap_or_default();
        // A two-digit year is read in the latest century that does not put it in the future.
        let this_century = today.year() - today.year().rem_euclid(100);
        let candidates = [this_century + yy as i32, this_century - 100 + yy as i32];
        let real: Vec<Date> = candidates
            .iter()
            .filter_map(|y| dates::ymd(u32::try_from(*y).ok()?, month, day))
            .collect();
        if real.is_empty() {
            return Err(KkError::RegistrationDate(registered.to_owned()));
        }
        if real.iter().all(|d| *d > today) {
            return Err(KkError::FutureRegistration(registered.to_owned()));
        }
        if &text[12..16] == "0000" {
            return Err(KkError::ZeroSerial);
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The district the card was registered in, dotted (`31.75.07`).
    pub fn district_code(&self) -> String {
        super::nik::typed_district(&self.0).unwrap_or_default()
    }

    /// The number with its middle eight digits hidden.
    pub fn masked(&self) -> String {
        super::nik::mask(&self.0)
    }
}

impl fmt::Display for KkNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 25);

    #[test]
    fn parses_a_card_number() {
        let kk = KkNumber::parse("3175071503150004", TODAY).expect("valid");
        assert_eq!(kk.district_code(), "31.75.07");
        assert_eq!(kk.masked(), "3175••••••••0004");
    }

    #[test]
    fn refuses_each_broken_rule() {
        assert_eq!(
            KkNumber::parse("317507150315000", TODAY),
            Err(KkError::Length(15))
        );
        assert_eq!(
            KkNumber::parse("31750715031500x4", TODAY),
            Err(KkError::NotDigits)
        );
        // Women's +40 does not apply to cards.
        assert_eq!(
            KkNumber::parse("3175075503150004", TODAY),
            Err(KkError::RegistrationDate("550315".into()))
        );
        assert_eq!(
            KkNumber::parse("3175071503150000", TODAY),
            Err(KkError::ZeroSerial)
        );
        assert_eq!(
            KkNumber::parse("3175070000000001", TODAY),
            Err(KkError::RegistrationDate("000000".into()))
        );
        assert_eq!(
            KkNumber::parse("3100071503150004", TODAY),
            Err(KkError::Region("310007".into()))
        );
    }

    #[test]
    fn other_digits_marks_and_long_text_are_refused_without_panic() {
        let variants = crate::text::hostile_variants("3175071503150004");
        for text in &variants[..5] {
            assert_eq!(
                KkNumber::parse(text, TODAY),
                Err(KkError::NotDigits),
                "{text:?}"
            );
        }
        assert_eq!(
            KkNumber::parse(&variants[5], TODAY),
            Err(KkError::Length(160_000))
        );
    }

    #[test]
    fn a_date_later_this_year_is_read_as_last_century() {
        // 26-11-26 would be tomorrow in 2026, so it is 1926: accepted, not future.
        assert!(KkNumber::parse("3175072611260001", TODAY).is_ok());
        assert!(
            KkError::FutureRegistration("x".into())
                .localized(Lang::Id)
                .contains("masa depan")
        );
    }

    proptest! {
        #[test]
        fn any_well_built_card_number_parses(
            district in 110_101u32..=999_999, day in 1u32..=28, month in 1u32..=12,
            yy in 0u32..=25, serial in 1u32..=9999,
        ) {
            prop_assume!(district % 100 != 0 && (district / 100) % 100 != 0);
            let text = format!("{district:06}{day:02}{month:02}{yy:02}{serial:04}");
            prop_assert!(KkNumber::parse(&text, TODAY).is_ok());
        }

        #[test]
        fn arbitrary_text_never_panics(text in ".{0,24}") {
            let _ = KkNumber::parse(&text, TODAY);
        }

        #[test]
        fn any_text_or_bytes_parse_totally_and_valid_ones_round_trip(
            text in any::<String>(),
            bytes in any::<Vec<u8>>(),
        ) {
            for text in [text, String::from_utf8_lossy(&bytes).into_owned()] {
                if let Ok(kk) = KkNumber::parse(&text, TODAY) {
                    prop_assert!(kk.as_str().bytes().all(|b| b.is_ascii_digit()));
                    prop_assert_eq!(KkNumber::parse(kk.as_str(), TODAY), Ok(kk.clone()));
                    prop_assert_eq!(kk.district_code().len(), 8);
                }
            }
        }
    }
}
