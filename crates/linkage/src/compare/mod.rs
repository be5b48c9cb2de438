//! Comparing two records field by field into a [`Pattern`] of agreement levels.

use crate::date::{DateAgreement, YearAgreement, compare_dates, compare_years};
use crate::distance::{edit_distance_within, jaro_winkler_from};
use crate::field::{Field, Pattern};
use crate::nik::IdDigits;
use crate::record::{Record, Store};

mod name;

use name::compare_names;
pub use name::{NAME_PART_MISSING, NAME_WORD_DIFFERS};

/// Similarity at which two addresses or birth places are taken as the same place.
const PLACE_CLOSE: f64 = 0.90;

/// Compares two records in the store.
pub fn compare(store: &Store, a: usize, b: usize) -> Pattern {
    let (ra, rb) = (&store.records[a], &store.records[b]);
    let nik = compare_nik(ra, rb);
    let mut household = compare_household(store, ra, rb);
    // NIKs a digit apart share the district of birth, and people mostly live
    // where they were born: living in the same village or regency is then the same fact
    // again. People born on the same day near each other are many in a large registry,
    // and counting it twice makes them look like one person.
    if NIK_NEAR_LEVELS.contains(&nik) && AREA_LEVELS.contains(&household) {
        household = 0;
    }
    // People mostly live in the regency they were born in, so two people of one regency
    // (or of one village, one neighbourhood, one address in it) share a birth place by
    // that fact alone; weighed against strangers from anywhere, the same birth place
    // would count the regency a second time. One family card is weighed against family
    // members, who already share it.
    let mut birth_place = compare_places(store, ra, rb);
    if birth_place == 1 && (SAME_ADDRESS_LEVEL..=SAME_REGENCY_LEVEL).contains(&household) {
        birth_place = 0;
    }
    Pattern::default()
        .with(Field::Name, compare_names(store, ra, rb))
        .with(Field::BirthDate, compare_birth(ra, rb))
        .with(Field::Nik, nik)
        .with(Field::Sex, compare_sex(ra, rb))
        .with(Field::BirthPlace, birth_place)
        .with(Field::Household, household)
}

/// Household level for two records at one address (the closest after one family card).
const SAME_ADDRESS_LEVEL: u8 = 2;
/// Household level for two records in one regency (or postcodes a digit apart).
const SAME_REGENCY_LEVEL: u8 = 5;
/// NIK levels for numbers a digit apart: one edit, verified near, regency typo.
const NIK_NEAR_LEVELS: [u8; 3] = [2, 3, 6];
/// Household levels that only say the two live in one area: same village or regency.
const AREA_LEVELS: [u8; 2] = [4, 5];

/// Birth date levels. When both NIKs are verified their date parts carry the same
/// facts, and counting them twice would make twins look like one person; the NIK
/// comparison then speaks for both. When either date is not a full date (missing, a
/// placeholder, impossible), the years are compared: agreeing years are weak evidence
/// of their own, and a year one digit off is no evidence at all.
fn compare_birth(a: &Record, b: &Record) -> u8 {
    if a.nik_verified && b.nik_verified {
        return 0;
    }
    if let (Some(da), Some(db)) = (a.birth_date(), b.birth_date()) {
        return match compare_dates(da, db) {
            DateAgreement::Exact => 1,
            DateAgreement::Typo => 2,
            DateAgreement::Partial => 3,
            DateAgreement::Different => 4,
        };
    }
    let (Some(pa), Some(pb)) = (a.birth_partial(), b.birth_partial()) else {
        return 0;
    };
    match compare_years(pa, pb) {
        YearAgreement::Same => BIRTH_SAME_YEAR,
        YearAgreement::Unknown => 0,
        YearAgreement::Different => BIRTH_YEAR_DIFFERS,
    }
}

/// Birth date level for partial dates agreeing on the year (and month where known).
pub const BIRTH_SAME_YEAR: u8 = 5;
/// Birth date level for partial dates whose years differ by more than a typo.
pub const BIRTH_YEAR_DIFFERS: u8 = 6;

