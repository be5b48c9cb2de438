//! The arithmetic of a fit: least squares by the normal equations, the share of variance
//! explained and the targeting errors at a cut-off.

/// A small ridge keeps the normal equations solvable when an answer never occurs in the
/// sample (its weight then stays near 0 instead of the fit failing).
const RIDGE: f64 = 1e-6;

/// Solves the least-squares problem by the normal equations (XᵀX + ridge) β = Xᵀy with a
/// Cholesky factorisation; `None` when the matrix is not positive definite.
pub fn least_squares(rows: &[Vec<f64>], y: &[f64]) -> Option<Vec<f64>> {
    let p = rows.first()?.len();
    let mut a = vec![vec![0.0; p]; p];
    let mut b = vec![0.0; p];
    for (x, yi) in rows.iter().zip(y) {
        for i in 0..p {
            if x[i] == 0.0 {
                continue;
            }
            b[i] += x[i] * yi;
            for j in 0..=i {
                a[i][j] += x[i] * x[j];
            }
        }
    }
    for (i, row) in a.iter_mut().enumerate() {
        row[i] += RIDGE * rows.len() as f64;
    }
    // Cholesky: a = L Lᵀ, L stored in the lower triangle of `a`.
    for j in 0..p {
        let d = a[j][j] - a[j][..j].iter().map(|v| v * v).sum::<f64>();
        if d <= 0.0 || !d.is_finite() {
            return None;
        }
        let d = d.sqrt();
        a[j][j] = d;
        for i in j + 1..p {
            let dot: f64 = a[i][..j].iter().zip(&a[j][..j]).map(|(x, y)| x * y).sum();
            a[i][j] = (a[i][j] - dot) / d;
        }
    }
    let mut z = vec![0.0; p];
    for i in 0..p {
        let s: f64 = (0..i).map(|k| a[i][k] * z[k]).sum();
        z[i] = (b[i] - s) / a[i][i];
    }
    let mut beta = vec![0.0; p];
    for i in (0..p).rev() {
        let s: f64 = (i + 1..p).map(|k| a[k][i] * beta[k]).sum();
        beta[i] = (z[i] - s) / a[i][i];
    }
    Some(beta)
}

/// Shares of targeting errors when the poorest `cutoff` desil are targeted.
pub(super) fn errors(predicted: &[f64], actual: &[f64], cutoff: u8) -> (f64, f64) {
    let n = predicted.len();
    let take = n * usize::from(cutoff) / 10;
    let lowest = |values: &[f64]| {
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|a, b| values[*a].total_cmp(&values[*b]));
        let mut chosen = vec![false; n];
        order.iter().take(take).for_each(|i| chosen[*i] = true);
        chosen
    };
    let (targeted, poor) = (lowest(predicted), lowest(actual));
    let both = (0..n).filter(|i| targeted[*i] && poor[*i]).count();
    if take == 0 {
        return (0.0, 0.0);
    }
    let share = |k: usize| 1.0 - both as f64 / k as f64;
    (share(take), share(take))
}

/// The share of the variance of `actual` that `predicted` explains (0 when it has none).
pub(super) fn r_squared(actual: &[f64], predicted: &[f64]) -> f64 {
    let mean = actual.iter().sum::<f64>() / actual.len().max(1) as f64;
    let total: f64 = actual.iter().map(|y| (y - mean).powi(2)).sum();
    let residual: f64 = actual
        .iter()
        .zip(predicted)
        .map(|(y, p)| (y - p).powi(2))
        .sum();
    if total > 0.0 {
        1.0 - residual / total
    } else {
        0.0
    }
}
