//! Every error the language reports, with its line and column and its messages.

use super::{errors, positions, schema};
use crate::{Error, ErrorKind, Lang, MAX_DEPTH, MAX_SOURCE_CHARS, Rule, Type};

fn only(source: &str) -> Error {
    let errors = errors(source).into_vec();
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.into_iter().next().unwrap()
}

#[test]
fn errors_are_equal_only_at_the_same_position() {
    let first = errors("x and y").into_vec();
    assert_eq!(first.len(), 2);
    assert_eq!(
        first[0].kind,
        ErrorKind::UnknownAttribute {
            name: "x".into(),
            suggestion: None
        }
    );
    assert_eq!(first[0], errors("x").into_vec()[0]);
    assert_ne!(first[0], errors(" x").into_vec()[0]);
}

#[test]
fn an_unknown_attribute_is_named_with_a_suggestion() {
    let error = only("desil <= 4 and\n  Age < 6");
    assert_eq!(
        (error.line(), error.column(), error.code()),
        (2, 3, "unknown-attribute")
    );
    assert_eq!(
        error.message(Lang::Id),
        "atribut \"Age\" tidak dikenal; maksudnya \"age\"?"
    );
    assert_eq!(
        error.message(Lang::En),
        "unknown attribute \"Age\"; did you mean \"age\"?"
    );
    assert_eq!(
        error.describe(Lang::Id),
        "baris 2, kolom 3: atribut \"Age\" tidak dikenal; maksudnya \"age\"?"
    );
    assert_eq!(positions("wealth > 2"), vec![(1, 1, "unknown-attribute")]);
}

#[test]
fn a_member_attribute_outside_a_quantifier_is_refused() {
    let error = only("desil <= 4 and age < 6");
    assert_eq!((error.line(), error.column()), (1, 16));
    assert_eq!(error.kind, ErrorKind::MemberOutsideQuantifier("age".into()));
    assert!(error.message(Lang::Id).contains("any(member, …)"));
}

#[test]
fn nested_quantifiers_are_refused() {
    assert_eq!(
        positions("any(member, count(member, pregnant) > 1)"),
        vec![(1, 13, "nested-quantifier")]
    );
}

#[test]
fn a_number_compared_with_text_is_refused() {
    let error = only("desil = \"4\"");
    assert_eq!((error.line(), error.column()), (1, 1));
    assert_eq!(
        error.kind,
        ErrorKind::TypeMismatch {
            left: Type::Number,
            right: Type::Text
        }
    );
    assert_eq!(
        error.message(Lang::Id),
        "angka tidak dapat dibandingkan dengan teks"
    );
    assert_eq!(
        positions("desil in [1, \"2\", true]"),
        vec![(1, 14, "type-mismatch"), (1, 19, "type-mismatch")]
    );
}

#[test]
fn booleans_compare_only_for_equality() {
    assert_eq!(
        positions("has_land < true"),
        vec![(1, 1, "boolean-ordered")]
    );
    assert!(Rule::compile("has_land = false", &schema()).is_ok());
}

#[test]
fn an_unknown_programme_lists_the_known_ones() {
    let error = only("not enrolled(\"KJP\")");
    assert_eq!(
        (error.line(), error.column(), error.code()),
        (1, 5, "unknown-programme")
    );
    assert_eq!(
        error.message(Lang::Id),
        "program \"KJP\" tidak dikenal; yang ada: PKH, SEMBAKO, KJP_PLUS"
    );
}

#[test]
fn a_region_code_of_the_wrong_shape_is_refused() {
    for good in ["31", "31.75", "31.75.07", "31.75.07.1003"] {
        assert!(
            Rule::compile(&format!("in_region(\"{good}\")"), &schema()).is_ok(),
            "{good}"
        );
    }
    for bad in [
        "",
        "3",
        "317",
        "31.7",
        "31.75.7",
        "31.75.07.100",
        "31.75.07.1003.1",
        "ab",
    ] {
        let error = only(&format!("in_region(\"{bad}\")"));
        assert_eq!(error.kind, ErrorKind::BadRegionCode(bad.into()), "{bad}");
        assert_eq!(error.column(), 1);
    }
}

#[test]
fn a_rule_that_is_not_true_or_false_is_refused() {
    assert_eq!(positions("desil"), vec![(1, 1, "not-boolean")]);
    assert_eq!(positions("count(member)"), vec![(1, 1, "not-boolean")]);
    assert_eq!(
        positions("pregnant"),
        vec![(1, 1, "member-outside-quantifier")]
    );
    assert_eq!(
        positions("has_land and \"ya\""),
        vec![(1, 14, "not-boolean")]
    );
    assert_eq!(positions("any(member, age)"), vec![(1, 13, "not-boolean")]);
    let error = only("not 4");
    assert_eq!(
        error.message(Lang::En),
        "an operand of and/or/not must be true or false, but this is a number"
    );
}

#[test]
fn several_errors_are_reported_in_source_order() {
    let source = "desil = \"4\" and\nage < 6 and enrolled(\"BLT\")\n  and rooof = \"seng\"";
    assert_eq!(
        positions(source),
        vec![
            (1, 1, "type-mismatch"),
            (2, 1, "member-outside-quantifier"),
            (2, 13, "unknown-programme"),
            (3, 7, "unknown-attribute"),
        ]
    );
}

