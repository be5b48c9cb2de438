//! Corroboration: what two records sharing a weak rule's key must also show before they
//! are compared, so that crowded blocks do not fill the candidates with strangers.

use crate::date::{
    BirthDate, DateAgreement, PartialDate, YearAgreement, compare_dates, compare_years,
};
use crate::distance::edit_distance_within;
use crate::nik::IdDigits;
use crate::record::{Store, mix};

/// What two records sharing a key must also show before they are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corroboration {
    /// Nothing more: the key itself identifies (the NIK, the family card).
    None,
    /// The NIKs do not tell the two apart: one is missing, or they are at most one edit
    /// apart. The weak rules exist for duplicates whose NIK is missing or mistyped; two
    /// NIKs that differ in two or more digits belong to two people (or carry two typos,
    /// which is rarer than strangers sharing a key).
    Nik,
    /// As [`Corroboration::Nik`], and the names resemble each other (at least half of
    /// their letter pairs in common) or the two live in one village. For a key made of
    /// the birth date and the regency, which are what a NIK is made of: strangers born
    /// the same day in one regency hold NIKs a digit or two apart, so the NIK check
    /// alone lets too many of them through.
    NikAndNameOrVillage,
    /// As [`Corroboration::Nik`], and the names resemble each other (as
    /// [`Corroboration::NikAndNameOrVillage`]). For a key of the birth date alone.
    NikAndName,
    /// The NIKs do not tell the two apart (as [`Corroboration::Nik`]), or the birth
    /// dates agree up to a typo, or one of them is missing. For a key without a date.
    NikOrBirth,
    /// The NIKs do not tell the two apart (as [`Corroboration::Nik`]), and neither do
    /// the birth dates: equal up to a typo, years equal or a typo apart when only years
    /// are known, or one of them missing. For keys that do without the NIK and most of
    /// the date, where a crowd of namesakes shares the key.
    NikAndBirth,
    /// The NIKs do not tell the two apart (as [`Corroboration::Nik`]), and either the
    /// birth dates do not (as [`Corroboration::NikAndBirth`]) or the whole names resemble
    /// each other (as [`Corroboration::NikAndNameOrVillage`]). For a key made of one
    /// word of the name and the village: a namesake in one village shares the word, a
    /// family member the family name, and the rest of the name or the date tells them
    /// apart.
    NikAndBirthOrName,
}

/// The fields the corroboration checks read, gathered once per block member so that the
/// checks between members touch no other memory.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Member {
    pub(crate) index: u32,
    nik: IdDigits,
    birth: u32,
    birth_partial: u32,
    village: u64,
    name: u64,
}

impl Member {
    pub(crate) fn of(store: &Store, names: &[u64], index: u32) -> Member {
        let record = &store.records[index as usize];
        Member {
            index,
            nik: record.nik,
            birth: record.birth,
            birth_partial: record.birth_partial,
            village: record.village,
            name: names.get(index as usize).copied().unwrap_or(0),
        }
    }
}

/// Shortest NIK taken as present; shorter ones are fragments that say nothing.
const NIK_DIGITS_MIN: usize = 6;

impl Corroboration {
    /// Whether the check reads the names' letter pairs ([`name_signature`]).
    pub fn reads_names(self) -> bool {
        matches!(
            self,
            Corroboration::NikAndNameOrVillage
                | Corroboration::NikAndName
                | Corroboration::NikAndBirthOrName
        )
    }

    /// Whether two records sharing a key are worth comparing.
    pub(crate) fn holds(self, a: &Member, b: &Member) -> bool {
        match self {
            Corroboration::None => true,
            Corroboration::Nik => niks_agree(a, b),
            Corroboration::NikAndNameOrVillage => {
                niks_agree(a, b) && (names_resemble(a, b) || a.village == b.village)
            }
            Corroboration::NikAndName => niks_agree(a, b) && names_resemble(a, b),
            Corroboration::NikOrBirth => niks_agree(a, b) || births_agree(a, b),
            Corroboration::NikAndBirth => niks_agree(a, b) && births_agree(a, b),
            Corroboration::NikAndBirthOrName => {
                niks_agree(a, b) && (births_agree(a, b) || names_resemble(a, b))
            }
        }
    }
}

