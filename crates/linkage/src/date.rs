//! Birth dates: parsing the accepted formats and comparing with tolerance for typos.

/// A calendar date of birth. Construction checks the day against the month and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BirthDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// Earliest year of birth accepted; older dates are data-entry errors.
pub const YEAR_MIN: u16 = 1880;
/// Latest year of birth accepted.
pub const YEAR_MAX: u16 = 2100;

/// How a date was written, so that callers can tell the user which rows were read
/// day-first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFormat {
    Iso,
    DayFirst,
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("'{0}' is not a date in YYYY-MM-DD form")]
    Format(String),
    #[error("'{0}' is not a real calendar date")]
    Calendar(String),
}

impl BirthDate {
    pub fn new(year: u16, month: u8, day: u8) -> Option<BirthDate> {
        let valid = (YEAR_MIN..=YEAR_MAX).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(BirthDate { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (the documented format), and also `DD-MM-YYYY` or `DD/MM/YYYY`
    /// and `YYYY/MM/DD`, because spreadsheets in Indonesian locales write dates day-first.
    pub fn parse(raw: &str) -> Result<(BirthDate, DateFormat), DateError> {
        let text = raw.trim();
        let text = text.split([' ', 'T']).next().unwrap_or(text);
        let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
        let format_error = || DateError::Format(raw.trim().to_owned());
        let [a, b, c] = parts.as_slice() else {
            return Err(format_error());
        };
        let number = |s: &str| -> Result<u16, DateError> {
            if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format_error());
            }
            s.parse().map_err(|_| format_error())
        };
        let (year, month, day, format) = if a.len() == 4 {
            (number(a)?, number(b)?, number(c)?, DateFormat::Iso)
        } else if c.len() == 4 {
            (number(c)?, number(b)?, number(a)?, DateFormat::DayFirst)
        } else {
            return Err(format_error());
        };
        let month = u8::try_from(month).map_err(|_| format_error())?;
        let day = u8::try_from(day).map_err(|_| format_error())?;
        match BirthDate::new(year, month, day) {
            Some(date) => Ok((date, format)),
            None => Err(DateError::Calendar(raw.trim().to_owned())),
        }
    }

    /// Packs the date into a `u32` that sorts like the date; 0 means missing.
    pub fn pack(self) -> u32 {
        u32::from(self.year) << 9 | u32::from(self.month) << 5 | u32::from(self.day)
    }

    pub fn unpack(packed: u32) -> Option<BirthDate> {
        if packed == 0 {
            return None;
        }
        let year = u16::try_from(packed >> 9).ok()?;
        BirthDate::new(year, ((packed >> 5) & 0xf) as u8, (packed & 0x1f) as u8)
    }

    fn digits(self) -> [u8; 8] {
        let mut out = [0u8; 8];
        let value =
            u32::from(self.year) * 10_000 + u32::from(self.month) * 100 + u32::from(self.day);
        for (index, slot) in out.iter_mut().enumerate() {
            let power = 10u32.pow(7 - index as u32);
            *slot = b'0' + (value / power % 10) as u8;
        }
        out
    }
}

/// What a birth date still says when it is not a usable calendar date: the year, and the
/// month when one was written. Impossible dates (30 February, month 13), placeholders
/// (1 January, 31 December) and the year written alone are kept as this instead of being
/// dropped: the year still tells a grandmother from her granddaughter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PartialDate {
    pub year: u16,
    /// 1 to 12, or 0 when unknown.
    pub month: u8,
}

impl PartialDate {
    /// The year and month of a full date.
    pub fn of(date: BirthDate) -> PartialDate {
        PartialDate {
            year: date.year,
            month: date.month,
        }
    }

    /// Packs like [`BirthDate::pack`] with day 0, so that it sorts with full dates; 0
    /// means nothing is known.
    pub fn pack(self) -> u32 {
        u32::from(self.year) << 9 | u32::from(self.month) << 5
    }

