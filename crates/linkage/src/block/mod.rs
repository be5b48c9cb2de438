//! Blocking: which pairs of records are worth comparing at all.
//!
//! Each rule gives every record a key (or none); records sharing a key form a block.
//! Blocks are found by sorting (key, record) pairs, which needs no hash table and runs in
//! parallel. A block larger than the bound is not compared all-against-all: it is sorted
//! by name and each record meets only its nearest neighbours, so one very common name
//! ("Muhammad" born in 1990) cannot blow up the number of comparisons.
//!
//! The NIK and the family card identify; sharing one is evidence in itself. The other
//! rules' keys (a birth date in a regency, a name sound in a month) are shared by chance,
//! and by more strangers the larger the registry: with a fixed key space the strangers in
//! a block grow with the number of records, and the pairs among them with its square.
//! So those rules pair two records of a block only when something outside the key
//! corroborates them (see [`Corroboration`]). The checks read a few fixed-size fields
//! and cost far less than a comparison; the candidate pairs then grow almost linearly
//! with the registry instead of quadratically.

use rayon::prelude::*;

use crate::record::Store;

mod corroboration;
mod rules;
mod window;

pub use corroboration::{Corroboration, name_signature};
pub use rules::{BlockingRule, DEFAULT_RULES};
use window::block_pairs;

/// Limits on block sizes.
#[derive(Debug, Clone, Copy)]
pub struct BlockLimits {
    /// Blocks up to this size compare all pairs (at most n(n-1)/2 = 10 for 5).
    pub block_size_max: usize,
    /// In larger blocks, each record is compared with this many following neighbours.
    pub window: usize,
}

/// The defaults were measured on generated registries: against 8 and 6, these find the same
/// duplicates at 1,000,000 records (F1 0.9802 against 0.9801) with 12 % fewer candidate
/// pairs, and a quarter fewer at 10,000,000, where blocks on birth dates fill up.
impl Default for BlockLimits {
    fn default() -> BlockLimits {
        BlockLimits {
            block_size_max: 5,
            window: 3,
        }
    }
}

/// What one rule produced.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleStats {
    pub rule: BlockingRule,
    pub blocks: u64,
    pub largest_block: u64,
    /// Blocks over the size bound, compared by sorted neighbourhood instead.
    pub capped_blocks: u64,
    /// Pairs this rule proposed, before removing pairs proposed by several rules.
    pub pairs: u64,
    /// Pairs of a block (or of a neighbourhood in a capped block) that were not proposed
    /// because nothing outside the key corroborated them.
    pub uncorroborated: u64,
    /// Strangers expected to share a record's key by chance (the keyed records times the
    /// chance that two of them agree on each part of the key); corroboration is asked for
    /// only when this exceeds [`CHANCE_SHARERS_MAX`].
    pub chance_sharers: f64,
}

/// A candidate pair packed as `(a << 32) | b` with `a < b`, so that sorting and removing
/// duplicates across rules is one pass over plain integers.
pub fn pack_pair(a: u32, b: u32) -> u64 {
    let (low, high) = if a < b { (a, b) } else { (b, a) };
    u64::from(low) << 32 | u64::from(high)
}

pub fn unpack_pair(pair: u64) -> (usize, usize) {
    ((pair >> 32) as usize, (pair & 0xffff_ffff) as usize)
}

/// All distinct candidate pairs under the given rules, sorted.
pub fn candidate_pairs(
    store: &Store,
    rules: &[BlockingRule],
    limits: BlockLimits,
) -> (Vec<u64>, Vec<RuleStats>) {
    let needs_names = rules.iter().any(|rule| rule.corroboration().reads_names());
    let names: Vec<u64> = if needs_names {
        store
            .records
            .par_iter()
            .map(|record| name_signature(store.text(record.name)))
            .collect()
    } else {
        Vec::new()
    };
    let mut all = Vec::new();
    let mut stats = Vec::with_capacity(rules.len());
    for &rule in rules {
        let (pairs, rule_stats) = rule_pairs(store, &names, rule, limits);
        stats.push(rule_stats);
        all.extend_from_slice(&pairs);
    }
    all.par_sort_unstable();
    all.dedup();
    (all, stats)
}

