//! Conflict of interest, detected rather than declared: how an official is linked to a
//! household. Pure: the store reads the two households (the official's own, through the
//! person record their account is linked to, and the proposed one) and this decides.
//!
//! - `same_household`: the official's household is the proposed one (same KK now);
//! - `household_history`: a member of one household was once in the other, or members of
//!   both once shared a household (same KK in its history: a married child, a split);
//! - `same_address`: same village, same RT and RW, and the same address once normalised
//!   (`linkage::address`: "Jl. Mawar No. 3" meets "JL MAWAR 3");
//! - `family_name`: same village and RW, and a member of each whose family name (the last
//!   word of a name of two or more words, normalised by `linkage::normalise`) has the same
//!   sound key (`linkage::phonetic`).

use std::collections::BTreeSet;

use linkage::address::{normalise_address, parse_neighbourhood};
use linkage::normalise::normalise_name;
use linkage::phonetic::phonetic_token;
use serde_json::{Value, json};

use super::model::Basis;

/// Family names shorter than this say little (initials, "Bin").
const FAMILY_NAME_CHARS_MIN: usize = 3;

/// A household as the check reads it.
#[derive(Debug, Clone, Default)]
pub struct Home {
    pub household_id: i64,
    pub village: String,
    pub address: String,
    pub rt: String,
    pub rw: String,
    /// Full names of its living members.
    pub names: Vec<String>,
    /// Households its members were in before (from their version history).
    pub history: Vec<i64>,
}

/// A link found, with what shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub basis: Basis,
    pub evidence: Value,
}

/// Every link between the official's household and the proposed one.
pub fn links(official: &Home, proposed: &Home) -> Vec<Link> {
    let mut found = Vec::new();
    if official.household_id == proposed.household_id {
        found.push(Link {
            basis: Basis::SameHousehold,
            evidence: json!({"household_id": proposed.household_id}),
        });
        return found;
    }
    let ever = |home: &Home| -> BTreeSet<i64> {
        std::iter::once(home.household_id)
            .chain(home.history.iter().copied())
            .collect()
    };
    let shared: Vec<i64> = ever(official)
        .intersection(&ever(proposed))
        .copied()
        .collect();
    if !shared.is_empty() {
        found.push(Link {
            basis: Basis::HouseholdHistory,
            evidence: json!({"shared_households": shared}),
        });
    }
    if official.village != proposed.village {
        return found;
    }
    let same_rw = neighbourhood(&official.rw).is_some()
        && neighbourhood(&official.rw) == neighbourhood(&proposed.rw);
    if same_rw && neighbourhood(&official.rt) == neighbourhood(&proposed.rt) {
        let (a, b) = (
            normalise_address(&official.address).text,
            normalise_address(&proposed.address).text,
        );
        if !a.is_empty() && a == b {
            found.push(Link {
                basis: Basis::SameAddress,
                evidence: json!({"address": proposed.address, "rt": proposed.rt,
                    "rw": proposed.rw}),
            });
        }
    }
    if same_rw && let Some((mine, theirs)) = family_match(&official.names, &proposed.names) {
        found.push(Link {
            basis: Basis::FamilyName,
            evidence: json!({"official_member": mine, "household_member": theirs,
                "rw": proposed.rw}),
        });
    }
    found
}

fn neighbourhood(raw: &str) -> Option<u16> {
    parse_neighbourhood(raw)
}

/// The sound key of a name's family name, when it has one.
fn family_key(name: &str) -> Option<String> {
    let normal = normalise_name(name);
    let words: Vec<&str> = normal.split(' ').filter(|w| !w.is_empty()).collect();
    let (first, last) = (*words.first()?, *words.last()?);
    if words.len() < 2 {
        return None;
    }
    (last != first && last.chars().count() >= FAMILY_NAME_CHARS_MIN).then(|| phonetic_token(last))
}

