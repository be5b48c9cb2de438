//! The copy of the registry Cek Bansos answers from, kept in memory: every living person of
//! an active household, their village, their household's programmes, desil and the day its
//! data last changed. Names are kept once in one arena; per village, every word of every
//! name is sorted for prefix search; NIKs are kept only as a keyed 64-bit hash beside the
//! birth date, so the copy never holds a NIK and a lookup never scans the registry.

use std::collections::HashMap;
use std::hash::BuildHasher;

use time::Date;

use super::name::{self, TypedName};

/// Most results of one lookup by name; a citizen types more of the name to narrow it.
pub const FOUND_MAX: usize = 20;
/// Most name words one lookup examines, so a very common beginning stays cheap.
const CANDIDATES_MAX: usize = 5_000;

/// A programme as the public reads it.
#[derive(Debug, Clone)]
pub struct Programme {
    pub code: String,
    pub name: String,
}

/// A household's place in one programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    /// The enrolment's id: what the objection form expects as `peserta`.
    pub enrolment_id: i64,
    /// Position in `Index::programmes`.
    pub programme: u16,
    pub active: bool,
    pub since: Date,
    pub until: Option<Date>,
}

#[derive(Debug, Clone)]
struct Household {
    village: u32,
    desil: Option<u8>,
    updated: Date,
    held: Vec<Held>,
}

#[derive(Debug, Clone, Copy)]
struct Person {
    /// The name's bytes in `Index::names`.
    start: u32,
    len: u16,
    household: u32,
}

/// One word of one name: the person and where the word starts in the name.
#[derive(Debug, Clone, Copy)]
struct WordRef {
    person: u32,
    offset: u16,
}

#[derive(Debug, Clone)]
struct Village {
    code: String,
    name: String,
    /// Every word of every name in the village, sorted by the word.
    words: Vec<WordRef>,
}

/// One result: nothing personal but the masked name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub masked_name: String,
    pub village_code: String,
    pub village_name: String,
    pub held: Vec<Held>,
    pub desil: Option<u8>,
    pub updated: Date,
}

/// The copy; built by `Builder`, read by many requests at once.
#[derive(Debug)]
pub struct Index {
    pub programmes: Vec<Programme>,
    names: String,
    persons: Vec<Person>,
    households: Vec<Household>,
    villages: Vec<Village>,
    village_at: HashMap<String, u32>,
    /// (keyed hash of the NIK, birth date, person), sorted.
    niks: Vec<(u64, Date, u32)>,
    hasher: std::hash::RandomState,
}

impl Index {
    fn name_of(&self, person: u32) -> &str {
        let p = self.persons[person as usize];
        let start = p.start as usize;
        self.names
            .get(start..start + usize::from(p.len))
            .unwrap_or_default()
    }

    fn word_at(&self, word: WordRef) -> &str {
        let name = self.name_of(word.person);
        let rest = name.get(usize::from(word.offset)..).unwrap_or_default();
        rest.split(' ').next().unwrap_or_default()
    }

    /// Whether the index knows `code` as a village with people in it.
    pub fn has_village(&self, code: &str) -> bool {
        self.village_at.contains_key(code)
    }

    /// How many persons the copy holds.
    pub fn person_count(&self) -> usize {
        self.persons.len()
    }

    fn found(&self, person: u32) -> Found {
        let household = &self.households[self.persons[person as usize].household as usize];
        let village = &self.villages[household.village as usize];
        Found {
            masked_name: name::masked(self.name_of(person)),
            village_code: village.code.clone(),
            village_name: village.name.clone(),
            held: household.held.clone(),
            desil: household.desil,
            updated: household.updated,
        }
    }

    /// The persons of village `code` whose name the typed words begin, by name, at most
    /// `FOUND_MAX`.
    pub fn by_name(&self, code: &str, typed: &TypedName) -> Vec<Found> {
        let Some(&at) = self.village_at.get(code) else {
            return Vec::new();
        };
        let village = &self.villages[at as usize];
        let key = typed.longest();
        let first = village.words.partition_point(|w| self.word_at(*w) < key);
        let mut persons: Vec<u32> = village.words[first..]
            .iter()
            .take(CANDIDATES_MAX)
            .take_while(|w| self.word_at(**w).starts_with(key))
            .map(|w| w.person)
            .filter(|p| typed.matches(self.name_of(*p)))
            .collect();
        persons.sort_unstable_by(|a, b| self.name_of(*a).cmp(self.name_of(*b)).then(a.cmp(b)));
        persons.dedup();
        persons.truncate(FOUND_MAX);
        persons.into_iter().map(|p| self.found(p)).collect()
    }

