//! Estimating the Fellegi–Sunter model without labelled data.
//!
//! u (how often two different people agree by chance) comes from comparing random
//! pairs, which are almost all different people. m (how often the same person agrees
//! with themself) and the share of matches come from expectation–maximisation over the
//! candidate pairs, with u held fixed.
//!
//! One refinement matters in a population registry: members of one household are not
//! random strangers. Twins share a birth date and near NIKs, Batak and Chinese siblings
//! share a family name, and all share a birth place. So for pairs in the same household
//! the identity fields are weighed against a second u, learned by EM from the household
//! pairs that are not matches, instead of the random-pair u. Household agreement then
//! counts once, as the household field's own weight.
//!
//! EM runs over the histogram of distinct patterns, not over pairs: a few thousand
//! patterns stand for tens of millions of pairs, so each iteration takes microseconds.

use crate::field::{FIELDS, Field, LEVELS_MAX, Pattern};

pub use crate::sample::random_u;

/// Number of fields compared.
pub const FIELD_COUNT: usize = FIELDS.len();

/// Probabilities per field and level; level 0 (missing) is unused.
pub type LevelTable = [[f64; LEVELS_MAX]; FIELD_COUNT];

/// EM stops after this many iterations even if it has not settled.
pub const ITERATIONS_MAX: u32 = 200;
/// EM has settled when no probability moves by more than this.
const TOLERANCE: f64 = 1e-7;
/// Pseudo-count added to each level so that no probability is exactly zero.
pub const SMOOTHING: f64 = 0.5;
/// Pseudo-pairs drawn from the random-pair u when learning the household u, so that a
/// registry with few households (or none) falls back to the random-pair u.
const HOUSEHOLD_PSEUDO_PAIRS: f64 = 200.0;
/// Largest m for two different verified NIKs. One person holding two valid NIKs is a
/// registry error that Dukcapil corrects, so the same person almost never shows this
/// level; without the cap, namesakes born a few days apart could teach EM otherwise.
pub const NIK_DISTINCT_M_MAX: f64 = 0.005;
/// The level of [`Field::Nik`] for two different verified NIKs.
const NIK_DISTINCT_LEVEL: usize = 5;
/// Largest m for two names with nothing in common. A second registration of a person
/// spells the name recognisably, with typos and variants at worst; without the bound,
/// strangers born the same day in neighbouring districts (whose NIKs are one digit
/// apart) can pull EM into accepting unrelated names.
pub const NAME_DIFFERENT_M_MAX: f64 = 0.02;
const NAME_DIFFERENT_LEVEL: usize = 4;
/// Largest m for NIKs that differ by more than one typo. A second registration copies
/// the NIK from the identity card, with one slip at worst; where NIKs are often missing,
/// namesakes in one family with one NIK missing and the other two different NIKs would
/// otherwise teach EM that the same person often holds unrelated numbers.
pub const NIK_DIFFERENT_M_MAX: f64 = 0.01;
const NIK_DIFFERENT_LEVEL: usize = 4;
/// Largest m for two full birth dates that differ beyond a typo. A second registration
/// copies the date from a card or asks the person, who knows it; where NIKs are missing,
/// relatives of one name on one family card (a father and son both "Joko") would
/// otherwise teach EM that the same person often gives two unrelated dates.
pub const BIRTH_DIFFERENT_M_MAX: f64 = 0.02;
const BIRTH_DIFFERENT_LEVEL: usize = 4;
/// NIK levels for a typo in the date digits (which breaks verification) and in the
/// province and regency digits (which does not). A typo is no likelier in four digits
/// than in six, so m of the second is bounded by m of the first.
const NIK_DATE_TYPO_LEVEL: usize = 2;
const NIK_REGENCY_TYPO_LEVEL: usize = 6;
/// Share of candidate pairs assumed to be matches before EM starts.
const CANDIDATE_MATCH_SHARE_START: f64 = 0.1;

/// Household levels that put a pair in the same household: same KK or same address.
pub fn same_household(pattern: Pattern) -> bool {
    matches!(pattern.level(Field::Household), 1 | 2)
}

