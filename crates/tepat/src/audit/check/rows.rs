//! A household or person row read back into the record the application would write for it,
//! through the registry's own parsers and snapshot functions, so the audit can recompute an
//! entry's record commitment from the rows as they are now.

use serde_json::Value;
use time::Date;

use crate::region_code::RegionCode;
use crate::registry::person::{
    Disability, Education, LifeStatus, MaritalStatus, Relationship, Sex,
};
use crate::registry::store::{household_snapshot, person_snapshot};
use crate::registry::survey::Survey;
use crate::registry::{HouseholdRecord, KkNumber, Nik, PersonRecord, Phone, dates};

/// The values of a [`VersionRow`], in its field order, for a query joining
/// `record_versions v` with `households h` and `persons p`, each joined only where its
/// version is `v`'s (the record's latest).
pub const VERSION_ROW_VALUES: &str = "v.event_id, v.subject_type, v.subject_id, v.version, \
    v.snapshot, v.snapshot_sha256, h.version, h.kk_number, h.region_code, h.address, h.rt, h.rw, h.phone, \
    h.survey, p.version, p.nik, p.full_name, p.birth_place, p.birth_date, p.sex, \
    p.relationship, p.marital_status, p.occupation, p.education, p.disability, \
    p.life_status, p.status_date, p.merged_into";

/// One version an event wrote, with its record's row where that is still at this version.
/// Read from a JSON array of [`VERSION_ROW_VALUES`], in this field order.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct VersionRow {
    pub event_id: i64,
    pub subject_type: String,
    pub subject_id: i64,
    pub version: i64,
    /// The version's snapshot as stored.
    pub snapshot: String,
    /// The digest stored with it when it was written.
    pub snapshot_sha256: Option<String>,
    household_version: Option<i64>,
    kk_number: Option<String>,
    village_code: Option<String>,
    address: Option<String>,
    rt: Option<String>,
    rw: Option<String>,
    phone: Option<String>,
    survey: Option<String>,
    person_version: Option<i64>,
    nik: Option<String>,
    full_name: Option<String>,
    birth_place: Option<String>,
    birth_date: Option<String>,
    sex: Option<String>,
    relationship: Option<String>,
    marital_status: Option<String>,
    occupation: Option<String>,
    education: Option<String>,
    disability: Option<String>,
    life_status: Option<String>,
    status_date: Option<String>,
    merged_into: Option<i64>,
}

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

impl VersionRow {
    /// What the row gives for this version: the snapshot the application would write for
    /// it, through the registry's parsers and snapshot functions.
    pub fn row_record(&self) -> RowRecord {
        let latest = match self.subject_type.as_str() {
            "household" => self.household_version.is_some(),
            "person" => self.person_version.is_some(),
            _ => false,
        };
        if !latest {
            return RowRecord::NotLatest;
        }
        let read = if self.subject_type == "household" {
            self.household().map(|record| household_snapshot(&record))
        } else {
            self.person()
                .map(|record| with_merge(person_snapshot(&record), self.merged_into))
        };
        match read {
            Ok(snapshot) => RowRecord::Snapshot(snapshot),
            Err(problem) => RowRecord::Unreadable(problem),
        }
    }

    fn household(&self) -> Result<HouseholdRecord, String> {
        Ok(HouseholdRecord {
            kk: field(
                "kk_number",
                KkNumber::parse(text(&self.kk_number), KK_READ_ON),
            )?,
            village_code: field("region_code", RegionCode::parse(text(&self.village_code)))?,
            address: text(&self.address).to_owned(),
            rt: text(&self.rt).to_owned(),
            rw: text(&self.rw).to_owned(),
            phone: coded("phone", &self.phone, Phone::parse)?,
            survey: field("survey", serde_json::from_str::<Survey>(text(&self.survey)))?,
        })
    }

    fn person(&self) -> Result<PersonRecord, String> {
        Ok(PersonRecord {
            nik: field("nik", Nik::parse(text(&self.nik)))?,
            full_name: text(&self.full_name).to_owned(),
            birth_place: text(&self.birth_place).to_owned(),
            birth_date: field("birth_date", dates::parse(text(&self.birth_date)))?,
            sex: field("sex", Sex::parse(text(&self.sex)))?,
            relationship: field(
                "relationship",
                Relationship::parse(text(&self.relationship)),
            )?,
            marital_status: coded("marital_status", &self.marital_status, MaritalStatus::parse)?,
            occupation: self.occupation.clone(),
            education: coded("education", &self.education, Education::parse)?,
            disability: coded("disability", &self.disability, Disability::parse)?,
            life_status: field("life_status", LifeStatus::parse(text(&self.life_status)))?,
            status_date: coded("status_date", &self.status_date, dates::parse)?,
        })
    }
}

/// A column the row's table never leaves NULL.
fn text(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or_default()
}

/// Names the column a value came from in a parse failure.
fn field<T, E: std::fmt::Display>(column: &str, parsed: Result<T, E>) -> Result<T, String> {
    parsed.map_err(|err| format!("{column}: {err}"))
}

/// An optional column read with `parse`.
fn coded<T, E: std::fmt::Display>(
    column: &str,
    value: &Option<String>,
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
