//! The compact in-memory record: every field parsed and normalised once, text in an arena.

use crate::date::{BirthDate, PartialDate, is_placeholder};
use crate::nik::{IdDigits, Sex};
use crate::phonetic::phonetic_token;

mod parse;

pub use parse::parse_person;

/// One input row as text, before parsing. Field names follow the input columns.
#[derive(Debug, Clone, Copy, Default)]
pub struct PersonFields<'a> {
    pub id: &'a str,
    pub nik: &'a str,
    pub kk: &'a str,
    pub name: &'a str,
    pub sex: &'a str,
    pub birth_place: &'a str,
    pub birth_date: &'a str,
    pub address: &'a str,
    pub rt: &'a str,
    pub rw: &'a str,
    pub village_code: &'a str,
}

/// A person parsed and normalised, owning its text until it moves into a [`Store`].
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub id: String,
    pub nik: IdDigits,
    pub kk: IdDigits,
    pub name: String,
    pub sex: Option<Sex>,
    pub birth_place: String,
    pub birth: Option<BirthDate>,
    /// The year and month, also when the date is a placeholder or impossible.
    pub birth_partial: Option<PartialDate>,
    pub day_first: bool,
    pub address: String,
    pub rt: Option<u16>,
    pub rw: Option<u16>,
    pub village: u64,
    /// See [`street_key`].
    pub street: u64,
    /// Problems found in single fields; the field is then treated as missing.
    pub issues: Vec<String>,
    /// Keys derived from the name, worked out while parsing (which runs in parallel)
    /// rather than when the record joins the store (which does not).
    pub name_keys: NameKeys,
}

/// The name in word-sorted form and its hashed keys; 0 stands for a missing name.
#[derive(Debug, Clone, Default)]
pub struct NameKeys {
    pub sorted: String,
    pub exact: u64,
    pub sound: u64,
    pub first_sound: u64,
    pub last_sound: u64,
}

impl NameKeys {
    pub fn of(name: &str) -> NameKeys {
        let tokens: Vec<&str> = name.split(' ').filter(|t| !t.is_empty()).collect();
        if tokens.is_empty() {
            return NameKeys::default();
        }
        let mut sorted = tokens.clone();
        sorted.sort_unstable();
        let sorted = sorted.join(" ");
        let mut sounds: Vec<String> = tokens.iter().map(|t| phonetic_token(t)).collect();
        let first_sound = hash_text(&sounds[0]);
        // A single name is both first and last: a record written with the family name
        // alone ("Clarke") must still meet "Alyssa Clarke".
        let last_sound = hash_text(&sounds[sounds.len() - 1]);
        sounds.sort_unstable();
        NameKeys {
            exact: hash_text(&sorted),
            sorted,
            sound: hash_text(&sounds.join(" ")),
            first_sound,
            last_sound,
        }
    }
}

/// Where a piece of text lives in the store's arena.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    start: u32,
    len: u32,
}

/// A normalised person, small enough that ten million fit comfortably in memory.
#[derive(Debug, Clone, Copy, Default)]
pub struct Record {
    pub id: Span,
    pub name: Span,
    pub name_sorted: Span,
    pub address: Span,
    pub birth_place: Span,
    pub nik: IdDigits,
    pub kk: IdDigits,
    /// Packed birth date, 0 when missing, impossible or a placeholder
    /// ([`BirthDate::pack`]).
    pub birth: u32,
    /// Packed year and month (month 0 when unknown), 0 when not even the year is known
    /// ([`PartialDate::pack`]). Set whenever `birth` is, and also for placeholders and
    /// impossible dates.
    pub birth_partial: u32,
    /// Village code digits as a number, 0 when missing.
    pub village: u64,
    /// The sound of the street name ([`street_key`]), 0 when the address has none.
    pub street: u64,
    /// Hash of the token-sorted name, 0 when the name is missing.
    pub name_key: u64,
    /// Phonetic keys: whole name (sorted tokens), first and last token (the same token
    /// for a single name); 0 when missing.
    pub name_sound: u64,
    pub first_sound: u64,
    pub last_sound: u64,
    /// How many records carry exactly this `name_key` (term frequency).
    pub name_count: u32,
    /// How many records carry this `village` (0 when not counted or no village).
    pub village_count: u32,
    pub rt: u16,
    pub rw: u16,
    pub sex: Option<Sex>,
    pub nik_verified: bool,
}

