//! A welfare model (PMT): a constant and a weight per attribute answer, whose sum estimates
//! a household's log monthly consumption per person (lower is poorer), optionally with
//! weights of its own for some provinces, and the level at which households are ranked into
//! desil. Read from JSON and checked whole: every weight present and a finite number.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use super::attributes::{ATTRIBUTES, Attribute, Kind, Profile, Value};
use crate::field::FieldError;

/// The model shipped with Tepat, used until a calibrated model is published.
pub const DEFAULT_MODEL_JSON: &str = include_str!("default_model.json");

/// The version number of the shipped model; published models count from 1.
pub const DEFAULT_VERSION: i64 = 0;

/// The longest model name kept.
const NAME_CHARS_MAX: usize = 120;
/// Weights beyond this size are mistakes: a weight of 10 multiplies consumption by e¹⁰.
const WEIGHT_ABS_MAX: f64 = 10.0;
/// A constant outside this range cannot be a log of rupiah per person per month.
const CONSTANT_RANGE: (f64, f64) = (0.0, 30.0);

/// Where households are ranked against each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Ranking {
    National,
    Province,
    Regency,
}

impl Ranking {
    pub fn code(self) -> &'static str {
        match self {
            Self::National => "national",
            Self::Province => "province",
            Self::Regency => "regency",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "national" => Some(Self::National),
            "province" => Some(Self::Province),
            "regency" => Some(Self::Regency),
            _ => None,
        }
    }

    /// The group a village code is ranked in: nothing (national), the province (`31`) or
    /// the regency (`31.75`).
    pub fn group(self, region_code: &str) -> &str {
        let len = match self {
            Self::National => 0,
            Self::Province => 2,
            Self::Regency => 5,
        };
        region_code.get(..len).unwrap_or(region_code)
    }
}

/// One attribute's weights.
#[derive(Debug, Clone, PartialEq)]
pub enum Weight {
    /// Per unit, or for a yes.
    One(f64),
    /// Per answer, in the attribute's code order.
    PerChoice(Vec<f64>),
}

/// A constant and the weights of every attribute, in `ATTRIBUTES` order.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    pub constant: f64,
    pub weights: Vec<Weight>,
}

/// A whole model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name: String,
    pub ranking: Ranking,
    pub base: Weights,
    /// Weights for provinces (by two-digit code) with their own fit.
    pub provinces: BTreeMap<String, Weights>,
    /// The model as read, kept so a published version is stored exactly as given.
    pub source: Json,
}

/// One attribute's share of a score.
#[derive(Debug, Clone)]
pub struct Contribution {
    pub attribute: &'static Attribute,
    pub value: Value,
    pub points: f64,
}

fn invalid(field: &str, rule: &str, en: &str, id: &str) -> FieldError {
    FieldError::new(field, rule, en, id)
}

/// A finite number, or an error naming the field.
fn finite(json: Option<&Json>, field: &str) -> Result<f64, FieldError> {
    let Some(json) = json else {
        return Err(invalid(
            field,
            "required",
            "the weight is missing",
            "bobot tidak ada",
        ));
    };
    json.as_f64()
        .filter(|n| n.is_finite())
        .ok_or_else(|| invalid(field, "number", "must be a number", "harus berupa angka"))
}

fn number(json: Option<&Json>, field: &str) -> Result<f64, FieldError> {
    let n = finite(json, field)?;
    if n.abs() > WEIGHT_ABS_MAX {
        return Err(invalid(
            field,
            "range",
            &format!("must lie between -{WEIGHT_ABS_MAX} and {WEIGHT_ABS_MAX}"),
            &format!("harus antara -{WEIGHT_ABS_MAX} dan {WEIGHT_ABS_MAX}"),
        ));
    }
    Ok(n)
}

fn attribute_weight(
    attribute: &Attribute,
    json: Option<&Json>,
    prefix: &str,
) -> Result<Weight, FieldError> {
    let field = format!("{prefix}weights.{}", attribute.key);
    match attribute.kind {
        Kind::Number { .. } | Kind::YesNo => number(json, &field).map(Weight::One),
        Kind::Choice(codes) => {
            let Some(map) = json.and_then(Json::as_object) else {
                return Err(invalid(
                    &field,
                    "object",
                    "must give a weight for each answer",
                    "harus memuat bobot untuk setiap jawaban",
                ));
            };
            if let Some(extra) = map.keys().find(|k| !codes.contains(&k.as_str())) {
                return Err(invalid(
                    &format!("{field}.{extra}"),
                    "unknown",
                    &format!("is not an answer; answers: {}", codes.join(", ")),
                    &format!("bukan jawaban yang dikenal; jawaban: {}", codes.join(", ")),
                ));
            }
            codes
                .iter()
                .map(|code| number(map.get(*code), &format!("{field}.{code}")))
                .collect::<Result<Vec<_>, _>>()
                .map(Weight::PerChoice)
        }
    }
}