    /// The person with this NIK and birth date, if both match one.
    pub fn by_nik(&self, nik: &str, birth_date: Date) -> Option<Found> {
        let hash = self.hasher.hash_one(nik);
        let first = self.niks.partition_point(|(h, _, _)| *h < hash);
        self.niks[first..]
            .iter()
            .take_while(|(h, _, _)| *h == hash)
            .find(|(_, born, _)| *born == birth_date)
            .map(|(_, _, person)| self.found(*person))
    }
}

/// Fills an index row by row, in the order the store reads the registry.
#[derive(Debug)]
pub struct Builder {
    index: Index,
    household_at: HashMap<i64, u32>,
    programme_at: HashMap<String, u16>,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    pub fn new() -> Self {
        Self {
            index: Index {
                programmes: Vec::new(),
                names: String::new(),
                persons: Vec::new(),
                households: Vec::new(),
                villages: Vec::new(),
                village_at: HashMap::new(),
                niks: Vec::new(),
                hasher: std::hash::RandomState::new(),
            },
            household_at: HashMap::new(),
            programme_at: HashMap::new(),
        }
    }

    fn index(&mut self) -> &mut Index {
        &mut self.index
    }

    pub fn programme(&mut self, code: &str, name: &str) {
        let index = self.index();
        let at = u16::try_from(index.programmes.len()).unwrap_or(u16::MAX);
        index.programmes.push(Programme {
            code: code.to_owned(),
            name: name.to_owned(),
        });
        self.programme_at.insert(code.to_owned(), at);
    }

    /// An active household of village `code` (named `village_name`).
    pub fn household(&mut self, id: i64, code: &str, village_name: &str, updated: Date) {
        let index = self.index();
        let village = match index.village_at.get(code) {
            Some(at) => *at,
            None => {
                let at = u32::try_from(index.villages.len()).unwrap_or(u32::MAX);
                index.villages.push(Village {
                    code: code.to_owned(),
                    name: village_name.to_owned(),
                    words: Vec::new(),
                });
                index.village_at.insert(code.to_owned(), at);
                at
            }
        };
        let at = u32::try_from(index.households.len()).unwrap_or(u32::MAX);
        index.households.push(Household {
            village,
            desil: None,
            updated,
            held: Vec::new(),
        });
        self.household_at.insert(id, at);
    }

    fn touch(&mut self, household: i64, day: Date) -> Option<&mut Household> {
        let at = *self.household_at.get(&household)?;
        let row = self.index().households.get_mut(at as usize)?;
        row.updated = row.updated.max(day);
        Some(row)
    }

    /// A living person of a household added before (others are skipped).
    pub fn person(&mut self, household: i64, full_name: &str, nik: &str, born: Date, day: Date) {
        let Some(&at) = self.household_at.get(&household) else {
            return;
        };
        self.touch(household, day);
        let name = name::normalized(full_name);
        let index = self.index();
        let (Ok(start), Ok(len)) = (u32::try_from(index.names.len()), u16::try_from(name.len()))
        else {
            return;
        };
        let person = u32::try_from(index.persons.len()).unwrap_or(u32::MAX);
        index.names.push_str(&name);
        index.persons.push(Person {
            start,
            len,
            household: at,
        });
        let village = index.households[at as usize].village as usize;
        let mut offset = 0u16;
        for word in name.split(' ') {
            index.villages[village]
                .words
                .push(WordRef { person, offset });
            offset = offset.saturating_add(u16::try_from(word.len() + 1).unwrap_or(u16::MAX));
        }
        let hash = index.hasher.hash_one(nik);
        index.niks.push((hash, born, person));
    }

    /// A household's latest desil.
    pub fn welfare(&mut self, household: i64, desil: Option<i64>, day: Date) {
        if let Some(row) = self.touch(household, day) {
            row.desil = desil.and_then(|d| u8::try_from(d).ok());
        }
    }