    pub fn unpack(packed: u32) -> Option<PartialDate> {
        let year = u16::try_from(packed >> 9).ok()?;
        (YEAR_MIN..=YEAR_MAX)
            .contains(&year)
            .then_some(PartialDate {
                year,
                month: ((packed >> 5) & 0xf) as u8,
            })
    }

    /// Reads the year (and a month from 1 to 12) of a date that is not a calendar date:
    /// `1985`, `1985-00-00`, `1985-02-30`, `30/02/1985`. `None` when no year in range
    /// can be found.
    pub fn salvage(raw: &str) -> Option<PartialDate> {
        let text = raw.trim();
        let text = text.split([' ', 'T']).next().unwrap_or(text);
        let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
        let (year, month) = match parts.as_slice() {
            [year] => (*year, ""),
            [year, month, _] if year.len() == 4 => (*year, *month),
            [_, month, year] if year.len() == 4 => (*year, *month),
            _ => return None,
        };
        let number = |s: &str| {
            (s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u16>().ok())
                .flatten()
        };
        let year = number(year).filter(|y| (YEAR_MIN..=YEAR_MAX).contains(y))?;
        let month = number(month).filter(|m| (1..=12).contains(m)).unwrap_or(0);
        Some(PartialDate {
            year,
            month: u8::try_from(month).unwrap_or(0),
        })
    }
}

/// Whether a date is the one clerks write when only the year is known: 1 January or
/// 31 December. Such a date says the year and nothing more; read as a real date it
/// would make a person born in June disagree with their own second registration, and
/// make strangers born the same year look alike.
pub fn is_placeholder(date: BirthDate) -> bool {
    matches!((date.month, date.day), (1, 1) | (12, 31))
}

/// How two partial dates agree: the same year (and month, when both are known), a year
/// one digit apart (no evidence either way: a typo is as likely as a stranger), or
/// years that differ more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearAgreement {
    Same,
    Unknown,
    Different,
}

