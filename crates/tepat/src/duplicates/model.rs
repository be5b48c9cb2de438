//! The pure side of duplicate detection: ordered person pairs, decisions and their reasons,
//! the explanation a reviewer reads, and the linkage model kept between runs (with the
//! defaults used before the first run has fitted one).

use linkage::em::{FIELD_COUNT, LevelTable, Model};
use linkage::explain::Explanation;
use linkage::field::{FIELDS, Field, LEVELS_MAX};

use crate::text::Lines;
use crate::web::form::FieldRule;
use crate::web::i18n::{Lang, Localized};

/// The longest decision reason kept; a few sentences.
pub const REASON_CHARS_MAX: usize = 1_000;

/// Two persons in a fixed order (smaller id first), so that a pair has one key however
/// it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonPair {
    pub a: i64,
    pub b: i64,
}

impl PersonPair {
    /// `None` for a person paired with themself.
    pub fn new(x: i64, y: i64) -> Option<PersonPair> {
        match x.cmp(&y) {
            std::cmp::Ordering::Less => Some(PersonPair { a: x, b: y }),
            std::cmp::Ordering::Greater => Some(PersonPair { a: y, b: x }),
            std::cmp::Ordering::Equal => None,
        }
    }
}

/// What a district officer decides about a candidate pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// "Orang yang sama": one person registered twice; the duplicate is merged.
    Same,
    /// "Orang berbeda": remembered, never proposed again.
    Different,
}

impl Decision {
    pub fn parse(text: &str) -> Result<Decision, FieldRule> {
        match text.trim() {
            "same" | "sama" => Ok(Decision::Same),
            "different" | "berbeda" => Ok(Decision::Different),
            _ => Err(FieldRule::new(
                "decision",
                "choice",
                "decision must be same or different",
                "keputusan harus orang yang sama atau orang berbeda",
            )),
        }
    }

    /// The pair's status once decided.
    pub fn status(self) -> &'static str {
        match self {
            Decision::Same => super::SAME,
            Decision::Different => super::DIFFERENT,
        }
    }
}

/// Reads a decision reason: required, at most `REASON_CHARS_MAX` characters, plain text of
/// one or more lines (`crate::text`: no control or invisible characters).
pub fn parse_reason(text: &str) -> Result<String, FieldRule> {
    let reason = crate::text::clean(text, Lines::Many).map_err(|e| {
        FieldRule::new(
            "reason",
            e.rule(),
            &e.localized(Lang::En),
            &e.localized(Lang::Id),
        )
    })?;
    if reason.is_empty() {
        return Err(FieldRule::new(
            "reason",
            "required",
            "say why the decision was made",
            "tuliskan alasan keputusan",
        ));
    }
    if reason.chars().count() > REASON_CHARS_MAX {
        return Err(FieldRule::new(
            "reason",
            "length",
            &format!("is longer than {REASON_CHARS_MAX} characters"),
            &format!("lebih dari {REASON_CHARS_MAX} karakter"),
        ));
    }
    Ok(reason)
}

/// One field's part in a pair's score, as stored and shown.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct FieldEvidence {
    /// `name`, `birth_date`, `nik`, `sex`, `birth_place`, `household`.
    pub field: String,
    /// The agreement level, e.g. `exact`, `close`, `typo`, `same_kk`, `different`.
    pub level: String,
    /// What this level added to the match weight, in bits (negative: counts against).
    pub weight_bits: f64,
}

/// Why a pair scored as it did: every field's agreement and weight, and the probability.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct PairExplanation {
    /// The starting weight: how likely two records drawn at random are one person.
    pub prior_bits: f64,
    /// The two share a household, so they were weighed against family members.
    pub within_household: bool,
    pub fields: Vec<FieldEvidence>,
    /// Extra weight for a rare exact name, or less for a common one.
    pub name_frequency_bits: f64,
    /// Less weight for sharing a crowded village (zero or below; zero in pairs found
    /// before it was weighed).
    #[serde(default)]
    pub place_frequency_bits: f64,
    pub total_bits: f64,
    pub probability: f64,
}

fn round(bits: f64) -> f64 {
    (bits * 100.0).round() / 100.0
}

impl From<&Explanation> for PairExplanation {
    fn from(e: &Explanation) -> PairExplanation {
        PairExplanation {
            prior_bits: round(e.prior_bits),
            within_household: e.within_household,
            fields: e
                .fields
                .iter()
                .map(|f| FieldEvidence {
                    field: f.field.label().to_owned(),
                    level: f.level.to_owned(),
                    weight_bits: round(f.weight_bits),
                })
                .collect(),
            name_frequency_bits: round(e.name_frequency_bits),
            place_frequency_bits: round(e.place_frequency_bits),
            total_bits: round(e.total_bits),
            probability: (e.probability * 10_000.0).round() / 10_000.0,
        }
    }
}

