//! Evaluation of each construct, missing values included, and the explanation by clause.

use super::{Household, Value, compile, household, member};
use crate::{ClauseOutcome, Lang};

fn holds(source: &str, household: &Household) -> bool {
    compile(source).evaluate(household)
}

fn family() -> Household {
    household(vec![
        member(Some(34.0), Some(true)),
        member(Some(4.0), Some(false)),
    ])
}

#[test]
fn comparisons_on_numbers_text_and_booleans() {
    let h = family();
    for (source, expected) in [
        ("desil <= 4", true),
        ("desil < 3", false),
        (
            "desil >= 3 and desil > 2.5 and desil = 3 and desil != 4",
            true,
        ),
        ("income < 1500000", true),
        ("4 >= desil", true),
        ("roof = \"genteng\"", true),
        ("roof != \"genteng\"", false),
        ("roof < \"seng\"", true),
        ("has_land = false", true),
        ("has_land != false", false),
        ("has_land", false),
        ("not has_land", true),
        ("(desil = 3) = true", true),
        ("desil in [1, 2, 3]", true),
        ("desil in [4, 5]", false),
        ("roof in [\"seng\", \"genteng\"]", true),
        ("has_land in [false]", true),
        ("true", true),
        ("false or desil = 3", true),
    ] {
        assert_eq!(holds(source, &h), expected, "{source}");
    }
}

#[test]
fn quantifiers_visit_every_member() {
    let h = family();
    for (source, expected) in [
        ("any(member, age < 6)", true),
        ("any(member, age < 6 and pregnant)", false),
        ("all(member, age < 60)", true),
        ("all(member, pregnant)", false),
        ("count(member) = 2", true),
        ("count(member, age >= 18) >= 1", true),
        ("count(member, age >= 18) > 1", false),
        ("any(member, age < 6 and desil <= 4)", true),
        ("any(member, school = \"SD\")", true),
        ("count(member, not pregnant) = 1", true),
    ] {
        assert_eq!(holds(source, &h), expected, "{source}");
    }
}

#[test]
fn a_household_without_members_has_none_to_satisfy_any_and_all_of_none_to_fail() {
    let h = household(vec![]);
    assert!(!holds("any(member, age < 6)", &h));
    assert!(holds("all(member, age < 6)", &h));
    assert!(holds("count(member, age < 6) = 0", &h));
}

#[test]
fn regions_match_whole_segments_of_the_code() {
    let h = family();
    for (source, expected) in [
        ("in_region(\"31\")", true),
        ("in_region(\"31.75\")", true),
        ("in_region(\"31.75.07\")", true),
        ("in_region(\"31.75.07.1003\")", true),
        ("in_region(\"31.74\")", false),
        ("in_region(\"32\")", false),
    ] {
        assert_eq!(holds(source, &h), expected, "{source}");
    }
    let mut odd = family();
    odd.region = "31.750".into();
    assert!(!holds("in_region(\"31.75\")", &odd));
}

#[test]
fn enrolment_is_read_by_programme_index() {
    let h = family();
    assert!(holds("enrolled(\"PKH\")", &h));
    assert!(!holds("enrolled(\"KJP_PLUS\")", &h));
    assert!(holds("not enrolled(\"SEMBAKO\")", &h));
}

#[test]
fn a_comparison_with_a_missing_value_is_false_whatever_the_operator() {
    let mut h = household(vec![member(None, None)]);
    h.values = vec![None, Some(Value::N(f64::NAN)), None, None];
    for source in [
        "desil <= 4",
        "desil > 4",
        "desil = 4",
        "desil != 4",
        "desil in [1, 2, 3, 4]",
        "income < 0",
        "income >= 0",
        "income != 1",
        "roof = \"seng\"",
        "roof != \"seng\"",
        "has_land",
        "has_land = false",
        "has_land != true",
        "has_land in [true, false]",
        "any(member, age < 6)",
        "any(member, age >= 6)",
        "any(member, pregnant)",
        "any(member, pregnant = false)",
        "count(member, age < 200) >= 1",
    ] {
        assert!(!holds(source, &h), "{source}");
    }
    // `not` turns the false of a missing comparison into true: the documented consequence.
    assert!(holds("not desil <= 4", &h));
    assert!(holds("not has_land", &h));
    assert!(holds("any(member, not pregnant)", &h));
}

#[test]
fn explain_reports_each_top_level_clause() {
    let rule = compile("desil <= 4 and any(member, age < 6 or pregnant) and not enrolled(\"PKH\")");
    let h = household(vec![member(Some(40.0), Some(false))]);
    let explanation = rule.explain(&h);
    assert!(!explanation.eligible);
    assert_eq!(
        explanation.clauses,
        vec![
            ClauseOutcome {
                index: 0,
                held: true
            },
            ClauseOutcome {
                index: 1,
                held: false
            },
            ClauseOutcome {
                index: 2,
                held: false
            },
        ]
    );
    assert_eq!(
        rule.explain_words(&h, Lang::Id),
        "desil kesejahteraan paling tinggi 4: ya; ada anggota keluarga yang berumur di bawah 6 \
         tahun atau sedang hamil: tidak; tidak terdaftar di PKH: tidak"
    );
    assert_eq!(
        rule.explain_words(&h, Lang::En),
        "welfare decile at most 4: yes; some household member is aged under 6 years or \
         pregnant: no; not enrolled in PKH: no"
    );
    assert_eq!(rule.clauses().len(), 3);
    assert_eq!(
        rule.clauses()[1].to_string(),
        "any(member, age < 6 or pregnant)"
    );
}

#[test]
fn a_rule_without_a_top_level_and_is_one_clause() {
    let rule = compile("desil <= 2 or any(member, pregnant)");
    let explanation = rule.explain(&family());
    assert!(explanation.eligible);
    assert_eq!(
        explanation.clauses,
        vec![ClauseOutcome {
            index: 0,
            held: true
        }]
    );
    assert!(rule.evaluate(&family()));
}
