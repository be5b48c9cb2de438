//! `Nik`: the 16-digit national identity number (Nomor Induk Kependudukan). Digits 1–6 are
//! the district (kecamatan) of first issue, 7–12 the birth date as DDMMYY with 40 added to
//! the day for women, 13–16 a serial that is never 0000.

use std::fmt;

use time::Date;

use super::dates;
use super::person::Sex;
use crate::web::i18n::{Lang, Localized};

/// A structurally valid NIK. Whether its district exists and whether it agrees with the
/// stated birth date and sex are separate checks ([`Nik::district_code`], [`Nik::check`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Nik(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NikError {
    #[error("must be exactly 16 digits (got {0})")]
    Length(usize),
    #[error("must contain digits only")]
    NotDigits,
    #[error(
        "digits 1-6 ({0}) are not a district code (province, regency and district must not be 00)"
    )]
    Region(String),
    #[error("digits 7-12 ({0}) are not a real birth date DDMMYY (women: day + 40)")]
    BirthDate(String),
    #[error("the serial number (digits 13-16) must not be 0000")]
    ZeroSerial,
}

impl Localized for NikError {
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
            Self::BirthDate(d) => format!(
                "angka ke-7 s.d. 12 ({d}) bukan tanggal lahir HHBBTT yang ada \
                 (perempuan: tanggal + 40)"
            ),
            Self::ZeroSerial => "nomor urut (angka ke-13 s.d. 16) tidak boleh 0000".into(),
        }
    }
}

/// A disagreement between a NIK and the person it is written for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NikMismatch {
    #[error("the birth date in the NIK ({in_nik}) differs from the birth date ({stated})")]
    BirthDate { in_nik: String, stated: String },
    #[error(
        "the NIK day {day} means {}, but sex is given as {}",
        .in_nik.label(Lang::En), .stated.label(Lang::En)
    )]
    Sex { day: u32, in_nik: Sex, stated: Sex },
}

impl Localized for NikMismatch {
    fn localized(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            Self::BirthDate { in_nik, stated } => format!(
                "tanggal lahir pada NIK ({in_nik}) tidak sama dengan tanggal lahir ({stated})"
            ),
            Self::Sex {
                day,
                in_nik,
                stated,
            } => format!(
                "tanggal {day} pada NIK menandakan {}, tetapi jenis kelamin diisi {}",
                in_nik.label(Lang::Id),
                stated.label(Lang::Id)
            ),
        }
    }
}

impl Nik {
    pub const LENGTH: usize = 16;