/// One NIK missing, or the two at most one edit apart.
fn niks_agree(a: &Member, b: &Member) -> bool {
    let (x, y) = (a.nik.digits(), b.nik.digits());
    x.len() < NIK_DIGITS_MIN || y.len() < NIK_DIGITS_MIN || edit_distance_within(x, y, 1).is_some()
}

/// One birth date missing, or the two equal up to a typo (a digit, or day and month
/// swapped); when either is not a full date, the years equal or a typo apart.
fn births_agree(a: &Member, b: &Member) -> bool {
    if let (Some(x), Some(y)) = (BirthDate::unpack(a.birth), BirthDate::unpack(b.birth)) {
        return matches!(
            compare_dates(x, y),
            DateAgreement::Exact | DateAgreement::Typo
        );
    }
    match (
        PartialDate::unpack(a.birth_partial),
        PartialDate::unpack(b.birth_partial),
    ) {
        (Some(x), Some(y)) => compare_years(x, y) != YearAgreement::Different,
        _ => true,
    }
}

/// One name missing, or at least half of the letter pairs of the two names in common.
fn names_resemble(a: &Member, b: &Member) -> bool {
    let (x, y) = (a.name, b.name);
    x == 0 || y == 0 || 2 * (x & y).count_ones() >= (x | y).count_ones()
}

