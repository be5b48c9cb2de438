//! Type-checks a syntax tree against the schema and compiles it to a [`Cond`]. Every error
//! found is kept (an operand that fails does not stop its siblings from being checked), so
//! one save reports all of them.

use crate::ast::{CompareOp, Expr, ExprKind, Quantifier};
use crate::error::{BooleanContext, Error, ErrorKind};
use crate::program::{Cond, Num, Text};
use crate::schema::{Schema, Scope, Type};

/// A checked subexpression, by type.
enum Typed {
    Bool(Cond),
    Number(Num),
    Text(Text),
}

impl Typed {
    fn kind(&self) -> Type {
        match self {
            Self::Bool(_) => Type::Boolean,
            Self::Number(_) => Type::Number,
            Self::Text(_) => Type::Text,
        }
    }
}

/// Checks the whole rule, which must be true or false.
pub(crate) fn check(expr: &Expr, schema: &Schema) -> Result<Cond, Vec<Error>> {
    let mut checker = Checker {
        schema,
        errors: Vec::new(),
    };
    let cond = checker.boolean(expr, false, BooleanContext::Rule);
    match cond {
        Some(cond) if checker.errors.is_empty() => Ok(cond),
        _ => Err(checker.errors),
    }
}

struct Checker<'s> {
    schema: &'s Schema,
    errors: Vec<Error>,
}

/// Whether a region code has the Kemendagri shape: 2 digits, then optionally .2, .2, .4.
pub(crate) fn is_region_code(code: &str) -> bool {
    const SEGMENT_DIGITS: [usize; 4] = [2, 2, 2, 4];
    let segments: Vec<&str> = code.split('.').collect();
    segments.len() <= SEGMENT_DIGITS.len()
        && segments
            .iter()
            .zip(SEGMENT_DIGITS)
            .all(|(segment, digits)| {
                segment.len() == digits && segment.bytes().all(|b| b.is_ascii_digit())
            })
}

