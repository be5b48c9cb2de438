//! Property tests: no input panics the parser, generated well-typed trees print and parse
//! back to themselves, evaluation of generated rules over generated households never
//! panics, and `not not r` decides as `r` does.

use proptest::prelude::*;

use super::{Household, Value, compile, schema};
use crate::ast::{CompareOp, Expr, ExprKind, Quantifier};
use crate::{Lang, Rule, parse};

fn node(kind: ExprKind) -> Expr {
    Expr::new(kind, Default::default())
}

fn name(name: &'static str) -> Expr {
    node(ExprKind::Name(name.into()))
}

fn number_literal() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-1_000_000_000i64..1_000_000_000).prop_map(|n| n as f64),
        (-1.0e6..1.0e6f64),
        prop::sample::select(vec![0.0, -0.0, 0.125, 2.125, 1.5, 1e20, 1e-7, 123.456]),
    ]
}

fn text_literal() -> impl Strategy<Value = String> {
    prop::string::string_regex("[a-zA-Z0-9 \"\\\\é.,#()\\n-]{0,12}").unwrap()
}

fn compare_op() -> impl Strategy<Value = CompareOp> {
    prop::sample::select(vec![
        CompareOp::Lt,
        CompareOp::Le,
        CompareOp::Gt,
        CompareOp::Ge,
        CompareOp::Eq,
        CompareOp::Ne,
    ])
}

fn number(in_member: bool) -> BoxedStrategy<Expr> {
    let mut names = vec!["desil", "income"];
    if in_member {
        names.push("age");
    }
    let leaf = prop_oneof![
        number_literal().prop_map(|n| node(ExprKind::Number(n))),
        prop::sample::select(names).prop_map(name),
    ];
    if in_member {
        return leaf.boxed();
    }
    let count = prop::option::of(boolean(1, true)).prop_map(|condition| {
        node(ExprKind::Quantifier {
            quantifier: Quantifier::Count,
            condition: condition.map(Box::new),
        })
    });
    prop_oneof![3 => leaf, 1 => count].boxed()
}

fn text(in_member: bool) -> BoxedStrategy<Expr> {
    let names = if in_member {
        vec!["roof", "school"]
    } else {
        vec!["roof"]
    };
    prop_oneof![
        text_literal().prop_map(|t| node(ExprKind::Text(t))),
        prop::sample::select(names).prop_map(name),
    ]
    .boxed()
}

fn boolean_leaf(in_member: bool) -> BoxedStrategy<Expr> {
    let mut names = vec!["has_land"];
    if in_member {
        names.extend(["pregnant", "disabled"]);
    }
    let regions = vec!["31", "31.75", "31.75.07", "31.75.07.1003", "32.01"];
    prop_oneof![
        prop::sample::select(names).prop_map(name),
        any::<bool>().prop_map(|b| node(ExprKind::Boolean(b))),
        prop::sample::select(regions).prop_map(|c| node(ExprKind::InRegion(c.into()))),
        prop::sample::select(vec!["PKH", "SEMBAKO", "KJP_PLUS"])
            .prop_map(|c| node(ExprKind::Enrolled(c.into()))),
    ]
    .boxed()
}

fn compare(op: CompareOp, left: Expr, right: Expr) -> Expr {
    let (left, right) = (Box::new(left), Box::new(right));
    node(ExprKind::Compare { op, left, right })
}

fn comparison(in_member: bool) -> BoxedStrategy<Expr> {
    let equality = prop::sample::select(vec![CompareOp::Eq, CompareOp::Ne]);
    let numbers = prop::collection::vec(
        number_literal().prop_map(|n| node(ExprKind::Number(n))),
        1..4,
    );
    prop_oneof![
        (compare_op(), number(in_member), number(in_member)).prop_map(|(o, l, r)| compare(o, l, r)),
        (compare_op(), text(in_member), text(in_member)).prop_map(|(o, l, r)| compare(o, l, r)),
        (equality, boolean_leaf(in_member), boolean_leaf(in_member))
            .prop_map(|(o, l, r)| compare(o, l, r)),
        (number(in_member), numbers).prop_map(|(value, items)| {
            node(ExprKind::In {
                value: Box::new(value),
                items,
            })
        }),
    ]
    .boxed()
}

/// A well-typed condition, `depth` levels of `and`/`or`/`not`/quantifiers deep at most.
fn boolean(depth: u32, in_member: bool) -> BoxedStrategy<Expr> {
    let leaf = prop_oneof![boolean_leaf(in_member), comparison(in_member)];
    if depth == 0 {
        return leaf.boxed();
    }
    let inner = boolean(depth - 1, in_member);
    let mut options = vec![
        (3, leaf.boxed()),
        (
            1,
            prop::collection::vec(inner.clone(), 2..4)
                .prop_map(|i| node(ExprKind::And(i)))
                .boxed(),
        ),
        (
            1,
            prop::collection::vec(inner.clone(), 2..4)
                .prop_map(|i| node(ExprKind::Or(i)))
                .boxed(),
        ),
        (
            1,
            inner
                .clone()
                .prop_map(|i| node(ExprKind::Not(Box::new(i))))
                .boxed(),
        ),
    ];
    if !in_member {
        let quantified = (
            prop::sample::select(vec![Quantifier::Any, Quantifier::All]),
            boolean(depth - 1, true),
        )
            .prop_map(|(quantifier, c)| {
                node(ExprKind::Quantifier {
                    quantifier,
                    condition: Some(Box::new(c)),
                })
            });
        options.push((1, quantified.boxed()));
    }
    prop::strategy::Union::new_weighted(options).boxed()
}

