//! Tests of the civil-registry rules: each event kind, valid and refused.

use super::*;
use crate::registry::directory::RegionSet;
use crate::registry::person::{Relationship, Sex};

fn columns(header: &str) -> CivilColumns {
    let cells: Vec<String> = header.split(',').map(str::to_owned).collect();
    CivilColumns::from_header(&cells).expect("complete header")
}

fn row(text: &str) -> Vec<String> {
    text.split(',').map(str::to_owned).collect()
}

fn today() -> Date {
    dates::ymd(2026, 6, 1).expect("date")
}

fn regions() -> RegionSet {
    RegionSet::from_codes(["31.75.07", "31.75.07.1003", "31.75.07.1005"])
}

fn parse(line: &str) -> Result<CivilEvent, Vec<Violation>> {
    let header = "event,nik,event_date,new_nik,new_village_code,reference";
    parse_row(&columns(header), &row(line), today(), &regions())
}

fn rules(line: &str) -> Vec<&'static str> {
    parse(line)
        .expect_err("refused")
        .iter()
        .map(|v| v.rule)
        .collect()
}

fn budi() -> PersonRecord {
    PersonRecord {
        nik: Nik::parse("3175072105870001").expect("nik"),
        full_name: "Budi Santoso".into(),
        birth_place: "Jakarta".into(),
        birth_date: dates::ymd(1987, 5, 21).expect("date"),
        sex: Sex::Male,
        relationship: Relationship::Head,
        marital_status: None,
        occupation: None,
        education: None,
        disability: None,
        life_status: LifeStatus::Living,
        status_date: None,
    }
}

#[test]
fn reads_each_event_type_and_english_aliases() {
    let death = parse("kematian,3175072105870001,2026-02-01,,,AKTA-1").expect("death");
    assert_eq!(death.kind, CivilEventKind::Death);
    assert_eq!(death.event_date, dates::ymd(2026, 2, 1).expect("date"));
    assert_eq!(death.reference.as_deref(), Some("AKTA-1"));
    let moved = parse("move,3175072105870001,01-03-2026,,31.75.07.1005,").expect("move");
    assert_eq!(moved.kind, CivilEventKind::Move);
    assert_eq!(
        moved.new_village_code.map(|c| c.to_string()).as_deref(),
        Some("31.75.07.1005")
    );
    let fixed =
        parse("NIK_CORRECTION,3175072105870001,01/03/2026,3175072105870002,,").expect("correction");
    assert_eq!(
        fixed.new_nik.map(|n| n.to_string()).as_deref(),
        Some("3175072105870002")
    );
}

#[test]
fn refuses_bad_rows_naming_every_rule() {
    assert_eq!(
        rules("lahir,123,2026-13-01,,,"),
        ["choice", "nik-format", "date"]
    );
    assert_eq!(rules("kematian,3175072105870001,2026-07-01,,,"), ["date"]);
    assert_eq!(
        rules("koreksi_nik,3175072105870001,2026-01-01,,,"),
        ["required"]
    );
    assert_eq!(
        rules("koreksi_nik,3175072105870001,2026-01-01,3175072105870001,,"),
        ["same-nik"]
    );
    assert_eq!(
        rules("kematian,3175072105870001,2026-01-01,3175072105870002,31.75.07.1003,"),
        ["not-applicable", "not-applicable"]
    );
    assert_eq!(
        rules("pindah,3175072105870001,2026-01-01,,31.75.07.9999,"),
        ["unknown"]
    );
    assert_eq!(
        rules("pindah,3175072105870001,2026-01-01,,31.75.07,"),
        ["format"]
    );
    assert_eq!(rules(",,,,,"), ["required", "required", "required"]);
}

#[test]
fn a_death_sets_the_status_once_and_never_before_birth() {
    let event = parse("kematian,3175072105870001,2026-02-01,,,").expect("death");
    let after = apply_to(&event, &budi())
        .expect("applies")
        .expect("changes");
    assert_eq!(after.life_status, LifeStatus::Deceased);
    assert_eq!(after.status_date, Some(event.event_date));
    assert_eq!(
        apply_to(&event, &after),
        Ok(None),
        "the same report changes nothing"
    );
    let later = parse("kematian,3175072105870001,2026-03-01,,,").expect("death");
    assert_eq!(
        apply_to(&later, &after).expect_err("refused").rule,
        "already-deceased"
    );
    let early = parse("kematian,3175072105870001,1980-01-01,,,").expect("death");
    assert_eq!(
        apply_to(&early, &budi()).expect_err("refused").rule,
        "before-birth"
    );
}

#[test]
fn a_move_of_a_deceased_person_is_refused() {
    let event = parse("pindah,3175072105870001,2026-02-01,,,").expect("move");
    let moved = apply_to(&event, &budi())
        .expect("applies")
        .expect("changes");
    assert_eq!(moved.life_status, LifeStatus::Moved);
    let mut dead = budi();
    dead.life_status = LifeStatus::Deceased;
    dead.status_date = Some(event.event_date);
    assert_eq!(
        apply_to(&event, &dead).expect_err("refused").rule,
        "deceased"
    );
}

#[test]
fn a_nik_correction_must_match_birth_date_and_sex() {
    let good =
        parse("koreksi_nik,3175072105870001,2026-02-01,3175072105870009,,").expect("correction");
    let after = apply_to(&good, &budi()).expect("applies").expect("changes");
    assert_eq!(after.nik.as_str(), "3175072105870009");
    let wrong_date =
        parse("koreksi_nik,3175072105870001,2026-02-01,3175071205870009,,").expect("correction");
    assert_eq!(
        apply_to(&wrong_date, &budi()).expect_err("refused").rule,
        "nik-birth-date"
    );
    let wrong_sex =
        parse("koreksi_nik,3175072105870001,2026-02-01,3175076105870009,,").expect("correction");
    assert_eq!(
        apply_to(&wrong_sex, &budi()).expect_err("refused").rule,
        "nik-sex"
    );
}
