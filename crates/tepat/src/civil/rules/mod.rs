//! The pure rules of the civil-registry feed: reading one row into a `CivilEvent`, and
//! what an event does to a person as the registry holds them.

use time::Date;

pub use super::columns::CivilColumns;

use crate::region_code::{Level, RegionCode};
use crate::registry::PersonRecord;
use crate::registry::codes::coded_enum;
use crate::registry::dates;
use crate::registry::directory::RegionDirectory;
use crate::registry::nik::{Nik, NikMismatch};
use crate::registry::person::LifeStatus;
use crate::registry::violation::Violation;
use crate::review;

coded_enum!(
    /// What the civil registry (Dukcapil) reports about a person.
    CivilEventKind {
        Death = "kematian" | "death",
        Move = "pindah" | "move",
        NikCorrection = "koreksi_nik" | "nik_correction" | "koreksi nik",
    }
);

impl CivilEventKind {
    /// The review-flag reason the event raises.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Death => review::REASON_DEATH,
            Self::Move => review::REASON_MOVE,
            Self::NikCorrection => review::REASON_NIK_CORRECTION,
        }
    }

    /// The version action written on the person.
    pub fn action(self) -> &'static str {
        match self {
            Self::Death => "death_recorded",
            Self::Move => "move_recorded",
            Self::NikCorrection => "nik_corrected",
        }
    }
}

/// The longest reference kept (an akta or letter number).
pub const REFERENCE_CHARS_MAX: usize = 100;

/// One event as read from a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CivilEvent {
    pub kind: CivilEventKind,
    pub nik: Nik,
    pub event_date: Date,
    /// The corrected NIK (`koreksi_nik` only).
    pub new_nik: Option<Nik>,
    /// The village moved to, when known (`pindah` only).
    pub new_village_code: Option<RegionCode>,
    /// The civil registry's own reference (akta number, letter …).
    pub reference: Option<String>,
}

fn not_applicable(field: &'static str) -> Violation {
    Violation::new(
        field,
        "not-applicable",
        format!("{field} is only used with another event type; leave it empty"),
        format!("{field} hanya dipakai untuk jenis peristiwa lain; kosongkan"),
    )
}

/// Reads one row; every broken rule is reported, not only the first.
pub fn parse_row(
    columns: &CivilColumns,
    cells: &[String],
    today: Date,
    regions: &impl RegionDirectory,
) -> Result<CivilEvent, Vec<Violation>> {
    let mut found = Vec::new();
    let cell = |c| columns.get(cells, c);
    let kind = match cell("event") {
        "" => {
            found.push(Violation::required("event"));
            None
        }
        text => CivilEventKind::parse(text)
            .map_err(|e| found.push(Violation::choice("event", text, &e.allowed)))
            .ok(),
    };
    let nik = parse_nik("nik", cell("nik"), &mut found);
    let event_date = match cell("event_date") {
        "" => {
            found.push(Violation::required("event_date"));
            None
        }
        text => dates::parse(text)
            .and_then(|d| dates::check_past(d, today))
            .map_err(|e| found.push(Violation::localized("event_date", "date", &e)))
            .ok(),
    };
    let new_nik = match (kind, cell("new_nik")) {
        (Some(CivilEventKind::NikCorrection), text) => parse_nik("new_nik", text, &mut found),
        (_, "") => None,
        (_, _) => {
            found.push(not_applicable("new_nik"));
            None
        }
    };
    if let (Some(old), Some(new)) = (&nik, &new_nik)
        && old == new
    {
        found.push(Violation::new(
            "new_nik",
            "same-nik",
            "new_nik is the same as nik".into(),
            "new_nik sama dengan nik".into(),
        ));
    }
    let new_village_code = match (kind, cell("new_village_code")) {
        (_, "") => None,
        (Some(CivilEventKind::Move), text) => parse_village(text, regions, &mut found),
        (_, _) => {
            found.push(not_applicable("new_village_code"));
            None
        }
    };
    let reference = cell("reference");
    if reference.chars().count() > REFERENCE_CHARS_MAX {
        found.push(Violation::too_long("reference", REFERENCE_CHARS_MAX));
    }
    match (kind, nik, event_date) {
        (Some(kind), Some(nik), Some(event_date)) if found.is_empty() => Ok(CivilEvent {
            kind,
            nik,
            event_date,
            new_nik,
            new_village_code,
            reference: (!reference.is_empty()).then(|| reference.to_owned()),
        }),
        _ => Err(found),
    }
}

