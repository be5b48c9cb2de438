//! A checked rule in plain words, for the public programme page: "desil kesejahteraan paling
//! tinggi 4, dan ada anggota keluarga yang berumur di bawah 6 tahun atau sedang hamil, dan
//! tidak terdaftar di KJP Plus". Labels and units come from the schema.

use crate::Rule;
use crate::ast::{CompareOp, Expr, ExprKind, Quantifier};
use crate::lang::Lang;
use crate::schema::{Schema, Type};

/// Region names for `in_region`, when the caller knows them: code to name.
pub type RegionNames<'a> = dyn Fn(&str) -> Option<String> + 'a;

pub(crate) fn no_region_names(_: &str) -> Option<String> {
    None
}

impl Rule {
    /// The rule in words, without a final period.
    pub fn words(&self, lang: Lang) -> String {
        render(&self.expr, &self.schema, lang, &no_region_names)
    }

    /// The rule in words, naming regions through `names` ("Jakarta Timur (31.75)").
    pub fn words_with_regions(&self, lang: Lang, names: &RegionNames<'_>) -> String {
        render(&self.expr, &self.schema, lang, names)
    }

    /// A paragraph for people: the rule in words as a sentence, then what a missing value
    /// does ([`missing_value_note`]).
    pub fn description(&self, lang: Lang) -> String {
        let words = self.words(lang);
        let mut chars = words.chars();
        let capitalised: String = match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
        format!("{capitalised}. {}", missing_value_note(lang))
    }
}

/// What a missing value does, in words.
pub fn missing_value_note(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => {
            "Data yang tidak tercatat membuat perbandingan yang memakainya tidak terpenuhi."
        }
        Lang::En => "A value that is not recorded makes any comparison that uses it false.",
    }
}

pub(crate) fn render(expr: &Expr, schema: &Schema, lang: Lang, names: &RegionNames<'_>) -> String {
    let words = Words {
        schema,
        lang,
        names,
    };
    match &expr.kind {
        ExprKind::And(items) => words.joined(items, words.pick(", dan ", ", and ")),
        ExprKind::Or(items) => words.joined(items, words.pick(", atau ", ", or ")),
        _ => words.phrase(expr),
    }
}

struct Words<'a> {
    schema: &'a Schema,
    lang: Lang,
    names: &'a RegionNames<'a>,
}

