//! Calibration: fits a model's weights to a survey sample with measured consumption, by
//! least squares on log consumption per person (per province where the sample is large
//! enough), and reports the fit (R²) and the targeting errors at a desil cut-off before an
//! officer publishes it. The poorest answer of each choice keeps weight 0, so the fitted
//! weights read like the shipped ones: points relative to the poorest answer.

use serde_json::{Map, Value as Json, json};

use super::attributes::{ATTRIBUTES, Composition, Kind, Profile, Value};
use super::error::TargetingError;
use super::model::{Model, Weight, Weights};
use crate::field::FieldError;
use crate::registry::survey::Survey;
use crate::sheets::Source;
use crate::sheets::columns::{Columns, Layout};

mod solve;

pub use solve::least_squares;
use solve::{errors, r_squared};

/// Fewer rows than this cannot pin down some fifty weights (five rows a weight).
pub const ROWS_MIN: usize = 250;
/// A province gets weights of its own from this many rows of its own.
pub const PROVINCE_ROWS_MIN: usize = 1_000;
/// The largest sample read (a Susenas round has about 300,000 households).
pub const ROWS_MAX: usize = 500_000;

const CONSUMPTION: &str = "consumption_per_capita_rupiah";
const COMPOSITION: [&str; 3] = ["household_size", "children_under_15", "elderly_60_plus"];
const REGION: &str = "region_code";

/// One sample household.
#[derive(Debug, Clone)]
pub struct SampleRow {
    pub province: String,
    pub profile: Profile,
    pub log_consumption: f64,
}

/// A fit and how well it targets.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Calibration {
    pub rows: usize,
    pub r_squared: f64,
    /// The desil cut-off: households in desil 1 to this are the targeted ones.
    pub cutoff_decile: u8,
    /// Share of households the model targets that are not among the poorest by consumption.
    pub inclusion_error: f64,
    /// Share of the poorest by consumption that the model does not target.
    pub exclusion_error: f64,
    /// Provinces fitted on their own rows.
    pub provinces: Vec<String>,
    /// The fitted model, ready to publish.
    #[serde(skip)]
    pub model: Json,
}

fn refused(field: &str, rule: &str, en: &str, id: &str) -> TargetingError {
    TargetingError::Invalid(FieldError::new(field, rule, en, id))
}

fn layout_columns() -> Vec<&'static str> {
    let mut optional: Vec<&'static str> = crate::registry::survey::COLUMNS.to_vec();
    optional.extend_from_slice(&COMPOSITION[1..]);
    optional.push(REGION);
    optional
}

/// Reads a sample: the survey columns, `household_size`, optional `children_under_15`,
/// `elderly_60_plus` and `region_code`, and `consumption_per_capita_rupiah` (> 0).
pub fn read_sample(mut source: Source<'_>) -> Result<Vec<SampleRow>, TargetingError> {
    let optional = layout_columns();
    let layout = Layout {
        required: &[CONSUMPTION, "household_size"],
        optional: &optional,
        aliases: &[("village_code", REGION), ("kode_wilayah", REGION)],
    };
    let columns = Columns::from_header(&layout, source.header()).map_err(|missing| {
        let names = missing.join(", ");
        refused(
            missing.first().copied().unwrap_or(CONSUMPTION),
            "required",
            &format!("the sample lacks the column(s) {names}"),
            &format!("sampel tidak memuat kolom {names}"),
        )
    })?;
    let mut rows = Vec::new();
    while let Some(row) = source.next_row().map_err(|e| {
        refused(
            "file",
            "readable",
            &e.to_string(),
            &format!("berkas tidak terbaca: {e}"),
        )
    })? {
        if row.is_blank() {
            continue;
        }
        if rows.len() >= ROWS_MAX {
            return Err(refused(
                "file",
                "rows",
                &format!("holds more than {ROWS_MAX} rows"),
                &format!("memuat lebih dari {ROWS_MAX} baris"),
            ));
        }
        rows.push(sample_row(&columns, &row.cells, row.number)?);
    }
    if rows.len() < ROWS_MIN {
        return Err(refused(
            "file",
            "rows",
            &format!("holds {} rows; a fit needs at least {ROWS_MIN}", rows.len()),
            &format!(
                "memuat {} baris; penyesuaian butuh sedikitnya {ROWS_MIN}",
                rows.len()
            ),
        ));
    }
    Ok(rows)
}