/// The fitted model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// P(level | same person).
    pub m: LevelTable,
    /// P(level | two different people), from random pairs.
    pub u: LevelTable,
    /// P(level | two different people of the same household), for the fields other
    /// than the household itself.
    pub u_household: LevelTable,
    /// Probability that two records drawn at random are the same person.
    pub prior: f64,
    pub iterations: u32,
    pub converged: bool,
}

impl Model {
    /// The u that applies to this field for a pair with this pattern.
    pub fn u_for(&self, pattern: Pattern, field: Field) -> &[f64; LEVELS_MAX] {
        if field != Field::Household && same_household(pattern) {
            &self.u_household[field.index()]
        } else {
            &self.u[field.index()]
        }
    }

    /// log2 of the Bayes factor of one field's level in this pattern; 0 when missing.
    pub fn field_bits(&self, pattern: Pattern, field: Field) -> f64 {
        let level = pattern.level(field);
        if level == 0 {
            return 0.0;
        }
        (self.m[field.index()][level] / self.u_for(pattern, field)[level]).log2()
    }

    /// log2 of the prior odds that a random pair is a match.
    pub fn prior_bits(&self) -> f64 {
        (self.prior / (1.0 - self.prior)).log2()
    }

    /// Match weight of a pattern in bits, before any term-frequency adjustment.
    pub fn pattern_bits(&self, pattern: Pattern) -> f64 {
        FIELDS
            .iter()
            .map(|&f| self.field_bits(pattern, f))
            .sum::<f64>()
            + self.prior_bits()
    }
}

/// P(same person | pattern), ignoring term frequencies.
pub fn posterior(model: &Model, pattern: Pattern) -> f64 {
    1.0 / (1.0 + (-model.pattern_bits(pattern)).exp2())
}

/// Fits m, the household u and the prior to a histogram of (pattern, number of pairs).
/// `all_pairs` is the number of pairs among all records, n(n-1)/2: the candidate pairs
/// are those blocking kept, and every other pair is taken as a non-match.
pub fn estimate(histogram: &[(Pattern, u64)], u: &LevelTable, all_pairs: f64) -> Model {
    let candidates: u64 = histogram.iter().map(|&(_, count)| count).sum();
    let mut model = Model {
        m: m_start(),
        u: *u,
        u_household: *u,
        prior: (candidates as f64 * CANDIDATE_MATCH_SHARE_START / all_pairs.max(1.0))
            .clamp(1e-12, 0.5),
        iterations: 0,
        converged: false,
    };
    if histogram.is_empty() {
        return model;
    }
    while model.iterations < ITERATIONS_MAX {
        let next = maximise(&model, histogram, all_pairs);
        let change = largest_change(&model.m, &next.m)
            .max(largest_change(&model.u_household, &next.u_household))
            .max(((model.prior - next.prior) / model.prior).abs());
        model = Model {
            iterations: model.iterations + 1,
            ..next
        };
        if change < TOLERANCE {
            model.converged = true;
            break;
        }
    }
    model
}

/// One EM step: posteriors under the current model, then m, household u and prior.
fn maximise(model: &Model, histogram: &[(Pattern, u64)], all_pairs: f64) -> Model {
    let mut m_counts = [[0f64; LEVELS_MAX]; FIELD_COUNT];
    let mut household_counts = [[0f64; LEVELS_MAX]; FIELD_COUNT];
    let mut matches = 0.0;
    for &(pattern, count) in histogram {
        let count = count as f64;
        let posterior = posterior(model, pattern);
        matches += posterior * count;
        // Learned from family-card pairs only: those are mostly family members, whereas
        // pairs at one address without a card in common (all of them, in registries that
        // keep no cards) are mostly the same person, and learning "different people"
        // from them would teach the household u to look like m.
        let household = pattern.level(Field::Household) == 1;
        for field in FIELDS {
            let level = pattern.level(field);
            m_counts[field.index()][level] += posterior * count;
            if household {
                household_counts[field.index()][level] += (1.0 - posterior) * count;
            }
        }
    }
    let mut m = normalise(&m_counts);
    let nik = &mut m[Field::Nik.index()];
    cap_level(nik, NIK_DISTINCT_LEVEL, NIK_DISTINCT_M_MAX);
    cap_level(nik, NIK_DIFFERENT_LEVEL, NIK_DIFFERENT_M_MAX);
    let date_typo = nik[NIK_DATE_TYPO_LEVEL];
    cap_level(nik, NIK_REGENCY_TYPO_LEVEL, date_typo);
    cap_level(
        &mut m[Field::BirthDate.index()],
        BIRTH_DIFFERENT_LEVEL,
        BIRTH_DIFFERENT_M_MAX,
    );
    cap_level(
        &mut m[Field::Name.index()],
        NAME_DIFFERENT_LEVEL,
        NAME_DIFFERENT_M_MAX,
    );
    Model {
        m,
        u_household: household_u(&household_counts, &model.u),
        prior: (matches / all_pairs.max(1.0)).clamp(1e-12, 0.5),
        ..model.clone()
    }
}

