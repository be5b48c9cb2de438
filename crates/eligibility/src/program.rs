//! A checked rule in the form it is evaluated in: names resolved to indices, types settled,
//! so evaluation is a walk over a small tree with no string lookup, no allocation and no
//! loop but the one over a household's members.

use crate::ast::CompareOp;
use crate::facts::Facts;

/// A condition: true or false for a household (or, inside a quantifier, for one member).
#[derive(Debug, Clone)]
pub(crate) enum Cond {
    Const(bool),
    And(Box<[Cond]>),
    Or(Box<[Cond]>),
    Not(Box<Cond>),
    HouseholdFlag(usize),
    MemberFlag(usize),
    Numbers(CompareOp, Num, Num),
    Texts(CompareOp, Text, Text),
    /// `=`/`!=` between two true/false values; a missing flag makes it false.
    Flags(CompareOp, Box<Cond>, Box<Cond>),
    NumberIn(Num, Box<[f64]>),
    TextIn(Text, Box<[Box<str>]>),
    FlagIn(Box<Cond>, Box<[bool]>),
    Any(Box<Cond>),
    All(Box<Cond>),
    InRegion(Box<str>),
    Enrolled(usize),
}

#[derive(Debug, Clone)]
pub(crate) enum Num {
    Const(f64),
    Household(usize),
    Member(usize),
    /// Members for whom the condition holds; `None` counts them all.
    Count(Option<Box<Cond>>),
}

#[derive(Debug, Clone)]
pub(crate) enum Text {
    Const(Box<str>),
    Household(usize),
    Member(usize),
}

impl Cond {
    /// Whether the condition holds, `member` being the member a quantifier is visiting
    /// (unused outside quantifiers).
    pub(crate) fn holds<F: Facts + ?Sized>(&self, facts: &F, member: usize) -> bool {
        match self {
            Self::Const(b) => *b,
            Self::And(items) => items.iter().all(|c| c.holds(facts, member)),
            Self::Or(items) => items.iter().any(|c| c.holds(facts, member)),
            Self::Not(inner) => !inner.holds(facts, member),
            Self::HouseholdFlag(_) | Self::MemberFlag(_) => self.value(facts, member) == Some(true),
            Self::Numbers(op, left, right) => {
                match (left.value(facts, member), right.value(facts, member)) {
                    (Some(l), Some(r)) => compare(*op, l.partial_cmp(&r)),
                    _ => false,
                }
            }
            Self::Texts(op, left, right) => {
                match (left.value(facts, member), right.value(facts, member)) {
                    (Some(l), Some(r)) => compare(*op, Some(l.cmp(r))),
                    _ => false,
                }
            }
            Self::Flags(op, left, right) => {
                match (left.value(facts, member), right.value(facts, member)) {
                    (Some(l), Some(r)) => compare(*op, Some(l.cmp(&r))),
                    _ => false,
                }
            }
            Self::NumberIn(value, set) => {
                value.value(facts, member).is_some_and(|v| set.contains(&v))
            }
            Self::TextIn(value, set) => value
                .value(facts, member)
                .is_some_and(|v| set.iter().any(|s| &**s == v)),
            Self::FlagIn(value, set) => {
                value.value(facts, member).is_some_and(|v| set.contains(&v))
            }
            Self::Any(inner) => (0..facts.member_count()).any(|m| inner.holds(facts, m)),
            Self::All(inner) => (0..facts.member_count()).all(|m| inner.holds(facts, m)),
            Self::InRegion(prefix) => within(facts.region(), prefix),
            Self::Enrolled(programme) => facts.enrolled(*programme),
        }
    }

    /// The value as an operand of `=`/`!=`/`in`: a flag may be missing, anything else is
    /// known.
    fn value<F: Facts + ?Sized>(&self, facts: &F, member: usize) -> Option<bool> {
        match self {
            Self::HouseholdFlag(attribute) => facts.flag(*attribute),
            Self::MemberFlag(attribute) => facts.member_flag(member, *attribute),
            other => Some(other.holds(facts, member)),
        }
    }
}

impl Num {
    fn value<F: Facts + ?Sized>(&self, facts: &F, member: usize) -> Option<f64> {
        let value = match self {
            Self::Const(n) => Some(*n),
            Self::Household(attribute) => facts.number(*attribute),
            Self::Member(attribute) => facts.member_number(member, *attribute),
            Self::Count(None) => Some(facts.member_count() as f64),
            Self::Count(Some(cond)) => {
                let count = (0..facts.member_count())
                    .filter(|m| cond.holds(facts, *m))
                    .count();
                Some(count as f64)
            }
        };
        value.filter(|n| !n.is_nan())
    }
}

impl Text {
    fn value<'a, F: Facts + ?Sized>(&'a self, facts: &'a F, member: usize) -> Option<&'a str> {
        match self {
            Self::Const(text) => Some(text),
            Self::Household(attribute) => facts.text(*attribute),
            Self::Member(attribute) => facts.member_text(member, *attribute),
        }
    }
}

fn compare(op: CompareOp, ordering: Option<std::cmp::Ordering>) -> bool {
    use std::cmp::Ordering::{Equal, Greater, Less};
    match (op, ordering) {
        (_, None) => false,
        (CompareOp::Lt, Some(o)) => o == Less,
        (CompareOp::Le, Some(o)) => o != Greater,
        (CompareOp::Gt, Some(o)) => o == Greater,
        (CompareOp::Ge, Some(o)) => o != Less,
        (CompareOp::Eq, Some(o)) => o == Equal,
        (CompareOp::Ne, Some(o)) => o != Equal,
    }
}

/// Whether `region` lies within `prefix`: equal to it, or continuing it after a dot, so
/// that `31.7` never takes in `31.75` (the prefix's shape is checked when the rule is).
pub(crate) fn within(region: &str, prefix: &str) -> bool {
    region
        .strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}
