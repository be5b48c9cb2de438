//! Small counts hidden so that no family can be picked out: a count of households or
//! persons from 1 to 4 is never published (primary suppression), nor the rupiah paid to
//! fewer than 5 households. Totals are published, so a hidden cell could be worked out as
//! the total minus the rest of its row or column; wherever a row or column (with its
//! total) would hold exactly one hidden cell, a second one is hidden too — the smallest
//! other, preferring cells to totals (secondary suppression) — until none does.

/// Counts from 1 to this are hidden; 0 is shown (nobody is picked out by nobody).
pub const SMALL_MAX: i64 = 4;

/// What a column holds, which decides whether and why it is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// A count of households, persons or objections: hidden from 1 to `SMALL_MAX`.
    Count,
    /// Rupiah, hidden when the count in column `.0` of the same row is hidden as small.
    MoneyOf(usize),
    /// A count that concerns no family (deliberations held): never hidden.
    Open,
}

/// A table's numbers as published: `None` where hidden. When asked for, the last column is
/// the row totals and the last row the column totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protected {
    pub cells: Vec<Vec<Option<i64>>>,
}

fn small(n: i64) -> bool {
    (1..=SMALL_MAX).contains(&n)
}

/// `values` (rows × columns) with the totals asked for, then hidden as the module says.
/// `row_total` adds a column of row sums (for tables whose columns count one thing);
/// `column_total` adds a row of column sums.
pub fn protect(
    values: &[Vec<i64>],
    columns: &[Column],
    row_total: bool,
    column_total: bool,
) -> Protected {
    let mut kinds = columns.to_vec();
    let mut grid: Vec<Vec<i64>> = values.to_vec();
    if row_total {
        for row in &mut grid {
            row.push(row.iter().sum());
        }
        kinds.push(Column::Count);
    }
    if column_total {
        let sums = (0..kinds.len())
            .map(|c| grid.iter().map(|row| row[c]).sum())
            .collect();
        grid.push(sums);
    }
    let mut hidden: Vec<Vec<bool>> = grid
        .iter()
        .map(|row| {
            kinds
                .iter()
                .enumerate()
                .map(|(c, kind)| match kind {
                    Column::Count => small(row[c]),
                    Column::MoneyOf(of) => row.get(*of).is_some_and(|n| small(*n)),
                    Column::Open => false,
                })
                .collect()
        })
        .collect();
    let lines = lines(grid.len(), &kinds, row_total, column_total);
    let totals = (row_total, column_total);
    while let Some(line) = lines.iter().find(|l| lone(l, &hidden)) {
        // A line always has a second cell (it holds its total), so this never stops early.
        let Some((r, c)) = second(line, &grid, &hidden, totals) else {
            break;
        };
        hidden[r][c] = true;
    }
    let cells = grid
        .iter()
        .zip(&hidden)
        .map(|(row, h)| row.iter().zip(h).map(|(v, h)| (!h).then_some(*v)).collect())
        .collect();
    Protected { cells }
}

/// Every set of cells a published total sums: each row with its total, each column with
/// its total (columns never hidden are left out).
fn lines(
    rows: usize,
    kinds: &[Column],
    row_total: bool,
    column_total: bool,
) -> Vec<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    if row_total {
        out.extend((0..rows).map(|r| (0..kinds.len()).map(|c| (r, c)).collect()));
    }
    if column_total {
        for (c, kind) in kinds.iter().enumerate() {
            if *kind != Column::Open {
                out.push((0..rows).map(|r| (r, c)).collect());
            }
        }
    }
    out
}

/// Whether exactly one cell of `line` is hidden.
fn lone(line: &[(usize, usize)], hidden: &[Vec<bool>]) -> bool {
    line.iter().filter(|(r, c)| hidden[*r][*c]).count() == 1
}

