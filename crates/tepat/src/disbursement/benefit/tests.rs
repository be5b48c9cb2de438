//! The benefit rule on small families: PKH's components and cap, a flat household amount,
//! and every reason to skip.

use super::*;

fn component(code: &str, amount: i64, period: &str) -> Component {
    Component {
        code: code.to_owned(),
        label: code.to_owned(),
        label_en: code.to_owned(),
        amount_rupiah: amount,
        period: period.to_owned(),
        year: 2024,
        source: String::new(),
    }
}

fn pkh() -> Benefit {
    Benefit {
        per: "member".to_owned(),
        max_components: 4,
        note: String::new(),
        note_en: String::new(),
        components: vec![
            component("ibu_hamil", 3_000_000, "year"),
            component("anak_usia_dini", 3_000_000, "year"),
            component("sd", 900_000, "year"),
            component("smp", 1_500_000, "year"),
            component("sma", 2_000_000, "year"),
            component("disabilitas_berat", 2_400_000, "year"),
            component("lansia", 2_400_000, "year"),
        ],
    }
}

fn member(age: i64) -> Member {
    Member {
        age,
        head: false,
        living: true,
        disabled: false,
    }
}

fn family(ages: &[i64]) -> Household {
    let mut members: Vec<Member> = ages.iter().map(|&age| member(age)).collect();
    members[0].head = true;
    Household {
        members,
        ..Household::default()
    }
}

#[test]
fn pkh_pays_each_qualifying_member_for_the_months_of_the_cycle() {
    // A mother of 30 with children of 4, 9 and 14, and a grandmother of 67: a quarter.
    let lines = entitle(&pkh(), &family(&[30, 4, 9, 14, 67]), 3);
    let total: i64 = lines.iter().map(|l| l.amount).sum();
    assert_eq!(total, 750_000 + 225_000 + 375_000 + 600_000);
    assert_eq!(lines.iter().map(|l| l.count).sum::<i64>(), 4);
}

#[test]
fn pkh_keeps_the_four_components_that_pay_most() {
    let mut household = family(&[35, 2, 5, 8, 10, 70]);
    household.pregnant_members = 1;
    let lines = entitle(&pkh(), &household, 12);
    let codes: Vec<(&str, i64)> = lines.iter().map(|l| (l.code.as_str(), l.count)).collect();
    // Pregnancy 3.0 M, two young children 3.0 M each, the elder 2.4 M; the pupils drop.
    assert_eq!(
        codes,
        [("anak_usia_dini", 2), ("ibu_hamil", 1), ("lansia", 1)]
    );
    assert_eq!(lines.iter().map(|l| l.amount).sum::<i64>(), 11_400_000);
}

#[test]
fn the_dead_and_the_departed_do_not_count() {
    let mut household = family(&[40, 65]);
    household.members[1].living = false;
    assert!(entitle(&pkh(), &household, 3).is_empty());
}

#[test]
fn a_household_benefit_pays_once_per_family_per_month() {
    let sembako = Benefit {
        per: "household".to_owned(),
        max_components: 1,
        note: String::new(),
        note_en: String::new(),
        components: vec![component("bantuan_pangan", 200_000, "month")],
    };
    let lines = entitle(&sembako, &family(&[50, 20, 18]), 2);
    assert_eq!(
        lines,
        [Line {
            code: "bantuan_pangan".to_owned(),
            count: 1,
            amount: 400_000
        }]
    );
}

#[test]
fn every_reason_to_skip_is_named() {
    let mut orphaned = family(&[70, 12]);
    orphaned.members[0].living = false;
    assert_eq!(skip_reason(&orphaned), Some(SKIP_HEAD_DECEASED));
    let mut widow = family(&[70, 40]);
    widow.members[0].living = false;
    assert_eq!(
        skip_reason(&widow),
        None,
        "another adult receives for the family"
    );
    let mut held = family(&[40]);
    held.duplicate_undecided = true;
    assert_eq!(skip_reason(&held), Some(SKIP_DUPLICATE));
    let mut objected = family(&[40]);
    objected.objection_open = true;
    assert_eq!(skip_reason(&objected), Some(SKIP_OBJECTION));
    let mut suspended = family(&[40]);
    suspended.suspended = true;
    suspended.objection_open = true;
    assert_eq!(skip_reason(&suspended), Some(SKIP_SUSPENDED));
    assert_eq!(skip_reason(&family(&[40, 10])), None);
}
