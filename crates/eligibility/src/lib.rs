//! Eligibility rules for social-assistance programmes: a small declarative language that
//! officials write and read aloud, parsed and type-checked when saved, evaluated as a pure
//! function over one household's facts, explained clause by clause, and rendered in plain
//! Bahasa Indonesia or English.
//!
//! ```text
//! desil <= 4 and any(member, age < 6 or pregnant) and not enrolled("KJP_PLUS")
//! ```
//!
//! A value that is not recorded makes every comparison that reads it false (`x = 1`,
//! `x != 1`, `x in [1]` alike), and a bare flag that is not recorded counts as false;
//! `not` then makes the result true. The grammar, the types and the limits are in the
//! crate's README.
//!
//! ```
//! use eligibility::{Attribute, Facts, Lang, Programme, Rule, Schema};
//!
//! let schema = Schema::new(
//!     vec![Attribute::number("desil", "desil kesejahteraan").english("welfare decile")],
//!     vec![
//!         Attribute::number("age", "berumur").english("aged").unit("tahun", "years"),
//!         Attribute::boolean("pregnant", "sedang hamil").english("pregnant"),
//!     ],
//!     vec![Programme::new("PKH", "PKH"), Programme::new("KJP_PLUS", "KJP Plus")],
//! )?;
//! let rule = Rule::compile(
//!     "desil <= 4 and any(member, age < 6 or pregnant) and not enrolled(\"KJP_PLUS\")",
//!     &schema,
//! )?;
//!
//! /// A household of desil 3 with members aged 30 and 4, enrolled in nothing.
//! struct Household;
//!
//! impl Facts for Household {
//!     fn number(&self, _attribute: usize) -> Option<f64> { Some(3.0) }
//!     fn text(&self, _attribute: usize) -> Option<&str> { None }
//!     fn flag(&self, _attribute: usize) -> Option<bool> { None }
//!     fn member_count(&self) -> usize { 2 }
//!     fn member_number(&self, member: usize, _attribute: usize) -> Option<f64> {
//!         Some([30.0, 4.0][member])
//!     }
//!     fn member_text(&self, _member: usize, _attribute: usize) -> Option<&str> { None }
//!     fn member_flag(&self, _member: usize, _attribute: usize) -> Option<bool> { Some(false) }
//!     fn region(&self) -> &str { "31.75.07.1003" }
//!     fn enrolled(&self, _programme: usize) -> bool { false }
//! }
//!
//! assert!(rule.evaluate(&Household));
//! assert_eq!(
//!     rule.words(Lang::Id),
//!     "desil kesejahteraan paling tinggi 4, dan ada anggota keluarga yang berumur di bawah \
//!      6 tahun atau sedang hamil, dan tidak terdaftar di KJP Plus"
//! );
//! assert!(rule.explain_words(&Household, Lang::Id).ends_with("KJP Plus: ya"));
//!
//! let errors = Rule::compile("desil <= 4 and age < 6", &schema).unwrap_err();
//! let error = &errors.as_slice()[0];
//! assert_eq!((error.line(), error.column(), error.code()), (1, 16, "member-outside-quantifier"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]

mod ast;
mod check;
mod error;
mod explain;
mod facts;
mod lang;
mod lexer;
mod parser;
mod program;
mod schema;
mod uses;
mod words;

pub use ast::{CompareOp, Expr, ExprKind, Quantifier};
pub use error::{BooleanContext, Error, ErrorKind, Errors, Expected, Span};
pub use explain::{ClauseOutcome, Explanation};
pub use facts::Facts;
pub use lang::Lang;
pub use parser::parse;
pub use schema::{Attribute, MAX_NAME_CHARS, Programme, Schema, SchemaError, Type};
pub use uses::Uses;
pub use words::{RegionNames, missing_value_note};

use std::fmt;

use program::Cond;

/// Longest rule source, in characters: a rule is read aloud, and the longest real rules
/// are a few hundred characters; the bound keeps every later step small.
pub const MAX_SOURCE_CHARS: usize = 4_000;

/// Deepest nesting of `not`, parentheses and function calls: bounds the parser's, the
/// checker's and the evaluator's recursion, far below what could overflow a thread's stack.
pub const MAX_DEPTH: usize = 64;

/// A rule that parsed and type-checked against a schema, ready to evaluate.
#[derive(Debug, Clone)]
pub struct Rule {
    expr: Expr,
    program: Cond,
    schema: Schema,
}

impl Rule {
    /// Parses and checks `source`. A syntax error stops at the first; type errors are all
    /// reported, in source order.
    pub fn compile(source: &str, schema: &Schema) -> Result<Self, Errors> {
        let expr = parse(source).map_err(|e| Errors(vec![e]))?;
        let program = check::check(&expr, schema).map_err(|mut errors| {
            errors.sort_by_key(|e| e.span.start);
            Errors(errors)
        })?;
        Ok(Self {
            expr,
            program,
            schema: schema.clone(),
        })
    }

    /// The syntax tree, as parsed.
    pub fn expr(&self) -> &Expr {
        &self.expr
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Whether the household qualifies.
    pub fn evaluate<F: Facts + ?Sized>(&self, facts: &F) -> bool {
        self.program.holds(facts, 0)
    }
}

/// The canonical source: parsing it gives back the same tree.
impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.expr)
    }
}

#[cfg(test)]
mod tests;