/// The fitted model as a run stores it, so that checks at entry score with the weights
/// the whole registry taught, and the threshold the run chose.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StoredModel {
    pub m: Vec<Vec<f64>>,
    pub u: Vec<Vec<f64>>,
    pub u_household: Vec<Vec<f64>>,
    pub prior: f64,
    pub threshold: f64,
    /// Persons in the run, for weighing how common a name is.
    pub records: u64,
}

fn to_rows(table: &LevelTable) -> Vec<Vec<f64>> {
    table.iter().map(|row| row.to_vec()).collect()
}

/// A table read back; `None` when its shape is not the library's.
fn to_table(rows: &[Vec<f64>]) -> Option<LevelTable> {
    if rows.len() != FIELD_COUNT {
        return None;
    }
    let mut table = [[0.0; LEVELS_MAX]; FIELD_COUNT];
    for (row, values) in table.iter_mut().zip(rows) {
        if values.len() != LEVELS_MAX || values.iter().any(|v| !v.is_finite() || *v < 0.0) {
            return None;
        }
        row.copy_from_slice(values);
    }
    Some(table)
}

impl StoredModel {
    pub fn new(model: &Model, threshold: f64, records: u64) -> StoredModel {
        StoredModel {
            m: to_rows(&model.m),
            u: to_rows(&model.u),
            u_household: to_rows(&model.u_household),
            prior: model.prior,
            threshold,
            records,
        }
    }

    /// The library's model; `None` when the stored one is malformed, or was fitted by a
    /// library with fewer comparison levels (a level it never weighed has no probability,
    /// and its weight would not be a number): the next run fits a new one.
    pub fn model(&self) -> Option<Model> {
        let prior_ok = self.prior > 0.0 && self.prior < 1.0;
        let model = Model {
            m: to_table(&self.m)?,
            u: to_table(&self.u)?,
            u_household: to_table(&self.u_household)?,
            prior: if prior_ok { self.prior } else { return None },
            iterations: 0,
            converged: true,
        };
        covers_every_level(&model).then_some(model)
    }
}

/// True when every level the library compares has a probability above zero in each table.
fn covers_every_level(model: &Model) -> bool {
    FIELDS.iter().all(|field| {
        let used = 1..field.levels().len();
        [&model.m, &model.u, &model.u_household]
            .iter()
            .all(|table| used.clone().all(|level| table[field.index()][level] > 0.0))
    })
}

/// Smallest probability any level gets, so that no weight is infinite.
const FLOOR: f64 = 1e-9;

fn table(rows: [(Field, &[f64]); FIELD_COUNT]) -> LevelTable {
    let mut table = [[FLOOR; LEVELS_MAX]; FIELD_COUNT];
    for (field, values) in rows {
        for (level, value) in values.iter().enumerate() {
            table[field.index()][level + 1] = value.max(FLOOR);
        }
    }
    table
}