/// The letter pairs of a name (with the word boundaries) as a 64-bit set; 0 for no
/// name. Two spellings of one name share most of their pairs, two names few; a mistyped
/// letter changes at most two pairs.
pub fn name_signature(name: &str) -> u64 {
    let mut signature = 0u64;
    let mut previous = b' ';
    for &byte in name.as_bytes().iter().chain([b' '].iter()) {
        if previous != b' ' || byte != b' ' {
            signature |= 1 << (mix(u64::from(previous) << 8 | u64::from(byte)) & 63);
        }
        previous = byte;
    }
    if name.trim().is_empty() { 0 } else { signature }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block::tests::{pairs_of, person};
    use crate::block::{BlockingRule, CHANCE_SHARERS_MAX, pack_pair};
    use crate::record::PersonFields;
    use crate::record::parse_person;

    #[test]
    fn strangers_born_the_same_day_in_one_regency_are_not_paired() {
        let rule = BlockingRule::BirthDateRegency;
        // Two villages of one regency, NIKs of two districts.
        let stranger = person(
            "Sri Wahyuni",
            "3201024101850003",
            "1985-01-02",
            "3201022001",
        );
        let budi = person(
            "Budi Santoso",
            "3201010101850001",
            "1985-01-02",
            "3201012001",
        );
        let (pairs, stats) = pairs_of(&[budi, stranger], rule);
        assert!(pairs.is_empty());
        assert_eq!((stats.pairs, stats.uncorroborated), (0, 1));
        // The same person registered again in the other village, the name mistyped.
        let again = person(
            "Budi Santosa",
            "3201010101850001",
            "1985-01-02",
            "3201022001",
        );
        assert_eq!(pairs_of(&[budi, again], rule).0, vec![pack_pair(0, 1)]);
        // Or with another name written in the same village.
        let renamed = person("Ahmad Budi", "", "1985-01-02", "3201012001");
        assert_eq!(pairs_of(&[budi, renamed], rule).0, vec![pack_pair(0, 1)]);
        // NIKs two digits apart tell two people apart even with one name in one village.
        let namesake = person(
            "Budi Santoso",
            "3201010101850012",
            "1985-01-02",
            "3201012001",
        );
        assert!(pairs_of(&[budi, namesake], rule).0.is_empty());
    }

    #[test]
    fn weak_rules_pair_only_when_the_niks_allow_it() {
        let rule = BlockingRule::NameSoundBirthMonth;
        let moved = |nik| person("Siti Aminah", nik, "1985-03-12", "3201012001");
        let here = person(
            "Siti Aminah",
            "3201015203850002",
            "1985-03-21",
            "3301012001",
        );
        // Missing, mistyped by one digit, or two swapped: worth comparing.
        for nik in ["", "3201015203850003", "3201015203580002"] {
            assert_eq!(pairs_of(&[here, moved(nik)], rule).0, vec![pack_pair(0, 1)]);
        }
        // Two digits apart: another Siti Aminah born that month.
        let (pairs, stats) = pairs_of(&[here, moved("3201015903850001")], rule);
        assert!(pairs.is_empty());
        assert_eq!(stats.uncorroborated, 1);
        // The identifying rules need nothing more than the key.
        let sibling = person("Siti Rahma", "3201015203850002", "1990-07-01", "3201012001");
        assert_eq!(
            pairs_of(&[here, sibling], BlockingRule::Nik).0,
            vec![pack_pair(0, 1)]
        );
    }

    #[test]
    fn namesakes_in_one_village_pair_when_the_dates_agree() {
        let rule = BlockingRule::NameSoundVillage;
        let a = person("Euis", "3201014101900001", "1990-01-02", "3201012001");
        let typo = person("Euis", "3201014106900001", "1990-01-20", "3201012001");
        let undated = person("Euis", "3201014106900001", "", "3201012001");
        let elder = person("Euis", "3201014106700001", "1970-06-01", "3201012001");
        assert_eq!(pairs_of(&[a, typo], rule).0, vec![pack_pair(0, 1)]);
        assert_eq!(pairs_of(&[a, undated], rule).0, vec![pack_pair(0, 1)]);
        assert!(pairs_of(&[a, elder], rule).0.is_empty());
    }

    #[test]
    fn a_birth_date_alone_pairs_only_resembling_names() {
        let rule = BlockingRule::BirthDate;
        let samuel = person("Samuel", "", "1912-02-12", "5086");
        let misspelt = person("Samudl", "", "1912-02-12", "5085");
        let stranger = person("Rini Kusuma", "", "1912-02-12", "5086");
        assert_eq!(pairs_of(&[samuel, misspelt], rule).0, vec![pack_pair(0, 1)]);
        let (pairs, stats) = pairs_of(&[samuel, stranger], rule);
        assert!(pairs.is_empty());
        assert_eq!(stats.uncorroborated, 1);
        // NIKs two digits apart tell even resembling names apart.
        let with_nik = |nik| person("Samuel", nik, "1912-02-12", "5086");
        let pair = [with_nik("3201011202120001"), with_nik("3201011202120023")];
        assert!(pairs_of(&pair, rule).0.is_empty());
    }

    #[test]
    fn one_end_of_the_name_in_a_village_needs_the_date_or_the_whole_name() {
        let rule = BlockingRule::EndSoundVillage;
        let village = "3201012001";
        // A crowd of Budis in the next village, so that the rule asks for more than the
        // key.
        let dates: Vec<String> = (0..10).map(|i| format!("19{}0-01-02", i)).collect();
        let crowd: Vec<PersonFields<'_>> = dates
            .iter()
            .map(|date| person("Budi Wijaya", "", date, "3201012002"))
            .collect();
        let paired = |other: PersonFields<'_>| {
            let budi = person("Budi Santoso", "", "1985-03-12", village);
            let mut rows = vec![budi, other];
            rows.extend_from_slice(&crowd);
            let (pairs, stats) = pairs_of(&rows, rule);
            assert!(stats.chance_sharers > CHANCE_SHARERS_MAX, "{stats:?}");
            pairs.contains(&pack_pair(0, 1))
        };
        // The family name again, another given name and birth date: a relative.
        assert!(!paired(person("Joko Santoso", "", "1950-07-01", village)));
        // Without a birth date to tell them apart, worth comparing.
        assert!(paired(person("Joko Santoso", "", "", village)));
        // A name misspelt rather than replaced, whatever the date.
        assert!(paired(person("Santoso Budi", "", "1950-07-01", village)));
    }

    #[test]
    fn the_name_alone_pairs_only_dates_that_allow_it() {
        let rule = BlockingRule::NameSound;
        let here = person("Siti Aminah", "", "1985-03-12", "3201012001");
        let moved = person("Sitti Aminah", "", "1985-12-03", "3301012001");
        let undated = person("Siti Aminah", "", "", "3301012001");
        let elder = person("Siti Aminah", "", "1950-07-01", "3301012001");
        assert_eq!(pairs_of(&[here, moved], rule).0, vec![pack_pair(0, 1)]);
        assert_eq!(pairs_of(&[here, undated], rule).0, vec![pack_pair(0, 1)]);
        assert!(pairs_of(&[here, elder], rule).0.is_empty());
    }

    #[test]
    fn name_signatures_tell_spellings_from_other_names() {
        let resemble = |x: &str, y: &str| {
            let member = |name: &str| Member {
                index: 0,
                nik: IdDigits::default(),
                birth: 0,
                birth_partial: 0,
                village: 0,
                name: name_signature(name),
            };
            names_resemble(&member(x), &member(y))
        };
        assert!(resemble("ibrahim", "ibarhim"));
        assert!(resemble("sutrisno", "sutrisna"));
        assert!(resemble("kusno", "yoko kusno"));
        assert!(resemble("budi santoso", ""));
        assert!(!resemble("budi santoso", "sri wahyuni"));
        assert!(!resemble("ahmad", "rahayu endang"));
        assert_eq!(name_signature(""), 0);
    }

    #[test]
    fn a_house_pairs_only_people_whose_dates_allow_it() {
        let rule = BlockingRule::HouseVillage;
        // A father, his son of the same name, the father again with day and month
        // swapped, and someone undated, all in one house.
        let mut rows = [
            person("Joko", "", "1960-04-02", "3201012001"),
            person("Joko", "", "1990-08-17", "3201012001"),
            person("Djoko", "", "1960-02-04", "3201012001"),
            person("Jaka", "", "", "3201012001"),
        ];
        for row in &mut rows {
            row.address = "Jl. Mawar No. 3";
        }
        let (pairs, stats) = pairs_of(&rows, rule);
        assert!(stats.uncorroborated > 0, "{stats:?}");
        assert!(pairs.contains(&pack_pair(0, 2)));
        assert!(pairs.contains(&pack_pair(0, 3)));
        assert!(!pairs.contains(&pack_pair(0, 1)));
    }

    #[test]
    fn partial_dates_corroborate_by_year() {
        let rule = BlockingRule::NameSoundBirthYear;
        let full = person("Euis", "", "1990-03-12", "3201012001");
        let placeholder = person("Euis", "", "1990-01-01", "3201012001");
        let year_typo = person("Euis", "", "1909", "3201012001");
        let elder = person("Euis", "", "1965", "3201012001");
        let check = |a, b| {
            let mut store = Store::default();
            store.push(&parse_person(&a));
            store.push(&parse_person(&b));
            let member = |i| Member::of(&store, &[], i);
            Corroboration::NikAndBirth.holds(&member(0), &member(1))
        };
        assert!(check(full, placeholder));
        assert!(check(placeholder, year_typo));
        assert!(!check(placeholder, elder));
        assert!(!check(full, person("Euis", "", "1990-07-28", "3201012001")));
        assert_eq!(rule.corroboration(), Corroboration::NikAndBirth);
    }
}