fn count(
    columns: &Columns,
    cells: &[String],
    field: &'static str,
    row: u64,
) -> Result<u32, TargetingError> {
    let text = columns.get(cells, field).trim();
    if text.is_empty() && field != "household_size" {
        return Ok(0);
    }
    text.parse::<u32>()
        .ok()
        .filter(|n| *n <= 30)
        .ok_or_else(|| {
            refused(
                field,
                "range",
                &format!("row {row}: must be a whole number from 0 to 30"),
                &format!("baris {row}: harus bilangan bulat 0 sampai 30"),
            )
        })
}

fn sample_row(columns: &Columns, cells: &[String], row: u64) -> Result<SampleRow, TargetingError> {
    let consumption = columns
        .get(cells, CONSUMPTION)
        .trim()
        .replace(['.', ','], "");
    let consumption = consumption
        .parse::<f64>()
        .ok()
        .filter(|c| c.is_finite() && *c > 0.0);
    let Some(consumption) = consumption else {
        return Err(refused(
            CONSUMPTION,
            "positive",
            &format!("row {row}: must be a positive number of rupiah"),
            &format!("baris {row}: harus jumlah rupiah lebih dari nol"),
        ));
    };
    let (survey, found) = Survey::parse(|name| {
        columns
            .position(name)
            .map(|_| columns.get(cells, name).to_owned())
    });
    if let Some(v) = found.first() {
        return Err(refused(
            v.field,
            v.rule,
            &format!("row {row}: {}", v.message),
            &format!("baris {row}: {}", v.message_id),
        ));
    }
    let people = Composition {
        members: count(columns, cells, "household_size", row)?,
        children_under_15: count(columns, cells, "children_under_15", row)?,
        elderly_60_plus: count(columns, cells, "elderly_60_plus", row)?,
    };
    let province = columns.get(cells, REGION).trim().chars().take(2).collect();
    Ok(SampleRow {
        province,
        profile: Profile::new(&survey, people),
        log_consumption: consumption.ln(),
    })
}

/// The columns of the design matrix: the constant, then each attribute's (a choice drops
/// its first, poorest answer).
fn features(profile: &Profile) -> Vec<f64> {
    let mut x = vec![1.0];
    for (attribute, value) in ATTRIBUTES.iter().zip(profile.values) {
        match attribute.kind {
            Kind::Number { cap } => x.push(match value {
                Value::Number(n) => f64::from(n.min(cap)),
                _ => 0.0,
            }),
            Kind::YesNo => x.push(if value == Value::YesNo(true) {
                1.0
            } else {
                0.0
            }),
            Kind::Choice(codes) => {
                for i in 1..codes.len() {
                    x.push(if value == Value::Choice(i) { 1.0 } else { 0.0 });
                }
            }
        }
    }
    x
}

/// Turns fitted coefficients into a model's weights.
fn weights_of(beta: &[f64]) -> Weights {
    let mut at = 1;
    let mut next = || {
        let w = beta.get(at).copied().unwrap_or(0.0);
        at += 1;
        w
    };
    let weights = ATTRIBUTES
        .iter()
        .map(|a| match a.kind {
            Kind::Number { .. } | Kind::YesNo => Weight::One(next()),
            Kind::Choice(codes) => {
                let mut ws = vec![0.0];
                ws.extend((1..codes.len()).map(|_| next()));
                Weight::PerChoice(ws)
            }
        })
        .collect();
    Weights {
        constant: beta.first().copied().unwrap_or(0.0),
        weights,
    }
}

