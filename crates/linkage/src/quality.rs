//! Measuring clusters against ground truth: pairwise precision, recall and F1.

use rayon::prelude::*;

/// Pairwise quality: a pair of records is a true link when both belong to the same true
/// entity, and a predicted link when both are in the same cluster.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quality {
    pub predicted_pairs: u64,
    pub true_pairs: u64,
    pub correct_pairs: u64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn pairs_within(mut labels: Vec<(u64, u64)>) -> u64 {
    labels.par_sort_unstable();
    labels
        .chunk_by(|a, b| a == b)
        .map(|run| run.len() as u64 * (run.len() as u64 - 1) / 2)
        .sum()
}

/// Compares predicted cluster labels with true entity labels, record by record.
/// Counting pairs per label avoids listing the pairs themselves, so a million records
/// take well under a second.
pub fn pairwise_quality(cluster: &[u64], entity: &[u64]) -> Quality {
    let n = cluster.len().min(entity.len());
    let predicted_pairs = pairs_within(cluster[..n].iter().map(|&c| (c, 0)).collect());
    let true_pairs = pairs_within(entity[..n].iter().map(|&e| (e, 0)).collect());
    let correct_pairs = pairs_within(
        cluster[..n]
            .iter()
            .zip(&entity[..n])
            .map(|(&c, &e)| (c, e))
            .collect(),
    );
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let precision = ratio(correct_pairs, predicted_pairs);
    let recall = ratio(correct_pairs, true_pairs);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Quality {
        predicted_pairs,
        true_pairs,
        correct_pairs,
        precision,
        recall,
        f1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_imperfect_clusterings() {
        let truth = [1, 1, 1, 2, 3];
        let perfect = pairwise_quality(&[7, 7, 7, 8, 9], &truth);
        assert_eq!(
            (perfect.precision, perfect.recall, perfect.f1),
            (1.0, 1.0, 1.0)
        );
        // One true pair found, one false pair made.
        let partial = pairwise_quality(&[7, 7, 8, 9, 9], &truth);
        assert_eq!(
            (
                partial.correct_pairs,
                partial.predicted_pairs,
                partial.true_pairs
            ),
            (1, 2, 3)
        );
        assert!((partial.precision - 0.5).abs() < 1e-12);
    }

    #[test]
    fn no_pairs_at_all_is_perfect() {
        let quality = pairwise_quality(&[1, 2], &[1, 2]);
        assert_eq!(quality.f1, 1.0);
        assert_eq!(pairwise_quality(&[], &[]).f1, 1.0);
    }
}