fn parse_nik(field: &'static str, text: &str, found: &mut Vec<Violation>) -> Option<Nik> {
    if text.is_empty() {
        found.push(Violation::required(field));
        return None;
    }
    Nik::parse(text)
        .map_err(|e| found.push(Violation::localized(field, "nik-format", &e)))
        .ok()
}

fn parse_village(
    text: &str,
    regions: &impl RegionDirectory,
    found: &mut Vec<Violation>,
) -> Option<RegionCode> {
    let code = RegionCode::parse(text)
        .and_then(|c| c.require_level(Level::Village).map(|()| c))
        .map_err(|e| found.push(Violation::localized("new_village_code", "format", &e)))
        .ok()?;
    if regions.is_village(code.as_str()) {
        Some(code)
    } else {
        found.push(Violation::new(
            "new_village_code",
            "unknown",
            format!("{code} is not a current village in the region list"),
            format!("{code} bukan desa/kelurahan yang berlaku dalam daftar wilayah"),
        ));
        None
    }
}

/// What the event does to `current`: the person as they become, `None` when the registry
/// already says so, or the rule it breaks.
pub fn apply_to(
    event: &CivilEvent,
    current: &PersonRecord,
) -> Result<Option<PersonRecord>, Violation> {
    if event.event_date < current.birth_date {
        return Err(Violation::new(
            "event_date",
            "before-birth",
            format!(
                "{} is before the person's birth date ({})",
                dates::show(event.event_date),
                dates::show(current.birth_date)
            ),
            format!(
                "{} sebelum tanggal lahir penduduk ({})",
                dates::show(event.event_date),
                dates::show(current.birth_date)
            ),
        ));
    }
    let mut next = current.clone();
    match event.kind {
        CivilEventKind::Death => {
            if current.life_status == LifeStatus::Deceased {
                return same_date_or(current, event, "already-deceased", "meninggal");
            }
            next.life_status = LifeStatus::Deceased;
            next.status_date = Some(event.event_date);
        }
        CivilEventKind::Move => {
            if current.life_status == LifeStatus::Deceased {
                return Err(recorded_as(current, "deceased", "meninggal"));
            }
            if current.life_status == LifeStatus::Moved
                && current.status_date == Some(event.event_date)
            {
                return Ok(None);
            }
            next.life_status = LifeStatus::Moved;
            next.status_date = Some(event.event_date);
        }
        CivilEventKind::NikCorrection => {
            let Some(new_nik) = &event.new_nik else {
                return Err(Violation::required("new_nik"));
            };
            if let Some(mismatch) = new_nik.check(current.birth_date, current.sex).first() {
                let rule = match mismatch {
                    NikMismatch::BirthDate { .. } => "nik-birth-date",
                    NikMismatch::Sex { .. } => "nik-sex",
                };
                return Err(Violation::localized("new_nik", rule, mismatch));
            }
            next.nik = new_nik.clone();
        }
    }
    Ok(Some(next))
}

/// A repeated report of a status already held: unchanged on the same date, refused on
/// another.
fn same_date_or(
    current: &PersonRecord,
    event: &CivilEvent,
    rule: &'static str,
    status_id: &str,
) -> Result<Option<PersonRecord>, Violation> {
    if current.status_date == Some(event.event_date) {
        Ok(None)
    } else {
        Err(recorded_as(current, rule, status_id))
    }
}

fn recorded_as(current: &PersonRecord, rule: &'static str, status_id: &str) -> Violation {
    let since = current.status_date.map(dates::show).unwrap_or_default();
    Violation::new(
        "nik",
        rule,
        format!("the person is already recorded as {status_id} ({since})"),
        format!("penduduk sudah tercatat {status_id} ({since})"),
    )
}

#[cfg(test)]
mod tests;