    /// Parses a NIK; spaces around it are ignored, nothing else is.
    pub fn parse(input: &str) -> Result<Self, NikError> {
        let text = input.trim();
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NikError::NotDigits);
        }
        if text.len() != Self::LENGTH {
            return Err(NikError::Length(text.len()));
        }
        let region = &text[0..6];
        if region[0..2] < *"11" || &region[2..4] == "00" || &region[4..6] == "00" {
            return Err(NikError::Region(region.to_owned()));
        }
        let birth = &text[6..12];
        let valid_birth = dates::split_ddmmyy(birth).is_some_and(|(day, month, yy)| {
            let day = if day > 40 { day - 40 } else { day };
            dates::ddmmyy_exists(day, month, yy)
        });
        if !valid_birth {
            return Err(NikError::BirthDate(birth.to_owned()));
        }
        if &text[12..16] == "0000" {
            return Err(NikError::ZeroSerial);
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The district of first issue, dotted (`31.75.07`). A NIK keeps it after moves and
    /// after its region is split, so it need not be the person's current district.
    pub fn district_code(&self) -> String {
        typed_district(&self.0).unwrap_or_default()
    }

    /// The encoded day (women: plus 40), month and two-digit year.
    fn encoded(&self) -> (u32, u32, u32) {
        dates::split_ddmmyy(&self.0[6..12]).unwrap_or_default()
    }

    /// The sex the NIK encodes.
    pub fn sex(&self) -> Sex {
        if self.encoded().0 > 40 {
            Sex::Female
        } else {
            Sex::Male
        }
    }

    /// Checks the NIK against the stated birth date and sex.
    pub fn check(&self, birth_date: Date, sex: Sex) -> Vec<NikMismatch> {
        let (raw_day, month, yy) = self.encoded();
        let day = if raw_day > 40 { raw_day - 40 } else { raw_day };
        let mut found = Vec::new();
        let year = birth_date.year();
        let same = day == u32::from(birth_date.day())
            && month == u32::from(u8::from(birth_date.month()))
            && i64::from(yy) == i64::from(year).rem_euclid(100);
        if !same {
            let century = year - year.rem_euclid(100);
            found.push(NikMismatch::BirthDate {
                in_nik: format!("{day:02}-{month:02}-{:04}", century + yy as i32),
                stated: dates::show(birth_date),
            });
        }
        if self.sex() != sex {
            found.push(NikMismatch::Sex {
                day: raw_day,
                in_nik: self.sex(),
                stated: sex,
            });
        }
        found
    }

    /// The NIK with its middle eight digits hidden: `3175••••••••0001`.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

/// The district in the first six digits of a NIK or KK number as typed, dotted
/// (`31.75.07`), when they are six ASCII digits; other text has none (its parser refuses
/// it). Never slices inside a character, whatever was typed.
pub fn typed_district(number: &str) -> Option<String> {
    let digits = number.trim().get(0..6)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let part = |range: std::ops::Range<usize>| digits.get(range).unwrap_or_default();
    Some(format!("{}.{}.{}", part(0..2), part(2..4), part(4..6)))
}

/// Hides the middle of a 16-digit number for people who do not need it whole; the format
/// is the one every renderer uses (`auth::mask_number`).
pub fn mask(number: &str) -> String {
    crate::auth::mask_number(number)
}

impl fmt::Display for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn parses_men_and_women() {
        let man = Nik::parse(" 3175072105870001 ").expect("valid");
        assert_eq!(man.sex(), Sex::Male);
        assert_eq!(man.district_code(), "31.75.07");
        let woman = Nik::parse("3175076105870002").expect("valid");
        assert_eq!(woman.sex(), Sex::Female);
        assert!(woman.check(date!(1987 - 05 - 21), Sex::Female).is_empty());
        assert_eq!(man.masked(), "3175••••••••0001");
    }

    #[test]
    fn refuses_each_broken_rule() {
        assert_eq!(Nik::parse("317507210587001"), Err(NikError::Length(15)));
        assert_eq!(Nik::parse("31750721058700011"), Err(NikError::Length(17)));
        assert_eq!(Nik::parse("3175 07210587000"), Err(NikError::NotDigits));
        assert_eq!(
            Nik::parse("3175073202870001"),
            Err(NikError::BirthDate("320287".into()))
        );
        assert_eq!(
            Nik::parse("3175077202870001"),
            Err(NikError::BirthDate("720287".into()))
        );
        assert_eq!(
            Nik::parse("3175072113870001"),
            Err(NikError::BirthDate("211387".into()))
        );
        assert_eq!(
            Nik::parse("3175073002870001"),
            Err(NikError::BirthDate("300287".into()))
        );
        assert_eq!(Nik::parse("3175072105870000"), Err(NikError::ZeroSerial));
        assert_eq!(
            Nik::parse("3100072105870001"),
            Err(NikError::Region("310007".into()))
        );
        assert_eq!(
            Nik::parse("0975072105870001"),
            Err(NikError::Region("097507".into()))
        );
        assert!(Nik::parse("3175072902000001").is_ok(), "29-02-2000 existed");
    }

    #[test]
    fn other_digits_marks_and_long_text_are_refused_without_panic() {
        let variants = crate::text::hostile_variants("3175072105870001");
        for text in &variants[..5] {
            assert_eq!(Nik::parse(text), Err(NikError::NotDigits), "{text:?}");
            assert_eq!(typed_district(text), None, "{text:?}");
            assert_eq!(mask(text), "••••••••••••••••");
        }
        assert_eq!(Nik::parse(&variants[5]), Err(NikError::Length(160_000)));
        assert_eq!(typed_district("3½75070101230001"), None);
        assert_eq!(typed_district(" 3175072105870001"), Some("31.75.07".into()));
        assert_eq!(typed_district("31750"), None);
    }

    #[test]
    fn names_the_birth_date_disagreement_in_both_languages() {
        let nik = Nik::parse("3175071205870001").expect("valid");
        let found = nik.check(date!(1987 - 05 - 21), Sex::Male);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].localized(Lang::Id),
            "tanggal lahir pada NIK (12-05-1987) tidak sama dengan tanggal lahir (21-05-1987)"
        );
        assert!(found[0].to_string().contains("12-05-1987"));
    }

    #[test]
    fn names_the_sex_disagreement() {
        let nik = Nik::parse("3175076105870002").expect("valid");
        let found = nik.check(date!(1987 - 05 - 21), Sex::Male);
        assert_eq!(found.len(), 1);
        assert!(found[0].localized(Lang::Id).contains("perempuan"));
        assert!(found[0].to_string().contains("female"));
    }

    proptest! {
        #[test]
        fn any_well_built_nik_parses_and_round_trips(
            district in 110_101u32..=999_999,
            day in 1u32..=28, month in 1u32..=12, yy in 0u32..=99,
            female in any::<bool>(), serial in 1u32..=9999,
        ) {
            prop_assume!(district % 100 != 0 && (district / 100) % 100 != 0);
            let encoded_day = if female { day + 40 } else { day };
            let text = format!("{district:06}{encoded_day:02}{month:02}{yy:02}{serial:04}");
            let nik = Nik::parse(&text).expect("valid by construction");
            prop_assert_eq!(nik.as_str(), text.as_str());
            prop_assert_eq!(nik.sex() == Sex::Female, female);
            let born = dates::ymd(1900 + yy, month, day).expect("real date");
            let sex = if female { Sex::Female } else { Sex::Male };
            prop_assert!(nik.check(born, sex).is_empty());
        }

        #[test]
        fn arbitrary_text_never_panics(text in ".{0,24}") {
            let _ = Nik::parse(&text);
        }

        #[test]
        fn any_text_or_bytes_parse_totally_and_valid_ones_round_trip(
            text in any::<String>(),
            bytes in any::<Vec<u8>>(),
        ) {
            for text in [text, String::from_utf8_lossy(&bytes).into_owned()] {
                let _ = mask(&text);
                if let Some(district) = typed_district(&text) {
                    prop_assert_eq!(district.len(), 8);
                }
                if let Ok(nik) = Nik::parse(&text) {
                    prop_assert!(nik.as_str().bytes().all(|b| b.is_ascii_digit()));
                    prop_assert_eq!(Nik::parse(nik.as_str()), Ok(nik.clone()));
                    prop_assert_eq!(typed_district(nik.as_str()), Some(nik.district_code()));
                }
            }
        }

        #[test]
        fn wrong_lengths_are_refused(digits in "[0-9]{0,15}|[0-9]{17,20}") {
            prop_assert!(matches!(Nik::parse(&digits), Err(NikError::Length(_))));
        }
    }
}
