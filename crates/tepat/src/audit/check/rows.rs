//! A household or person row read back into the record the application would write for it,
//! through the registry's own parsers and snapshot functions, so the audit can recompute an
//! entry's record commitment from the rows as they are now.

use serde_json::Value;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::Date;

use crate::db::{ResultExt, StoreError};
use crate::region_code::RegionCode;
use crate::registry::person::{
    Disability, Education, LifeStatus, MaritalStatus, Relationship, Sex,
};
use crate::registry::store::{household_snapshot, person_snapshot};
use crate::registry::survey::Survey;
use crate::registry::{HouseholdRecord, KkNumber, Nik, PersonRecord, Phone, dates};

/// The row columns [`row_snapshot`] reads, for a query joining `households h` and
/// `persons p` (each joined only where its version is the one the query asks about).
pub const ROW_COLUMNS: &str = "h.version AS household_version, h.kk_number, \
    h.region_code AS village_code, h.address, h.rt, h.rw, h.phone, h.survey, \
    p.version AS person_version, p.nik, p.full_name, p.birth_place, p.birth_date, p.sex, \
    p.relationship, p.marital_status, p.occupation, p.education, p.disability, \
    p.life_status, p.status_date, p.merged_into";

/// A KK number's registration date may not lie after the day it is read. A stored number
/// was read on the day it was written, so the audit reads it as of the last day there is:
/// only its form is checked here, its content is what the commitment compares.
const KK_READ_ON: Date = Date::MAX;

/// What a row gives for one version of its record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowRecord {
    /// The version is not the record's latest (or the row is gone): no row to compare.
    NotLatest,
    /// The snapshot the application would write for the row as it is.
    Snapshot(String),
    /// The row holds a value the application never writes; why.
    Unreadable(String),
}

/// The record the row of a `household` or `person` version gives, from [`ROW_COLUMNS`].
pub fn row_snapshot(row: &AnyRow, subject_type: &str) -> Result<RowRecord, StoreError> {
    let version = match subject_type {
        "household" => "household_version",
        "person" => "person_version",
        _ => return Ok(RowRecord::NotLatest),
    };
    if row.try_get::<Option<i64>, _>(version).store()?.is_none() {
        return Ok(RowRecord::NotLatest);
    }
    let read = if subject_type == "household" {
        household(row)?
    } else {
        person(row)?
    };
    Ok(match read {
        Ok(snapshot) => RowRecord::Snapshot(snapshot),
        Err(problem) => RowRecord::Unreadable(problem),
    })
}

fn text(row: &AnyRow, column: &str) -> Result<String, StoreError> {
    Ok(row
        .try_get::<Option<String>, _>(column)
        .store()?
        .unwrap_or_default())
}

fn optional(row: &AnyRow, column: &str) -> Result<Option<String>, StoreError> {
    row.try_get(column).store()
}

/// Names the column a value came from in a parse failure.
fn field<T, E: std::fmt::Display>(column: &str, parsed: Result<T, E>) -> Result<T, String> {
    parsed.map_err(|err| format!("{column}: {err}"))
}

fn household(row: &AnyRow) -> Result<Result<String, String>, StoreError> {
    let (kk, village, phone, survey) = (
        text(row, "kk_number")?,
        text(row, "village_code")?,
        optional(row, "phone")?,
        text(row, "survey")?,
    );
    let (address, rt, rw) = (text(row, "address")?, text(row, "rt")?, text(row, "rw")?);
    let record = || -> Result<HouseholdRecord, String> {
        Ok(HouseholdRecord {
            kk: field("kk_number", KkNumber::parse(&kk, KK_READ_ON))?,
            village_code: field("region_code", RegionCode::parse(&village))?,
            address,
            rt,
            rw,
            phone: field("phone", phone.as_deref().map(Phone::parse).transpose())?,
            survey: field("survey", serde_json::from_str::<Survey>(&survey))?,
        })
    };
    Ok(record().map(|record| household_snapshot(&record)))
}

fn person(row: &AnyRow) -> Result<Result<String, String>, StoreError> {
    let (nik, full_name, birth_place) = (
        text(row, "nik")?,
        text(row, "full_name")?,
        text(row, "birth_place")?,
    );
    let (birth_date, sex, relationship, life_status) = (
        text(row, "birth_date")?,
        text(row, "sex")?,
        text(row, "relationship")?,
        text(row, "life_status")?,
    );
    let (marital_status, occupation, education) = (
        optional(row, "marital_status")?,
        optional(row, "occupation")?,
        optional(row, "education")?,
    );
    let (disability, status_date) = (optional(row, "disability")?, optional(row, "status_date")?);
    let merged_into: Option<i64> = row.try_get("merged_into").store()?;
    let record = || -> Result<PersonRecord, String> {
        Ok(PersonRecord {
            nik: field("nik", Nik::parse(&nik))?,
            full_name,
            birth_place,
            birth_date: field("birth_date", dates::parse(&birth_date))?,
            sex: field("sex", Sex::parse(&sex))?,
            relationship: field("relationship", Relationship::parse(&relationship))?,
            marital_status: coded("marital_status", marital_status, MaritalStatus::parse)?,
            occupation,
            education: coded("education", education, Education::parse)?,
            disability: coded("disability", disability, Disability::parse)?,
            life_status: field("life_status", LifeStatus::parse(&life_status))?,
            status_date: coded("status_date", status_date, dates::parse)?,
        })
    };
    Ok(record().map(|record| with_merge(person_snapshot(&record), merged_into)))
}

/// An optional column read with `parse`.
fn coded<T, E: std::fmt::Display>(
    column: &str,
    value: Option<String>,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<Option<T>, String> {
    field(column, value.as_deref().map(parse).transpose())
}

/// A person merged into another carries `merged_into` in their snapshot, as the duplicate
/// decision writes it.
fn with_merge(snapshot: String, merged_into: Option<i64>) -> String {
    let Some(survivor) = merged_into else {
        return snapshot;
    };
    let mut value: Value = serde_json::from_str(&snapshot).unwrap_or(Value::Null);
    if let Value::Object(fields) = &mut value {
        fields.insert("merged_into".to_owned(), Value::from(survivor));
    }
    value.to_string()
}