/// The household u: counts from household non-matches, shrunk toward the random u.
fn household_u(counts: &LevelTable, random: &LevelTable) -> LevelTable {
    let mut out = *random;
    for field in FIELDS {
        if field == Field::Household {
            continue;
        }
        let levels = field.levels().len();
        let row = &counts[field.index()];
        let total: f64 = row[1..levels].iter().sum::<f64>() + HOUSEHOLD_PSEUDO_PAIRS;
        for level in 1..levels {
            let prior = HOUSEHOLD_PSEUDO_PAIRS * random[field.index()][level];
            out[field.index()][level] = (row[level] + prior) / total;
        }
    }
    out
}

/// Lowers one level's probability to at most `max`, spreading the excess over the other
/// levels in proportion, so the row still sums to one.
fn cap_level(row: &mut [f64; LEVELS_MAX], level: usize, max: f64) {
    let excess = row[level] - max;
    let others: f64 = row
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != level && i != 0)
        .map(|(_, p)| p)
        .sum();
    if excess <= 0.0 || others <= 0.0 {
        return;
    }
    for (index, p) in row.iter_mut().enumerate() {
        if index != level && index != 0 {
            *p += excess * *p / others;
        }
    }
    row[level] = max;
}

/// Starting m: the same person usually agrees exactly, sometimes with a typo.
fn m_start() -> LevelTable {
    let mut m = [[0f64; LEVELS_MAX]; FIELD_COUNT];
    for field in FIELDS {
        let levels = field.levels().len() - 1;
        let row = &mut m[field.index()];
        // Halve the mass at each weaker level: 0.5, 0.25, … then renormalise.
        for (step, cell) in row.iter_mut().skip(1).take(levels).enumerate() {
            *cell = 0.5f64.powi(step as i32 + 1);
        }
        if field == Field::Nik {
            row[NIK_DISTINCT_LEVEL] = 1e-4;
        }
        let sum: f64 = row.iter().sum();
        row.iter_mut().for_each(|cell| *cell /= sum);
    }
    m
}

/// Turns counts per level into probabilities over the non-missing levels of each field.
pub fn normalise(counts: &LevelTable) -> LevelTable {
    let mut out = [[0f64; LEVELS_MAX]; FIELD_COUNT];
    for field in FIELDS {
        let levels = field.levels().len();
        let row = &counts[field.index()];
        let total: f64 = row[1..levels].iter().sum::<f64>() + SMOOTHING * (levels - 1) as f64;
        for level in 1..levels {
            out[field.index()][level] = (row[level] + SMOOTHING) / total;
        }
    }
    out
}