fn fit_rows(rows: &[&SampleRow]) -> Result<Weights, TargetingError> {
    let x: Vec<Vec<f64>> = rows.iter().map(|r| features(&r.profile)).collect();
    let y: Vec<f64> = rows.iter().map(|r| r.log_consumption).collect();
    least_squares(&x, &y)
        .map(|b| weights_of(&b))
        .ok_or_else(|| {
            refused(
                "file",
                "fit",
                "the sample does not determine the weights (every row alike?)",
                "sampel tidak cukup beragam untuk menentukan bobot",
            )
        })
}

fn round6(x: f64) -> Json {
    json!((x * 1e6).round() / 1e6)
}

fn weights_json(weights: &Weights) -> Json {
    let mut table = Map::new();
    for (attribute, weight) in ATTRIBUTES.iter().zip(&weights.weights) {
        let value = match (weight, attribute.kind) {
            (Weight::One(w), _) => round6(*w),
            (Weight::PerChoice(ws), Kind::Choice(codes)) => Json::Object(
                codes
                    .iter()
                    .zip(ws)
                    .map(|(c, w)| ((*c).to_owned(), round6(*w)))
                    .collect(),
            ),
            (Weight::PerChoice(_), _) => Json::Null,
        };
        table.insert(attribute.key.to_owned(), value);
    }
    json!({"constant": round6(weights.constant), "weights": table})
}

/// Fits a model to the sample: national weights, and a province's own where it has
/// `PROVINCE_ROWS_MIN` rows; ranking and name as given.
pub fn fit(
    rows: &[SampleRow],
    name: &str,
    ranking: &str,
    cutoff: u8,
) -> Result<Calibration, TargetingError> {
    if !(1..=9).contains(&cutoff) {
        return Err(refused(
            "cutoff",
            "range",
            "must be a desil from 1 to 9",
            "harus desil 1 sampai 9",
        ));
    }
    let all: Vec<&SampleRow> = rows.iter().collect();
    let base = fit_rows(&all)?;
    let mut provinces = std::collections::BTreeMap::new();
    let mut codes: Vec<&str> = rows.iter().map(|r| r.province.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    for code in codes.into_iter().filter(|c| c.len() == 2) {
        let own: Vec<&SampleRow> = rows.iter().filter(|r| r.province == code).collect();
        if own.len() >= PROVINCE_ROWS_MIN {
            provinces.insert(code.to_owned(), fit_rows(&own)?);
        }
    }
    let mut json = json!({"name": name, "ranking": ranking});
    if let (Some(top), Json::Object(base_json)) = (json.as_object_mut(), weights_json(&base)) {
        top.extend(base_json);
        if !provinces.is_empty() {
            let table: Map<String, Json> = provinces
                .iter()
                .map(|(c, w)| (c.clone(), weights_json(w)))
                .collect();
            top.insert("provinces".into(), Json::Object(table));
        }
        top.insert(
            "sources".into(),
            json!({"method": format!("Fitted by least squares on log consumption per person \
                from a sample of {} households.", rows.len())}),
        );
    }
    let model = Model::from_json(json.clone())?;
    let predicted: Vec<f64> = rows
        .iter()
        .map(|r| {
            model
                .weights_for(&format!("{}.", r.province))
                .score(&r.profile)
        })
        .collect();
    let actual: Vec<f64> = rows.iter().map(|r| r.log_consumption).collect();
    let (inclusion_error, exclusion_error) = errors(&predicted, &actual, cutoff);
    let r_squared = r_squared(&actual, &predicted);
    // The published model keeps how well it fitted, for the list of versions.
    if let Some(sources) = json.get_mut("sources").and_then(Json::as_object_mut) {
        let fit = json!({"rows": rows.len(), "r_squared": r_squared, "cutoff_decile": cutoff,
            "inclusion_error": inclusion_error, "exclusion_error": exclusion_error});
        sources.insert("fit".into(), fit);
    }
    Ok(Calibration {
        rows: rows.len(),
        r_squared,
        cutoff_decile: cutoff,
        inclusion_error,
        exclusion_error,
        provinces: provinces.into_keys().collect(),
        model: json,
    })
}

#[cfg(test)]
mod tests;
