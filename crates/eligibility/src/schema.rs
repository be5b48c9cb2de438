//! The schema the caller supplies: the household's and members' attributes, with their types
//! and the labels the words rendering reads, and the programme codes a rule may name.

use std::collections::HashMap;
use std::sync::Arc;

use crate::lang::Lang;
use crate::lexer::is_keyword;

/// The three value types of the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Type {
    Number,
    Text,
    Boolean,
}

impl Type {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Number, Lang::Id) => "angka",
            (Self::Text, Lang::Id) => "teks",
            (Self::Boolean, Lang::Id) => "benar/salah",
            (Self::Number, Lang::En) => "number",
            (Self::Text, Lang::En) => "text",
            (Self::Boolean, Lang::En) => "true/false value",
        }
    }
}

/// One attribute of a household or of a household member.
///
/// The labels are what the words rendering says: for a number or text, the noun or the
/// verb phrase before the comparison ("desil kesejahteraan", "berumur"); for a boolean, the
/// phrase that is true of the household or member ("sedang hamil"). The unit follows a
/// number ("tahun").
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub name: String,
    pub kind: Type,
    pub label: String,
    pub label_en: String,
    pub unit: String,
    pub unit_en: String,
    pub description: String,
}

impl Attribute {
    /// An attribute whose English label is, until [`Attribute::english`] says otherwise,
    /// its Indonesian one.
    pub fn new(name: &str, kind: Type, label: &str) -> Self {
        Self {
            name: name.to_owned(),
            kind,
            label: label.to_owned(),
            label_en: label.to_owned(),
            unit: String::new(),
            unit_en: String::new(),
            description: String::new(),
        }
    }

    pub fn number(name: &str, label: &str) -> Self {
        Self::new(name, Type::Number, label)
    }

    pub fn text(name: &str, label: &str) -> Self {
        Self::new(name, Type::Text, label)
    }

    pub fn boolean(name: &str, label: &str) -> Self {
        Self::new(name, Type::Boolean, label)
    }

    pub fn english(mut self, label_en: &str) -> Self {
        self.label_en = label_en.to_owned();
        self
    }

    /// The unit after a number, Indonesian then English ("tahun", "years").
    pub fn unit(mut self, unit: &str, unit_en: &str) -> Self {
        self.unit = unit.to_owned();
        self.unit_en = unit_en.to_owned();
        self
    }

    pub fn description(mut self, description: &str) -> Self {
        self.description = description.to_owned();
        self
    }

    pub(crate) fn label_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.label,
            Lang::En => &self.label_en,
        }
    }

    pub(crate) fn unit_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.unit,
            Lang::En => &self.unit_en,
        }
    }
}

/// A programme a rule may name in `enrolled("CODE")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Programme {
    pub code: String,
    pub label: String,
    pub label_en: String,
}

impl Programme {
    pub fn new(code: &str, label: &str) -> Self {
        Self {
            code: code.to_owned(),
            label: label.to_owned(),
            label_en: label.to_owned(),
        }
    }

    pub(crate) fn label_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.label,
            Lang::En => &self.label_en,
        }
    }
}

/// Whether an attribute belongs to the household or to each of its members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Household,
    Member,
}

/// A name resolved: its scope, its index in that scope's list, its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub scope: Scope,
    pub index: usize,
    pub kind: Type,
}

/// Why a schema was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    #[error(
        "attribute name {0:?} is not a name: a letter or _, then letters, digits or _, \
         at most {MAX_NAME_CHARS} characters"
    )]
    BadName(String),
    #[error("attribute name {0:?} is a keyword of the rule language")]
    Keyword(String),
    #[error("attribute name {0:?} is declared twice")]
    DuplicateName(String),
    #[error("programme code {0:?} must be 1 to {MAX_NAME_CHARS} characters, without \"")]
    BadProgramme(String),
    #[error("programme code {0:?} is declared twice")]
    DuplicateProgramme(String),
}

/// Longest attribute name or programme code.
pub const MAX_NAME_CHARS: usize = 64;

/// The attributes and programmes a rule may name. Cheap to clone (shared); a compiled
/// [`Rule`](crate::Rule) keeps one for its words rendering.
///
/// Attribute indices are positions in the lists given to [`Schema::new`]: the household's
/// `i`-th attribute is read as `facts.number(i)` (or `text`, `flag`), the members' as
/// `facts.member_number(member, i)`; the `p`-th programme as `facts.enrolled(p)`.
#[derive(Debug, Clone)]
pub struct Schema(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    household: Vec<Attribute>,
    member: Vec<Attribute>,
    programmes: Vec<Programme>,
    names: HashMap<String, Resolved>,
}