/// The cell of `line` to hide next: the smallest shown cell that is not a total, else the
/// smallest shown total.
fn second(
    line: &[(usize, usize)],
    grid: &[Vec<i64>],
    hidden: &[Vec<bool>],
    (row_total, column_total): (bool, bool),
) -> Option<(usize, usize)> {
    let rows = grid.len();
    let is_total = |r: usize, c: usize| {
        (column_total && r + 1 == rows) || (row_total && c + 1 == grid[r].len())
    };
    line.iter()
        .copied()
        .filter(|(r, c)| !hidden[*r][*c])
        .min_by_key(|(r, c)| (is_total(*r, *c), grid[*r][*c]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_lone_small_cell_takes_a_second_cell_of_its_row_and_column_with_it() {
        let values = vec![vec![3, 10, 20], vec![7, 8, 30]];
        let p = protect(&values, &[Column::Count; 3], true, true);
        // 3 is small; in its row the next smallest (10) is hidden too, and in its column 7.
        assert_eq!(p.cells[0][0], None);
        assert_eq!(p.cells[0][1], None);
        assert_eq!(p.cells[1][0], None);
        // The row total and column totals stay.
        assert_eq!(p.cells[0][3], Some(33));
        assert_eq!(p.cells[2][3], Some(78));
        check_no_lone(&p, true, true);
    }

    #[test]
    fn zero_is_shown_and_five_is_not_small() {
        let p = protect(&[vec![0, 5]], &[Column::Count; 2], false, false);
        assert_eq!(p.cells, vec![vec![Some(0), Some(5)]]);
    }

    #[test]
    fn money_paid_to_a_few_households_is_hidden_with_their_count() {
        let values = vec![vec![2, 600_000], vec![40, 12_000_000], vec![9, 2_700_000]];
        let columns = [Column::Count, Column::MoneyOf(0)];
        let p = protect(&values, &columns, false, true);
        assert_eq!(p.cells[0], vec![None, None]);
        // The column totals are published, so a second row is hidden in each column.
        assert_eq!(p.cells[2], vec![None, None]);
        assert_eq!(p.cells[1], vec![Some(40), Some(12_000_000)]);
        assert_eq!(p.cells[3], vec![Some(51), Some(15_300_000)]);
    }

    #[test]
    fn a_small_total_is_hidden_with_its_only_cell() {
        let p = protect(&[vec![3], vec![0]], &[Column::Count], false, true);
        assert_eq!(p.cells, vec![vec![None], vec![Some(0)], vec![None]]);
    }

    #[test]
    fn open_columns_are_never_hidden() {
        let p = protect(&[vec![1, 2]], &[Column::Open, Column::Count], false, true);
        assert_eq!(p.cells[0][0], Some(1));
        assert_eq!(p.cells[1][0], Some(1));
        assert_eq!(p.cells[0][1], None);
        assert_eq!(p.cells[1][1], None);
    }

    fn check_no_lone(p: &Protected, row_total: bool, column_total: bool) {
        let rows = p.cells.len();
        let width = p.cells.first().map_or(0, Vec::len);
        if row_total {
            for row in &p.cells {
                assert_ne!(row.iter().filter(|c| c.is_none()).count(), 1, "{p:?}");
            }
        }
        if column_total {
            for c in 0..width {
                let hidden = (0..rows).filter(|r| p.cells[*r][c].is_none()).count();
                assert_ne!(hidden, 1, "{p:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn no_row_or_column_ever_holds_exactly_one_hidden_cell(
            values in prop::collection::vec(prop::collection::vec(0i64..12, 4), 1..6),
            row_total: bool,
            column_total: bool,
        ) {
            let p = protect(&values, &[Column::Count; 4], row_total, column_total);
            check_no_lone(&p, row_total, column_total);
            for (r, row) in values.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    if (1..=SMALL_MAX).contains(v) {
                        prop_assert_eq!(p.cells[r][c], None);
                    } else if let Some(shown) = p.cells[r][c] {
                        prop_assert_eq!(shown, *v);
                    }
                }
            }
        }
    }
}