fn largest_change(a: &LevelTable, b: &LevelTable) -> f64 {
    a.iter()
        .flatten()
        .zip(b.iter().flatten())
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(levels: [u8; FIELD_COUNT]) -> Pattern {
        FIELDS
            .iter()
            .zip(levels)
            .fold(Pattern::default(), |p, (&f, l)| p.with(f, l))
    }

    /// Random pairs: names, dates and NIKs almost never agree; households never.
    fn random_table() -> LevelTable {
        let mut counts = [[0f64; LEVELS_MAX]; FIELD_COUNT];
        counts[Field::Name.index()][1..5].copy_from_slice(&[10.0, 40.0, 2_000.0, 997_950.0]);
        counts[Field::BirthDate.index()][1..5].copy_from_slice(&[30.0, 300.0, 20_000.0, 979_670.0]);
        counts[Field::Nik.index()][1..7]
            .copy_from_slice(&[0.0, 0.0, 0.0, 100_000.0, 900_000.0, 0.0]);
        counts[Field::Sex.index()][1..3].copy_from_slice(&[500_000.0, 500_000.0]);
        counts[Field::BirthPlace.index()][1..4].copy_from_slice(&[10_000.0, 100.0, 989_900.0]);
        counts[Field::Household.index()][1..7]
            .copy_from_slice(&[4.0, 2.0, 50.0, 1_000.0, 10_000.0, 988_944.0]);
        normalise(&counts)
    }

    #[test]
    fn separates_matches_from_families_and_namesakes() {
        // 1,000 duplicates, 9,000 family pairs (same KK, everything else different),
        // 100 pairs of twins (same KK, NIKs one serial digit apart), 5,000 namesakes.
        let histogram = vec![
            (pattern([1, 0, 1, 1, 1, 1]), 800),
            (pattern([2, 2, 2, 1, 1, 6]), 200),
            (pattern([4, 0, 5, 2, 1, 1]), 4_500),
            (pattern([4, 0, 5, 1, 1, 1]), 4_500),
            (pattern([4, 0, 3, 1, 1, 1]), 100),
            (pattern([1, 4, 5, 1, 3, 6]), 5_000),
        ];
        let model = estimate(&histogram, &random_table(), 5e9);
        assert!(
            (model.prior * 5e9 - 1_000.0).abs() < 50.0,
            "{}",
            model.prior * 5e9
        );
        assert!(posterior(&model, pattern([1, 0, 1, 1, 1, 1])) > 0.99);
        assert!(posterior(&model, pattern([2, 2, 2, 1, 1, 6])) > 0.99);
        assert!(posterior(&model, pattern([4, 0, 5, 2, 1, 1])) < 0.01);
        assert!(posterior(&model, pattern([4, 0, 3, 1, 1, 1])) < 0.01);
        assert!(posterior(&model, pattern([1, 4, 5, 1, 3, 6])) < 0.01);
    }

    #[test]
    fn namesakes_on_one_card_cannot_teach_that_dates_or_niks_differ() {
        // Duplicates, and as many father-and-son namesakes on one card whose dates
        // differ and whose NIKs (one missing in most) differ by two or more digits.
        let histogram = vec![
            (pattern([1, 1, 1, 1, 1, 1]), 1_000),
            (pattern([1, 4, 0, 1, 1, 1]), 800),
            (pattern([1, 0, 4, 1, 1, 1]), 200),
        ];
        let model = estimate(&histogram, &random_table(), 5e9);
        let m_birth = model.m[Field::BirthDate.index()][BIRTH_DIFFERENT_LEVEL];
        let m_nik = model.m[Field::Nik.index()][NIK_DIFFERENT_LEVEL];
        assert!(m_birth <= BIRTH_DIFFERENT_M_MAX + 1e-12, "{m_birth}");
        assert!(m_nik <= NIK_DIFFERENT_M_MAX + 1e-12, "{m_nik}");
    }

    #[test]
    fn empty_histogram_keeps_the_start() {
        let model = estimate(&[], &random_table(), 1e6);
        assert_eq!(model.iterations, 0);
        assert_eq!(model.u, model.u_household);
    }

    #[test]
    fn probabilities_sum_to_one() {
        let model = estimate(&[(pattern([1, 1, 1, 1, 1, 1]), 10)], &random_table(), 1e4);
        for table in [m_start(), random_table(), model.m, model.u_household] {
            for field in FIELDS {
                let sum: f64 = table[field.index()].iter().sum();
                assert!((sum - 1.0).abs() < 1e-9, "{field:?} {sum}");
            }
        }
    }

    #[test]
    fn capping_keeps_the_row_a_distribution() {
        let mut row = [0.0, 0.2, 0.2, 0.0, 0.0, 0.0, 0.6, 0.0];
        cap_level(&mut row, 6, 0.1);
        assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(row[6], 0.1);
        assert!((row[1] - 0.45).abs() < 1e-12);
    }
}