impl Schema {
    /// Checks that every name can be written in a rule and means one thing.
    pub fn new(
        household: Vec<Attribute>,
        member: Vec<Attribute>,
        programmes: Vec<Programme>,
    ) -> Result<Self, SchemaError> {
        let mut names = HashMap::new();
        let scoped = [(Scope::Household, &household), (Scope::Member, &member)];
        for (scope, list) in scoped {
            for (index, attribute) in list.iter().enumerate() {
                let name = &attribute.name;
                check_name(name)?;
                let resolved = Resolved {
                    scope,
                    index,
                    kind: attribute.kind,
                };
                if names.insert(name.clone(), resolved).is_some() {
                    return Err(SchemaError::DuplicateName(name.clone()));
                }
            }
        }
        for (i, programme) in programmes.iter().enumerate() {
            let code = &programme.code;
            if code.is_empty() || code.chars().count() > MAX_NAME_CHARS || code.contains('"') {
                return Err(SchemaError::BadProgramme(code.clone()));
            }
            if programmes[..i].iter().any(|p| &p.code == code) {
                return Err(SchemaError::DuplicateProgramme(code.clone()));
            }
        }
        Ok(Self(Arc::new(Inner {
            household,
            member,
            programmes,
            names,
        })))
    }

    pub fn household(&self) -> &[Attribute] {
        &self.0.household
    }

    pub fn member(&self) -> &[Attribute] {
        &self.0.member
    }

    pub fn programmes(&self) -> &[Programme] {
        &self.0.programmes
    }

    /// The index of a programme code, as `Facts::enrolled` receives it.
    pub fn programme_index(&self, code: &str) -> Option<usize> {
        self.0.programmes.iter().position(|p| p.code == code)
    }

    pub(crate) fn resolve(&self, name: &str) -> Option<Resolved> {
        self.0.names.get(name).copied()
    }

    pub(crate) fn attribute(&self, scope: Scope, index: usize) -> Option<&Attribute> {
        match scope {
            Scope::Household => self.0.household.get(index),
            Scope::Member => self.0.member.get(index),
        }
    }

    /// The declared name closest to `name` (by edit distance, at most 2 edits, or the same
    /// letters in another case), to suggest when a name is unknown.
    pub(crate) fn closest(&self, name: &str) -> Option<String> {
        let lower = name.to_lowercase();
        self.0
            .names
            .keys()
            .map(|known| (edit_distance(&lower, &known.to_lowercase()), known))
            .filter(|(distance, _)| *distance <= 2)
            .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
            .map(|(_, known)| known.clone())
    }
}

fn check_name(name: &str) -> Result<(), SchemaError> {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !first_ok || !rest_ok || name.len() > MAX_NAME_CHARS {
        return Err(SchemaError::BadName(name.to_owned()));
    }
    if is_keyword(name) {
        return Err(SchemaError::Keyword(name.to_owned()));
    }
    Ok(())
}

/// Levenshtein distance over characters; names are short (at most 64 characters).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            let best = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
            current.push(best);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(names: &[&str]) -> Vec<Attribute> {
        names.iter().map(|n| Attribute::number(n, n)).collect()
    }

    #[test]
    fn a_schema_refuses_bad_names_keywords_and_duplicates() {
        let bad = Schema::new(attrs(&["1desil"]), vec![], vec![]);
        assert_eq!(bad.err(), Some(SchemaError::BadName("1desil".into())));
        let keyword = Schema::new(attrs(&["dan"]), vec![], vec![]);
        assert_eq!(keyword.err(), Some(SchemaError::Keyword("dan".into())));
        let keyword_upper = Schema::new(vec![], attrs(&["COUNT"]), vec![]);
        assert_eq!(
            keyword_upper.err(),
            Some(SchemaError::Keyword("COUNT".into()))
        );
        let twice = Schema::new(attrs(&["age"]), attrs(&["age"]), vec![]);
        assert_eq!(twice.err(), Some(SchemaError::DuplicateName("age".into())));
        let programmes = vec![Programme::new("PKH", "PKH"), Programme::new("PKH", "x")];
        let twice = Schema::new(vec![], vec![], programmes);
        assert_eq!(
            twice.err(),
            Some(SchemaError::DuplicateProgramme("PKH".into()))
        );
        let empty = Schema::new(vec![], vec![], vec![Programme::new("", "x")]);
        assert_eq!(empty.err(), Some(SchemaError::BadProgramme(String::new())));
    }

    #[test]
    fn a_schema_resolves_names_to_scope_and_index() {
        let schema = Schema::new(attrs(&["desil", "income"]), attrs(&["age"]), vec![]).unwrap();
        let income = schema.resolve("income").unwrap();
        assert_eq!((income.scope, income.index), (Scope::Household, 1));
        let age = schema.resolve("age").unwrap();
        assert_eq!((age.scope, age.index), (Scope::Member, 0));
        assert_eq!(schema.resolve("Age"), None);
        assert_eq!(schema.closest("Age").as_deref(), Some("age"));
        assert_eq!(schema.closest("desl").as_deref(), Some("desil"));
        assert_eq!(schema.closest("province"), None);
    }

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance("desil", "desil"), 0);
        assert_eq!(edit_distance("desl", "desil"), 1);
        assert_eq!(edit_distance("dasil", "desil"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
