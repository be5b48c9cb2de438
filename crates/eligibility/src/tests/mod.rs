//! Tests of the whole pipeline, over a small schema like the application's: source in,
//! errors, verdicts and words out.

mod errors;
mod evaluate;
mod properties;
mod syntax;
mod words;

use crate::{Attribute, Errors, Facts, Programme, Rule, Schema};

pub(crate) fn schema() -> Schema {
    let household = vec![
        Attribute::number("desil", "desil kesejahteraan").english("welfare decile"),
        Attribute::number("income", "penghasilan per bulan")
            .english("monthly income")
            .unit("rupiah", "rupiah"),
        Attribute::text("roof", "jenis atap").english("roof type"),
        Attribute::boolean("has_land", "memiliki lahan").english("owns land"),
    ];
    let member = vec![
        Attribute::number("age", "berumur")
            .english("aged")
            .unit("tahun", "years"),
        Attribute::boolean("pregnant", "sedang hamil").english("pregnant"),
        Attribute::boolean("disabled", "penyandang disabilitas").english("disabled"),
        Attribute::text("school", "jenjang sekolah").english("school level"),
    ];
    let programmes = vec![
        Programme::new("PKH", "PKH"),
        Programme::new("SEMBAKO", "Sembako"),
        Programme::new("KJP_PLUS", "KJP Plus"),
    ];
    Schema::new(household, member, programmes).unwrap()
}

/// A value of any type; which one is the schema's business.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    N(f64),
    T(String),
    B(bool),
}

/// One household's facts in plain vectors indexed like the schema; `None` is missing.
#[derive(Debug, Clone, Default)]
pub(crate) struct Household {
    pub values: Vec<Option<Value>>,
    pub members: Vec<Vec<Option<Value>>>,
    pub region: String,
    pub enrolled: Vec<bool>,
}

fn as_number(value: Option<&Option<Value>>) -> Option<f64> {
    match value {
        Some(Some(Value::N(n))) => Some(*n),
        _ => None,
    }
}

fn as_text(value: Option<&Option<Value>>) -> Option<&str> {
    match value {
        Some(Some(Value::T(t))) => Some(t),
        _ => None,
    }
}

fn as_flag(value: Option<&Option<Value>>) -> Option<bool> {
    match value {
        Some(Some(Value::B(b))) => Some(*b),
        _ => None,
    }
}

impl Facts for Household {
    fn number(&self, attribute: usize) -> Option<f64> {
        as_number(self.values.get(attribute))
    }
    fn text(&self, attribute: usize) -> Option<&str> {
        as_text(self.values.get(attribute))
    }
    fn flag(&self, attribute: usize) -> Option<bool> {
        as_flag(self.values.get(attribute))
    }
    fn member_count(&self) -> usize {
        self.members.len()
    }
    fn member_number(&self, member: usize, attribute: usize) -> Option<f64> {
        as_number(self.members.get(member)?.get(attribute))
    }
    fn member_text(&self, member: usize, attribute: usize) -> Option<&str> {
        as_text(self.members.get(member)?.get(attribute))
    }
    fn member_flag(&self, member: usize, attribute: usize) -> Option<bool> {
        as_flag(self.members.get(member)?.get(attribute))
    }
    fn region(&self) -> &str {
        &self.region
    }
    fn enrolled(&self, programme: usize) -> bool {
        self.enrolled.get(programme).copied().unwrap_or(false)
    }
}

/// A member: age, pregnant, disabled, school.
pub(crate) fn member(age: Option<f64>, pregnant: Option<bool>) -> Vec<Option<Value>> {
    vec![
        age.map(Value::N),
        pregnant.map(Value::B),
        Some(Value::B(false)),
        Some(Value::T("SD".into())),
    ]
}

/// A household in East Jakarta of desil 3, income 1.2 million, tiled roof, no land, with
/// the members given, enrolled in PKH only.
pub(crate) fn household(members: Vec<Vec<Option<Value>>>) -> Household {
    Household {
        values: vec![
            Some(Value::N(3.0)),
            Some(Value::N(1_200_000.0)),
            Some(Value::T("genteng".into())),
            Some(Value::B(false)),
        ],
        members,
        region: "31.75.07.1003".into(),
        enrolled: vec![true, false, false],
    }
}

pub(crate) fn compile(source: &str) -> Rule {
    match Rule::compile(source, &schema()) {
        Ok(rule) => rule,
        Err(errors) => panic!("{source}: {errors}"),
    }
}

pub(crate) fn errors(source: &str) -> Errors {
    match Rule::compile(source, &schema()) {
        Ok(rule) => panic!("{source} compiled to {rule}"),
        Err(errors) => errors,
    }
}

/// Each error as (line, column, code).
pub(crate) fn positions(source: &str) -> Vec<(u32, u32, &'static str)> {
    errors(source)
        .as_slice()
        .iter()
        .map(|e| (e.line(), e.column(), e.code()))
        .collect()
}

#[test]
fn a_rule_can_be_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Rule>();
    shared::<Schema>();
}
