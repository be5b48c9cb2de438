//! The syntax tree of a rule as written, and its canonical printing: `Display` writes the
//! normalised source (English keywords, one space around operators, only the parentheses
//! the structure needs), and parsing that text gives back the same tree.

use std::fmt;

use crate::error::Span;

/// A node of the tree with its position in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// Two or more operands.
    Or(Vec<Expr>),
    /// Two or more operands.
    And(Vec<Expr>),
    Not(Box<Expr>),
    Compare {
        op: CompareOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// `value in [item, …]`; every item is a literal.
    In {
        value: Box<Expr>,
        items: Vec<Expr>,
    },
    Number(f64),
    Text(String),
    Boolean(bool),
    Name(String),
    /// `any(member, cond)`, `all(member, cond)`, `count(member, cond)`; only `count` may
    /// omit the condition (`count(member)`, the number of members).
    Quantifier {
        quantifier: Quantifier,
        condition: Option<Box<Expr>>,
    },
    InRegion(String),
    Enrolled(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl CompareOp {
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Gt => ">",
            Self::Ge => ">=",
            Self::Eq => "=",
            Self::Ne => "!=",
        }
    }

    pub(crate) fn is_equality(self) -> bool {
        matches!(self, Self::Eq | Self::Ne)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quantifier {
    Any,
    All,
    Count,
}

impl Quantifier {
    pub fn keyword(self) -> &'static str {
        match self {
            Self::Any => "any",
            Self::All => "all",
            Self::Count => "count",
        }
    }
}

/// How tightly a node binds when printed, loosest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Or,
    And,
    Not,
    Compare,
    Atom,
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Self {
        Self { kind, span }
    }

    fn level(&self) -> Level {
        match &self.kind {
            ExprKind::Or(_) => Level::Or,
            ExprKind::And(_) => Level::And,
            ExprKind::Not(_) => Level::Not,
            ExprKind::Compare { .. } | ExprKind::In { .. } => Level::Compare,
            _ => Level::Atom,
        }
    }

    /// Writes `self`, in parentheses unless it binds more tightly than `above`.
    fn write_operand(&self, f: &mut fmt::Formatter<'_>, above: Level) -> fmt::Result {
        if self.level() > above {
            write!(f, "{self}")
        } else {
            write!(f, "({self})")
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Or(items) => write_joined(f, items, " or ", Level::Or),
            ExprKind::And(items) => write_joined(f, items, " and ", Level::And),
            ExprKind::Not(inner) => {
                f.write_str("not ")?;
                // `not not x` needs no parentheses: `not` reads its operand at its own level.
                inner.write_operand(f, Level::And)
            }
            ExprKind::Compare { op, left, right } => {
                left.write_operand(f, Level::Compare)?;
                write!(f, " {} ", op.symbol())?;
                right.write_operand(f, Level::Compare)
            }
            ExprKind::In { value, items } => {
                value.write_operand(f, Level::Compare)?;
                f.write_str(" in [")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            ExprKind::Number(n) => write_number(f, *n),
            ExprKind::Text(text) => write_text(f, text),
            ExprKind::Boolean(b) => write!(f, "{b}"),
            ExprKind::Name(name) => f.write_str(name),
            ExprKind::Quantifier {
                quantifier,
                condition,
            } => match condition {
                Some(condition) => write!(f, "{}(member, {condition})", quantifier.keyword()),
                None => write!(f, "{}(member)", quantifier.keyword()),
            },
            ExprKind::InRegion(code) => {
                f.write_str("in_region(")?;
                write_text(f, code)?;
                f.write_str(")")
            }
            ExprKind::Enrolled(code) => {
                f.write_str("enrolled(")?;
                write_text(f, code)?;
                f.write_str(")")
            }
        }
    }
}

fn write_joined(
    f: &mut fmt::Formatter<'_>,
    items: &[Expr],
    sep: &str,
    level: Level,
) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        item.write_operand(f, level)?;
    }
    Ok(())
}

/// The shortest decimal that reads back as the same number. A fraction of exactly three
/// digits after a non-zero whole part gets a trailing zero (`2.1250`), because `2.125`
/// would be refused as a thousands separator.
pub(crate) fn write_number(f: &mut fmt::Formatter<'_>, n: f64) -> fmt::Result {
    let text = format!("{n}");
    match text.split_once('.') {
        Some((whole, fraction))
            if fraction.len() == 3 && whole.trim_start_matches('-').bytes().any(|b| b != b'0') =>
        {
            write!(f, "{text}0")
        }
        _ => f.write_str(&text),
    }
}

pub(crate) fn write_text(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in text.chars() {
        if c == '"' || c == '\\' {
            f.write_str("\\")?;
        }
        write!(f, "{c}")?;
    }
    f.write_str("\"")
}
