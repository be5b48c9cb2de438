//! Turning links into clusters: connected components, strongest links first, with a
//! guard that never lets one cluster hold two different verified NIKs.
//!
//! Single linkage alone chains people together: A links to B, B to C, and two brothers
//! end up as one person. A verified NIK (its birth date and sex agree with the record)
//! is the strongest identity we have, so a link that would join two clusters carrying
//! different verified NIKs is refused.
//!
//! A birth date is weaker (a clerk may mistype it beyond a typo), but a link that says
//! nothing about it — one of its two records has no full date — cannot be what joins
//! two clusters whose recorded dates all disagree: "Isabella Hendricks", no date, and
//! "Isabella Trenerry", born 1905-01-03, share a given name and a postcode, while every
//! other record of the first was born in another year. A link whose two records both
//! carry a date has already been weighed on it, and may join.

use crate::date::{BirthDate, DateAgreement, compare_dates};
use crate::distance::edit_distance_within;
use crate::nik::IdDigits;
use crate::record::Store;

/// Verified NIKs remembered per cluster. A real cluster has one; a few more are typos.
const CLUSTER_NIKS_MAX: usize = 8;
/// Full birth dates remembered per cluster.
const CLUSTER_DATES_MAX: usize = 8;

/// A link between two records with its probability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    pub a: u32,
    pub b: u32,
    pub probability: f32,
}

/// The clusters: a representative record index for every record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clusters {
    /// For each record, the smallest record index in its cluster.
    pub representative: Vec<u32>,
    pub count: usize,
    /// Links refused because they would join two different verified NIKs.
    pub refused_links: u64,
    /// Links without birth-date evidence refused because they would join two clusters
    /// whose birth dates all disagree.
    pub refused_by_dates: u64,
}

struct Forest<'a> {
    store: &'a Store,
    parent: Vec<u32>,
    /// Verified NIKs of clusters made by a join, by root. A cluster of one record is
    /// not stored here: its record's own NIK is read instead, to spare an allocation per
    /// record.
    joined_niks: std::collections::HashMap<u32, Vec<IdDigits>>,
    /// Full birth dates of clusters made by a join, by root; as for NIKs, a cluster of
    /// one record reads its record's date.
    joined_dates: std::collections::HashMap<u32, Vec<BirthDate>>,
}

impl Forest<'_> {
    fn niks(&self, root: u32) -> Vec<IdDigits> {
        if let Some(niks) = self.joined_niks.get(&root) {
            return niks.clone();
        }
        let record = &self.store.records[root as usize];
        if record.nik_verified {
            vec![record.nik]
        } else {
            Vec::new()
        }
    }

    fn dates(&self, root: u32) -> Vec<BirthDate> {
        if let Some(dates) = self.joined_dates.get(&root) {
            return dates.clone();
        }
        self.store.records[root as usize]
            .birth_date()
            .into_iter()
            .collect()
    }

    fn join(&mut self, ra: u32, rb: u32) {
        let (root, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
        let kept = merged(self.niks(root), self.niks(child), CLUSTER_NIKS_MAX);
        let dates = merged(self.dates(root), self.dates(child), CLUSTER_DATES_MAX);
        self.parent[child as usize] = root;
        self.joined_niks.remove(&child);
        self.joined_niks.insert(root, kept);
        self.joined_dates.remove(&child);
        self.joined_dates.insert(root, dates);
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }
}

/// The values of two clusters together, each once, at most `max`.
fn merged<T: PartialEq>(mut kept: Vec<T>, other: Vec<T>, max: usize) -> Vec<T> {
    for value in other {
        if kept.len() < max && !kept.contains(&value) {
            kept.push(value);
        }
    }
    kept
}

/// Two clusters were born on different days when each holds a date and no date of one
/// agrees with a date of the other, up to a typo or a day–month swap.
fn dates_disagree(a: &[BirthDate], b: &[BirthDate]) -> bool {
    !a.is_empty()
        && !b.is_empty()
        && a.iter().all(|x| {
            b.iter()
                .all(|y| compare_dates(*x, *y) == DateAgreement::Different)
        })
}

/// Two NIKs name different people when they differ by more than one typo.
fn distinct(a: &IdDigits, b: &IdDigits) -> bool {
    edit_distance_within(a.digits(), b.digits(), 1).is_none()
}

