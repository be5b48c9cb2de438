//! Desil: a household's tenth of its ranking group, 1 the poorest. Households with the same
//! score share the lower rank (so ties never split across desil), and a group too small to
//! have tenths is ranked against the whole run instead. The store ranks in SQL with the same
//! formula; this is its statement, checked against the store in the tests.

/// A group with fewer households than this is ranked against every household of the run:
/// with fewer than ten there is no tenth to speak of.
pub const GROUP_MIN: i64 = 10;

/// The desil of the household at `rank` (1 + the number of households with a lower score)
/// among `households`.
pub fn decile(rank: i64, households: i64) -> i64 {
    if households <= 0 {
        return 1;
    }
    (rank - 1) * 10 / households + 1
}

/// Desil of scores within one group, in the order given.
pub fn deciles(scores: &[f64]) -> Vec<i64> {
    let n = scores.len() as i64;
    scores
        .iter()
        .map(|s| {
            let below = scores.iter().filter(|o| o.total_cmp(s).is_lt()).count() as i64;
            decile(below + 1, n)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_households_fill_ten_desil_poorest_first() {
        let scores: Vec<f64> = (0..10).rev().map(f64::from).collect();
        assert_eq!(deciles(&scores), vec![10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    }

    #[test]
    fn ties_share_the_lower_desil() {
        let scores = [1.0, 1.0, 1.0, 2.0, 3.0];
        assert_eq!(deciles(&scores), vec![1, 1, 1, 7, 9]);
    }

    #[test]
    fn a_hundred_households_put_ten_in_each_desil() {
        let scores: Vec<f64> = (0..100).map(f64::from).collect();
        let found = deciles(&scores);
        for d in 1..=10 {
            assert_eq!(found.iter().filter(|x| **x == d).count(), 10, "desil {d}");
        }
    }

    #[test]
    fn one_household_is_desil_one_and_no_rank_leaves_the_range() {
        assert_eq!(deciles(&[5.0]), vec![1]);
        assert_eq!(decile(1, 0), 1);
        for n in 1..40 {
            for r in 1..=n {
                assert!((1..=10).contains(&decile(r, n)), "rank {r} of {n}");
            }
        }
    }
}