pub fn compare_years(a: PartialDate, b: PartialDate) -> YearAgreement {
    if a.year == b.year {
        if a.month != 0 && b.month != 0 && a.month != b.month {
            return YearAgreement::Unknown;
        }
        return YearAgreement::Same;
    }
    // Years in range have four digits.
    let digits = |year: u16| [1000, 100, 10, 1].map(|power| b'0' + (year / power % 10) as u8);
    if crate::distance::edit_distance_within(&digits(a.year), &digits(b.year), 1).is_some() {
        YearAgreement::Unknown
    } else {
        YearAgreement::Different
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

/// How closely two birth dates agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateAgreement {
    Exact,
    /// Day and month swapped, or one digit mistyped or two adjacent digits swapped.
    Typo,
    /// Two of year, month and day agree.
    Partial,
    Different,
}

pub fn compare_dates(a: BirthDate, b: BirthDate) -> DateAgreement {
    if a == b {
        return DateAgreement::Exact;
    }
    let swapped = a.year == b.year && a.day == b.month && a.month == b.day;
    let one_edit = crate::distance::edit_distance_within(&a.digits(), &b.digits(), 1).is_some();
    if swapped || one_edit {
        return DateAgreement::Typo;
    }
    let same = u8::from(a.year == b.year) + u8::from(a.month == b.month) + u8::from(a.day == b.day);
    if same >= 2 {
        DateAgreement::Partial
    } else {
        DateAgreement::Different
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(raw: &str) -> BirthDate {
        BirthDate::parse(raw).map(|(d, _)| d).unwrap()
    }

    #[test]
    fn parses_iso_and_day_first() {
        assert_eq!(BirthDate::parse("1980-03-12").unwrap().1, DateFormat::Iso);
        assert_eq!(date("1980-03-12"), BirthDate::new(1980, 3, 12).unwrap());
        assert_eq!(
            BirthDate::parse("12/03/1980").unwrap().1,
            DateFormat::DayFirst
        );
        assert_eq!(date("12-03-1980"), date("1980-03-12"));
        assert_eq!(date(" 1980-03-12 00:00:00 "), date("1980-03-12"));
        assert_eq!(date("2000-02-29"), BirthDate::new(2000, 2, 29).unwrap());
    }

    #[test]
    fn rejects_bad_dates_with_a_reason() {
        assert!(matches!(
            BirthDate::parse("12 Maret 1980"),
            Err(DateError::Format(_))
        ));
        assert!(matches!(
            BirthDate::parse("80-03-12"),
            Err(DateError::Format(_))
        ));
        assert!(matches!(
            BirthDate::parse("1980-13-01"),
            Err(DateError::Calendar(_))
        ));
        assert!(matches!(
            BirthDate::parse("1900-02-29"),
            Err(DateError::Calendar(_))
        ));
        assert!(matches!(
            BirthDate::parse("1700-01-01"),
            Err(DateError::Calendar(_))
        ));
        assert!(matches!(BirthDate::parse(""), Err(DateError::Format(_))));
        assert!(matches!(
            BirthDate::parse("1980-3x-01"),
            Err(DateError::Format(_))
        ));
    }

    #[test]
    fn pack_round_trips_and_sorts() {
        let a = date("1980-03-12");
        assert_eq!(BirthDate::unpack(a.pack()), Some(a));
        assert!(date("1980-03-11").pack() < a.pack());
        assert_eq!(BirthDate::unpack(0), None);
    }

    #[test]
    fn partial_dates_keep_the_year() {
        let partial = |raw: &str| PartialDate::salvage(raw);
        let year = |year| Some(PartialDate { year, month: 0 });
        assert_eq!(partial("1985"), year(1985));
        assert_eq!(partial("1985-00-00"), year(1985));
        assert_eq!(partial("1985-13-05"), year(1985));
        let february = Some(PartialDate {
            year: 1985,
            month: 2,
        });
        assert_eq!(partial("1985-02-30"), february);
        assert_eq!(partial("30/02/1985"), february);
        assert_eq!(partial("85-02-30"), None);
        assert_eq!(partial("1700"), None);
        assert_eq!(partial("12 Maret"), None);
        assert_eq!(partial(""), None);
        let packed = PartialDate::of(date("1985-02-03")).pack();
        assert_eq!(PartialDate::unpack(packed), february);
        assert_eq!(PartialDate::unpack(0), None);
    }

    #[test]
    fn placeholders_and_year_agreement() {
        assert!(is_placeholder(date("1985-01-01")));
        assert!(is_placeholder(date("1985-12-31")));
        assert!(!is_placeholder(date("1985-12-30")));
        let at = |year, month| PartialDate { year, month };
        assert_eq!(compare_years(at(1985, 0), at(1985, 3)), YearAgreement::Same);
        assert_eq!(
            compare_years(at(1985, 4), at(1985, 3)),
            YearAgreement::Unknown
        );
        assert_eq!(
            compare_years(at(1985, 0), at(1986, 0)),
            YearAgreement::Unknown
        );
        assert_eq!(
            compare_years(at(1985, 0), at(1958, 0)),
            YearAgreement::Unknown
        );
        assert_eq!(
            compare_years(at(1985, 0), at(1972, 0)),
            YearAgreement::Different
        );
    }

    #[test]
    fn comparison_levels() {
        let d = date("1980-03-12");
        assert_eq!(compare_dates(d, d), DateAgreement::Exact);
        assert_eq!(compare_dates(d, date("1980-12-03")), DateAgreement::Typo);
        assert_eq!(compare_dates(d, date("1980-03-13")), DateAgreement::Typo);
        assert_eq!(compare_dates(d, date("1908-03-12")), DateAgreement::Typo);
        assert_eq!(compare_dates(d, date("1985-03-12")), DateAgreement::Typo);
        assert_eq!(compare_dates(d, date("1980-07-12")), DateAgreement::Typo);
        assert_eq!(
            compare_dates(d, date("1980-07-28")),
            DateAgreement::Different
        );
        assert_eq!(compare_dates(d, date("1975-03-12")), DateAgreement::Partial);
        assert_eq!(
            compare_dates(d, date("1991-07-28")),
            DateAgreement::Different
        );
    }
}
