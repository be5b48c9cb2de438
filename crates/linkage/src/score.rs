//! Match weights: Fellegi–Sunter log-likelihood ratios per field level, the adjustment
//! for how common a name is, and the match probability of a pair.

use rayon::prelude::*;

use crate::em::{Model, same_household};
use crate::field::{Field, Pattern};
use crate::record::{Record, Store};

/// Largest term-frequency adjustment, in bits, either way. Without a bound a name seen
/// once would outweigh a disagreeing birth date.
pub const TF_BITS_MAX: f64 = 8.0;

/// The household level of two records in one village (not one address or neighbourhood).
pub const SAME_VILLAGE_LEVEL: usize = 4;

/// Everything needed to score a pair.
#[derive(Debug, Clone)]
pub struct Scorer {
    pub model: Model,
    records: f64,
}

impl Scorer {
    pub fn new(model: &Model, store: &Store) -> Scorer {
        Scorer {
            model: model.clone(),
            records: store.len().max(1) as f64,
        }
    }

    /// A scorer for records compared one at a time against a registry of `records`
    /// persons kept elsewhere (a database): the store then holds only a new record and its
    /// candidates, and each record's `name_count` must be set from the whole registry.
    pub fn for_population(model: &Model, records: u64) -> Scorer {
        Scorer {
            model: model.clone(),
            records: records.max(1) as f64,
        }
    }

    /// Bits added when two records share this exact name: the random-pair chance of
    /// agreeing on a name is an average, and agreeing on "Tumpal Sinaga" is far less
    /// likely by chance than agreeing on "Muhammad Rizki".
    pub fn name_frequency_bits(&self, record: &Record) -> f64 {
        let frequency = f64::from(record.name_count.max(1)) / self.records;
        let average = self.model.u[Field::Name.index()][1];
        (average / frequency)
            .log2()
            .clamp(-TF_BITS_MAX, TF_BITS_MAX)
    }

    /// Whether the name frequency applies: to every pair whose names agree exactly,
    /// within households too. Where NIKs and birth dates are missing, a father and son
    /// both called "Joko" on one family card are told apart by little else, and a common
    /// name is as much likelier to be shared within a family as between strangers.
    pub fn uses_name_frequency(&self, pattern: Pattern) -> bool {
        pattern.level(Field::Name) == 1
    }

    /// The name-frequency bits a pair with this pattern gets when the first record's name
    /// is the shared one. Within one household only the discount for a common name
    /// applies: relatives are named after each other whether the name is rare or not,
    /// so a rare name shared on one family card is no sign of one person.
    pub fn pair_name_frequency_bits(&self, pattern: Pattern, record: &Record) -> f64 {
        if !self.uses_name_frequency(pattern) {
            return 0.0;
        }
        let bits = self.name_frequency_bits(record);
        if same_household(pattern) {
            bits.min(0.0)
        } else {
            bits
        }
    }

    /// The discount, in bits (zero or below), a pair gets for sharing a crowded village:
    /// the chance that two strangers share a village is the average `u` of the level,
    /// and sharing one that holds a large part of the registry is likelier by chance.
    /// Only a discount: a small village is no stronger evidence than the level's average,
    /// because where a household is registered follows its family card, and relatives
    /// share both. Applies at the "same village" level only (the closer levels are
    /// weighed on the address and the neighbourhood); zero when the village was not
    /// counted (a record checked against a registry kept elsewhere).
    pub fn pair_place_frequency_bits(&self, pattern: Pattern, a: &Record, b: &Record) -> f64 {
        if pattern.level(Field::Household) != SAME_VILLAGE_LEVEL
            || a.village == 0
            || a.village != b.village
            || a.village_count == 0
        {
            return 0.0;
        }
        let frequency = f64::from(a.village_count) / self.records;
        let average = self.model.u[Field::Household.index()][SAME_VILLAGE_LEVEL];
        (average / frequency).log2().clamp(-TF_BITS_MAX, 0.0)
    }

    /// The match weight of a pair in bits: prior, field weights, name and place frequency.
    pub fn weight_bits(&self, store: &Store, a: usize, b: usize, pattern: Pattern) -> f64 {
        let (ra, rb) = (&store.records[a], &store.records[b]);
        self.model.pattern_bits(pattern)
            + self.pair_name_frequency_bits(pattern, ra)
            + self.pair_place_frequency_bits(pattern, ra, rb)
    }
}

/// Turns a match weight in bits into a probability.
pub fn probability(bits: f64) -> f64 {
    1.0 / (1.0 + (-bits).exp2())
}

/// Lowest threshold the automatic choice may pick.
pub const THRESHOLD_MIN: f64 = 0.05;
/// Highest threshold the automatic choice may pick.
pub const THRESHOLD_MAX: f64 = 0.99;
/// Threshold used when there are no candidate pairs to choose from.
pub const THRESHOLD_FALLBACK: f64 = 0.5;

