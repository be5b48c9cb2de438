//! The sparse profile: registrations as they arrive where identifiers are often absent,
//! for measuring linkage that cannot lean on the NIK or the birth date.

use crate::mutate::Row;
use crate::rng::Rng;

/// Which kind of registry rows to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Rows as a well-kept registry holds them (few fields missing).
    Full,
    /// 30 % of rows without NIK, 10 % without birth date, 5 % with a placeholder date
    /// (1 January, 31 December, or the year alone), 10 % without KK: the shares the
    /// anti-corruption commission's findings on social-assistance lists suggest.
    Sparse,
}

/// Share of sparse rows whose NIK is left out.
const NIK_MISSING: f64 = 0.30;
/// Share of sparse rows whose birth date is left out.
const BIRTH_DATE_MISSING: f64 = 0.10;
/// Share of sparse rows whose birth date is replaced by a placeholder.
const BIRTH_DATE_PLACEHOLDER: f64 = 0.05;
/// Share of sparse rows whose family card number is left out.
const KK_MISSING: f64 = 0.10;

impl Profile {
    pub fn parse(text: &str) -> Option<Profile> {
        match text {
            "full" => Some(Profile::Full),
            "sparse" => Some(Profile::Sparse),
            _ => None,
        }
    }

    /// Takes identifiers away from a row as the profile says. Every draw is made for
    /// every row, so that one row's fate does not shift the next row's.
    pub fn thin(self, row: &mut Row, rng: &mut Rng) {
        if self == Profile::Full {
            return;
        }
        let (no_nik, no_kk) = (rng.chance(NIK_MISSING), rng.chance(KK_MISSING));
        let roll = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        let form = rng.below(3);
        if no_nik {
            row.nik.clear();
        }
        if no_kk {
            row.kk.clear();
        }
        if roll < BIRTH_DATE_MISSING {
            row.birth_date.clear();
        } else if roll < BIRTH_DATE_MISSING + BIRTH_DATE_PLACEHOLDER {
            row.birth_date = placeholder(&row.birth_date, form);
        }
    }
}

/// The date a clerk writes when only the year is known.
fn placeholder(date: &str, form: usize) -> String {
    let Some(year) = date.get(..4) else {
        return String::new();
    };
    match form {
        0 => format!("{year}-01-01"),
        1 => format!("{year}-12-31"),
        _ => year.to_string(),
    }
}
