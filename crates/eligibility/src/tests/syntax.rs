//! Each construct parses to the tree it names and prints back canonically.

use super::compile;
use crate::ast::{CompareOp, ExprKind, Quantifier};
use crate::parse;

fn canonical(source: &str) -> String {
    parse(source).unwrap().to_string()
}

#[test]
fn and_binds_tighter_than_or_and_not_tighter_than_and() {
    let expr = parse("a or b and not c").unwrap();
    let ExprKind::Or(items) = &expr.kind else {
        panic!("{expr:?}")
    };
    assert!(matches!(items[0].kind, ExprKind::Name(ref n) if n == "a"));
    let ExprKind::And(inner) = &items[1].kind else {
        panic!("{expr:?}")
    };
    assert!(matches!(inner[1].kind, ExprKind::Not(_)));
}

#[test]
fn chains_of_and_and_or_are_flat_lists() {
    let expr = parse("a and b and c").unwrap();
    assert!(matches!(&expr.kind, ExprKind::And(items) if items.len() == 3));
    assert_eq!(canonical("(a and b) and c"), "(a and b) and c");
    assert_eq!(canonical("a and (b or c)"), "a and (b or c)");
    assert_eq!(canonical("(a or b)"), "a or b");
}

#[test]
fn comparisons_take_every_operator() {
    for (text, op) in [
        ("<", CompareOp::Lt),
        ("<=", CompareOp::Le),
        (">", CompareOp::Gt),
        (">=", CompareOp::Ge),
        ("=", CompareOp::Eq),
        ("!=", CompareOp::Ne),
        ("≤", CompareOp::Le),
        ("≥", CompareOp::Ge),
        ("≠", CompareOp::Ne),
        ("==", CompareOp::Eq),
    ] {
        let expr = parse(&format!("desil {text} 4")).unwrap();
        let ExprKind::Compare { op: found, .. } = expr.kind else {
            panic!()
        };
        assert_eq!(found, op, "{text}");
        assert_eq!(expr.to_string(), format!("desil {} 4", op.symbol()));
    }
}

#[test]
fn indonesian_aliases_and_any_case_print_as_english_keywords() {
    assert_eq!(canonical("a DAN b atau BUKAN c"), "a and b or not c");
    assert_eq!(canonical("ANY(Anggota, pregnant)"), "any(member, pregnant)");
    assert_eq!(canonical("x = TRUE"), "x = true");
}

#[test]
fn literals_print_canonically() {
    assert_eq!(canonical("x = -5"), "x = -5");
    assert_eq!(canonical("x = - 2.50"), "x = -2.5");
    assert_eq!(canonical("x = 0.125"), "x = 0.125");
    assert_eq!(canonical("x = 2.1250"), "x = 2.1250");
    assert_eq!(canonical("x = 1500000"), "x = 1500000");
    assert_eq!(
        canonical(r#"roof = "seng \"baru\" \\""#),
        r#"roof = "seng \"baru\" \\""#
    );
}

#[test]
fn functions_and_lists_parse() {
    let expr = parse("count(member)").unwrap();
    let ExprKind::Quantifier {
        quantifier,
        condition,
    } = expr.kind
    else {
        panic!()
    };
    assert_eq!((quantifier, condition), (Quantifier::Count, None));
    assert_eq!(
        canonical("count( member ,age>=60)>=1"),
        "count(member, age >= 60) >= 1"
    );
    assert_eq!(canonical("in_region( \"31.75\" )"), "in_region(\"31.75\")");
    assert_eq!(canonical("enrolled(\"PKH\")"), "enrolled(\"PKH\")");
    assert_eq!(canonical("desil in [1,2, -3]"), "desil in [1, 2, -3]");
    assert_eq!(canonical("roof in [\"seng\"]"), "roof in [\"seng\"]");
}

#[test]
fn parentheses_are_kept_only_where_the_structure_needs_them() {
    assert_eq!(canonical("((desil)) <= (4)"), "desil <= 4");
    assert_eq!(canonical("not (not pregnant)"), "not not pregnant");
    assert_eq!(canonical("not (a and b)"), "not (a and b)");
    assert_eq!(canonical("(a = b) = c"), "(a = b) = c");
    assert_eq!(canonical("not a = b"), "not a = b");
    assert_eq!(canonical("(x in [1]) = true"), "(x in [1]) = true");
}

#[test]
fn comments_and_line_breaks_are_dropped_from_the_canonical_text() {
    let source =
        "# PKH: keluarga miskin dengan anak kecil\ndesil <= 4 # desil\n  and any(member, age < 6)";
    assert_eq!(canonical(source), "desil <= 4 and any(member, age < 6)");
}

#[test]
fn the_documented_examples_compile_and_print_as_written() {
    for source in [
        "desil <= 4 and any(member, age < 6 or pregnant) and not enrolled(\"KJP_PLUS\")",
        "count(member, age >= 60) >= 1 and in_region(\"31.75\")",
    ] {
        assert_eq!(compile(source).to_string(), source);
    }
}
