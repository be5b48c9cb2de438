//! String distances on normalised ASCII text: Jaro–Winkler and bounded edit distance.
//!
//! Written over bytes rather than `char`s because every normalised field is lower-case
//! ASCII; that avoids decoding and allocation in the innermost loop of the comparison.

/// Longest input the distances look at. Normalised names and addresses are far shorter;
/// the bound keeps the scratch arrays on the stack.
pub const TEXT_BYTES_MAX: usize = 64;

/// Jaro–Winkler similarity in `0.0..=1.0` with the usual prefix scale 0.1 over at most four
/// characters.
pub fn jaro_winkler(a: &[u8], b: &[u8]) -> f64 {
    let jaro = jaro(a, b);
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    jaro + prefix as f64 * 0.1 * (1.0 - jaro)
}

/// Jaro–Winkler similarity when it is at least `floor`; otherwise some value below
/// `floor`, found without aligning the strings. Most pairs compared are strangers whose
/// texts share too few letters to reach the floor, and counting letters is far cheaper
/// than the alignment.
pub fn jaro_winkler_from(a: &[u8], b: &[u8], floor: f64) -> f64 {
    let bound = jaro_winkler_bound(a, b);
    if bound < floor {
        bound
    } else {
        jaro_winkler(a, b)
    }
}

/// An upper bound of the Jaro–Winkler similarity: the characters two strings can match
/// are at most the letters they have in common, counted with repeats, and the prefix
/// bonus grows with the Jaro similarity.
fn jaro_winkler_bound(a: &[u8], b: &[u8]) -> f64 {
    let a = &a[..a.len().min(TEXT_BYTES_MAX)];
    let b = &b[..b.len().min(TEXT_BYTES_MAX)];
    if a.is_empty() || b.is_empty() {
        return jaro_winkler(a, b);
    }
    let mut counts = [0u8; 128];
    for &c in a {
        counts[usize::from(c & 127)] += 1;
    }
    let mut common = 0usize;
    for &c in b {
        let slot = &mut counts[usize::from(c & 127)];
        if *slot > 0 {
            *slot -= 1;
            common += 1;
        }
    }
    if common == 0 {
        return 0.0;
    }
    let m = common as f64;
    let jaro = ((m / a.len() as f64 + m / b.len() as f64 + 1.0) / 3.0).min(1.0);
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    jaro + prefix as f64 * 0.1 * (1.0 - jaro)
}

/// Jaro similarity in `0.0..=1.0`; two empty strings are equal (1.0).
pub fn jaro(a: &[u8], b: &[u8]) -> f64 {
    let a = &a[..a.len().min(TEXT_BYTES_MAX)];
    let b = &b[..b.len().min(TEXT_BYTES_MAX)];
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut a_used = [false; TEXT_BYTES_MAX];
    let mut b_used = [false; TEXT_BYTES_MAX];
    let mut matches = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        let start = i.saturating_sub(window);
        let end = (i + window + 1).min(b.len());
        for j in start..end {
            if !b_used[j] && b[j] == ca {
                a_used[i] = true;
                b_used[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut j = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        if !a_used[i] {
            continue;
        }
        while !b_used[j] {
            j += 1;
        }
        if ca != b[j] {
            transpositions += 1;
        }
        j += 1;
    }
    let m = matches as f64;
    let t = (transpositions / 2) as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - t) / m) / 3.0
}

/// Optimal-string-alignment distance (insertions, deletions, substitutions and swaps of
/// adjacent characters), or `None` when it exceeds `max`. A mistyped NIK digit and two
/// swapped digits are both one edit.
pub fn edit_distance_within(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    let a = &a[..a.len().min(TEXT_BYTES_MAX)];
    let b = &b[..b.len().min(TEXT_BYTES_MAX)];
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    if a.len() == b.len()
        && let Some(distance) = same_length_distance(a, b, max)
    {
        return (distance <= max).then_some(distance);
    }
    full_distance(a, b, max)
}

/// Fast path for strings of one length (NIKs, dates): mismatching positions decide the
/// answer unless more than `max` differ, when a shift might still be cheaper.
fn same_length_distance(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    let mut mismatches = [0usize; 3];
    let mut count = 0;
    for (index, (x, y)) in a.iter().zip(b).enumerate() {
        if x != y {
            if count == mismatches.len() {
                return if max <= 1 { Some(count) } else { None };
            }
            mismatches[count] = index;
            count += 1;
        }
    }
    let swapped = count == 2
        && mismatches[1] == mismatches[0] + 1
        && a[mismatches[0]] == b[mismatches[1]]
        && a[mismatches[1]] == b[mismatches[0]];
    match count {
        0 => Some(0),
        2 if swapped => Some(1),
        // With one length, one edit is one substitution or one swap; anything else
        // costs at least as many edits as there are mismatches, up to two.
        _ if count <= 2 || max <= 1 => Some(count),
        _ => None,
    }
}

