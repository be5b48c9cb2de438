//! The compared fields, their agreement levels, and the packed comparison pattern.

/// A piece of evidence compared between two records. The household fields (KK, address,
/// RT/RW, village) form ONE field: family members share all of them, and counting each
/// as separate evidence would make every family look like a set of duplicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    BirthDate,
    Nik,
    Sex,
    BirthPlace,
    Household,
}

/// Fields in pattern order.
pub const FIELDS: [Field; 6] = [
    Field::Name,
    Field::BirthDate,
    Field::Nik,
    Field::Sex,
    Field::BirthPlace,
    Field::Household,
];

/// Most levels any field has, counting level 0 (missing on either side).
pub const LEVELS_MAX: usize = 8;

/// Bits per field in a [`Pattern`].
const LEVEL_BITS: u32 = 3;

impl Field {
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::BirthDate => "birth_date",
            Field::Nik => "nik",
            Field::Sex => "sex",
            Field::BirthPlace => "birth_place",
            Field::Household => "household",
        }
    }

    /// Level names, index 0 being "missing". Lower levels are stronger agreement.
    pub fn levels(self) -> &'static [&'static str] {
        match self {
            Field::Name => &[
                "missing",
                "exact",
                "close",
                "fuzzy",
                "different",
                "part_missing",
                "word_differs",
            ],
            Field::BirthDate => &[
                "missing",
                "exact",
                "typo",
                "partial",
                "different",
                "same_year",
                "year_differs",
            ],
            Field::Nik => &[
                "missing",
                "exact",
                "one_edit",
                "verified_near",
                "different",
                "distinct_verified",
                "regency_typo",
            ],
            Field::Sex => &["missing", "agree", "different"],
            Field::BirthPlace => &["missing", "exact", "close", "different"],
            Field::Household => &[
                "missing",
                "same_kk",
                "same_address",
                "same_rt_rw",
                "same_village",
                "same_regency",
                "different",
            ],
        }
    }
}

/// Agreement levels of all fields for one pair, three bits each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Pattern(pub u32);

impl Pattern {
    pub fn with(self, field: Field, level: u8) -> Pattern {
        let shift = field.index() as u32 * LEVEL_BITS;
        let cleared = self.0 & !(0b111 << shift);
        Pattern(cleared | (u32::from(level) & 0b111) << shift)
    }

    pub fn level(self, field: Field) -> usize {
        (self.0 >> (field.index() as u32 * LEVEL_BITS) & 0b111) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_round_trips_every_level() {
        for field in FIELDS {
            assert!(field.levels().len() <= LEVELS_MAX);
            for level in 0..field.levels().len() {
                let pattern = Pattern::default()
                    .with(Field::Name, 1)
                    .with(field, level as u8);
                assert_eq!(pattern.level(field), level);
            }
        }
    }
}