fn rule_pairs(
    store: &Store,
    names: &[u64],
    rule: BlockingRule,
    limits: BlockLimits,
) -> (Vec<u64>, RuleStats) {
    let mut keyed: Vec<(u64, u32)> = store
        .records
        .par_iter()
        .enumerate()
        .flat_map_iter(|(index, record)| {
            let index = u32::try_from(index).ok();
            rule.keys(record).filter_map(move |key| Some((key, index?)))
        })
        .collect();
    keyed.par_sort_unstable();
    let mut blocks: Vec<&[(u64, u32)]> = Vec::new();
    let mut start = 0;
    for end in 1..=keyed.len() {
        if end == keyed.len() || keyed[end].0 != keyed[start].0 {
            if end - start > 1 {
                blocks.push(&keyed[start..end]);
            }
            start = end;
        }
    }
    let chance = chance_sharers(store, rule, keyed.len());
    let check = if chance > CHANCE_SHARERS_MAX || rule.shared_by_households() {
        rule.corroboration()
    } else {
        Corroboration::None
    };
    let (pairs, uncorroborated): (Vec<Vec<u64>>, Vec<u64>) = blocks
        .par_iter()
        .map(|block| block_pairs(store, names, block, check, limits))
        .unzip();
    let mut pairs: Vec<u64> = pairs.concat();
    if rule.keys_both_ends() {
        // Two records may share both ends of their names: one pair, not two.
        pairs.par_sort_unstable();
        pairs.dedup();
    }
    let stats = RuleStats {
        rule,
        blocks: blocks.len() as u64,
        largest_block: blocks.iter().map(|b| b.len() as u64).max().unwrap_or(0),
        capped_blocks: blocks
            .iter()
            .filter(|b| b.len() > limits.block_size_max)
            .count() as u64,
        pairs: pairs.len() as u64,
        uncorroborated: uncorroborated.iter().sum(),
        chance_sharers: chance,
    };
    (pairs, stats)
}

/// Above this many strangers expected to share a record's key by chance, a weak rule
/// asks for corroboration. Below it chance pairs are few (a registry of a few thousand,
/// or of one district) and every pair of a block is compared, so that duplicates whose
/// NIKs carry several typos are still found.
pub const CHANCE_SHARERS_MAX: f64 = 0.05;

/// Records sampled to estimate how common each part of a key is.
const CHANCE_SAMPLE: usize = 1 << 16;

/// How many strangers are expected to share a record's key under this rule by chance:
/// the `keyed` records times the chance that two of them agree on both parts, taken
/// as independent. Duplicates agree on both parts together, not on each apart, so
/// they hardly move the estimate: it measures the crowd, not the duplicates. 0 for
/// the identifying rules.
fn chance_sharers(store: &Store, rule: BlockingRule, keyed: usize) -> f64 {
    if keyed < 2 {
        return 0.0;
    }
    let step = store.len().div_ceil(CHANCE_SAMPLE).max(1);
    let parts: Vec<[u64; 2]> = store
        .records
        .iter()
        .step_by(step)
        .filter(|record| rule.key(record).is_some())
        .filter_map(|record| rule.key_parts(record))
        .collect();
    let agree = |part: usize| {
        let mut values: Vec<u64> = parts.iter().map(|p| p[part]).collect();
        values.sort_unstable();
        let same: f64 = values
            .chunk_by(|a, b| a == b)
            .map(|run| (run.len() * (run.len() - 1)) as f64)
            .sum();
        same / (values.len() * (values.len() - 1)).max(1) as f64
    };
    if parts.len() < 2 {
        return 0.0;
    }
    (keyed - 1) as f64 * agree(0) * agree(1)
}

