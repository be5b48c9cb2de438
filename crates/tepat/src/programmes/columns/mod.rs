//! The registry as compact columns for rule evaluation: one entry per household (ids,
//! region, the household attributes a rule reads) and one per living member, grouped by
//! household. Only the attributes the rules read are loaded (`Needs`), one query per table
//! (`store::load_columns`), then every household is evaluated without touching the
//! database again.

use std::collections::HashMap;

use eligibility::{Rule, Uses};
use time::Date;

use super::schema::{
    AGE, DESIL, HOUSEHOLD_ATTRIBUTES, MEMBER_ATTRIBUTES, MEMBERS, SURVEY_FLAGS, SURVEY_NUMBERS,
    SURVEY_TEXTS, WELFARE_SCORE,
};
use crate::registry::survey::Survey;

mod household;

pub use household::Household;

/// A text that is not recorded.
const NO_TEXT: u32 = u32::MAX;
/// A flag that is not recorded.
const NO_FLAG: u8 = 2;

/// What the rules read, and so what to load.
#[derive(Debug, Clone, Default)]
pub struct Needs {
    pub household: [bool; HOUSEHOLD_ATTRIBUTES],
    pub member: [bool; MEMBER_ATTRIBUTES],
    /// Member rows are needed (a quantifier, a member attribute or `members`).
    pub persons: bool,
    /// Positions (in the schema's programme list) of the programmes `enrolled` asks about.
    pub programmes: Vec<usize>,
}

impl Needs {
    /// The union of what each rule reads.
    pub fn of(rules: &[&Rule]) -> Self {
        let mut needs = Self::default();
        for rule in rules {
            let Uses {
                household,
                member,
                members,
                programmes,
                ..
            } = rule.uses();
            for programme in programmes {
                if !needs.programmes.contains(&programme) {
                    needs.programmes.push(programme);
                }
            }
            household.iter().for_each(|&i| needs.household[i] = true);
            member.iter().for_each(|&i| needs.member[i] = true);
            needs.persons |= members || !member.is_empty() || needs.household[MEMBERS];
        }
        needs
    }

    pub fn survey(&self) -> bool {
        SURVEY_NUMBERS
            .iter()
            .chain(&SURVEY_FLAGS)
            .chain(&SURVEY_TEXTS)
            .any(|(i, _)| self.household[*i])
    }

    pub fn welfare(&self) -> bool {
        self.household[DESIL] || self.household[WELFARE_SCORE]
    }
}

/// One living member as read from the store, before grouping.
pub struct MemberRow<'a> {
    pub household_id: i64,
    pub birth_date: &'a str,
    pub texts: [Option<&'a str>; MEMBER_ATTRIBUTES],
}

/// The registry in columns.
#[derive(Debug, Default)]
pub struct Columns {
    pub ids: Vec<i64>,
    region: Vec<u32>,
    regions: Vec<String>,
    region_index: HashMap<String, u32>,
    numbers: Vec<Vec<f64>>,
    flags: Vec<Vec<u8>>,
    texts: Vec<Vec<u32>>,
    pool: Vec<String>,
    pool_index: HashMap<String, u32>,
    member_start: Vec<u32>,
    member_numbers: Vec<Vec<f64>>,
    member_texts: Vec<Vec<u32>>,
    /// Members read so far: (household position, age, texts), grouped by `finish`.
    pending: Vec<(u32, f64, [u32; MEMBER_ATTRIBUTES])>,
    /// Per household, a bit per programme position (the first 64) it is enrolled in.
    enrolled: Vec<u64>,
    needs: Needs,
    today: Option<Date>,
}

fn intern(pool: &mut Vec<String>, index: &mut HashMap<String, u32>, text: &str) -> u32 {
    if let Some(&i) = index.get(text) {
        return i;
    }
    let i = u32::try_from(pool.len()).unwrap_or(NO_TEXT - 1);
    pool.push(text.to_owned());
    index.insert(text.to_owned(), i);
    i
}

