use super::*;
use crate::programmes::columns::{MemberRow, Needs};
use crate::programmes::schema::MEMBER_ATTRIBUTES;
use time::macros::date;

fn schema() -> Schema {
    crate::programmes::schema::schema(&[("PKH".into(), "PKH".into())]).expect("schema")
}

#[test]
fn errors_name_the_field_line_and_column() {
    let errors = compile("desil <= 4\n  and umur < 6", &schema()).expect_err("unknown");
    let ProgrammeError::Invalid(fields) = errors else {
        panic!("not a field error");
    };
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].field, "rule");
    assert_eq!(fields[0].rule, "unknown-attribute");
    assert_eq!((fields[0].line, fields[0].column), (Some(2), Some(7)));
    assert!(fields[0].message_id.starts_with("baris 2, kolom 7"));
}

#[test]
fn a_dry_run_counts_entering_and_leaving_by_the_level_below_the_scope() {
    let schema = schema();
    let rule = Rule::compile("any(member, age >= 60)", &schema).expect("rule");
    let current = Rule::compile("count(member) >= 2", &schema).expect("rule");
    let mut columns = Columns::new(Needs::of(&[&rule, &current]), date!(2026 - 12 - 03));
    let villages = [
        "31.75.07.1003",
        "31.75.07.1004",
        "31.71.01.1001",
        "32.73.01.1001",
    ];
    for (i, village) in villages.iter().enumerate() {
        columns.push_household(i as i64 + 1, village, None);
    }
    let texts = [None; MEMBER_ATTRIBUTES];
    let people = [
        (1, "1950-01-01"),
        (2, "1990-01-01"),
        (2, "2000-01-01"),
        (4, "1940-01-01"),
    ];
    for (household_id, born) in people {
        columns.push_member(&MemberRow {
            household_id,
            birth_date: born,
            texts,
        });
    }
    columns.finish();
    let (national, entering, leaving) = tally(&columns, &rule, &current, None);
    assert_eq!(
        (national.eligible, national.entering, national.leaving),
        (2, 2, 1)
    );
    let regions: Vec<&str> = national
        .by_region
        .iter()
        .map(|g| g.region.as_str())
        .collect();
    assert_eq!(regions, ["31", "32"]);
    assert_eq!((entering, leaving), (vec![0, 3], vec![1]));
    let jakarta = RegionCode::parse("31").expect("code");
    let (by_city, _, _) = tally(&columns, &rule, &current, Some(&jakarta));
    let regions: Vec<&str> = by_city
        .by_region
        .iter()
        .map(|g| g.region.as_str())
        .collect();
    // Bandung (32.73) lies outside Jakarta: neither counted nor listed.
    assert_eq!(regions, ["31.71", "31.75"]);
    assert_eq!(
        (by_city.eligible, by_city.entering, by_city.leaving),
        (1, 1, 1)
    );
}
