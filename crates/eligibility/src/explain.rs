//! Evaluation that says why: whether each top-level `and` clause held, so a page can tell
//! a household which condition let it in or kept it out.

use std::slice;

use crate::ast::{Expr, ExprKind};
use crate::facts::Facts;
use crate::lang::Lang;
use crate::program::Cond;
use crate::{Rule, words};

/// The result of [`Rule::explain`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The same as [`Rule::evaluate`]: every clause held.
    pub eligible: bool,
    /// One per clause of [`Rule::clauses`], in order.
    pub clauses: Vec<ClauseOutcome>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClauseOutcome {
    /// The clause's position in [`Rule::clauses`].
    pub index: usize,
    pub held: bool,
}

impl Rule {
    /// The top-level `and` clauses, or the whole rule as the only clause.
    pub fn clauses(&self) -> &[Expr] {
        match &self.expr.kind {
            ExprKind::And(items) => items,
            _ => slice::from_ref(&self.expr),
        }
    }

    fn compiled_clauses(&self) -> &[Cond] {
        match (&self.expr.kind, &self.program) {
            (ExprKind::And(_), Cond::And(items)) => items,
            _ => slice::from_ref(&self.program),
        }
    }

    /// Evaluates every clause (none is skipped once the outcome is known).
    pub fn explain<F: Facts + ?Sized>(&self, facts: &F) -> Explanation {
        let clauses: Vec<ClauseOutcome> = self
            .compiled_clauses()
            .iter()
            .enumerate()
            .map(|(index, clause)| ClauseOutcome {
                index,
                held: clause.holds(facts, 0),
            })
            .collect();
        let eligible = clauses.iter().all(|c| c.held);
        Explanation { eligible, clauses }
    }

    /// Each clause in words with its outcome: `desil kesejahteraan paling tinggi 4: ya;
    /// ada anggota keluarga yang berumur di bawah 6 tahun atau sedang hamil: tidak`.
    pub fn explain_words<F: Facts + ?Sized>(&self, facts: &F, lang: Lang) -> String {
        let explanation = self.explain(facts);
        let (yes, no) = match lang {
            Lang::Id => ("ya", "tidak"),
            Lang::En => ("yes", "no"),
        };
        let texts = self.clause_words(lang);
        let parts: Vec<String> = explanation
            .clauses
            .iter()
            .zip(texts)
            .map(|(outcome, text)| format!("{text}: {}", if outcome.held { yes } else { no }))
            .collect();
        parts.join("; ")
    }

    /// Each clause of [`Rule::clauses`] in words.
    pub fn clause_words(&self, lang: Lang) -> Vec<String> {
        let names = words::no_region_names;
        self.clauses()
            .iter()
            .map(|clause| words::render(clause, &self.schema, lang, &names))
            .collect()
    }
}
