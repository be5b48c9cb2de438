//! `Phone`: an Indonesian telephone number normalised to E.164 (`+628123456789`), from the
//! ways people write it: `0812-3456-789`, `+62 812 3456 789`, `62812…`, `(021) 8601234`.

use std::fmt;

use crate::web::i18n::{Lang, Localized};

/// Digits after +62: mobile numbers (8…) have 9 to 12, landlines (area code first) 8 to 11.
const MOBILE_DIGITS: std::ops::RangeInclusive<usize> = 9..=12;
const LANDLINE_DIGITS: std::ops::RangeInclusive<usize> = 8..=11;

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Phone(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("may contain only digits, spaces, '+', '-', '.', '(' and ')'")]
    Characters,
    #[error("must be an Indonesian number starting with 0, 62 or +62")]
    Country,
    #[error("has {0} digits after the country code; mobile numbers have 9-12, landlines 8-11")]
    Length(usize),
}

impl Localized for PhoneError {
    fn localized(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            Self::Characters => {
                "hanya boleh berisi angka, spasi, '+', '-', '.', '(' dan ')'".into()
            }
            Self::Country => "harus nomor Indonesia yang diawali 0, 62 atau +62".into(),
            Self::Length(n) => format!(
                "terdiri dari {n} angka setelah kode negara; nomor seluler 9-12 angka, \
                 telepon rumah 8-11 angka"
            ),
        }
    }
}

impl Phone {
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let text = input.trim();
        if !text
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c))
        {
            return Err(PhoneError::Characters);
        }
        let plus = text.starts_with('+');
        if text.rfind('+').is_some_and(|at| at > 0) {
            return Err(PhoneError::Characters);
        }
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let national = match (plus, digits.strip_prefix("62"), digits.strip_prefix('0')) {
            (true, Some(rest), _) => rest,
            (true, None, _) => return Err(PhoneError::Country),
            (false, Some(rest), _) if !rest.starts_with('0') => rest,
            (false, _, Some(rest)) => rest,
            (false, _, None) if digits.starts_with('8') => digits.as_str(),
            _ => return Err(PhoneError::Country),
        };
        if national.starts_with('0') {
            return Err(PhoneError::Country);
        }
        let allowed = if national.starts_with('8') {
            MOBILE_DIGITS
        } else {
            LANDLINE_DIGITS
        };
        if !allowed.contains(&national.len()) {
            return Err(PhoneError::Length(national.len()));
        }
        Ok(Self(format!("+62{national}")))
    }

    /// E.164: `+628123456789`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalises_common_spellings() {
        for text in [
            "0812-3456-7890",
            "+62 812 3456 7890",
            "6281234567890",
            "812.3456.7890",
        ] {
            assert_eq!(
                Phone::parse(text).map(|p| p.0),
                Ok("+6281234567890".to_owned()),
                "{text}"
            );
        }
        assert_eq!(
            Phone::parse("(021) 8601234").map(|p| p.0),
            Ok("+62218601234".to_owned())
        );
    }

    #[test]
    fn refuses_foreign_short_and_odd_numbers() {
        assert_eq!(Phone::parse("+1 415 555 0100"), Err(PhoneError::Country));
        assert_eq!(Phone::parse("0812-34"), Err(PhoneError::Length(5)));
        assert_eq!(
            Phone::parse("0812 3456 7890 1234"),
            Err(PhoneError::Length(15))
        );
        assert_eq!(Phone::parse("0812-abc"), Err(PhoneError::Characters));
        assert_eq!(Phone::parse("62+812345678"), Err(PhoneError::Characters));
        assert_eq!(Phone::parse("00812345678"), Err(PhoneError::Country));
        assert!(
            PhoneError::Length(5)
                .localized(Lang::Id)
                .contains("5 angka")
        );
    }

    #[test]
    fn other_digits_marks_and_long_text_are_refused_without_panic() {
        let variants = crate::text::hostile_variants("0812-3456-7890");
        for text in &variants[..5] {
            assert_eq!(Phone::parse(text), Err(PhoneError::Characters), "{text:?}");
        }
        assert_eq!(Phone::parse(&variants[5]), Err(PhoneError::Length(119_999)));
    }

    proptest! {
        #[test]
        fn every_accepted_number_is_e164(text in "[0-9+ ()-]{0,20}") {
            if let Ok(phone) = Phone::parse(&text) {
                prop_assert!(phone.as_str().starts_with("+62"));
                prop_assert!(phone.as_str().len() <= 16);
                prop_assert!(phone.as_str()[1..].bytes().all(|b| b.is_ascii_digit()));
                prop_assert_eq!(Phone::parse(phone.as_str()), Ok(phone.clone()));
            }
        }

        #[test]
        fn any_text_or_bytes_parse_totally_and_valid_ones_round_trip(
            text in any::<String>(),
            bytes in any::<Vec<u8>>(),
        ) {
            for text in [text, String::from_utf8_lossy(&bytes).into_owned()] {
                if let Ok(phone) = Phone::parse(&text) {
                    prop_assert!(phone.as_str().starts_with("+62"));
                    prop_assert_eq!(Phone::parse(phone.as_str()), Ok(phone.clone()));
                }
            }
        }

        #[test]
        fn mobile_numbers_in_any_prefix_agree(rest in "8[0-9]{8,11}") {
            let a = Phone::parse(&format!("0{rest}"));
            prop_assert_eq!(a.clone(), Phone::parse(&format!("+62{rest}")));
            prop_assert_eq!(a, Phone::parse(&format!("62 {rest}")));
        }
    }
}