/// NIK levels. Both NIKs "verified" means each agrees with its own record's birth date
/// and sex, so the date parts already say whether the birth dates agree; what is left
/// to compare is the district and the serial. Twins have verified NIKs one serial digit
/// apart, so that level is kept apart from a plain typo and left to the other fields.
fn compare_nik(a: &Record, b: &Record) -> u8 {
    if a.nik == IdDigits::default() || b.nik == IdDigits::default() {
        return 0;
    }
    let (x, y) = (a.nik.digits(), b.nik.digits());
    let edits = edit_distance_within(x, y, 2);
    if edits == Some(0) {
        return 1;
    }
    if !(a.nik_verified && b.nik_verified) {
        // Two typos in one NIK are rarer than two strangers born on the same day near
        // each other, whose NIKs differ in a digit of the district and one of the
        // serial; so two edits say nothing either way.
        return match edits {
            Some(1) => 2,
            _ => 4,
        };
    }
    let (date, serial) = (NIK_DATE_START, NIK_SERIAL_START);
    if x[date..serial] != y[date..serial] {
        // Two valid NIKs for different birth dates: two people.
        return 5;
    }
    if x[..date] == y[..date] {
        // Same district and birth date, serial a typo apart: a typo, or twins.
        return match edit_distance_within(&x[serial..], &y[serial..], 1) {
            Some(_) => 3,
            None => 5,
        };
    }
    // Province and regency digits one typo apart: people born on the same day in two
    // regencies whose codes differ by a digit live far apart, so agreement elsewhere
    // makes a typo likely.
    let serial_equal = x[serial..] == y[serial..];
    let one_typo = edit_distance_within(&x[..date], &y[..date], 1).is_some();
    if serial_equal && one_typo && x[..NIK_DISTRICT_START] != y[..NIK_DISTRICT_START] {
        return 6;
    }
    // District codes within one regency run 01, 02, 03 …, so people born on the same
    // day in neighbouring districts hold NIKs one digit apart, and live near each other,
    // so that the other fields agree on place too. Such a pair is left undecided.
    if serial_equal && one_typo { 4 } else { 5 }
}

/// Where the district digits of a NIK start, after province and regency.
const NIK_DISTRICT_START: usize = 4;
/// Where the birth-date part starts, after the six-digit district code.
const NIK_DATE_START: usize = 6;
/// Where the four-digit serial starts.
const NIK_SERIAL_START: usize = 12;

fn compare_sex(a: &Record, b: &Record) -> u8 {
    match (a.sex, b.sex) {
        (Some(x), Some(y)) if x == y => 1,
        (Some(_), Some(_)) => 2,
        _ => 0,
    }
}

/// Birth place levels. A NIK's first six digits are the district where the birth was
/// first registered, so two verified NIKs already say where both were born.
fn compare_places(store: &Store, a: &Record, b: &Record) -> u8 {
    let (pa, pb) = (store.text(a.birth_place), store.text(b.birth_place));
    if pa.is_empty() || pb.is_empty() || a.nik_verified && b.nik_verified {
        return 0;
    }
    if pa == pb {
        1
    } else if jaro_winkler_from(pa.as_bytes(), pb.as_bytes(), PLACE_CLOSE) >= PLACE_CLOSE {
        2
    } else {
        3
    }
}