impl Words<'_> {
    fn pick<'w>(&self, id: &'w str, en: &'w str) -> &'w str {
        match self.lang {
            Lang::Id => id,
            Lang::En => en,
        }
    }

    fn joined(&self, items: &[Expr], sep: &str) -> String {
        let parts: Vec<String> = items.iter().map(|i| self.operand(i)).collect();
        parts.join(sep)
    }

    /// A phrase, in parentheses when it is itself an `and`/`or`.
    fn operand(&self, expr: &Expr) -> String {
        match expr.kind {
            ExprKind::And(_) | ExprKind::Or(_) => format!("({})", self.phrase(expr)),
            _ => self.phrase(expr),
        }
    }

    fn phrase(&self, expr: &Expr) -> String {
        match &expr.kind {
            ExprKind::Or(items) => self.joined(items, self.pick(" atau ", " or ")),
            ExprKind::And(items) => self.joined(items, self.pick(" dan ", " and ")),
            ExprKind::Not(inner) => self.negated(inner),
            ExprKind::Compare { op, left, right } => self.comparison(*op, left, right),
            ExprKind::In { value, items } => {
                let items: Vec<String> = items.iter().map(|i| self.value(i)).collect();
                let one_of = self.pick("salah satu dari", "one of");
                format!("{} {one_of} {}", self.value(value), items.join(", "))
            }
            ExprKind::Boolean(true) => self.pick("selalu terpenuhi", "always met").into(),
            ExprKind::Boolean(false) => self.pick("tidak pernah terpenuhi", "never met").into(),
            ExprKind::Quantifier {
                quantifier,
                condition: Some(condition),
            } if *quantifier != Quantifier::Count => {
                let lead = match quantifier {
                    Quantifier::All => {
                        self.pick("semua anggota keluarga", "every household member is")
                    }
                    _ => self.pick("ada anggota keluarga yang", "some household member is"),
                };
                format!("{lead} {}", self.phrase(condition))
            }
            ExprKind::InRegion(code) => {
                format!(
                    "{} {}",
                    self.pick("tinggal di wilayah", "lives in region"),
                    self.region(code)
                )
            }
            ExprKind::Enrolled(code) => {
                format!(
                    "{} {}",
                    self.pick("terdaftar di", "enrolled in"),
                    self.programme(code)
                )
            }
            _ => self.value(expr),
        }
    }

    fn negated(&self, inner: &Expr) -> String {
        match &inner.kind {
            ExprKind::Name(_) | ExprKind::Enrolled(_) | ExprKind::InRegion(_) => {
                format!("{} {}", self.pick("tidak", "not"), self.phrase(inner))
            }
            ExprKind::Quantifier {
                quantifier: Quantifier::Any,
                condition: Some(condition),
            } => {
                let lead = self.pick("tidak ada anggota keluarga yang", "no household member is");
                format!("{lead} {}", self.phrase(condition))
            }
            _ => {
                let lead = self.pick("tidak benar bahwa", "it is not the case that");
                format!("{lead} {}", self.operand(inner))
            }
        }
    }

    fn comparison(&self, op: CompareOp, left: &Expr, right: &Expr) -> String {
        if is_constant(left) && !is_constant(right) {
            return self.comparison(flipped(op), right, left);
        }
        if let ExprKind::Quantifier {
            quantifier: Quantifier::Count,
            condition,
        } = &left.kind
            && let ExprKind::Number(n) = right.kind
            && let Some(text) = self.quantity(op, n, condition.as_deref())
        {
            return text;
        }
        if let (Some(flag), ExprKind::Boolean(b)) = (self.flag(left), &right.kind) {
            let positive = *b == (op == CompareOp::Eq);
            return if positive {
                flag
            } else {
                format!("{} {flag}", self.pick("tidak", "not"))
            };
        }
        let unit = match (&left.kind, &right.kind) {
            (ExprKind::Name(name), ExprKind::Number(_)) => self.unit(name),
            _ => String::new(),
        };
        let op_words = self.op_words(op, self.type_of(left) == Some(Type::Text));
        format!(
            "{} {op_words} {}{unit}",
            self.value(left),
            self.value(right)
        )
    }

    /// `count(member, c) >= 1` as "ada paling sedikit 1 anggota keluarga yang c".
    fn quantity(&self, op: CompareOp, n: f64, condition: Option<&Expr>) -> Option<String> {
        let condition = condition.map(|c| self.phrase(c));
        let none = (op == CompareOp::Eq && n == 0.0) || (op == CompareOp::Lt && n == 1.0);
        if none && let Some(c) = &condition {
            let lead = self.pick("tidak ada anggota keluarga yang", "no household member is");
            return Some(format!("{lead} {c}"));
        }
        let (id, en) = match op {
            CompareOp::Lt => ("kurang dari", "fewer than"),
            CompareOp::Le => ("paling banyak", "at most"),
            CompareOp::Gt => ("lebih dari", "more than"),
            CompareOp::Ge => ("paling sedikit", "at least"),
            CompareOp::Eq => ("tepat", "exactly"),
            CompareOp::Ne => return None,
        };
        let amount = self.number(n);
        Some(match (self.lang, condition) {
            (Lang::Id, Some(c)) => format!("ada {id} {amount} anggota keluarga yang {c}"),
            (Lang::Id, None) => format!("jumlah anggota keluarga {id} {amount} orang"),
            (Lang::En, Some(c)) if n == 1.0 => format!("{en} 1 household member is {c}"),
            (Lang::En, Some(c)) => format!("{en} {amount} household members are {c}"),
            (Lang::En, None) => format!("{en} {amount} household members"),
        })
    }

    fn op_words(&self, op: CompareOp, text: bool) -> &'static str {
        match (op, text, self.lang) {
            (CompareOp::Eq, true, Lang::Id) => "adalah",
            (CompareOp::Ne, true, Lang::Id) => "bukan",
            (CompareOp::Eq, true, Lang::En) => "is",
            (CompareOp::Ne, true, Lang::En) => "is not",
            (CompareOp::Lt, _, Lang::Id) => "di bawah",
            (CompareOp::Le, _, Lang::Id) => "paling tinggi",
            (CompareOp::Gt, _, Lang::Id) => "di atas",
            (CompareOp::Ge, _, Lang::Id) => "paling rendah",
            (CompareOp::Eq, _, Lang::Id) => "sama dengan",
            (CompareOp::Ne, _, Lang::Id) => "tidak sama dengan",
            (CompareOp::Lt, _, Lang::En) => "under",
            (CompareOp::Le, _, Lang::En) => "at most",
            (CompareOp::Gt, _, Lang::En) => "over",
            (CompareOp::Ge, _, Lang::En) => "at least",
            (CompareOp::Eq, _, Lang::En) => "equal to",
            (CompareOp::Ne, _, Lang::En) => "not equal to",
        }
    }

    /// An operand of a comparison or `in`: a label, a literal, a count, or a phrase in
    /// parentheses.
    fn value(&self, expr: &Expr) -> String {
        match &expr.kind {
            ExprKind::Name(name) => self.label(name),
            ExprKind::Number(n) => self.number(*n),
            ExprKind::Text(text) => format!("“{text}”"),
            ExprKind::Boolean(b) => self
                .pick(
                    if *b { "ya" } else { "tidak" },
                    if *b { "yes" } else { "no" },
                )
                .into(),
            ExprKind::Quantifier {
                quantifier: Quantifier::Count,
                condition,
            } => match condition {
                Some(c) => {
                    let lead = self.pick(
                        "jumlah anggota keluarga yang",
                        "the number of household members who are",
                    );
                    format!("{lead} {}", self.phrase(c))
                }
                None => self
                    .pick("jumlah anggota keluarga", "the number of household members")
                    .into(),
            },
            _ => format!("({})", self.phrase(expr)),
        }
    }

    fn label(&self, name: &str) -> String {
        let attribute = self
            .schema
            .resolve(name)
            .and_then(|r| self.schema.attribute(r.scope, r.index));
        attribute.map_or_else(|| name.to_owned(), |a| a.label_in(self.lang).to_owned())
    }

    fn unit(&self, name: &str) -> String {
        let attribute = self
            .schema
            .resolve(name)
            .and_then(|r| self.schema.attribute(r.scope, r.index));
        match attribute.map(|a| a.unit_in(self.lang)) {
            Some(unit) if !unit.is_empty() => format!(" {unit}"),
            _ => String::new(),
        }
    }

    fn type_of(&self, expr: &Expr) -> Option<Type> {
        match &expr.kind {
            ExprKind::Name(name) => self.schema.resolve(name).map(|r| r.kind),
            ExprKind::Text(_) => Some(Type::Text),
            _ => None,
        }
    }

    /// The phrase of a boolean attribute, if `expr` is one.
    fn flag(&self, expr: &Expr) -> Option<String> {
        match &expr.kind {
            ExprKind::Name(name) if self.type_of(expr) == Some(Type::Boolean) => {
                Some(self.label(name))
            }
            _ => None,
        }
    }

    fn programme(&self, code: &str) -> String {
        let index = self.schema.programme_index(code);
        let programme = index.and_then(|i| self.schema.programmes().get(i));
        programme.map_or_else(|| code.to_owned(), |p| p.label_in(self.lang).to_owned())
    }

    fn region(&self, code: &str) -> String {
        match (self.names)(code) {
            Some(name) => format!("{name} ({code})"),
            None => code.to_owned(),
        }
    }

    fn number(&self, n: f64) -> String {
        match self.lang {
            Lang::Id => number_id(n),
            Lang::En => number_with(n, ',', '.'),
        }
    }
}

fn is_constant(expr: &Expr) -> bool {
    matches!(
        expr.kind,
        ExprKind::Number(_) | ExprKind::Text(_) | ExprKind::Boolean(_)
    )
}

/// The same comparison with its operands swapped: `4 >= desil` is `desil <= 4`.
fn flipped(op: CompareOp) -> CompareOp {
    match op {
        CompareOp::Lt => CompareOp::Gt,
        CompareOp::Le => CompareOp::Ge,
        CompareOp::Gt => CompareOp::Lt,
        CompareOp::Ge => CompareOp::Le,
        other => other,
    }
}

/// A number with Indonesian separators: `1.500.000`, `2,5`.
pub(crate) fn number_id(n: f64) -> String {
    number_with(n, '.', ',')
}

fn number_with(n: f64, group: char, decimal: char) -> String {
    let plain = format!("{n}");
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{decimal}{fraction}")
    }
}
