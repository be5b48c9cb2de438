use serde_json::json;

use super::*;
use crate::registry::survey::{FloorMaterial, Survey};
use crate::targeting::attributes::{Composition, index_of};

fn shipped_json() -> Json {
    serde_json::from_str(DEFAULT_MODEL_JSON).expect("shipped model is JSON")
}

#[test]
fn the_shipped_model_reads_and_ranks_by_province() {
    let model = Model::shipped().expect("shipped model is valid");
    assert_eq!(model.ranking, Ranking::Province);
    assert_eq!(model.base.weights.len(), ATTRIBUTES.len());
    assert!(model.provinces.is_empty());
    assert_eq!(model.ranking.group("31.75.07.1003"), "31");
    assert_eq!(Ranking::Regency.group("31.75.07.1003"), "31.75");
    assert_eq!(Ranking::National.group("31.75.07.1003"), "");
}

#[test]
fn a_missing_weight_is_refused_naming_it() {
    let mut json = shipped_json();
    json["weights"]["floor_material"]
        .as_object_mut()
        .expect("object")
        .remove("keramik");
    let err = Model::from_json(json).expect_err("missing weight");
    assert_eq!(err.field, "weights.floor_material.keramik");
    assert_eq!(err.rule, "required");

    let mut json = shipped_json();
    json["weights"]
        .as_object_mut()
        .expect("object")
        .remove("has_savings");
    let err = Model::from_json(json).expect_err("missing attribute");
    assert_eq!(err.field, "weights.has_savings");
}

#[test]
fn a_non_numeric_or_huge_weight_is_refused_naming_it() {
    let mut json = shipped_json();
    json["weights"]["owns_land"] = json!("0.05");
    let err = Model::from_json(json).expect_err("text weight");
    assert_eq!(
        (err.field.as_str(), err.rule.as_str()),
        ("weights.owns_land", "number")
    );

    let mut json = shipped_json();
    json["weights"]["electricity"]["900"] = json!(null);
    let err = Model::from_json(json).expect_err("null weight");
    assert_eq!(err.field, "weights.electricity.900");

    let mut json = shipped_json();
    json["weights"]["household_size"] = json!(1e9);
    let err = Model::from_json(json).expect_err("huge weight");
    assert_eq!(err.rule, "range");

    let mut json = shipped_json();
    json["constant"] = json!("tiga belas");
    let err = Model::from_json(json).expect_err("text constant");
    assert_eq!(err.field, "constant");
}

#[test]
fn unknown_attributes_answers_rankings_and_bad_json_are_refused() {
    let mut json = shipped_json();
    json["weights"]["owns_car"] = json!(0.3);
    assert_eq!(
        Model::from_json(json).expect_err("unknown").field,
        "weights.owns_car"
    );

    let mut json = shipped_json();
    json["weights"]["floor_material"]["marmer"] = json!(0.3);
    let err = Model::from_json(json).expect_err("unknown answer");
    assert_eq!(err.field, "weights.floor_material.marmer");

    let mut json = shipped_json();
    json["ranking"] = json!("village");
    assert_eq!(
        Model::from_json(json).expect_err("ranking").field,
        "ranking"
    );

    let mut json = shipped_json();
    json["provinces"] = json!({"31": {"constant": 13.0, "weights": {}}});
    let err = Model::from_json(json).expect_err("empty province weights");
    assert!(
        err.field.starts_with("provinces.31.weights."),
        "{}",
        err.field
    );

    assert_eq!(Model::parse("{not json").expect_err("json").rule, "json");
    assert_eq!(Model::parse("[]").expect_err("array").field, "model");
}

fn sample_profile() -> Profile {
    let survey = Survey {
        floor_material: Some(FloorMaterial::Tile),
        owns_motorbike: Some(true),
        floor_area_per_person_m2: Some(400),
        ..Survey::default()
    };
    Profile::new(
        &survey,
        Composition {
            members: 4,
            children_under_15: 2,
            elderly_60_plus: 0,
        },
    )
}

#[test]
fn the_score_is_the_constant_plus_every_contribution() {
    let model = Model::shipped().expect("valid");
    let profile = sample_profile();
    let score = model.base.score(&profile);
    let parts = model.base.contributions(&profile);
    let sum: f64 = parts.iter().map(|c| c.points).sum();
    assert!((score - (model.base.constant + sum)).abs() < 1e-9);
    // keramik 0.22, motorbike 0.12, 50 m² (capped) × 0.008, 4 members × -0.1, 2 children × -0.05
    let expected = 13.55 + 0.22 + 0.12 + 0.4 - 0.4 - 0.1;
    assert!((score - expected).abs() < 1e-9, "{score} vs {expected}");
}

#[test]
fn contributions_come_largest_first_and_empty_answers_last() {
    let model = Model::shipped().expect("valid");
    let parts = model.base.contributions(&sample_profile());
    assert_eq!(parts.len(), ATTRIBUTES.len());
    let keys: Vec<&str> = parts.iter().take(3).map(|c| c.attribute.key).collect();
    // 0.4 (area) and -0.4 (size) tie on size; the sort is stable, so area comes first.
    assert_eq!(
        keys,
        [
            "floor_area_per_person_m2",
            "household_size",
            "floor_material"
        ]
    );
    let first_missing = parts
        .iter()
        .position(|c| c.value == Value::Missing)
        .expect("some missing");
    assert!(
        parts[first_missing..]
            .iter()
            .all(|c| c.value == Value::Missing)
    );
    assert!(parts[first_missing..].iter().all(|c| c.points == 0.0));
}

#[test]
fn province_weights_apply_in_their_province_only() {
    let mut json = shipped_json();
    let mut jakarta = json.clone();
    jakarta["constant"] = json!(14.0);
    json["provinces"] =
        json!({"31": {"constant": jakarta["constant"], "weights": jakarta["weights"]}});
    let model = Model::from_json(json).expect("valid");
    let profile = sample_profile();
    let inside = model.weights_for("31.75.07.1003").score(&profile);
    let outside = model.weights_for("32.73.01.1001").score(&profile);
    assert!((inside - outside - 0.45).abs() < 1e-9);
    assert!(index_of("owns_land").is_some());
}

#[test]
fn stored_scores_keep_six_decimals() {
    assert_eq!(stored(13.123_456_789), 13.123_457);
}
