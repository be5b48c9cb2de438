//! NIK and KK numbers: parsing digits and reading the birth date and sex inside a NIK.

use crate::date::BirthDate;

/// Digits in a NIK and in a KK number.
pub const ID_DIGITS: usize = 16;

/// The digits of an identity number (NIK or KK). Other lengths are kept too, so that
/// foreign or legacy identifiers can still be compared, but only 16 digits can verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct IdDigits {
    bytes: [u8; ID_DIGITS],
    len: u8,
}

/// Why an identity number could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("'{0}' contains characters other than digits")]
    NotDigits(String),
    #[error("'{0}' has more than 16 digits")]
    TooLong(String),
    #[error(
        "'{0}' looks like a spreadsheet number in scientific notation; format the column as text"
    )]
    Scientific(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

impl IdDigits {
    /// Parses digits, ignoring the spaces, dots and dashes people type as separators.
    /// Returns `Ok(None)` for an empty value or one made only of zeros.
    pub fn parse(raw: &str) -> Result<Option<IdDigits>, IdError> {
        let text = raw.trim();
        if text.contains(['E', 'e']) && text.contains('+') {
            return Err(IdError::Scientific(text.to_owned()));
        }
        let mut id = IdDigits::default();
        for c in text.chars() {
            match c {
                '0'..='9' => {
                    if usize::from(id.len) == ID_DIGITS {
                        return Err(IdError::TooLong(text.to_owned()));
                    }
                    id.bytes[usize::from(id.len)] = c as u8;
                    id.len += 1;
                }
                ' ' | '.' | '-' | '\'' => {}
                _ => return Err(IdError::NotDigits(text.to_owned())),
            }
        }
        let all_zero = id.digits().iter().all(|&b| b == b'0');
        Ok((!all_zero).then_some(id))
    }

    pub fn digits(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    pub fn is_full(&self) -> bool {
        usize::from(self.len) == ID_DIGITS
    }

    fn number(&self, from: usize, to: usize) -> u32 {
        self.bytes[from..to]
            .iter()
            .fold(0, |acc, &b| acc * 10 + u32::from(b - b'0'))
    }

    /// A 64-bit key for blocking; distinct digit strings give distinct keys.
    pub fn key(&self) -> u64 {
        let mut key = u64::from(self.len);
        for &b in self.digits() {
            key = key * 10 + u64::from(b - b'0');
        }
        key
    }

    /// The sex encoded in a 16-digit NIK: women have 40 added to the day of birth.
    pub fn nik_sex(&self) -> Option<Sex> {
        if !self.is_full() {
            return None;
        }
        match self.number(6, 8) {
            1..=31 => Some(Sex::Male),
            41..=71 => Some(Sex::Female),
            _ => None,
        }
    }

    /// Day, month and two-digit year of birth encoded in a 16-digit NIK.
    pub fn nik_birth(&self) -> Option<(u8, u8, u8)> {
        if !self.is_full() || !(11..=96).contains(&self.number(0, 2)) {
            return None;
        }
        let raw_day = self.number(6, 8);
        let day = if raw_day > 40 { raw_day - 40 } else { raw_day };
        let month = self.number(8, 10);
        let year = self.number(10, 12);
        let valid = (1..=31).contains(&day) && (1..=12).contains(&month) && self.number(12, 16) > 0;
        valid.then_some((day as u8, month as u8, year as u8))
    }

    /// A NIK is verified when its embedded birth date (and sex, if known) agree with the
    /// record's. Two different verified NIKs are strong evidence of two people.
    pub fn nik_verified(&self, birth: Option<BirthDate>, sex: Option<Sex>) -> bool {
        let (Some((day, month, year)), Some(birth)) = (self.nik_birth(), birth) else {
            return false;
        };
        let date_agrees =
            birth.day == day && birth.month == month && birth.year % 100 == u16::from(year);
        let sex_agrees = sex.is_none() || sex == self.nik_sex();
        date_agrees && sex_agrees
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(raw: &str) -> IdDigits {
        IdDigits::parse(raw).unwrap().unwrap()
    }

    #[test]
    fn parses_with_separators() {
        assert_eq!(id("3201.0145.0190.0001").digits(), b"3201014501900001");
        assert_eq!(id(" 32-01-01 ").digits(), b"320101");
        assert!(id("3201014501900001").is_full());
        assert_eq!(IdDigits::parse("").unwrap(), None);
        assert_eq!(IdDigits::parse("0000000000000000").unwrap(), None);
    }

    #[test]
    fn rejects_non_digits_and_overflow() {
        assert!(matches!(
            IdDigits::parse("32O1"),
            Err(IdError::NotDigits(_))
        ));
        assert!(matches!(
            IdDigits::parse("32010145019000011"),
            Err(IdError::TooLong(_))
        ));
        assert!(matches!(
            IdDigits::parse("3.20101E+15"),
            Err(IdError::Scientific(_))
        ));
    }

    #[test]
    fn keys_differ_for_leading_zeros() {
        assert_ne!(id("0123").key(), id("123").key());
    }

    #[test]
    fn reads_birth_and_sex() {
        let woman = id("3201015203850002");
        assert_eq!(woman.nik_birth(), Some((12, 3, 85)));
        assert_eq!(woman.nik_sex(), Some(Sex::Female));
        let man = id("3201011203850002");
        assert_eq!(man.nik_sex(), Some(Sex::Male));
        assert_eq!(id("3201019903850002").nik_birth(), None);
        assert_eq!(id("0001011203850002").nik_birth(), None);
        assert_eq!(id("1234567").nik_birth(), None);
    }

    #[test]
    fn verifies_against_the_record() {
        let woman = id("3201015203850002");
        let born = BirthDate::new(1985, 3, 12);
        assert!(woman.nik_verified(born, Some(Sex::Female)));
        assert!(woman.nik_verified(born, None));
        assert!(!woman.nik_verified(born, Some(Sex::Male)));
        assert!(!woman.nik_verified(BirthDate::new(1985, 3, 13), None));
        assert!(!woman.nik_verified(None, Some(Sex::Female)));
    }
}