fn compare_household(store: &Store, a: &Record, b: &Record) -> u8 {
    let (address_a, address_b) = (store.text(a.address), store.text(b.address));
    let has_kk = a.kk != IdDigits::default() && b.kk != IdDigits::default();
    let has_address = !address_a.is_empty() && !address_b.is_empty();
    let has_village = a.village != 0 && b.village != 0;
    if !has_kk && !has_address && !has_village {
        return 0;
    }
    if has_kk && a.kk == b.kk {
        return 1;
    }
    let kk_typo = has_kk && edit_distance_within(a.kk.digits(), b.kk.digits(), 1).is_some();
    // The same street and house number is the same address even when the rest of the
    // address line (a building, a suburb, a typo) differs.
    let address_close = has_address
        && (address_a == address_b
            || a.street != 0 && a.street == b.street
            || jaro_winkler_from(address_a.as_bytes(), address_b.as_bytes(), PLACE_CLOSE)
                >= PLACE_CLOSE);
    let same_village = has_village && a.village == b.village;
    let neighbourhood_known = a.rt != 0 && b.rt != 0;
    let neighbourhood_equal =
        (a.rt == 0 || b.rt == 0 || a.rt == b.rt) && (a.rw == 0 || b.rw == 0 || a.rw == b.rw);
    if kk_typo || address_close && neighbourhood_equal && (same_village || !has_village) {
        return 2;
    }
    if same_village && neighbourhood_known && neighbourhood_equal {
        return 3;
    }
    if same_village || address_close {
        return 4;
    }
    if has_village && (a.regency() == b.regency() || postcodes_near(a.village, b.village)) {
        return 5;
    }
    6
}