impl Record {
    pub fn birth_date(&self) -> Option<BirthDate> {
        BirthDate::unpack(self.birth)
    }

    pub fn birth_year(&self) -> u32 {
        self.birth_partial >> 9
    }

    pub fn birth_partial(&self) -> Option<PartialDate> {
        PartialDate::unpack(self.birth_partial)
    }

    /// The regency (kabupaten/kota): the first four digits of a ten-digit village code.
    pub fn regency(&self) -> u64 {
        if self.village >= 1_000_000 {
            self.village / 1_000_000
        } else {
            self.village
        }
    }
}

/// All records of a run with their text arena.
#[derive(Debug, Default)]
pub struct Store {
    pub records: Vec<Record>,
    arena: String,
}

impl Store {
    pub fn with_capacity(records: usize) -> Store {
        Store {
            records: Vec::with_capacity(records),
            arena: String::with_capacity(records * 64),
        }
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn text(&self, span: Span) -> &str {
        let start = span.start as usize;
        self.arena
            .get(start..start + span.len as usize)
            .unwrap_or("")
    }

    pub fn id(&self, index: usize) -> &str {
        self.records.get(index).map_or("", |r| self.text(r.id))
    }

    fn intern(&mut self, text: &str) -> Span {
        let start = u32::try_from(self.arena.len()).unwrap_or(u32::MAX);
        self.arena.push_str(text);
        Span {
            start,
            len: u32::try_from(text.len()).unwrap_or(0),
        }
    }

    /// Moves a parsed person into the store. Name frequencies are filled in later by
    /// [`Store::count_names`], once every record is in.
    pub fn push(&mut self, parsed: &Parsed) {
        let keys = &parsed.name_keys;
        let record = Record {
            id: self.intern(&parsed.id),
            name: self.intern(&parsed.name),
            name_sorted: self.intern(&keys.sorted),
            address: self.intern(&parsed.address),
            birth_place: self.intern(&parsed.birth_place),
            nik: parsed.nik,
            kk: parsed.kk,
            birth: parsed
                .birth
                .filter(|&date| !is_placeholder(date))
                .map_or(0, BirthDate::pack),
            birth_partial: birth_partial(parsed),
            village: parsed.village,
            street: parsed.street,
            name_key: keys.exact,
            name_sound: keys.sound,
            first_sound: keys.first_sound,
            last_sound: keys.last_sound,
            name_count: 0,
            village_count: 0,
            rt: parsed.rt.unwrap_or(0),
            rw: parsed.rw.unwrap_or(0),
            sex: parsed.sex,
            nik_verified: parsed.nik.nik_verified(parsed.birth, parsed.sex),
        };
        self.records.push(record);
    }

    /// Counts how many records share each exact normalised name and each village, for the
    /// term-frequency adjustments: agreeing on "Muhammad Rizki" says less than agreeing on
    /// "Tumpal Sinaga", and living in a crowded village less than in a small one.
    pub fn count_names(&mut self) {
        use rayon::prelude::*;
        let mut names: Vec<u64> = self.records.iter().map(|r| r.name_key).collect();
        names.par_sort_unstable();
        let mut villages: Vec<u64> = self.records.iter().map(|r| r.village).collect();
        villages.par_sort_unstable();
        let count = |sorted: &[u64], key: u64| {
            let first = sorted.partition_point(|&k| k < key);
            let end = sorted.partition_point(|&k| k <= key);
            u32::try_from(end - first).unwrap_or(u32::MAX)
        };
        self.records.par_iter_mut().for_each(|record| {
            record.name_count = count(&names, record.name_key);
            record.village_count = if record.village == 0 {
                0
            } else {
                count(&villages, record.village)
            };
        });
    }
}

/// The year and month kept for comparison: a placeholder date says only the year.
fn birth_partial(parsed: &Parsed) -> u32 {
    let partial = match parsed.birth {
        Some(date) if is_placeholder(date) => Some(PartialDate {
            year: date.year,
            month: 0,
        }),
        _ => parsed.birth_partial,
    };
    partial.map_or(0, PartialDate::pack)
}

/// A 64-bit hash of text for keys and term counts. Collisions among tens of millions of
/// distinct names are vanishingly rare at 64 bits, and a collision only adds a candidate.
pub fn hash_text(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in text.as_bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    mix(hash)
}

/// Combines key parts into one blocking key with a strong finaliser (from SplitMix64).
pub fn mix(value: u64) -> u64 {
    let mut z = value.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(name: &'a str, birth_date: &'a str) -> PersonFields<'a> {
        PersonFields {
            id: " p1 ",
            nik: "3201015203850002",
            kk: "3201010101100001",
            name,
            sex: "P",
            birth_place: "Kab. Bandung",
            birth_date,
            address: "Jl. Mawar No. 3 RT 01/RW 02",
            village_code: "32.01.01.2001",
            ..PersonFields::default()
        }
    }

