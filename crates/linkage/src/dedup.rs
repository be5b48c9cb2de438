//! The deduplication run: blocking, comparison, estimation, scoring and clustering over
//! records already in memory.

use std::collections::HashMap;
use std::time::Instant;

use rayon::prelude::*;

use crate::block::{
    BlockLimits, BlockingRule, DEFAULT_RULES, RuleStats, candidate_pairs, unpack_pair,
};
use crate::cluster::{Clusters, Link, cluster};
use crate::compare::compare;
use crate::csv_io::ReadStats;
use crate::em::{Model, estimate, random_u};
use crate::error::LinkageError;
use crate::field::Pattern;
use crate::progress::{Progress, ProgressFn, Stage};
use crate::record::Store;
use crate::score::{Scorer, choose_threshold, probability};

/// Pairs compared between two progress reports.
const COMPARE_CHUNK: usize = 1 << 20;

/// How to run a deduplication. `Default` is what `tepat dedup` uses.
#[derive(Debug, Clone)]
pub struct DedupOptions {
    /// Link pairs whose match probability is at least this. `None` chooses it from the
    /// data (see [`crate::score::choose_threshold`]).
    pub threshold: Option<f64>,
    pub rules: Vec<BlockingRule>,
    pub limits: BlockLimits,
    /// Seed for the random pairs that estimate chance agreement; fixed so that runs are
    /// repeatable.
    pub seed: u64,
}

impl Default for DedupOptions {
    fn default() -> DedupOptions {
        DedupOptions {
            threshold: None,
            rules: DEFAULT_RULES.to_vec(),
            limits: BlockLimits::default(),
            seed: 0x7e9a_7000_0000_0001,
        }
    }
}

impl DedupOptions {
    /// Rejects options no run can use: a threshold outside 0..=1.
    pub fn check(&self) -> Result<(), LinkageError> {
        match self.threshold {
            Some(value) if !(0.0..=1.0).contains(&value) => {
                Err(LinkageError::InvalidThreshold { value })
            }
            _ => Ok(()),
        }
    }
}

/// Where the threshold came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThresholdSource {
    Given,
    /// Chosen from the data by the highest expected F1.
    Chosen,
}

/// What a run did, for the summary a person reads at the end.
#[derive(Debug, Clone)]
pub struct DedupReport {
    pub read: ReadStats,
    pub records: u64,
    pub rules: Vec<RuleStats>,
    pub candidate_pairs: u64,
    pub model: Model,
    pub threshold: f64,
    pub threshold_source: ThresholdSource,
    /// Pairs at or above the threshold.
    pub linked_pairs: u64,
    pub clusters: u64,
    /// Records in clusters of two or more: the suspected duplicates.
    pub records_in_duplicate_clusters: u64,
    /// Links refused because they would join two different verified NIKs.
    pub refused_links: u64,
    /// Links without birth-date evidence refused because they would join two clusters
    /// whose birth dates all disagree.
    pub refused_by_dates: u64,
    /// Milliseconds spent per stage.
    pub stage_ms: Vec<(Stage, u64)>,
}

/// A scored candidate pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoredPair {
    pub a: u32,
    pub b: u32,
    pub pattern: Pattern,
    pub probability: f32,
}

/// The outcome of a run in memory: clusters, the linked pairs and the fitted scorer, so
/// that callers can write or explain any of them.
#[derive(Debug)]
pub struct Linkage {
    pub store: Store,
    pub clusters: Clusters,
    /// Pairs at or above the threshold, strongest first.
    pub links: Vec<ScoredPair>,
    pub scorer: Scorer,
    pub report: DedupReport,
}

fn report(progress: ProgressFn<'_>, stage: Stage, done: u64, total: u64) {
    progress(Progress {
        stage,
        done,
        total: Some(total),
    });
}