fn member_values() -> impl Strategy<Value = Vec<Option<Value>>> {
    (
        prop::option::of(prop_oneof![(0.0..100.0f64), Just(f64::NAN)]),
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
        prop::option::of(prop::sample::select(vec!["SD", "SMP", "SMA"])),
    )
        .prop_map(|(age, pregnant, disabled, school)| {
            vec![
                age.map(Value::N),
                pregnant.map(Value::B),
                disabled.map(Value::B),
                school.map(|s| Value::T(s.into())),
            ]
        })
}

fn households() -> impl Strategy<Value = Household> {
    (
        prop::option::of(1.0..10.0f64),
        prop::option::of(prop_oneof![(0.0..1e7f64), Just(f64::NAN)]),
        prop::option::of(text_literal()),
        prop::option::of(any::<bool>()),
        prop::collection::vec(member_values(), 0..6),
        prop::sample::select(vec!["31.75.07.1003", "31.74.01.1001", "32.01", "", "x"]),
        prop::collection::vec(any::<bool>(), 3),
    )
        .prop_map(
            |(desil, income, roof, land, members, region, enrolled)| Household {
                values: vec![
                    desil.map(Value::N),
                    income.map(Value::N),
                    roof.map(Value::T),
                    land.map(Value::B),
                ],
                members,
                region: region.into(),
                enrolled,
            },
        )
}

/// Fragments that reach deep into the parser more often than random characters do.
fn fragments() -> impl Strategy<Value = String> {
    let pieces = vec![
        "desil",
        "age",
        "pregnant",
        "has_land",
        "roof",
        "(",
        ")",
        "[",
        "]",
        ",",
        " and ",
        " or ",
        "not ",
        "dan",
        "any(member,",
        "all(member, ",
        "count(member",
        "in_region(",
        "enrolled(",
        "\"PKH\"",
        "\"31.75\"",
        " in ",
        "<=",
        "=",
        "!=",
        "≥",
        "-",
        "1",
        "2.5",
        "1.500",
        "true",
        "\"x",
        "\\",
        " ",
        "\n",
        "#",
        "é",
        "\u{0}",
    ];
    prop::collection::vec(prop::sample::select(pieces), 0..40).prop_map(|p| p.concat())
}

fn check_total(source: &str) {
    let schema = schema();
    match Rule::compile(source, &schema) {
        Ok(rule) => {
            let printed = rule.to_string();
            assert_eq!(
                parse(&printed).unwrap(),
                *rule.expr(),
                "{source} → {printed}"
            );
            let _ = rule.words(Lang::Id);
        }
        Err(errors) => {
            for error in errors.as_slice() {
                assert!(error.line() >= 1 && error.column() >= 1, "{error:?}");
                assert!(error.span.start <= source.len(), "{error:?}");
                let _ = error.message(Lang::Id);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_strings_never_panic_the_parser(source in any::<String>()) {
        check_total(&source);
    }

    #[test]
    fn arbitrary_fragments_never_panic_the_parser(source in fragments()) {
        check_total(&source);
    }

    #[test]
    fn generated_rules_print_and_parse_back_to_the_same_tree(expr in boolean(3, false)) {
        let printed = expr.to_string();
        let parsed = parse(&printed);
        prop_assert_eq!(parsed.as_ref(), Ok(&expr), "{}", printed);
        let rule = Rule::compile(&printed, &schema());
        prop_assert!(rule.is_ok(), "{}: {:?}", printed, rule.err());
    }

    #[test]
    fn evaluating_generated_rules_never_panics_and_explain_agrees(
        expr in boolean(3, false),
        household in households(),
    ) {
        let rule = compile(&expr.to_string());
        let verdict = rule.evaluate(&household);
        let explanation = rule.explain(&household);
        prop_assert_eq!(explanation.eligible, verdict);
        prop_assert_eq!(explanation.clauses.len(), rule.clauses().len());
        prop_assert!(!rule.explain_words(&household, Lang::Id).is_empty());
        prop_assert!(!rule.words(Lang::En).is_empty());
    }

    #[test]
    fn not_not_r_decides_as_r(expr in boolean(3, false), household in households()) {
        let rule = compile(&expr.to_string());
        let twice = compile(&format!("not not ({expr})"));
        prop_assert_eq!(twice.evaluate(&household), rule.evaluate(&household));
        let once = compile(&format!("not ({expr})"));
        prop_assert_eq!(once.evaluate(&household), !rule.evaluate(&household));
    }
}