    #[test]
    fn counting_names_counts_villages_too() {
        let mut store = Store::default();
        for village_code in ["32.01.01.2001", "32.01.01.2001", "32.01.01.2002", ""] {
            let row = PersonFields {
                village_code,
                ..fields("Siti Aminah", "1985-03-12")
            };
            store.push(&parse_person(&row));
        }
        store.count_names();
        let counts: Vec<u32> = store.records.iter().map(|r| r.village_count).collect();
        assert_eq!(counts, [2, 2, 1, 0]);
        assert!(store.records.iter().all(|r| r.name_count == 4));
    }

    #[test]
    fn parses_a_full_row() {
        let parsed = parse_person(&fields("Hj. Siti Aminah", "1985-03-12"));
        assert!(parsed.issues.is_empty(), "{:?}", parsed.issues);
        assert_eq!(parsed.id, "p1");
        assert_eq!(parsed.name, "siti aminah");
        assert_eq!(parsed.birth_place, "bandung");
        assert_eq!((parsed.rt, parsed.rw), (Some(1), Some(2)));
        assert_eq!(parsed.village, 3_201_012_001);
        let mut store = Store::default();
        store.push(&parsed);
        store.count_names();
        let record = store.records[0];
        assert!(record.nik_verified);
        assert_eq!(record.regency(), 3201);
        assert_eq!(record.name_count, 1);
        assert_eq!(store.text(record.name_sorted), "aminah siti");
        assert_eq!(store.id(0), "p1");
    }

    #[test]
    fn bad_fields_become_issues_not_failures() {
        let mut row = fields("Siti", "12 Maret 1985");
        row.sex = "X";
        row.nik = "32O1";
        let parsed = parse_person(&row);
        assert_eq!(parsed.issues.len(), 3, "{:?}", parsed.issues);
        assert!(parsed.issues[0].starts_with("nik"));
        assert_eq!(parsed.birth, None);
        assert_eq!(parsed.sex, None);
    }

    #[test]
    fn impossible_and_placeholder_dates_keep_the_year() {
        let record = |birth_date: &str| {
            let parsed = parse_person(&fields("Siti", birth_date));
            let mut store = Store::default();
            store.push(&parsed);
            (store.records[0], parsed.issues)
        };
        let (impossible, issues) = record("1985-02-30");
        assert_eq!(impossible.birth, 0);
        assert_eq!(impossible.birth_year(), 1985);
        assert_eq!(impossible.birth_partial().map(|p| p.month), Some(2));
        assert!(
            issues[0].ends_with("only the year and month kept"),
            "{issues:?}"
        );
        let (placeholder, issues) = record("1985-01-01");
        assert!(issues.is_empty());
        assert_eq!(placeholder.birth, 0);
        assert_eq!(placeholder.birth_partial().map(|p| p.month), Some(0));
        let (year_alone, _) = record("1985");
        assert_eq!(year_alone.birth_year(), 1985);
        let (real, _) = record("1985-03-12");
        assert_eq!(
            real.birth_partial().map(|p| (p.year, p.month)),
            Some((1985, 3))
        );
    }

    #[test]
    fn day_first_dates_are_flagged() {
        assert!(parse_person(&fields("Siti", "12/03/1985")).day_first);
    }

    #[test]
    fn empty_row_is_all_missing() {
        let parsed = parse_person(&PersonFields::default());
        assert!(parsed.issues.is_empty());
        let mut store = Store::default();
        store.push(&parsed);
        assert_eq!(store.records[0].name_key, 0);
        assert_eq!(store.records[0].birth, 0);
    }
}
