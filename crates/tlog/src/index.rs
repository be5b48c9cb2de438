//! Stored-hash numbering: one index for every complete subtree, in the order a log stores them.
//!
//! When leaf `m` is appended, the log stores its leaf hash and then the hash of every complete
//! subtree that leaf finishes, lowest level first. Numbering the hashes in that order makes
//! storage append-only: the hashes of a tree of size `s` are exactly the indexes
//! `0..stored_hash_count(s)`, and a batch of appended leaves adds a contiguous run. The subtree
//! at `level` with position `n` covers leaves `n·2^level .. (n+1)·2^level`; it is finished by
//! leaf `m = (n+1)·2^level − 1`, whose own hash sits at `2m − popcount(m)`, so the subtree's
//! index is `2m − popcount(m) + level`. (The same order as Go's sumdb `tlog` package.)

/// Largest tree size this crate builds or proves. Keeps every stored-hash index and subtree
/// bound within `u64` (2·2^62 stored hashes); a log of 4.6·10^18 entries is far beyond any
/// plausible programme.
pub const MAX_TREE_SIZE: u64 = 1 << 62;

/// Number of hashes a log of `size` leaves stores (`2·size − popcount(size)`).
///
/// Returns `None` above [`MAX_TREE_SIZE`].
pub fn stored_hash_count(size: u64) -> Option<u64> {
    if size > MAX_TREE_SIZE {
        return None;
    }
    Some(2 * size - u64::from(size.count_ones()))
}

/// The stored-hash index of the complete subtree at `level` and position `n`.
///
/// Returns `None` when the subtree would extend beyond [`MAX_TREE_SIZE`] leaves.
pub fn stored_hash_index(level: u8, n: u64) -> Option<u64> {
    let end = n
        .checked_add(1)?
        .checked_mul(1u64.checked_shl(u32::from(level))?)?;
    if end > MAX_TREE_SIZE {
        return None;
    }
    let last_leaf = end - 1;
    Some(2 * last_leaf - u64::from(last_leaf.count_ones()) + u64::from(level))
}

/// The level and position of the subtree with stored-hash index `index`: the inverse of
/// [`stored_hash_index`]. Returns `None` beyond the indexes of a [`MAX_TREE_SIZE`] tree.
pub fn split_stored_hash_index(index: u64) -> Option<(u8, u64)> {
    if index >= stored_hash_count(MAX_TREE_SIZE)? {
        return None;
    }
    // Find the last leaf m with 2m − popcount(m) ≤ index. Since popcount(m) ≤ 64 and the
    // level is ≤ 63, m lies within a few dozen of index / 2: a short binary search.
    let leaf_start = |m: u64| 2 * m - u64::from(m.count_ones());
    let mut low = index.saturating_sub(64) / 2;
    let mut high = (index / 2 + 33).min(MAX_TREE_SIZE - 1);
    while low < high {
        let middle = low + (high - low).div_ceil(2);
        if leaf_start(middle) <= index {
            low = middle;
        } else {
            high = middle - 1;
        }
    }
    let leaf = low;
    let level = index - leaf_start(leaf);
    if level > u64::from(leaf.trailing_ones()) {
        return None;
    }
    let level = u8::try_from(level).ok()?;
    Some((level, ((leaf + 1) >> level) - 1))
}

/// Largest power of two strictly below `n`, for `n ≥ 2`: where RFC 9162 splits a tree.
pub(crate) fn split_point(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1 << (63 - (n - 1).leading_zeros())
}

/// Appends the stored-hash indexes of the complete subtrees that make up leaves `lo..hi`,
/// largest first. Their hashes, folded from the right, give the Merkle tree hash of the
/// range when `lo` is aligned as RFC 9162 subtrees always are.
///
/// Callers check `hi ≤ MAX_TREE_SIZE`.
pub(crate) fn push_subtrees(mut lo: u64, hi: u64, out: &mut Vec<u64>) {
    while lo < hi {
        let alignment = if lo == 0 { 63 } else { lo.trailing_zeros() };
        let fits = 63 - (hi - lo).leading_zeros();
        let level = alignment.min(fits);
        let n = lo >> level;
        let end = (n + 1) << level;
        let last_leaf = end - 1;
        out.push(2 * last_leaf - u64::from(last_leaf.count_ones()) + u64::from(level));
        lo = end;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn first_indexes_follow_append_order() {
        // (level, n) in the order a log stores them while appending leaves 0..4.
        let order = [
            (0, 0),
            (0, 1),
            (1, 0),
            (0, 2),
            (0, 3),
            (1, 1),
            (2, 0),
            (0, 4),
        ];
        for (index, (level, n)) in order.into_iter().enumerate() {
            assert_eq!(stored_hash_index(level, n), Some(index as u64));
            assert_eq!(split_stored_hash_index(index as u64), Some((level, n)));
        }
    }

    #[test]
    fn count_matches_indexes() {
        for size in 1..2000u64 {
            let last_leaf = stored_hash_index(0, size - 1).unwrap();
            let finished = u64::from((size - 1).trailing_ones());
            assert_eq!(stored_hash_count(size).unwrap(), last_leaf + finished + 1);
        }
        assert_eq!(stored_hash_count(0), Some(0));
        assert_eq!(stored_hash_count(MAX_TREE_SIZE + 1), None);
    }

    #[test]
    fn split_inverts_index_for_every_stored_hash() {
        for index in 0..5000u64 {
            let (level, n) = split_stored_hash_index(index).unwrap();
            assert_eq!(stored_hash_index(level, n), Some(index));
        }
        let top = stored_hash_index(62, 0).unwrap();
        assert_eq!(split_stored_hash_index(top), Some((62, 0)));
        assert_eq!(split_stored_hash_index(top + 1), None);
    }

    #[test]
    fn index_rejects_subtrees_beyond_the_limit() {
        assert_eq!(stored_hash_index(63, 0), None);
        assert_eq!(stored_hash_index(0, MAX_TREE_SIZE), None);
        assert_eq!(stored_hash_index(200, 0), None);
        assert_eq!(stored_hash_index(0, u64::MAX), None);
    }

    #[test]
    fn split_point_is_largest_power_below() {
        assert_eq!(split_point(2), 1);
        assert_eq!(split_point(3), 2);
        assert_eq!(split_point(4), 2);
        assert_eq!(split_point(5), 4);
        assert_eq!(split_point(1 << 40), 1 << 39);
    }

    #[test]
    fn subtrees_cover_a_range() {
        let mut out = Vec::new();
        push_subtrees(0, 7, &mut out);
        let expected: Vec<u64> = [(2, 0), (1, 2), (0, 6)]
            .into_iter()
            .map(|(level, n)| stored_hash_index(level, n).unwrap())
            .collect();
        assert_eq!(out, expected);
        out.clear();
        push_subtrees(5, 5, &mut out);
        assert!(out.is_empty());
    }
}
