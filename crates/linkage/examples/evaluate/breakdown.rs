//! Blocking recall broken down: per rule, and per kind of difference or missing field
//! between the two records of a true pair, so that one can see which rule finds which
//! duplicates and which duplicates no rule finds.

use linkage::block::{BlockLimits, BlockingRule, candidate_pairs, pack_pair};
use linkage::date::{BirthDate, DateAgreement, compare_dates};
use linkage::nik::IdDigits;
use linkage::record::{Record, Store};

/// A kind of difference between two records of one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Clean,
    NikMissing,
    BirthMissingBoth,
    BirthMissingOne,
    BirthTypo,
    BirthDiffers,
    NameDiffers,
    PlaceDiffers,
}

const KINDS: [Kind; 8] = [
    Kind::Clean,
    Kind::NikMissing,
    Kind::BirthMissingBoth,
    Kind::BirthMissingOne,
    Kind::BirthTypo,
    Kind::BirthDiffers,
    Kind::NameDiffers,
    Kind::PlaceDiffers,
];

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Clean => "name_and_date_agree",
            Kind::NikMissing => "nik_missing_in_one_or_both",
            Kind::BirthMissingBoth => "birth_date_missing_in_both",
            Kind::BirthMissingOne => "birth_date_missing_in_one",
            Kind::BirthTypo => "birth_date_typo_or_swap",
            Kind::BirthDiffers => "birth_date_differs_more",
            Kind::NameDiffers => "name_differs",
            Kind::PlaceDiffers => "village_differs",
        }
    }

    /// Whether the pair shows this kind; a pair may show several.
    fn of(self, a: &Record, b: &Record) -> bool {
        let dates = (BirthDate::unpack(a.birth), BirthDate::unpack(b.birth));
        let agreement = match dates {
            (Some(x), Some(y)) => Some(compare_dates(x, y)),
            _ => None,
        };
        match self {
            Kind::Clean => a.name_key == b.name_key && agreement == Some(DateAgreement::Exact),
            Kind::NikMissing => a.nik == IdDigits::default() || b.nik == IdDigits::default(),
            Kind::BirthMissingBoth => dates.0.is_none() && dates.1.is_none(),
            Kind::BirthMissingOne => dates.0.is_none() != dates.1.is_none(),
            Kind::BirthTypo => agreement == Some(DateAgreement::Typo),
            Kind::BirthDiffers => matches!(
                agreement,
                Some(DateAgreement::Partial | DateAgreement::Different)
            ),
            Kind::NameDiffers => a.name_key != b.name_key,
            Kind::PlaceDiffers => a.village != b.village,
        }
    }
}

/// Every true pair (records of one entity), packed; entities larger than this are
/// sampled by their first members only, as a guard against a truth file that puts
/// everyone in one entity.
fn true_pairs(entity: &[u64]) -> Vec<u64> {
    const ENTITY_MAX: usize = 64;
    let mut order: Vec<(u64, u32)> = entity
        .iter()
        .enumerate()
        .map(|(i, &e)| (e, i as u32))
        .collect();
    order.sort_unstable();
    let mut pairs = Vec::new();
    for run in order.chunk_by(|a, b| a.0 == b.0) {
        let run = &run[..run.len().min(ENTITY_MAX)];
        for (i, a) in run.iter().enumerate() {
            for b in &run[i + 1..] {
                pairs.push(pack_pair(a.1, b.1));
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

fn ratio(found: usize, total: usize) -> f64 {
    if total == 0 {
        1.0
    } else {
        found as f64 / total as f64
    }
}

/// Prints one line per rule and one per kind of difference.
pub fn print_breakdown(store: &Store, entity: &[u64], rules: &[BlockingRule]) {
    let truth = true_pairs(entity);
    let limits = BlockLimits::default();
    let (all, _) = candidate_pairs(store, rules, limits);
    for &rule in rules {
        let (pairs, _) = candidate_pairs(store, &[rule], limits);
        let found = truth
            .iter()
            .filter(|p| pairs.binary_search(p).is_ok())
            .count();
        println!(
            "rule={:<30} pairs={:>10} true_pairs_found={found:>8} recall={:.4}",
            rule.label(),
            pairs.len(),
            ratio(found, truth.len())
        );
    }
    for kind in KINDS {
        let (mut total, mut found) = (0, 0);
        for &pair in &truth {
            let (a, b) = ((pair >> 32) as usize, (pair & 0xffff_ffff) as usize);
            if kind.of(&store.records[a], &store.records[b]) {
                total += 1;
                found += usize::from(all.binary_search(&pair).is_ok());
            }
        }
        println!(
            "kind={:<30} true_pairs={total:>8} found={found:>8} recall={:.4}",
            kind.label(),
            ratio(found, total)
        );
    }
}