/// Village codes shorter than a regency's ten digits are postcodes (or a local
/// numbering); one digit apart, they are a typo or a neighbouring area, the same grade
/// as a shared regency.
fn postcodes_near(a: u64, b: u64) -> bool {
    const POSTCODE_MAX: u64 = 999_999;
    if a > POSTCODE_MAX || b > POSTCODE_MAX {
        return false;
    }
    let digits = |mut value: u64| {
        let mut out = [0u8; 6];
        for slot in out.iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
        out
    };
    edit_distance_within(&digits(a), &digits(b), 1).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{PersonFields, parse_person};

    fn store(rows: &[PersonFields<'_>]) -> Store {
        let mut store = Store::default();
        for row in rows {
            store.push(&parse_person(row));
        }
        store.count_names();
        store
    }

    fn person<'a>(name: &'a str, nik: &'a str, birth_date: &'a str) -> PersonFields<'a> {
        PersonFields {
            id: "x",
            nik,
            kk: "3201010101100001",
            name,
            sex: "L",
            birth_place: "Bandung",
            birth_date,
            address: "Jl. Mawar 3",
            rt: "1",
            rw: "2",
            village_code: "32.01.01.2001",
        }
    }

    fn levels(a: PersonFields<'_>, b: PersonFields<'_>) -> Vec<usize> {
        let pattern = compare(&store(&[a, b]), 0, 1);
        crate::field::FIELDS
            .iter()
            .map(|&f| pattern.level(f))
            .collect()
    }

    #[test]
    fn identical_records_agree_everywhere() {
        let a = person("Budi Santoso", "3201011203850002", "1985-03-12");
        assert_eq!(levels(a, a), [1, 0, 1, 1, 0, 1]);
    }

    #[test]
    fn duplicate_with_typos() {
        let a = person("Muhammad Rizki", "3201011203850002", "1985-03-12");
        let mut b = person("Moch. Riski", "3201011203850012", "1985-12-03");
        b.kk = "";
        b.address = "Jalan Mawar No. 3";
        // At one address the shared birth place is no news (level 0).
        assert_eq!(levels(a, b), [2, 2, 2, 1, 0, 2]);
    }

    #[test]
    fn family_members_share_only_the_household() {
        let a = person("Budi Santoso", "3201011203850002", "1985-03-12");
        let mut b = person("Sri Wahyuni", "3201015508880001", "1988-08-15");
        b.sex = "P";
        assert_eq!(levels(a, b), [4, 0, 5, 2, 0, 1]);
    }

    #[test]
    fn missing_fields_are_level_zero() {
        let a = person("Budi", "", "");
        let mut b = PersonFields {
            id: "y",
            ..PersonFields::default()
        };
        b.name = "Budi";
        assert_eq!(levels(a, b), [1, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn nik_levels_tell_twins_from_typos() {
        let nik = |a: &str, b: &str, sex_b: &str| {
            let mut right = person("B", b, "1985-03-12");
            right.sex = sex_b;
            levels(person("A", a, "1985-03-12"), right)[2]
        };
        // Same-sex twins, or a typo in the serial: both NIKs verified, one digit apart.
        assert_eq!(nik("3201011203850001", "3201011203850002", "L"), 3);
        // Born the same day in a neighbouring district, or a typo there: undecided.
        assert_eq!(nik("3201011203850001", "3201021203850001", "L"), 4);
        // A typo in the regency digits.
        assert_eq!(nik("3201011203850001", "3202011203850001", "L"), 6);
        assert_eq!(nik("3201011203850001", "3201021203850002", "L"), 5);
        // Same birth date, otherwise unrelated numbers.
        assert_eq!(nik("3201011203850001", "3301021203857001", "L"), 5);
        // Opposite-sex twins: the day digit differs by the +40 for women.
        assert_eq!(nik("3201011203850001", "3201015203850001", "P"), 5);
        // A typo that breaks the embedded date is an unverified near miss.
        assert_eq!(nik("3201011203850001", "3201011293850001", "L"), 2);
    }

    #[test]
    fn a_shared_regency_does_not_also_count_as_a_shared_birth_place() {
        let base = person("Budi Santoso", "", "1985-03-12");
        let mut neighbour = person("Budi Santoso", "", "1985-03-13");
        (neighbour.kk, neighbour.address) = ("", "Jl. Melati 9");
        neighbour.village_code = "32.01.02.2003";
        let compared = levels(base, neighbour);
        assert_eq!((compared[4], compared[5]), (0, 5));
        // Neighbours in one village, one RT/RW, at one address: the same.
        neighbour.village_code = base.village_code;
        for (rt, address, level) in [("7", "Jl. Melati 9", 4), ("1", "Jl. Melati 9", 3)] {
            (neighbour.rt, neighbour.address) = (rt, address);
            let compared = levels(base, neighbour);
            assert_eq!((compared[4], compared[5]), (0, level));
        }
        neighbour.address = base.address;
        let compared = levels(base, neighbour);
        assert_eq!((compared[4], compared[5]), (0, 2));
        // On one family card, weighed against family members, it stays.
        let compared = levels(base, base);
        assert_eq!((compared[4], compared[5]), (1, 1));
        // Far apart, the same birth place is evidence again.
        (neighbour.kk, neighbour.address) = ("", "Jl. Melati 9");
        neighbour.village_code = "33.01.02.2003";
        let compared = levels(base, neighbour);
        assert_eq!((compared[4], compared[5]), (1, 6));
    }

    #[test]
    fn household_levels() {
        let base = person("A", "", "");
        let mut moved = base;
        moved.kk = "";
        moved.address = "Jl. Melati 9";
        moved.rt = "4";
        assert_eq!(levels(base, moved)[5], 4);
        moved.village_code = "32.01.02.2003";
        assert_eq!(levels(base, moved)[5], 5);
        moved.village_code = "33.01.02.2003";
        assert_eq!(levels(base, moved)[5], 6);
        // Postcodes a digit apart (or swapped) are one area; further apart, not.
        let (mut here, mut there) = (base, moved);
        (here.village_code, there.village_code) = ("6110", "6101");
        assert_eq!(levels(here, there)[5], 5);
        there.village_code = "6230";
        assert_eq!(levels(here, there)[5], 6);
        moved.address = "Jl Mawar 3";
        moved.rt = "1";
        moved.village_code = "";
        assert_eq!(levels(base, moved)[5], 2);
        // Street and house agree, the rest of the line does not.
        moved.address = "Mawar 3, Blok C, Perumahan Griya Asri Indah";
        moved.village_code = "32.01.01.2001";
        assert_eq!(levels(base, moved)[5], 2);
    }
}