/// Share of true duplicate pairs that blocking proposed, given each record's true
/// entity. Returns (found, total).
pub fn blocking_recall(pairs: &[u64], entity: &[u64]) -> (u64, u64) {
    let found = pairs
        .par_iter()
        .filter(|&&pair| {
            let (a, b) = unpack_pair(pair);
            entity.get(a).is_some() && entity.get(a) == entity.get(b)
        })
        .count() as u64;
    let mut sorted = entity.to_vec();
    sorted.par_sort_unstable();
    let mut total = 0u64;
    for run in sorted.chunk_by(|a, b| a == b) {
        let n = run.len() as u64;
        total += n * (n - 1) / 2;
    }
    (found, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{PersonFields, parse_person};

    fn store_of(names: &[(&str, &str)]) -> Store {
        let mut store = Store::default();
        for (name, birth_date) in names {
            let row = PersonFields {
                id: "x",
                name,
                birth_date,
                village_code: "3201012001",
                ..Default::default()
            };
            store.push(&parse_person(&row));
        }
        store
    }

    #[test]
    fn pairs_pack_in_order() {
        assert_eq!(unpack_pair(pack_pair(7, 3)), (3, 7));
        assert_eq!(pack_pair(3, 7), pack_pair(7, 3));
    }

    #[test]
    fn finds_spelling_variants_and_skips_strangers() {
        let store = store_of(&[
            ("Muhammad Rizki", "1990-01-02"),
            ("Moch. Riski", "1990-01-02"),
            ("Sri Wahyuni", "1970-05-06"),
        ]);
        let (pairs, stats) = candidate_pairs(&store, &DEFAULT_RULES, BlockLimits::default());
        assert_eq!(pairs, vec![pack_pair(0, 1)]);
        assert_eq!(stats.len(), DEFAULT_RULES.len());
    }

    #[test]
    fn one_name_everywhere_stays_bounded() {
        let rows: Vec<(&str, &str)> = (0..1000).map(|_| ("Muhammad", "1990-01-02")).collect();
        let store = store_of(&rows);
        let limits = BlockLimits::default();
        let (pairs, stats) = candidate_pairs(&store, &DEFAULT_RULES, limits);
        assert!(pairs.len() <= 1000 * limits.window, "{}", pairs.len());
        assert!(stats.iter().any(|s| s.capped_blocks > 0));
    }

    pub(crate) fn person<'a>(
        name: &'a str,
        nik: &'a str,
        birth_date: &'a str,
        village_code: &'a str,
    ) -> PersonFields<'a> {
        PersonFields {
            id: "x",
            nik,
            name,
            birth_date,
            village_code,
            ..Default::default()
        }
    }

    pub(crate) fn pairs_of(rows: &[PersonFields<'_>], rule: BlockingRule) -> (Vec<u64>, RuleStats) {
        let mut store = Store::default();
        for row in rows {
            store.push(&parse_person(row));
        }
        let (pairs, mut stats) = candidate_pairs(&store, &[rule], BlockLimits::default());
        (pairs, stats.remove(0))
    }

    #[test]
    fn sparse_keys_pair_whole_blocks() {
        let rule = BlockingRule::NameSoundBirthMonth;
        // Four hundred Siti Aminah born in four hundred months: strangers seldom share
        // a key.
        let dates: Vec<String> = (0..400)
            .map(|i| format!("{}-{:02}-12", 1950 + i / 12, 1 + i % 12))
            .collect();
        let mut rows: Vec<PersonFields<'_>> = dates
            .iter()
            .map(|date| person("Siti Aminah", "", date, "3201012001"))
            .collect();
        // One of them again, with a NIK that differs in three digits.
        rows[0].nik = "3201015201500002";
        let mut again = rows[0];
        again.nik = "3201015201507772";
        rows.push(again);
        let (pairs, stats) = pairs_of(&rows, rule);
        assert!(stats.chance_sharers < CHANCE_SHARERS_MAX, "{stats:?}");
        assert_eq!(pairs, vec![pack_pair(0, 400)]);
        assert_eq!(stats.uncorroborated, 0);
        // All born in one month: a crowd, so the NIKs must allow it.
        for row in &mut rows {
            row.birth_date = "1950-01-12";
        }
        let (pairs, stats) = pairs_of(&rows, rule);
        assert!(stats.chance_sharers > 100.0, "{stats:?}");
        assert!(!pairs.contains(&pack_pair(0, 400)));
        assert!(stats.uncorroborated > 0);
    }

    #[test]
    fn empty_and_single_stores_have_no_pairs() {
        let (pairs, _) = candidate_pairs(&store_of(&[]), &DEFAULT_RULES, BlockLimits::default());
        assert!(pairs.is_empty());
        let (pairs, _) = candidate_pairs(
            &store_of(&[("A", "")]),
            &DEFAULT_RULES,
            BlockLimits::default(),
        );
        assert!(pairs.is_empty());
    }

    #[test]
    fn recall_counts_true_pairs() {
        let pairs = vec![pack_pair(0, 1), pack_pair(1, 2)];
        assert_eq!(blocking_recall(&pairs, &[5, 5, 6, 6]), (1, 2));
        assert_eq!(blocking_recall(&[], &[]), (0, 0));
    }
}