/// Whole years from `born` (`YYYY-MM-DD`) to `today`; `None` for an unreadable date.
pub fn age_on(born: &str, today: Date) -> Option<f64> {
    let mut parts = born.get(..10)?.split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    let before_birthday = (u8::from(today.month()), today.day()) < (month, day);
    let years = today.year() - year - i32::from(before_birthday);
    (years >= 0).then_some(f64::from(years))
}

impl Columns {
    pub fn new(needs: Needs, today: Date) -> Self {
        let per =
            |wanted: &[bool]| -> Vec<Vec<f64>> { wanted.iter().map(|_| Vec::new()).collect() };
        Self {
            numbers: per(&needs.household),
            flags: needs.household.iter().map(|_| Vec::new()).collect(),
            texts: needs.household.iter().map(|_| Vec::new()).collect(),
            member_numbers: per(&needs.member),
            member_texts: needs.member.iter().map(|_| Vec::new()).collect(),
            needs,
            today: Some(today),
            ..Self::default()
        }
    }

    pub fn needs(&self) -> &Needs {
        &self.needs
    }

    /// About how many bytes the columns hold on the heap.
    pub fn heap_bytes(&self) -> usize {
        fn all<T>(columns: &[Vec<T>]) -> usize {
            columns
                .iter()
                .map(|c| c.capacity() * std::mem::size_of::<T>())
                .sum()
        }
        fn texts(pool: &[String]) -> usize {
            pool.iter().map(|t| t.capacity() + 24).sum::<usize>() * 2
        }
        self.ids.capacity() * 8
            + self.region.capacity() * 4
            + texts(&self.regions)
            + texts(&self.pool)
            + all(&self.numbers)
            + all(&self.flags)
            + all(&self.texts)
            + self.member_start.capacity() * 4
            + all(&self.member_numbers)
            + all(&self.member_texts)
            + self.enrolled.capacity() * 8
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The region code of household `i`.
    pub fn region_of(&self, i: usize) -> &str {
        let at = self.region.get(i).copied().unwrap_or(0) as usize;
        self.regions.get(at).map(String::as_str).unwrap_or("")
    }

    /// The distinct region codes, indexed by `region_index`.
    pub fn regions(&self) -> &[String] {
        &self.regions
    }

    /// The position of household `i`'s region in `regions`.
    pub fn region_index(&self, i: usize) -> usize {
        self.region.get(i).copied().unwrap_or(0) as usize
    }

    /// Adds a household (in increasing id order) with its survey when the rules read it.
    pub fn push_household(&mut self, id: i64, region: &str, survey: Option<&str>) {
        self.ids.push(id);
        let at = intern(&mut self.regions, &mut self.region_index, region);
        self.region.push(at);
        if !self.needs.survey() {
            return;
        }
        let survey: Survey = survey
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default();
        let numbers = [
            survey.floor_area_per_person_m2,
            survey.electricity_va,
            survey.school_age_children,
            survey.elderly_members,
            survey.pregnant_members,
            survey.members_with_disability,
            survey
                .income_bracket
                .and_then(|b| b.code().parse::<u32>().ok()),
        ];
        for ((i, _), value) in SURVEY_NUMBERS.iter().zip(numbers) {
            if self.needs.household[*i] {
                self.numbers[*i].push(value.map_or(f64::NAN, f64::from));
            }
        }
        let flags = [
            survey.owns_land,
            survey.owns_motorbike,
            survey.owns_livestock,
            survey.has_savings,
        ];
        for ((i, _), value) in SURVEY_FLAGS.iter().zip(flags) {
            if self.needs.household[*i] {
                self.flags[*i].push(value.map_or(NO_FLAG, u8::from));
            }
        }
        let texts = [
            survey.floor_material.map(|v| v.code()),
            survey.water_source.map(|v| v.code()),
            survey.sanitation.map(|v| v.code()),
            survey.cooking_fuel.map(|v| v.code()),
        ];
        for ((i, _), value) in SURVEY_TEXTS.iter().zip(texts) {
            if self.needs.household[*i] {
                let code =
                    value.map_or(NO_TEXT, |t| intern(&mut self.pool, &mut self.pool_index, t));
                self.texts[*i].push(code);
            }
        }
    }

    fn position(&self, household_id: i64) -> Option<usize> {
        self.ids.binary_search(&household_id).ok()
    }

    /// Adds a living member; members of households not loaded are ignored.
    pub fn push_member(&mut self, row: &MemberRow<'_>) {
        let Some(at) = self.position(row.household_id) else {
            return;
        };
        let age = match self.today {
            Some(today) if self.needs.member[AGE] => age_on(row.birth_date, today),
            _ => None,
        };
        let mut texts = [NO_TEXT; MEMBER_ATTRIBUTES];
        for (i, text) in row.texts.iter().enumerate() {
            if let Some(text) = text
                && self.needs.member[i]
            {
                texts[i] = intern(&mut self.pool, &mut self.pool_index, text);
            }
        }
        let at = u32::try_from(at).unwrap_or(u32::MAX);
        self.pending.push((at, age.unwrap_or(f64::NAN), texts));
    }

    /// Sets a household's welfare score and decile.
    pub fn push_welfare(&mut self, household_id: i64, decile: Option<i64>, score: Option<f64>) {
        let Some(at) = self.position(household_id) else {
            return;
        };
        let n = self.ids.len();
        for (column, value) in [(DESIL, decile.map(|d| d as f64)), (WELFARE_SCORE, score)] {
            if self.needs.household[column] {
                let values = &mut self.numbers[column];
                values.resize(n, f64::NAN);
                values[at] = value.unwrap_or(f64::NAN);
            }
        }
    }

    /// Records that a household is enrolled in the programme at `programme` in the schema's
    /// list; programmes past the 64th are not tracked.
    pub fn push_enrolment(&mut self, household_id: i64, programme: usize) {
        let Some(at) = self.position(household_id) else {
            return;
        };
        if programme >= 64 {
            return;
        }
        self.enrolled.resize(self.ids.len(), 0);
        self.enrolled[at] |= 1 << programme;
    }

    /// Whether household `i` is enrolled in the programme at `programme`.
    pub fn is_enrolled(&self, i: usize, programme: usize) -> bool {
        programme < 64
            && self
                .enrolled
                .get(i)
                .is_some_and(|bits| bits & (1 << programme) != 0)
    }

    /// Groups the members by household and fills the columns nobody wrote.
    pub fn finish(&mut self) {
        let n = self.ids.len();
        for column in [DESIL, WELFARE_SCORE] {
            if self.needs.household[column] {
                self.numbers[column].resize(n, f64::NAN);
            }
        }
        let mut counts = vec![0u32; n + 1];
        for (at, _, _) in &self.pending {
            counts[*at as usize + 1] += 1;
        }
        for i in 1..=n {
            counts[i] += counts[i - 1];
        }
        let total = self.pending.len();
        let mut next = counts.clone();
        let mut ages = vec![f64::NAN; if self.needs.member[AGE] { total } else { 0 }];
        let mut texts: Vec<Vec<u32>> = (0..MEMBER_ATTRIBUTES)
            .map(|i| {
                vec![
                    NO_TEXT;
                    if self.needs.member[i] && i != AGE {
                        total
                    } else {
                        0
                    }
                ]
            })
            .collect();
        for (at, age, row_texts) in self.pending.drain(..) {
            let slot = next[at as usize] as usize;
            next[at as usize] += 1;
            if let Some(a) = ages.get_mut(slot) {
                *a = age;
            }
            for (column, text) in texts.iter_mut().zip(row_texts) {
                if let Some(t) = column.get_mut(slot) {
                    *t = text;
                }
            }
        }
        self.member_start = counts;
        self.member_numbers[AGE] = ages;
        self.member_texts = texts;
        if self.needs.household[MEMBERS] {
            self.numbers[MEMBERS] = (0..n)
                .map(|i| f64::from(self.member_start[i + 1] - self.member_start[i]))
                .collect();
        }
    }

    /// Household `i` as the rules see it.
    pub fn household(&self, i: usize) -> Household<'_> {
        let (first, count) = match (self.member_start.get(i), self.member_start.get(i + 1)) {
            (Some(&a), Some(&b)) => (a as usize, (b - a) as usize),
            _ => (0, 0),
        };
        Household {
            columns: self,
            i,
            first,
            count,
        }
    }
}

#[cfg(test)]
mod tests;