fn weights(json: &Map<String, Json>, prefix: &str) -> Result<Weights, FieldError> {
    let field = format!("{prefix}constant");
    let constant = finite(json.get("constant"), &field)?;
    if !(CONSTANT_RANGE.0..=CONSTANT_RANGE.1).contains(&constant) {
        return Err(invalid(
            &field,
            "range",
            "must lie between 0 and 30 (a log of rupiah)",
            "harus antara 0 dan 30 (logaritma rupiah)",
        ));
    }
    let table = json
        .get("weights")
        .and_then(Json::as_object)
        .ok_or_else(|| {
            invalid(
                &format!("{prefix}weights"),
                "required",
                "the weights are missing",
                "bobot tidak ada",
            )
        })?;
    if let Some(extra) = table
        .keys()
        .find(|k| super::attributes::index_of(k).is_none())
    {
        return Err(invalid(
            &format!("{prefix}weights.{extra}"),
            "unknown",
            "is not an attribute the registry holds",
            "bukan atribut yang ada di registri",
        ));
    }
    let weights = ATTRIBUTES
        .iter()
        .map(|a| attribute_weight(a, table.get(a.key), prefix))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Weights { constant, weights })
}

impl Model {
    /// Reads and checks a model; the error names the first field that breaks a rule.
    pub fn from_json(json: Json) -> Result<Self, FieldError> {
        let Some(top) = json.as_object() else {
            return Err(invalid(
                "model",
                "object",
                "must be a JSON object",
                "harus objek JSON",
            ));
        };
        let name = top
            .get("name")
            .and_then(Json::as_str)
            .map(str::trim)
            .unwrap_or_default();
        if name.is_empty() || name.chars().count() > NAME_CHARS_MAX {
            return Err(invalid(
                "name",
                "length",
                &format!("must be 1 to {NAME_CHARS_MAX} characters"),
                &format!("harus 1 sampai {NAME_CHARS_MAX} karakter"),
            ));
        }
        let ranking_text = top
            .get("ranking")
            .and_then(Json::as_str)
            .unwrap_or_default();
        let ranking = Ranking::parse(ranking_text).ok_or_else(|| {
            invalid(
                "ranking",
                "choice",
                "must be national, province or regency",
                "harus national, province atau regency",
            )
        })?;
        let base = weights(top, "")?;
        let mut provinces = BTreeMap::new();
        if let Some(table) = top.get("provinces") {
            let table = table.as_object().ok_or_else(|| {
                invalid("provinces", "object", "must be an object", "harus objek")
            })?;
            for (code, entry) in table {
                let prefix = format!("provinces.{code}.");
                if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(invalid(
                        &format!("provinces.{code}"),
                        "format",
                        "must be a two-digit province code",
                        "harus kode provinsi dua angka",
                    ));
                }
                let entry = entry.as_object().ok_or_else(|| {
                    invalid(&prefix, "object", "must be an object", "harus objek")
                })?;
                provinces.insert(code.clone(), weights(entry, &prefix)?);
            }
        }
        Ok(Self {
            name: name.to_owned(),
            ranking,
            base,
            provinces,
            source: json,
        })
    }

    /// Reads a model from JSON text.
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let json: Json = serde_json::from_str(text).map_err(|e| {
            invalid(
                "model",
                "json",
                &format!("is not valid JSON: {e}"),
                &format!("bukan JSON yang sah: {e}"),
            )
        })?;
        Self::from_json(json)
    }

    /// The shipped model.
    pub fn shipped() -> Result<Self, FieldError> {
        Self::parse(DEFAULT_MODEL_JSON)
    }

    /// The weights that apply in a village's province.
    pub fn weights_for(&self, region_code: &str) -> &Weights {
        region_code
            .get(..2)
            .and_then(|p| self.provinces.get(p))
            .unwrap_or(&self.base)
    }
}

fn points(attribute: &Attribute, weight: &Weight, value: Value) -> f64 {
    match (value, weight, attribute.kind) {
        (Value::Number(n), Weight::One(w), Kind::Number { cap }) => w * f64::from(n.min(cap)),
        (Value::YesNo(true), Weight::One(w), _) => *w,
        (Value::Choice(i), Weight::PerChoice(ws), _) => ws.get(i).copied().unwrap_or(0.0),
        _ => 0.0,
    }
}

impl Weights {
    /// The score of a profile: the constant and every attribute's points.
    pub fn score(&self, profile: &Profile) -> f64 {
        let sum: f64 = ATTRIBUTES
            .iter()
            .zip(&self.weights)
            .zip(profile.values)
            .map(|((a, w), v)| points(a, w, v))
            .sum();
        self.constant + sum
    }

    /// Every attribute's points, largest effect first (by size, either sign); attributes the
    /// survey left empty come last with no points.
    pub fn contributions(&self, profile: &Profile) -> Vec<Contribution> {
        let mut all: Vec<Contribution> = ATTRIBUTES
            .iter()
            .zip(&self.weights)
            .zip(profile.values)
            .map(|((attribute, w), value)| Contribution {
                attribute,
                value,
                points: points(attribute, w, value),
            })
            .collect();
        all.sort_by(|a, b| {
            let missing = |c: &Contribution| c.value == Value::Missing;
            missing(a)
                .cmp(&missing(b))
                .then(b.points.abs().total_cmp(&a.points.abs()))
        });
        all
    }
}

/// Rounds a score to the precision it is stored and committed with (six decimals).
pub fn stored(score: f64) -> f64 {
    (score * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests;