/// Chooses the probability threshold without ground truth: the model's probabilities
/// give the expected number of true and false links at each cut, and the cut with the
/// highest expected F1 is taken.
pub fn choose_threshold(probabilities: &[f32]) -> f64 {
    let mut sorted: Vec<f32> = probabilities.to_vec();
    sorted.par_sort_unstable_by(|a, b| b.total_cmp(a));
    let expected_matches: f64 = sorted.iter().map(|&p| f64::from(p)).sum();
    let mut true_links = 0.0;
    let mut false_links = 0.0;
    let mut best = (f64::MIN, THRESHOLD_FALLBACK);
    for &p in &sorted {
        let p = f64::from(p);
        true_links += p;
        false_links += 1.0 - p;
        if !(THRESHOLD_MIN..=THRESHOLD_MAX).contains(&p) {
            continue;
        }
        let missed = expected_matches - true_links;
        let f1 = 2.0 * true_links / (2.0 * true_links + false_links + missed);
        if f1 > best.0 {
            best = (f1, p);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probability_of_weights() {
        assert!((probability(0.0) - 0.5).abs() < 1e-12);
        assert!(probability(20.0) > 0.999_99);
        assert!(probability(-20.0) < 1e-5);
    }

    #[test]
    fn threshold_falls_in_the_valley() {
        let mut probabilities = vec![0.999f32; 1000];
        probabilities.extend(std::iter::repeat_n(0.001f32, 100_000));
        probabilities.extend(std::iter::repeat_n(0.6f32, 10));
        probabilities.extend(std::iter::repeat_n(0.3f32, 10));
        let threshold = choose_threshold(&probabilities);
        assert!((0.29..=0.61).contains(&threshold), "{threshold}");
    }

    #[test]
    fn a_population_scorer_weighs_names_against_the_whole_registry() {
        let mut model = crate::em::estimate(&[], &[[0.25; crate::field::LEVELS_MAX]; 6], 1.0);
        model.u[Field::Name.index()][1] = 0.001;
        let record = Record {
            name_count: 1,
            ..Record::default()
        };
        let small = Scorer::for_population(&model, 10);
        let large = Scorer::for_population(&model, 1_000_000);
        assert!(large.name_frequency_bits(&record) > small.name_frequency_bits(&record));
        assert!((large.name_frequency_bits(&record) - TF_BITS_MAX).abs() < 1e-9);
    }

    #[test]
    fn name_frequency_applies_within_households_too() {
        let model = crate::em::estimate(&[], &[[0.25; crate::field::LEVELS_MAX]; 6], 1.0);
        let scorer = Scorer::for_population(&model, 1_000);
        let exact = Pattern::default().with(Field::Name, 1);
        for household in 0..=6 {
            assert!(scorer.uses_name_frequency(exact.with(Field::Household, household)));
        }
        assert!(!scorer.uses_name_frequency(exact.with(Field::Name, 2)));
    }

    #[test]
    fn a_rare_name_shared_within_a_household_earns_no_bonus() {
        let mut model = crate::em::estimate(&[], &[[0.25; crate::field::LEVELS_MAX]; 6], 1.0);
        model.u[Field::Name.index()][1] = 0.001;
        let scorer = Scorer::for_population(&model, 1_000_000);
        let (rare, common) = (
            Record {
                name_count: 1,
                ..Record::default()
            },
            Record {
                name_count: 100_000,
                ..Record::default()
            },
        );
        let exact = Pattern::default().with(Field::Name, 1);
        let strangers = exact.with(Field::Household, 6);
        let same_card = exact.with(Field::Household, 1);
        assert!(scorer.pair_name_frequency_bits(strangers, &rare) > 0.0);
        assert_eq!(scorer.pair_name_frequency_bits(same_card, &rare), 0.0);
        // A common name is discounted in a household as anywhere.
        let discount = scorer.name_frequency_bits(&common);
        assert!(discount < 0.0);
        assert_eq!(
            scorer.pair_name_frequency_bits(same_card, &common),
            discount
        );
        assert_eq!(
            scorer.pair_name_frequency_bits(strangers, &common),
            discount
        );
        assert_eq!(
            scorer.pair_name_frequency_bits(same_card.with(Field::Name, 2), &common),
            0.0
        );
    }

    #[test]
    fn a_crowded_village_is_discounted_and_a_small_one_earns_no_bonus() {
        let mut model = crate::em::estimate(&[], &[[0.25; crate::field::LEVELS_MAX]; 6], 1.0);
        // One stranger in a hundred shares a village with another, on average.
        model.u[Field::Household.index()][SAME_VILLAGE_LEVEL] = 0.01;
        let scorer = Scorer::for_population(&model, 1_000_000);
        let in_village = |village: u64, count: u32| Record {
            village,
            village_count: count,
            ..Record::default()
        };
        let same_village = Pattern::default().with(Field::Household, SAME_VILLAGE_LEVEL as u8);
        // A village holding a tenth of the registry: shared by chance ten times as often.
        let crowded = in_village(3175071003, 100_000);
        let bits = scorer.pair_place_frequency_bits(same_village, &crowded, &crowded);
        assert!((bits - (0.1f64).log2()).abs() < 1e-9, "{bits}");
        // A small village says no more than the level's average.
        let small = in_village(3175071004, 10);
        assert_eq!(
            scorer.pair_place_frequency_bits(same_village, &small, &small),
            0.0
        );
        // Other levels, other villages and villages not counted are not adjusted.
        let same_address = Pattern::default().with(Field::Household, 2);
        assert_eq!(
            scorer.pair_place_frequency_bits(same_address, &crowded, &crowded),
            0.0
        );
        assert_eq!(
            scorer.pair_place_frequency_bits(same_village, &crowded, &small),
            0.0
        );
        let uncounted = in_village(3175071003, 0);
        assert_eq!(
            scorer.pair_place_frequency_bits(same_village, &uncounted, &uncounted),
            0.0
        );
    }

    #[test]
    fn threshold_without_pairs_is_the_fallback() {
        assert_eq!(choose_threshold(&[]), THRESHOLD_FALLBACK);
        assert_eq!(choose_threshold(&[0.001, 0.002]), THRESHOLD_FALLBACK);
    }
}