/// The dynamic-programming distance, computed only in the band |i - j| <= max: cells
/// outside it cannot lead to a distance within `max`.
fn full_distance(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    // Stands for "more than max"; small enough that adding one cannot overflow a byte.
    const FAR: u8 = 127;
    let max = max.min(usize::from(FAR) - 1);
    let width = b.len() + 1;
    // Three rolling rows suffice for the adjacent-swap rule; distances fit in a byte
    // because inputs are at most 64 bytes.
    let mut rows = [[FAR; TEXT_BYTES_MAX + 2]; 3];
    for (j, cell) in rows[1].iter_mut().enumerate().take(width.min(max + 1)) {
        *cell = j as u8;
    }
    let (mut before, mut previous, mut current) = (0, 1, 2);
    for i in 1..=a.len() {
        let low = i.saturating_sub(max).max(1);
        let high = (i + max).min(width - 1);
        let mut row_min = FAR;
        if low == 1 {
            rows[current][0] = i.min(usize::from(FAR)) as u8;
            row_min = rows[current][0];
        } else {
            rows[current][low - 1] = FAR;
        }
        rows[current][high + 1] = FAR;
        for j in low..=high {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[previous][j] + 1)
                .min(rows[current][j - 1] + 1)
                .min(rows[previous][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[before][j - 2] + 1);
            }
            rows[current][j] = best.min(FAR);
            row_min = row_min.min(best);
        }
        if usize::from(row_min) > max {
            return None;
        }
        (before, previous, current) = (previous, current, before);
    }
    let distance = usize::from(rows[previous][b.len()]);
    (distance <= max).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn jaro_winkler_known_values() {
        let close = |x: f64, y: f64| (x - y).abs() < 1e-3;
        assert!(close(jaro_winkler(b"martha", b"marhta"), 0.961));
        assert!(close(jaro_winkler(b"dwayne", b"duane"), 0.84));
        assert!(close(jaro_winkler(b"dixon", b"dicksonx"), 0.813));
        assert_eq!(jaro_winkler(b"", b""), 1.0);
        assert_eq!(jaro_winkler(b"abc", b""), 0.0);
        assert_eq!(jaro_winkler(b"abc", b"xyz"), 0.0);
    }

    #[test]
    fn edit_distance_counts_swaps_once() {
        assert_eq!(
            edit_distance_within(b"3201014501900001", b"3201014501900001", 2),
            Some(0)
        );
        assert_eq!(
            edit_distance_within(b"3201014501900001", b"3201014501900007", 2),
            Some(1)
        );
        assert_eq!(
            edit_distance_within(b"3201014501900001", b"3201041501900001", 2),
            Some(1)
        );
        assert_eq!(
            edit_distance_within(b"3201014501900001", b"9901014501900009", 2),
            None
        );
        assert_eq!(edit_distance_within(b"abc", b"abcdef", 2), None);
        assert_eq!(edit_distance_within(b"", b"ab", 2), Some(2));
    }

    /// The textbook table, unbanded, to check the fast paths against.
    fn reference(a: &[u8], b: &[u8]) -> usize {
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    proptest! {
        #[test]
        fn matches_the_reference_table(
            a in "[0-3]{0,12}",
            b in "[0-3]{0,12}",
            max in 0usize..5,
        ) {
            let expected = Some(reference(a.as_bytes(), b.as_bytes())).filter(|&d| d <= max);
            prop_assert_eq!(edit_distance_within(a.as_bytes(), b.as_bytes(), max), expected);
        }

        #[test]
        fn jaro_winkler_is_bounded_and_symmetric(a in "[a-z ]{0,20}", b in "[a-z ]{0,20}") {
            let (x, y) = (a.as_bytes(), b.as_bytes());
            let ab = jaro_winkler(x, y);
            prop_assert!((0.0..=1.0).contains(&ab));
            prop_assert!((ab - jaro_winkler(y, x)).abs() < 1e-9);
            prop_assert!(a != b || ab == 1.0);
        }

        #[test]
        fn the_letter_count_bound_never_cuts_a_similarity_above_the_floor(
            a in "[a-e0-9 ]{0,24}",
            b in "[a-e0-9 ]{0,24}",
            floor in 0.5f64..1.0,
        ) {
            let (x, y) = (a.as_bytes(), b.as_bytes());
            let exact = jaro_winkler(x, y);
            prop_assert!(jaro_winkler_bound(x, y) >= exact);
            let fast = jaro_winkler_from(x, y, floor);
            if exact >= floor {
                prop_assert_eq!(fast, exact);
            } else {
                prop_assert!(fast < floor);
            }
        }

        #[test]
        fn edit_distance_is_symmetric_and_zero_only_on_equal(
            a in "[0-9]{0,16}",
            b in "[0-9]{0,16}",
        ) {
            let ab = edit_distance_within(a.as_bytes(), b.as_bytes(), 3);
            prop_assert_eq!(ab, edit_distance_within(b.as_bytes(), a.as_bytes(), 3));
            prop_assert_eq!(ab == Some(0), a == b);
        }

        #[test]
        fn fast_path_agrees_with_the_full_table(
            a in "[0-9]{8}",
            b in "[0-9]{8}",
            max in 0usize..4,
        ) {
            let full = full_distance(a.as_bytes(), b.as_bytes(), max);
            prop_assert_eq!(edit_distance_within(a.as_bytes(), b.as_bytes(), max), full);
        }

        #[test]
        fn one_substitution_is_one_edit(a in "[0-9]{16}", at in 0usize..16, digit in 0u8..10) {
            let mut b = a.clone().into_bytes();
            b[at] = b'0' + digit;
            let expected = usize::from(b != a.as_bytes());
            prop_assert_eq!(edit_distance_within(a.as_bytes(), &b, 2), Some(expected));
        }
    }
}
