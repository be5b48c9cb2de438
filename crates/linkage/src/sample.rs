//! Random pairs: how often two different people agree on each field by chance.

use rayon::prelude::*;

use crate::compare::compare;
use crate::em::{FIELD_COUNT, LevelTable, normalise};
use crate::field::{FIELDS, LEVELS_MAX};
use crate::record::{Store, mix};

/// Random pairs compared. Half a million pairs put the error of a one-in-ten-thousand
/// agreement rate near 15%, and take about half a second on two cores.
pub const RANDOM_PAIRS_MAX: u64 = 500_000;

/// Agreement shares among random pairs; nearly all random pairs are different people.
/// The same seed gives the same pairs.
pub fn random_u(store: &Store, seed: u64) -> LevelTable {
    let n = store.len() as u64;
    let mut counts = [[0f64; LEVELS_MAX]; FIELD_COUNT];
    if n >= 2 {
        let samples = RANDOM_PAIRS_MAX.min(n * (n - 1) / 2);
        let tallies = (0..samples)
            .into_par_iter()
            .fold(
                || [[0u64; LEVELS_MAX]; FIELD_COUNT],
                |mut tally, i| {
                    let draw = mix(seed ^ mix(i));
                    let a = draw % n;
                    let b = (a + 1 + (draw >> 32) % (n - 1)) % n;
                    let pattern = compare(store, a as usize, b as usize);
                    for field in FIELDS {
                        tally[field.index()][pattern.level(field)] += 1;
                    }
                    tally
                },
            )
            .collect::<Vec<_>>();
        for tally in tallies {
            for (row, counted) in counts.iter_mut().zip(tally) {
                for (cell, value) in row.iter_mut().zip(counted) {
                    *cell += value as f64;
                }
            }
        }
    }
    normalise(&counts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Field;
    use crate::record::{PersonFields, parse_person};

    #[test]
    fn strangers_rarely_agree() {
        let mut store = Store::default();
        for (index, name) in ["Budi", "Sri", "Agus", "Dewi", "Joko", "Ani"]
            .iter()
            .enumerate()
        {
            let birth_date = format!("19{}0-01-0{}", 5 + index % 4, 1 + index);
            let row = PersonFields {
                id: "x",
                name,
                birth_date: &birth_date,
                sex: "L",
                ..Default::default()
            };
            store.push(&parse_person(&row));
        }
        let u = random_u(&store, 7);
        let name = u[Field::Name.index()];
        assert!(name[4] > name[1], "{name:?}");
        assert!((u[Field::Sex.index()][1] - 1.0).abs() < 0.2);
    }

    #[test]
    fn tiny_stores_fall_back_to_smoothing() {
        let u = random_u(&Store::default(), 1);
        let levels = Field::Name.levels().len() - 1;
        assert!((u[Field::Name.index()][1] - 1.0 / levels as f64).abs() < 1e-12);
    }
}