/// The first pair of names, one from each side, whose family names sound the same.
fn family_match(mine: &[String], theirs: &[String]) -> Option<(String, String)> {
    for a in mine {
        let Some(key) = family_key(a) else { continue };
        if let Some(b) = theirs
            .iter()
            .find(|b| family_key(b).as_deref() == Some(&key))
        {
            return Some((a.clone(), b.clone()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home(id: i64, address: &str, rt: &str, rw: &str, names: &[&str]) -> Home {
        Home {
            household_id: id,
            village: "31.75.07.1003".into(),
            address: address.into(),
            rt: rt.into(),
            rw: rw.into(),
            names: names.iter().map(|n| (*n).to_owned()).collect(),
            history: Vec::new(),
        }
    }

    fn bases(found: &[Link]) -> Vec<Basis> {
        found.iter().map(|l| l.basis).collect()
    }

    #[test]
    fn the_officials_own_household_is_linked_and_nothing_else_is_asked() {
        let mine = home(1, "Jl. Mawar 3", "1", "2", &["Slamet Riyadi"]);
        assert_eq!(bases(&links(&mine, &mine)), vec![Basis::SameHousehold]);
    }

    #[test]
    fn a_household_a_member_once_belonged_to_is_linked() {
        let mine = home(1, "Jl. Mawar 3", "1", "2", &["Slamet"]);
        let mut child = home(7, "Jl. Kenanga 9", "4", "5", &["Sri"]);
        child.history = vec![1];
        assert_eq!(bases(&links(&mine, &child)), vec![Basis::HouseholdHistory]);
        // Siblings who both left one household.
        let mut me = mine.clone();
        me.history = vec![20];
        let mut sibling = home(8, "Jl. Melati 1", "6", "7", &["Dewi"]);
        sibling.history = vec![20];
        let found = links(&me, &sibling);
        assert_eq!(bases(&found), vec![Basis::HouseholdHistory]);
        assert_eq!(found[0].evidence["shared_households"], json!([20]));
    }

    #[test]
    fn the_same_address_rt_and_rw_in_the_village_is_linked_however_it_is_written() {
        let mine = home(1, "Jl. Mawar No. 3", "001", "02", &["Slamet"]);
        let next_door = home(2, "JL MAWAR 3", "1", "2", &["Budi"]);
        assert_eq!(bases(&links(&mine, &next_door)), vec![Basis::SameAddress]);
        let other_rt = home(3, "Jl. Mawar 3", "3", "2", &["Budi"]);
        assert!(links(&mine, &other_rt).is_empty());
        let mut other_village = next_door.clone();
        other_village.village = "31.75.07.1004".into();
        assert!(links(&mine, &other_village).is_empty());
    }

    #[test]
    fn a_family_name_that_sounds_the_same_in_the_rw_is_linked() {
        let mine = home(1, "Jl. Mawar 3", "1", "2", &["Slamet Riyadi", "Tuti"]);
        let relative = home(2, "Jl. Kenanga 9", "5", "2", &["Siti Rijadi"]);
        let found = links(&mine, &relative);
        assert_eq!(bases(&found), vec![Basis::FamilyName]);
        assert_eq!(found[0].evidence["official_member"], "Slamet Riyadi");
        assert_eq!(found[0].evidence["household_member"], "Siti Rijadi");
        // Another RW, or one-word names, are not linked.
        let far = home(3, "Jl. Kenanga 9", "5", "9", &["Siti Riyadi"]);
        assert!(links(&mine, &far).is_empty());
        let single = home(4, "Jl. Kenanga 9", "5", "2", &["Riyadi"]);
        assert!(links(&mine, &single).is_empty());
    }

    #[test]
    fn strangers_are_not_linked() {
        let mine = home(1, "Jl. Mawar 3", "1", "2", &["Slamet Riyadi"]);
        let stranger = home(2, "Jl. Anggrek 10", "3", "4", &["Budi Santoso"]);
        assert!(links(&mine, &stranger).is_empty());
    }
}