impl Checker<'_> {
    fn fail<T>(&mut self, expr: &Expr, kind: ErrorKind) -> Option<T> {
        self.errors.push(Error::new(expr.span, kind));
        None
    }

    fn boolean(&mut self, expr: &Expr, in_member: bool, context: BooleanContext) -> Option<Cond> {
        match self.typed(expr, in_member)? {
            Typed::Bool(cond) => Some(cond),
            other => {
                let found = other.kind();
                self.fail(expr, ErrorKind::NotBoolean { context, found })
            }
        }
    }

    fn typed(&mut self, expr: &Expr, in_member: bool) -> Option<Typed> {
        let cond = match &expr.kind {
            ExprKind::Or(items) => Cond::Or(self.operands(items, in_member)?),
            ExprKind::And(items) => Cond::And(self.operands(items, in_member)?),
            ExprKind::Not(inner) => {
                let inner = self.boolean(inner, in_member, BooleanContext::Operand)?;
                Cond::Not(Box::new(inner))
            }
            ExprKind::Compare { op, left, right } => {
                self.compare(expr, *op, left, right, in_member)?
            }
            ExprKind::In { value, items } => self.member_of(value, items, in_member)?,
            ExprKind::Number(n) => return Some(Typed::Number(Num::Const(*n))),
            ExprKind::Text(text) => return Some(Typed::Text(Text::Const(text.as_str().into()))),
            ExprKind::Boolean(b) => Cond::Const(*b),
            ExprKind::Name(name) => return self.name(expr, name, in_member),
            ExprKind::Quantifier {
                quantifier,
                condition,
            } => return self.quantifier(expr, *quantifier, condition.as_deref(), in_member),
            ExprKind::InRegion(code) => {
                if !is_region_code(code) {
                    return self.fail(expr, ErrorKind::BadRegionCode(code.clone()));
                }
                Cond::InRegion(code.as_str().into())
            }
            ExprKind::Enrolled(code) => match self.schema.programme_index(code) {
                Some(index) => Cond::Enrolled(index),
                None => {
                    let known = self.schema.programmes().iter().map(|p| p.code.clone());
                    let kind = ErrorKind::UnknownProgramme {
                        code: code.clone(),
                        known: known.collect(),
                    };
                    return self.fail(expr, kind);
                }
            },
        };
        Some(Typed::Bool(cond))
    }

    /// Checks every operand of `and`/`or`, reporting each failure, before giving up.
    fn operands(&mut self, items: &[Expr], in_member: bool) -> Option<Box<[Cond]>> {
        let checked: Vec<Option<Cond>> = items
            .iter()
            .map(|item| self.boolean(item, in_member, BooleanContext::Operand))
            .collect();
        checked.into_iter().collect()
    }

    fn name(&mut self, expr: &Expr, name: &str, in_member: bool) -> Option<Typed> {
        let Some(resolved) = self.schema.resolve(name) else {
            let suggestion = self.schema.closest(name);
            let name = name.to_owned();
            return self.fail(expr, ErrorKind::UnknownAttribute { name, suggestion });
        };
        let index = resolved.index;
        let member = match resolved.scope {
            Scope::Member if !in_member => {
                return self.fail(expr, ErrorKind::MemberOutsideQuantifier(name.to_owned()));
            }
            Scope::Member => true,
            Scope::Household => false,
        };
        Some(match (resolved.kind, member) {
            (Type::Number, false) => Typed::Number(Num::Household(index)),
            (Type::Number, true) => Typed::Number(Num::Member(index)),
            (Type::Text, false) => Typed::Text(Text::Household(index)),
            (Type::Text, true) => Typed::Text(Text::Member(index)),
            (Type::Boolean, false) => Typed::Bool(Cond::HouseholdFlag(index)),
            (Type::Boolean, true) => Typed::Bool(Cond::MemberFlag(index)),
        })
    }

    fn quantifier(
        &mut self,
        expr: &Expr,
        quantifier: Quantifier,
        condition: Option<&Expr>,
        in_member: bool,
    ) -> Option<Typed> {
        if in_member {
            return self.fail(expr, ErrorKind::NestedQuantifier);
        }
        let condition = match condition {
            Some(c) => Some(self.boolean(c, true, BooleanContext::Condition)?),
            None => None,
        };
        Some(match (quantifier, condition) {
            (Quantifier::Count, condition) => Typed::Number(Num::Count(condition.map(Box::new))),
            (Quantifier::Any, Some(c)) => Typed::Bool(Cond::Any(Box::new(c))),
            (Quantifier::All, Some(c)) => Typed::Bool(Cond::All(Box::new(c))),
            // The parser gives only `count` an empty condition; for the others, no member
            // condition means none to satisfy.
            (Quantifier::Any, None) => Typed::Bool(Cond::Any(Box::new(Cond::Const(true)))),
            (Quantifier::All, None) => Typed::Bool(Cond::All(Box::new(Cond::Const(true)))),
        })
    }

    fn compare(
        &mut self,
        expr: &Expr,
        op: CompareOp,
        left: &Expr,
        right: &Expr,
        in_member: bool,
    ) -> Option<Cond> {
        let left = self.typed(left, in_member);
        let right = self.typed(right, in_member);
        match (left?, right?) {
            (Typed::Number(l), Typed::Number(r)) => Some(Cond::Numbers(op, l, r)),
            (Typed::Text(l), Typed::Text(r)) => Some(Cond::Texts(op, l, r)),
            (Typed::Bool(l), Typed::Bool(r)) if op.is_equality() => {
                Some(Cond::Flags(op, Box::new(l), Box::new(r)))
            }
            (Typed::Bool(_), Typed::Bool(_)) => self.fail(expr, ErrorKind::BooleanOrdered),
            (l, r) => {
                let (left, right) = (l.kind(), r.kind());
                self.fail(expr, ErrorKind::TypeMismatch { left, right })
            }
        }
    }

    fn member_of(&mut self, value: &Expr, items: &[Expr], in_member: bool) -> Option<Cond> {
        let value = self.typed(value, in_member)?;
        let expected = value.kind();
        let mut ok = true;
        for item in items {
            let found = literal_type(item);
            if found != expected {
                ok = false;
                let kind = ErrorKind::TypeMismatch {
                    left: expected,
                    right: found,
                };
                self.errors.push(Error::new(item.span, kind));
            }
        }
        if !ok {
            return None;
        }
        Some(match value {
            Typed::Number(v) => Cond::NumberIn(v, items.iter().filter_map(number).collect()),
            Typed::Text(v) => Cond::TextIn(v, items.iter().filter_map(text).collect()),
            Typed::Bool(v) => Cond::FlagIn(Box::new(v), items.iter().filter_map(flag).collect()),
        })
    }
}

fn literal_type(item: &Expr) -> Type {
    match item.kind {
        ExprKind::Text(_) => Type::Text,
        ExprKind::Boolean(_) => Type::Boolean,
        _ => Type::Number,
    }
}

fn number(item: &Expr) -> Option<f64> {
    match item.kind {
        ExprKind::Number(n) => Some(n),
        _ => None,
    }
}

fn text(item: &Expr) -> Option<Box<str>> {
    match &item.kind {
        ExprKind::Text(t) => Some(t.as_str().into()),
        _ => None,
    }
}

fn flag(item: &Expr) -> Option<bool> {
    match item.kind {
        ExprKind::Boolean(b) => Some(b),
        _ => None,
    }
}