/// Deduplicates records already read into a store.
pub fn link_store(
    store: Store,
    read: ReadStats,
    options: &DedupOptions,
    progress: ProgressFn<'_>,
) -> Result<Linkage, LinkageError> {
    options.check()?;
    let mut stage_ms = Vec::new();
    let records = store.len() as u64;
    let mut clock = Instant::now();
    let mut lap = |stage: Stage, clock: &mut Instant| {
        stage_ms.push((stage, clock.elapsed().as_millis() as u64));
        *clock = Instant::now();
    };

    report(progress, Stage::Blocking, 0, records);
    let (pairs, rules) = candidate_pairs(&store, &options.rules, options.limits);
    report(progress, Stage::Blocking, records, records);
    lap(Stage::Blocking, &mut clock);

    let patterns = compare_all(&store, &pairs, progress);
    lap(Stage::Comparing, &mut clock);

    report(progress, Stage::Estimating, 0, 1);
    let model = estimate_model(&store, &patterns, options.seed);
    report(progress, Stage::Estimating, 1, 1);
    lap(Stage::Estimating, &mut clock);

    let total = pairs.len() as u64;
    report(progress, Stage::Scoring, 0, total);
    let scorer = Scorer::new(&model, &store);
    let probabilities = score_all(&store, &scorer, &pairs, &patterns);
    let (threshold, threshold_source) = match options.threshold {
        Some(value) => (value, ThresholdSource::Given),
        None => (choose_threshold(&probabilities), ThresholdSource::Chosen),
    };
    let mut links = linked(&pairs, &patterns, &probabilities, threshold);
    drop((pairs, patterns, probabilities));
    report(progress, Stage::Scoring, total, total);
    lap(Stage::Scoring, &mut clock);

    report(progress, Stage::Clustering, 0, records);
    let clusters = cluster_links(&store, &mut links, threshold);
    report(progress, Stage::Clustering, records, records);
    lap(Stage::Clustering, &mut clock);

    let records_in_duplicate_clusters = duplicates(&clusters);
    let report = DedupReport {
        read,
        records,
        rules,
        candidate_pairs: total,
        model,
        threshold,
        threshold_source,
        linked_pairs: links.len() as u64,
        clusters: clusters.count as u64,
        records_in_duplicate_clusters,
        refused_links: clusters.refused_links,
        refused_by_dates: clusters.refused_by_dates,
        stage_ms,
    };
    Ok(Linkage {
        store,
        clusters,
        links,
        scorer,
        report,
    })
}

fn estimate_model(store: &Store, patterns: &[Pattern], seed: u64) -> Model {
    let records = store.len() as f64;
    let u = random_u(store, seed);
    estimate(
        &histogram(patterns),
        &u,
        records * (records - 1.0).max(0.0) / 2.0,
    )
}

fn score_all(store: &Store, scorer: &Scorer, pairs: &[u64], patterns: &[Pattern]) -> Vec<f32> {
    pairs
        .par_iter()
        .zip(patterns.par_iter())
        .map(|(&pair, &pattern)| {
            let (a, b) = unpack_pair(pair);
            probability(scorer.weight_bits(store, a, b, pattern)) as f32
        })
        .collect()
}

/// Clusters the links and leaves them sorted strongest first.
fn cluster_links(store: &Store, links: &mut [ScoredPair], threshold: f64) -> Clusters {
    let mut plain: Vec<Link> = links
        .iter()
        .map(|l| Link {
            a: l.a,
            b: l.b,
            probability: l.probability,
        })
        .collect();
    let clusters = cluster(store, &mut plain, threshold);
    links.par_sort_unstable_by(|x, y| y.probability.total_cmp(&x.probability));
    clusters
}

fn compare_all(store: &Store, pairs: &[u64], progress: ProgressFn<'_>) -> Vec<Pattern> {
    let total = pairs.len() as u64;
    let mut patterns = Vec::with_capacity(pairs.len());
    report(progress, Stage::Comparing, 0, total);
    for chunk in pairs.chunks(COMPARE_CHUNK) {
        let part: Vec<Pattern> = chunk
            .par_iter()
            .map(|&pair| {
                let (a, b) = unpack_pair(pair);
                compare(store, a, b)
            })
            .collect();
        patterns.extend_from_slice(&part);
        report(progress, Stage::Comparing, patterns.len() as u64, total);
    }
    patterns
}

fn histogram(patterns: &[Pattern]) -> Vec<(Pattern, u64)> {
    let counts = patterns
        .par_iter()
        .fold(
            HashMap::new,
            |mut counts: HashMap<Pattern, u64>, &pattern| {
                *counts.entry(pattern).or_default() += 1;
                counts
            },
        )
        .reduce(HashMap::new, |mut left, right| {
            for (pattern, count) in right {
                *left.entry(pattern).or_default() += count;
            }
            left
        });
    let mut out: Vec<(Pattern, u64)> = counts.into_iter().collect();
    out.sort_unstable();
    out
}

fn linked(
    pairs: &[u64],
    patterns: &[Pattern],
    probabilities: &[f32],
    threshold: f64,
) -> Vec<ScoredPair> {
    pairs
        .par_iter()
        .zip(patterns.par_iter().zip(probabilities.par_iter()))
        .filter(|(_, (_, p))| f64::from(**p) >= threshold)
        .map(|(&pair, (&pattern, &probability))| {
            let (a, b) = unpack_pair(pair);
            ScoredPair {
                a: a as u32,
                b: b as u32,
                pattern,
                probability,
            }
        })
        .collect()
}

fn duplicates(clusters: &Clusters) -> u64 {
    let mut sizes = vec![0u32; clusters.representative.len()];
    for &root in &clusters.representative {
        sizes[root as usize] += 1;
    }
    clusters
        .representative
        .iter()
        .filter(|&&root| sizes[root as usize] > 1)
        .count() as u64
}
