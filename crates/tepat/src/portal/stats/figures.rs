//! The figures of one region, raw (before any suppression), and their roll-up: the store
//! reads each figure once per village, `roll_up` adds every village into its district,
//! regency, province and the whole country, so a request for any region reads one entry.

use std::collections::{BTreeMap, HashMap};

/// Desil slots of the recipients' table: 0 for a household not yet scored, then 1 … 10.
pub const DESIL_SLOTS: usize = 11;

/// Which way a household moved in a programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    /// Enrolled (by a batch, an official's override or a proposal).
    In,
    /// Enrolment ended (with the removal proposal's reason, when there was one).
    Out,
}

impl Direction {
    pub fn code(self) -> &'static str {
        match self {
            Self::In => "masuk",
            Self::Out => "keluar",
        }
    }
}

/// Everything the statistics show for one region.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// Active households.
    pub households: i64,
    /// Living persons of active households.
    pub persons: i64,
    /// Active enrolments per programme and desil slot.
    pub recipients: BTreeMap<String, [i64; DESIL_SLOTS]>,
    /// Households per (WIB month `YYYY-MM`, direction, reason code).
    pub changes: BTreeMap<(String, Direction, String), i64>,
    /// Per cycle id: (households paid, rupiah paid).
    pub paid: BTreeMap<i64, (i64, i64)>,
    /// Per month of the meeting (`YYYY-MM`): (deliberations held, items decided).
    pub deliberations: BTreeMap<String, (i64, i64)>,
    /// Objections per (reason, status).
    pub objections: BTreeMap<(String, String), i64>,
}

impl Figures {
    /// Adds `other` into `self`.
    pub fn add(&mut self, other: &Figures) {
        self.households += other.households;
        self.persons += other.persons;
        for (programme, counts) in &other.recipients {
            let mine = self.recipients.entry(programme.clone()).or_default();
            for (m, o) in mine.iter_mut().zip(counts) {
                *m += o;
            }
        }
        for (key, n) in &other.changes {
            *self.changes.entry(key.clone()).or_default() += n;
        }
        for (cycle, (households, rupiah)) in &other.paid {
            let mine = self.paid.entry(*cycle).or_default();
            mine.0 += households;
            mine.1 += rupiah;
        }
        for (month, (held, items)) in &other.deliberations {
            let mine = self.deliberations.entry(month.clone()).or_default();
            mine.0 += held;
            mine.1 += items;
        }
        for (key, n) in &other.objections {
            *self.objections.entry(key.clone()).or_default() += n;
        }
    }
}

/// The region directly above `code` (`31.75.07.1003` → `31.75.07`), the whole country
/// (`""`) above a province, `None` above the whole country.
pub fn above(code: &str) -> Option<&str> {
    if code.is_empty() {
        return None;
    }
    Some(code.rfind('.').map_or("", |at| &code[..at]))
}

/// Every region's figures from its villages': each village's own, plus one entry for every
/// region above a village with figures (the whole country as `""`).
pub fn roll_up(villages: HashMap<String, Figures>) -> HashMap<String, Figures> {
    let mut all: HashMap<String, Figures> = HashMap::with_capacity(villages.len() * 2);
    for (code, figures) in &villages {
        let mut at = above(code);
        while let Some(region) = at {
            all.entry(region.to_owned()).or_default().add(figures);
            at = above(region);
        }
    }
    for (code, figures) in villages {
        all.entry(code).or_default().add(&figures);
    }
    all.entry(String::new()).or_default();
    all
}

/// Per region, its regions one level down that have figures, in code order.
pub fn children(all: &HashMap<String, Figures>) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for code in all.keys() {
        if let Some(parent) = above(code) {
            out.entry(parent.to_owned()).or_default().push(code.clone());
        }
    }
    for list in out.values_mut() {
        list.sort();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn village(households: i64, paid: i64) -> Figures {
        let mut f = Figures {
            households,
            persons: households * 3,
            ..Figures::default()
        };
        let mut desil = [0; DESIL_SLOTS];
        desil[1] = households;
        f.recipients.insert("PKH".into(), desil);
        f.paid.insert(7, (households, paid));
        f.changes.insert(
            ("2026-11".into(), Direction::In, "batch".into()),
            households,
        );
        f
    }

    #[test]
    fn the_region_above_a_code_climbs_to_the_whole_country() {
        assert_eq!(above("31.75.07.1003"), Some("31.75.07"));
        assert_eq!(above("31.75"), Some("31"));
        assert_eq!(above("31"), Some(""));
        assert_eq!(above(""), None);
    }

    #[test]
    fn villages_add_up_into_every_region_above_them_and_no_other() {
        let villages = HashMap::from([
            ("31.75.07.1003".to_owned(), village(6, 600)),
            ("31.75.07.1001".to_owned(), village(2, 200)),
            ("32.73.01.1001".to_owned(), village(10, 1_000)),
        ]);
        let all = roll_up(villages);
        assert_eq!(all["31.75.07"].households, 8);
        assert_eq!(all["31.75"].persons, 24);
        assert_eq!(all["31"].paid[&7], (8, 800));
        assert_eq!(all["32.73.01"].households, 10);
        assert_eq!(all[""].households, 18);
        assert_eq!(all[""].recipients["PKH"][1], 18);
        assert_eq!(
            all[""].changes[&("2026-11".into(), Direction::In, "batch".into())],
            18
        );
        assert_eq!(all["31.75.07.1001"].households, 2);
        assert!(!all.contains_key("33"));
        let below = children(&all);
        assert_eq!(below[""], ["31", "32"]);
        assert_eq!(below["31.75.07"], ["31.75.07.1001", "31.75.07.1003"]);
        assert!(!below.contains_key("31.75.07.1003"));
    }

    #[test]
    fn an_empty_registry_still_has_the_whole_country() {
        let all = roll_up(HashMap::new());
        assert_eq!(all[""], Figures::default());
    }
}
