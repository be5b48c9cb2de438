use super::*;
use crate::programmes::schema::{DISABILITY, SEX};
use eligibility::Facts;
use time::macros::date;

fn compile(source: &str) -> Rule {
    let schema =
        crate::programmes::schema::schema(&[("PKH".into(), "PKH".into())]).expect("schema");
    Rule::compile(source, &schema).expect("rule")
}

fn member<'a>(household_id: i64, born: &'a str, sex: &'a str) -> MemberRow<'a> {
    let mut texts = [None; MEMBER_ATTRIBUTES];
    texts[SEX] = Some(sex);
    texts[DISABILITY] = Some("tidak");
    MemberRow {
        household_id,
        birth_date: born,
        texts,
    }
}

#[test]
fn ages_are_whole_years_on_the_evaluation_date() {
    let today = date!(2026 - 12 - 03);
    assert_eq!(age_on("2020-12-03", today), Some(6.0));
    assert_eq!(age_on("2020-12-04", today), Some(5.0));
    assert_eq!(age_on("1960-02-29", today), Some(66.0));
    assert_eq!(age_on("2027-01-01", today), None);
    assert_eq!(age_on("kemarin", today), None);
}

#[test]
fn members_are_grouped_by_household_whatever_order_they_come_in() {
    let rule = compile("desil <= 4 and any(member, age < 6) and members >= 2");
    let mut columns = Columns::new(Needs::of(&[&rule]), date!(2026 - 12 - 03));
    columns.push_household(10, "31.75.07.1003", None);
    columns.push_household(20, "31.75.07.1004", None);
    columns.push_household(30, "32.73.01.1001", None);
    columns.push_member(&member(20, "1980-01-01", "P"));
    columns.push_member(&member(10, "2024-05-01", "L"));
    columns.push_member(&member(99, "2024-05-01", "L"));
    columns.push_member(&member(10, "1990-01-01", "P"));
    columns.push_member(&member(20, "2023-05-01", "L"));
    columns.push_welfare(10, Some(3), Some(1.5));
    columns.push_welfare(20, Some(7), None);
    columns.finish();
    let held: Vec<bool> = (0..columns.len())
        .map(|i| rule.evaluate(&columns.household(i)))
        .collect();
    // 20 has a young child but desil 7; 30 has no score and no members.
    assert_eq!(held, [true, false, false]);
    assert_eq!(columns.household(0).member_count(), 2);
    assert_eq!(columns.household(2).member_count(), 0);
    assert_eq!(columns.household(2).number(DESIL), None);
    assert_eq!(columns.household(1).region(), "31.75.07.1004");
}

#[test]
fn survey_attributes_come_from_the_survey_and_missing_stays_missing() {
    let rule = compile("electricity_va <= 900 and not owns_land and water_source = \"sungai\"");
    let mut columns = Columns::new(Needs::of(&[&rule]), date!(2026 - 12 - 03));
    columns.push_household(
        1,
        "31.75.07.1003",
        Some(r#"{"electricity_va": 450, "owns_land": false, "water_source": "sungai"}"#),
    );
    columns.push_household(2, "31.75.07.1003", Some("{}"));
    columns.push_household(3, "31.75.07.1003", Some("not json"));
    columns.finish();
    assert!(rule.evaluate(&columns.household(0)));
    assert!(!rule.evaluate(&columns.household(1)));
    assert!(!rule.evaluate(&columns.household(2)));
    assert!(!columns.needs().persons);
}