/// The model used before any run has fitted one. The numbers are rough shares that a
/// registry of a few million shows (how often one person's two records agree on a field,
/// and how often two strangers do); they only need to rank the obvious cases — a second
/// record with a mistyped NIK digit, a respelled name on the same birth date — above the
/// threshold and families below it, until the first run replaces them.
pub fn default_model() -> Model {
    let m = table([
        (Field::Name, &[0.55, 0.25, 0.12, 0.02]),
        (Field::BirthDate, &[0.85, 0.08, 0.04, 0.03]),
        (Field::Nik, &[0.6, 0.2, 0.05, 0.1, 0.005, 0.02]),
        (Field::Sex, &[0.98, 0.02]),
        (Field::BirthPlace, &[0.7, 0.15, 0.15]),
        (Field::Household, &[0.3, 0.2, 0.1, 0.15, 0.15, 0.1]),
    ]);
    let u = table([
        (Field::Name, &[0.0005, 0.002, 0.01, 0.9875]),
        (Field::BirthDate, &[0.0001, 0.002, 0.05, 0.9479]),
        (Field::Nik, &[1e-8, 1e-6, 1e-5, 0.3, 0.7, 1e-6]),
        (Field::Sex, &[0.5, 0.5]),
        (Field::BirthPlace, &[0.05, 0.05, 0.9]),
        (Field::Household, &[1e-6, 1e-6, 1e-5, 1e-3, 0.05, 0.95]),
    ]);
    // Members of one household: twins share a birth date, siblings a family name, all a
    // birth place; against these shares a family does not look like one person.
    let mut u_household = u;
    u_household[Field::Name.index()] = [FLOOR, 0.001, 0.01, 0.05, 0.939, FLOOR, FLOOR, FLOOR];
    u_household[Field::BirthDate.index()] = [FLOOR, 0.02, 0.02, 0.2, 0.76, FLOOR, FLOOR, FLOOR];
    u_household[Field::Nik.index()] = [FLOOR, 1e-6, 1e-3, 0.02, 0.3, 0.679, 1e-4, FLOOR];
    u_household[Field::BirthPlace.index()] = [FLOOR, 0.7, 0.1, 0.2, FLOOR, FLOOR, FLOOR, FLOOR];
    Model {
        m,
        u,
        u_household,
        prior: 1e-6,
        iterations: 0,
        converged: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use linkage::field::Pattern;

    #[test]
    fn a_model_fitted_before_a_level_existed_is_not_used() {
        let stored = StoredModel::new(&default_model(), 0.9, 10);
        assert!(stored.model().is_some(), "every level weighed");
        let mut older = stored.clone();
        let last = Field::Name.levels().len() - 1;
        older.m[Field::Name.index()][last] = 0.0;
        older.u[Field::Name.index()][last] = 0.0;
        assert!(older.model().is_none(), "a level without probability");
    }

    #[test]
    fn pairs_are_ordered_and_never_one_person() {
        assert_eq!(PersonPair::new(9, 4), Some(PersonPair { a: 4, b: 9 }));
        assert_eq!(PersonPair::new(4, 9), PersonPair::new(9, 4));
        assert_eq!(PersonPair::new(3, 3), None);
    }

    #[test]
    fn decisions_and_reasons_name_their_field() {
        assert_eq!(Decision::parse("same").ok(), Some(Decision::Same));
        assert_eq!(Decision::parse(" berbeda ").ok(), Some(Decision::Different));
        assert_eq!(Decision::parse("maybe").expect_err("bad").field, "decision");
        assert_eq!(parse_reason("  cek KK  ").as_deref().ok(), Some("cek KK"));
        assert_eq!(parse_reason(" ").expect_err("empty").rule, "required");
        let long = "x".repeat(REASON_CHARS_MAX + 1);
        assert_eq!(parse_reason(&long).expect_err("long").rule, "length");
        let control = parse_reason("KK\u{0} lama").expect_err("NUL");
        assert_eq!(
            (control.field, control.rule),
            ("reason", "control-character")
        );
        let hidden = parse_reason("KK\u{200b} lama").expect_err("ZWSP");
        assert_eq!(hidden.rule, "invisible-character");
    }

    #[test]
    fn a_stored_model_reads_back_and_refuses_bad_shapes() {
        let model = default_model();
        let stored = StoredModel::new(&model, 0.5, 10);
        let text = serde_json::to_string(&stored).expect("json");
        let back: StoredModel = serde_json::from_str(&text).expect("parse");
        assert_eq!(back.model().map(|m| m.m), Some(model.m));
        let mut bad = back.clone();
        bad.m.pop();
        assert!(bad.model().is_none());
        bad = back;
        bad.prior = 0.0;
        assert!(bad.model().is_none());
    }

    fn pattern(levels: [u8; 6]) -> Pattern {
        FIELDS
            .iter()
            .zip(levels)
            .fold(Pattern::default(), |p, (&f, l)| p.with(f, l))
    }

    #[test]
    fn the_default_model_links_a_typo_and_not_a_sibling() {
        let model = default_model();
        // Respelled name, same birth date, NIK one digit off, other village.
        let typo = linkage::em::posterior(&model, pattern([2, 1, 2, 1, 1, 6]));
        assert!(typo > 0.9, "{typo}");
        // Sibling: same KK, different name and birth date, different verified NIKs.
        let sibling = linkage::em::posterior(&model, pattern([4, 4, 5, 1, 1, 1]));
        assert!(sibling < 0.01, "{sibling}");
        // Twins: same KK, different names, NIKs one apart (which carry the birth date).
        let twins = linkage::em::posterior(&model, pattern([4, 0, 3, 1, 0, 1]));
        assert!(twins < 0.5, "{twins}");
    }

    #[test]
    fn explanations_stored_before_the_village_frequency_still_read() {
        let stored = r#"{"prior_bits": -11.0, "within_household": false, "fields": [],
            "name_frequency_bits": 1.5, "total_bits": 3.0, "probability": 0.89}"#;
        let explanation: PairExplanation = serde_json::from_str(stored).expect("reads");
        assert_eq!(explanation.place_frequency_bits, 0.0);
        assert_eq!(explanation.name_frequency_bits, 1.5);
    }

    #[test]
    fn the_village_frequency_is_carried_and_rounded() {
        let explanation = Explanation {
            prior_bits: -11.0,
            within_household: false,
            fields: Vec::new(),
            name_frequency_bits: 0.0,
            place_frequency_bits: -1.23456,
            total_bits: -12.23456,
            probability: 0.0002,
        };
        let stored = PairExplanation::from(&explanation);
        assert_eq!(stored.place_frequency_bits, -1.23);
        let json = serde_json::to_value(&stored).expect("serialises");
        assert_eq!(json["place_frequency_bits"], -1.23);
    }
}
