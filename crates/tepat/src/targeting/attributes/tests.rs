use super::*;
use crate::registry::survey::{
    CookingFuel, FloorMaterial, IncomeBracket, RoofMaterial, Sanitation, WallMaterial, WaterSource,
};

fn codes(key: &str) -> Vec<&'static str> {
    match index_of(key).map(|i| ATTRIBUTES[i].kind) {
        Some(Kind::Choice(codes)) => codes.to_vec(),
        _ => Vec::new(),
    }
}

#[test]
fn choice_codes_are_the_survey_codes_in_order() {
    let floor: Vec<_> = FloorMaterial::ALL.iter().map(|v| v.code()).collect();
    assert_eq!(codes("floor_material"), floor);
    let wall: Vec<_> = WallMaterial::ALL.iter().map(|v| v.code()).collect();
    assert_eq!(codes("wall_material"), wall);
    let roof: Vec<_> = RoofMaterial::ALL.iter().map(|v| v.code()).collect();
    assert_eq!(codes("roof_material"), roof);
    let water: Vec<_> = WaterSource::ALL.iter().map(|v| v.code()).collect();
    assert_eq!(codes("water_source"), water);
    let sanitation: Vec<_> = Sanitation::ALL.iter().map(|v| v.code()).collect();
    assert_eq!(codes("sanitation"), sanitation);
    let fuel: Vec<_> = CookingFuel::ALL.iter().map(|v| v.code()).collect();
    assert_eq!(codes("cooking_fuel"), fuel);
    let income: Vec<_> = IncomeBracket::ALL.iter().map(|v| v.code()).collect();
    assert_eq!(codes("income_bracket"), income);
}

#[test]
fn composition_counts_ages_on_the_day() {
    let on = Date::from_calendar_date(2026, time::Month::June, 1).expect("date");
    let born = |y, m, d| {
        Date::from_calendar_date(y, time::Month::try_from(m).expect("month"), d).expect("date")
    };
    let mut people = Composition::default();
    people.add(born(2011, 6, 2), on); // 14 until tomorrow
    people.add(born(2011, 6, 1), on); // 15 today
    people.add(born(1966, 6, 1), on); // 60 today
    people.add(born(1966, 6, 2), on); // 59
    assert_eq!(
        people,
        Composition {
            members: 4,
            children_under_15: 1,
            elderly_60_plus: 1
        }
    );
}

#[test]
fn profile_reads_the_survey_and_leaves_gaps_missing() {
    let survey = Survey {
        floor_material: Some(FloorMaterial::Tile),
        electricity_va: Some(900),
        owns_motorbike: Some(false),
        ..Survey::default()
    };
    assert!(surveyed(&survey));
    assert!(!surveyed(&Survey::default()));
    let profile = Profile::new(&survey, Composition::default());
    let at = |key| profile.values[index_of(key).expect("key")];
    assert_eq!(at("floor_material"), Value::Choice(4));
    assert_eq!(at("electricity"), Value::Choice(2));
    assert_eq!(at("owns_motorbike"), Value::YesNo(false));
    assert_eq!(at("wall_material"), Value::Missing);
    assert_eq!(at("household_size"), Value::Missing);
    assert_eq!(electricity_class(0), 0);
    assert_eq!(electricity_class(450), 1);
    assert_eq!(electricity_class(2200), 4);
}
