//! Calendar dates as offices write them: `YYYY-MM-DD`, `DD-MM-YYYY` or `DD/MM/YYYY`, and the
//! six-digit `DDMMYY` dates inside NIK and KK numbers.

use time::{Date, Month};

use crate::web::i18n::{Lang, Localized};

/// The earliest birth date accepted; older entries are typing mistakes.
pub const EARLIEST_YEAR: i32 = 1900;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("{0:?} is not a date; write YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY")]
    Format(String),
    #[error("{0} is not a real calendar date")]
    NotReal(String),
    #[error("{date} is in the future (today is {today})")]
    Future { date: String, today: String },
    #[error("{0} is before {EARLIEST_YEAR}")]
    TooEarly(String),
}

impl Localized for DateError {
    fn localized(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            Self::Format(text) => {
                format!("\"{text}\" bukan tanggal; tulis TTTT-BB-HH, HH-BB-TTTT atau HH/BB/TTTT")
            }
            Self::NotReal(text) => format!("{text} bukan tanggal yang ada di kalender"),
            Self::Future { date, today } => {
                format!("{date} ada di masa depan (hari ini {today})")
            }
            Self::TooEarly(text) => format!("{text} sebelum tahun {EARLIEST_YEAR}"),
        }
    }
}

/// Parses a date in one of the three accepted layouts.
pub fn parse(input: &str) -> Result<Date, DateError> {
    let text = input.trim();
    let shown = || text.chars().take(30).collect::<String>();
    let parts: Vec<&str> = text.split(['-', '/']).collect();
    let numbers: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect();
    let (Some(numbers), 3) = (numbers, parts.len()) else {
        return Err(DateError::Format(shown()));
    };
    let dash = text.contains('-');
    let (year, month, day) = match (parts[0].len(), parts[2].len()) {
        (4, 1..=2) if dash && !text.contains('/') => (numbers[0], numbers[1], numbers[2]),
        (1..=2, 4) => (numbers[2], numbers[1], numbers[0]),
        _ => return Err(DateError::Format(shown())),
    };
    ymd(year, month, day).ok_or_else(|| DateError::NotReal(shown()))
}

/// The date for numeric parts, if it exists.
pub fn ymd(year: u32, month: u32, day: u32) -> Option<Date> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()
}

/// Refuses dates after `today` and before 1900.
pub fn check_past(date: Date, today: Date) -> Result<Date, DateError> {
    if date > today {
        return Err(DateError::Future {
            date: show(date),
            today: show(today),
        });
    }
    if date.year() < EARLIEST_YEAR {
        return Err(DateError::TooEarly(show(date)));
    }
    Ok(date)
}

/// `21-05-1987`, the way dates are shown to people in messages.
pub fn show(date: Date) -> String {
    format!(
        "{:02}-{:02}-{:04}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

/// `1987-05-21`, the way dates are stored and exported.
pub fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// True when day and month exist in 19YY or 20YY (so 29-02-00 passes: 2000 was leap).
pub fn ddmmyy_exists(day: u32, month: u32, yy: u32) -> bool {
    ymd(1900 + yy, month, day).is_some() || ymd(2000 + yy, month, day).is_some()
}

/// Reads six ASCII digits as (day, month, two-digit year).
pub fn split_ddmmyy(digits: &str) -> Option<(u32, u32, u32)> {
    let number = |range: std::ops::Range<usize>| digits.get(range)?.parse::<u32>().ok();
    Some((number(0..2)?, number(2..4)?, number(4..6)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn other_digits_marks_and_long_text_are_refused_without_panic() {
        for valid in ["21-05-1987", "1987-05-21", "21/05/1987"] {
            for text in crate::text::hostile_variants(valid) {
                let shown: String = text.chars().take(30).collect();
                assert_eq!(parse(&text), Err(DateError::Format(shown)), "{text:?}");
            }
        }
        for digits in ["٢١٠٥٨٧", "２１０５８７", "2½0587", "21058"] {
            assert_eq!(split_ddmmyy(digits), None, "{digits}");
        }
    }

    proptest! {
        #[test]
        fn any_text_or_bytes_parse_totally_and_valid_dates_round_trip(
            text in any::<String>(),
            bytes in any::<Vec<u8>>(),
        ) {
            for text in [text, String::from_utf8_lossy(&bytes).into_owned()] {
                let _ = split_ddmmyy(&text);
                if let Ok(date) = parse(&text) {
                    prop_assert_eq!(parse(&iso(date)), Ok(date));
                    prop_assert_eq!(parse(&show(date)), Ok(date));
                }
            }
        }

        #[test]
        fn every_real_date_round_trips(days in 0i64..100_000) {
            let date = date!(1900 - 01 - 01) + time::Duration::days(days);
            prop_assert_eq!(parse(&iso(date)), Ok(date));
            prop_assert_eq!(parse(&show(date)), Ok(date));
        }
    }

    #[test]
    fn accepts_the_three_layouts() {
        for text in ["1987-05-21", "21-05-1987", "21/05/1987", " 21/5/1987 "] {
            assert_eq!(parse(text), Ok(date!(1987 - 05 - 21)), "{text}");
        }
    }

    #[test]
    fn refuses_other_shapes_and_unreal_dates() {
        for text in [
            "",
            "21.05.1987",
            "1987/05/21",
            "87-05-21",
            "21-05",
            "a-b-c",
            "1987-05-21x",
        ] {
            assert!(matches!(parse(text), Err(DateError::Format(_))), "{text}");
        }
        assert!(matches!(parse("31-02-2001"), Err(DateError::NotReal(_))));
        assert!(matches!(parse("2001-13-01"), Err(DateError::NotReal(_))));
    }

    #[test]
    fn dates_must_be_past_and_plausible() {
        let today = date!(2026 - 11 - 25);
        assert!(check_past(date!(2026 - 11 - 25), today).is_ok());
        let err = check_past(date!(2026 - 11 - 26), today).expect_err("future");
        assert!(err.localized(Lang::Id).contains("masa depan"));
        assert!(check_past(date!(1899 - 12 - 31), today).is_err());
    }

    #[test]
    fn six_digit_dates_allow_either_century() {
        assert!(ddmmyy_exists(29, 2, 0));
        assert!(!ddmmyy_exists(29, 2, 1));
        assert!(!ddmmyy_exists(32, 1, 90));
        assert_eq!(split_ddmmyy("210587"), Some((21, 5, 87)));
        assert_eq!(show(date!(1987 - 05 - 21)), "21-05-1987");
        assert_eq!(iso(date!(1987 - 05 - 21)), "1987-05-21");
    }
}