    /// An enrolment of a household, active or ended.
    pub fn enrolment(&mut self, household: i64, programme: &str, mut held: Held) {
        let Some(&at) = self.programme_at.get(programme) else {
            return;
        };
        held.programme = at;
        let day = held.until.unwrap_or(held.since);
        if let Some(row) = self.touch(household, day) {
            row.held.push(held);
        }
    }

    /// The finished index: words and hashes sorted.
    pub fn finish(self) -> Index {
        let mut index = self.index;
        let mut villages = std::mem::take(&mut index.villages);
        for village in &mut villages {
            village
                .words
                .sort_unstable_by(|a, b| index.word_at(*a).cmp(index.word_at(*b)));
        }
        index.villages = villages;
        index.niks.sort_unstable();
        for household in &mut index.households {
            household
                .held
                .sort_by_key(|h| (!h.active, h.programme, h.since));
        }
        index
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const KLENDER: &str = "31.75.07.1003";

    fn sample() -> Index {
        let mut b = Builder::new();
        b.programme("PKH", "Program Keluarga Harapan");
        b.household(1, KLENDER, "Klender", date!(2026 - 01 - 02));
        b.household(2, KLENDER, "Klender", date!(2026 - 01 - 02));
        b.household(3, "31.75.07.1001", "Pondok Bambu", date!(2026 - 01 - 02));
        b.person(
            1,
            "Siti Aminah",
            "3175074101850001",
            date!(1985 - 01 - 01),
            date!(2026 - 02 - 01),
        );
        b.person(
            1,
            "Budi Santoso",
            "3175070101800002",
            date!(1980 - 01 - 01),
            date!(2026 - 01 - 05),
        );
        b.person(
            2,
            "Siti Sitihajar",
            "3175074101900003",
            date!(1990 - 01 - 01),
            date!(2026 - 01 - 05),
        );
        b.person(
            3,
            "Siti Aminah",
            "3175074101850004",
            date!(1985 - 01 - 01),
            date!(2026 - 01 - 05),
        );
        b.person(
            9,
            "Orang Lain",
            "3175070101800009",
            date!(1980 - 01 - 01),
            date!(2026 - 01 - 05),
        );
        b.welfare(1, Some(2), date!(2026 - 03 - 01));
        let held = Held {
            enrolment_id: 7,
            programme: 0,
            active: true,
            since: date!(2026 - 04 - 01),
            until: None,
        };
        b.enrolment(1, "PKH", held);
        b.enrolment(1, "UNKNOWN", held);
        b.finish()
    }

    fn typed(text: &str) -> TypedName {
        TypedName::parse(text).expect("typed")
    }

    #[test]
    fn a_name_is_found_in_its_village_only_and_masked() {
        let index = sample();
        let found = index.by_name(KLENDER, &typed("siti"));
        let names: Vec<&str> = found.iter().map(|f| f.masked_name.as_str()).collect();
        assert_eq!(names, ["S**I A****H", "S**I S*******R"]);
        assert_eq!(found[0].held.len(), 1);
        assert_eq!(found[0].desil, Some(2));
        assert_eq!(found[0].updated, date!(2026 - 04 - 01));
        assert_eq!(found[0].village_name, "Klender");
        assert_eq!(index.by_name(KLENDER, &typed("aminah")).len(), 1);
        assert_eq!(index.by_name(KLENDER, &typed("orang")).len(), 0);
        assert_eq!(index.by_name("31.75.07.1002", &typed("siti")).len(), 0);
        assert_eq!(index.person_count(), 4);
    }

    #[test]
    fn a_person_whose_name_repeats_a_beginning_is_listed_once() {
        let index = sample();
        let found = index.by_name(KLENDER, &typed("sit"));
        assert_eq!(found.len(), 2, "{found:?}");
    }

    #[test]
    fn a_nik_answers_only_with_its_own_birth_date() {
        let index = sample();
        let found = index.by_nik("3175074101850001", date!(1985 - 01 - 01));
        assert_eq!(found.map(|f| f.masked_name), Some("S**I A****H".to_owned()));
        assert!(
            index
                .by_nik("3175074101850001", date!(1985 - 01 - 02))
                .is_none()
        );
        assert!(
            index
                .by_nik("3175070101800009", date!(1980 - 01 - 01))
                .is_none()
        );
    }
}