/// Builds clusters from links at or above `threshold`, strongest first.
pub fn cluster(store: &Store, links: &mut [Link], threshold: f64) -> Clusters {
    let n = store.len();
    let mut forest = Forest {
        store,
        parent: (0..n as u32).collect(),
        joined_niks: std::collections::HashMap::new(),
        joined_dates: std::collections::HashMap::new(),
    };
    links.sort_unstable_by(|x, y| y.probability.total_cmp(&x.probability));
    let mut refused_links = 0;
    let mut refused_by_dates = 0;
    for link in links
        .iter()
        .filter(|l| f64::from(l.probability) >= threshold)
    {
        let (ra, rb) = (forest.find(link.a), forest.find(link.b));
        if ra == rb {
            continue;
        }
        let (niks_a, niks_b) = (forest.niks(ra), forest.niks(rb));
        if niks_a.iter().any(|x| niks_b.iter().any(|y| distinct(x, y))) {
            refused_links += 1;
            continue;
        }
        let weighed_on_dates =
            store.records[link.a as usize].birth != 0 && store.records[link.b as usize].birth != 0;
        if !weighed_on_dates && dates_disagree(&forest.dates(ra), &forest.dates(rb)) {
            refused_by_dates += 1;
            continue;
        }
        forest.join(ra, rb);
    }
    // Roots are always the smallest index of their tree, because the smaller root wins.
    let representative: Vec<u32> = (0..n as u32).map(|x| forest.find(x)).collect();
    let count = representative
        .iter()
        .enumerate()
        .filter(|&(i, &r)| i as u32 == r)
        .count();
    Clusters {
        representative,
        count,
        refused_links,
        refused_by_dates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{PersonFields, parse_person};

    fn store(niks: &[&str]) -> Store {
        let mut store = Store::default();
        for nik in niks {
            let row = PersonFields {
                id: "x",
                nik,
                sex: "L",
                birth_date: "1985-03-12",
                ..Default::default()
            };
            store.push(&parse_person(&row));
        }
        store
    }

    fn link(a: u32, b: u32, probability: f32) -> Link {
        Link { a, b, probability }
    }

    #[test]
    fn links_above_threshold_join() {
        let store = store(&["", "", "", ""]);
        let mut links = vec![link(0, 1, 0.9), link(2, 3, 0.2), link(1, 2, 0.95)];
        let clusters = cluster(&store, &mut links, 0.5);
        assert_eq!(clusters.representative, vec![0, 0, 0, 3]);
        assert_eq!(clusters.count, 2);
    }

    #[test]
    fn two_verified_niks_are_never_joined() {
        // Records 0 and 2 carry different verified NIKs; 1 has none and links to both.
        let store = store(&["3201011203850002", "", "3201011203857779"]);
        let mut links = vec![link(0, 1, 0.99), link(1, 2, 0.98)];
        let clusters = cluster(&store, &mut links, 0.5);
        assert_eq!(clusters.representative, vec![0, 0, 2]);
        assert_eq!(clusters.refused_links, 1);
    }

    fn dated(dates: &[&str]) -> Store {
        let mut store = Store::default();
        for birth_date in dates {
            let row = PersonFields {
                id: "x",
                name: "Isabella Hendricks",
                birth_date,
                ..Default::default()
            };
            store.push(&parse_person(&row));
        }
        store
    }

    #[test]
    fn a_link_without_a_date_does_not_join_two_clusters_born_apart() {
        // 0–1 and 2–3 are two people born years apart; 1 has no date and links to 2.
        let store = dated(&["1957-05-29", "", "1905-01-03", "1905-01-03"]);
        let mut links = vec![link(0, 1, 0.99), link(2, 3, 0.99), link(1, 2, 0.8)];
        let clusters = cluster(&store, &mut links, 0.5);
        assert_eq!(clusters.representative, vec![0, 0, 2, 2]);
        assert_eq!(clusters.refused_by_dates, 1);
        assert_eq!(clusters.refused_links, 0);
    }

    #[test]
    fn dates_that_agree_up_to_a_typo_or_a_swap_still_join() {
        for other in ["1957-05-08", "1957-09-05", "", "1957"] {
            let store = dated(&["1957-05-09", "", other]);
            let mut links = vec![link(0, 1, 0.99), link(1, 2, 0.8)];
            let clusters = cluster(&store, &mut links, 0.5);
            assert_eq!(clusters.count, 1, "{other}");
            assert_eq!(clusters.refused_by_dates, 0);
        }
    }

    #[test]
    fn a_link_weighed_on_both_dates_may_join() {
        // Both records of the link carry a date: its score already paid for the
        // disagreement.
        let store = dated(&["1957-05-29", "1905-01-03"]);
        let mut links = vec![link(0, 1, 0.9)];
        assert_eq!(cluster(&store, &mut links, 0.5).count, 1);
    }

    #[test]
    fn a_nik_typo_is_not_a_second_person() {
        let store = store(&["3201011203850002", "3201011203850003"]);
        let mut links = vec![link(0, 1, 0.99)];
        assert_eq!(cluster(&store, &mut links, 0.5).count, 1);
    }

    #[test]
    fn no_records_no_clusters() {
        let clusters = cluster(&store(&[]), &mut [], 0.5);
        assert_eq!(clusters.count, 0);
    }
}