#[test]
fn syntax_errors_name_what_was_expected() {
    let cases: [(&str, (u32, u32, &str)); 12] = [
        ("", (1, 1, "empty")),
        ("  # only a comment", (1, 19, "empty")),
        ("desil <=", (1, 9, "unexpected")),
        ("desil <= 4 4", (1, 12, "unexpected")),
        ("(desil <= 4", (1, 12, "unexpected")),
        ("any(pregnant)", (1, 5, "unexpected")),
        ("any(member pregnant)", (1, 12, "unexpected")),
        ("enrolled(PKH)", (1, 10, "unexpected")),
        ("desil in []", (1, 11, "unexpected")),
        ("desil in [1, desil]", (1, 14, "unexpected")),
        ("x and and y", (1, 7, "unexpected")),
        ("owns(\"land\")", (1, 1, "unknown-function")),
    ];
    for (source, expected) in cases {
        assert_eq!(positions(source), vec![expected], "{source}");
    }
    let error = only("desil <= 4 4");
    assert_eq!(
        error.message(Lang::Id),
        "di sini diharapkan and, or, tanda pembanding atau akhir aturan, tetapi tertulis \"4\""
    );
    assert_eq!(
        only("desil <=").message(Lang::En),
        "expected a value (attribute, number, text, function or parenthesis) here, found the \
         end of the rule"
    );
}

#[test]
fn lexical_errors_carry_their_position() {
    assert_eq!(
        positions("income < 1.500.000"),
        vec![(1, 10, "thousands-separator")]
    );
    assert_eq!(
        positions("roof = \"seng"),
        vec![(1, 8, "unterminated-text")]
    );
    assert_eq!(
        positions("desil <= 4 &&"),
        vec![(1, 12, "unexpected-character")]
    );
}

#[test]
fn a_source_too_long_is_refused_at_the_first_character_past_the_limit() {
    let long = format!(
        "desil <= 4 or\n{}",
        "has_land or ".repeat(MAX_SOURCE_CHARS / 10)
    );
    let error = only(&long);
    assert_eq!(error.code(), "too-long");
    assert_eq!(
        (error.line(), error.column()),
        (2, MAX_SOURCE_CHARS as u32 - 13)
    );
    assert!(error.message(Lang::Id).contains("4.000 karakter"));
}

#[test]
fn nesting_deeper_than_the_limit_is_refused_with_position() {
    let ok = format!("{}has_land{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert!(Rule::compile(&ok, &schema()).is_ok());
    let deep = format!(
        "{}has_land{}",
        "(".repeat(MAX_DEPTH + 1),
        ")".repeat(MAX_DEPTH + 1)
    );
    assert_eq!(
        positions(&deep),
        vec![(1, MAX_DEPTH as u32 + 1, "too-deep")]
    );
    let nots = format!("{}has_land", "not ".repeat(MAX_DEPTH + 1));
    assert_eq!(
        positions(&nots),
        vec![(1, 4 * MAX_DEPTH as u32 + 1, "too-deep")]
    );
    // Far deeper than any stack allows still fails cleanly.
    let abyss = "(".repeat(3_999);
    assert_eq!(positions(&abyss)[0].2, "too-deep");
}

#[test]
fn every_error_has_a_message_in_both_languages() {
    let sources = [
        "",
        "x <",
        "\"a",
        "\"\\n\"",
        "1.500",
        "&",
        &"9".repeat(400),
        "desil",
        "not desil",
        "desil = \"a\"",
        "has_land > true",
        "rooof",
        "age",
        "any(member, any(member, true))",
        "in_region(\"3\")",
        "enrolled(\"X\")",
        "owns()",
    ];
    for source in sources {
        for error in errors(source) {
            let (id, en) = (error.message(Lang::Id), error.message(Lang::En));
            assert!(
                !id.is_empty() && !en.is_empty() && id != en,
                "{source}: {id} / {en}"
            );
        }
    }
}

#[test]
fn comparisons_do_not_chain() {
    assert_eq!(positions("1 < desil < 5"), vec![(1, 11, "unexpected")]);
    assert_eq!(positions("(1 < desil < 5)"), vec![(1, 12, "unexpected")]);
}

#[test]
fn the_deepest_rule_allowed_compiles_evaluates_prints_and_reads_aloud() {
    // Four levels at the bottom (not, any, not, parenthesis), then two per level above
    // (not, parenthesis), with `and` and `or` between.
    let mut source = "not any(member, not (age < 6 or pregnant))".to_owned();
    for level in 0..(MAX_DEPTH - 4) / 2 {
        let joiner = if level % 2 == 0 { "and" } else { "or" };
        source = format!("not (has_land {joiner} {source})");
    }
    let rule = super::compile(&source);
    let household = super::household(vec![super::member(Some(3.0), None)]);
    let _ = rule.evaluate(&household);
    let _ = rule.explain_words(&household, Lang::Id);
    assert!(rule.words(Lang::En).len() > source.len());
    assert_eq!(crate::parse(&rule.to_string()).unwrap(), *rule.expr());
    let one_more = format!("not ({source})");
    assert_eq!(positions(&one_more)[0].2, "too-deep");
}
