//! Response times for a region and a month (WIB): the items opened in it, folded from the
//! event trail into figures per kind, per office (role and region of who answered first)
//! and, for supervisors, per official.

use time::{Date, OffsetDateTime};

use super::figures::{self, Figures, Item};
use super::store;
use crate::db::Db;
use crate::monitoring::decisions::service::{bounds, month_of};
use crate::monitoring::error::MonitoringError;
use crate::region_code::RegionCode;
use crate::web::form::FieldRule;

/// An office: the role and the region of whoever answered first.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ResponseTimeOffice)]
pub struct OfficeFigures {
    /// The role the office acts in (`village_operator`, `district_officer`, …; `system`
    /// for the program itself).
    pub role: String,
    /// The office's region code (none for national offices and the program).
    pub region: Option<String>,
    pub region_name: Option<String>,
    #[serde(flatten)]
    pub figures: Figures,
}

/// One official (supervisors only).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ResponseTimeOfficial)]
pub struct OfficialFigures {
    pub name: String,
    pub role: String,
    pub region: Option<String>,
    pub region_name: Option<String>,
    #[serde(flatten)]
    pub figures: Figures,
}

/// The report.
#[derive(Debug, Clone)]
pub struct Report {
    /// The first day of the month.
    pub month: Date,
    pub region: Option<RegionCode>,
    /// Per kind, every item opened in the region and month.
    pub summary: Vec<Figures>,
    pub offices: Vec<OfficeFigures>,
    /// Empty unless asked for (supervisors).
    pub officials: Vec<OfficialFigures>,
}

/// A region code typed by anyone: it must parse and exist.
pub async fn public_region(
    db: &Db,
    text: Option<&str>,
    field: &'static str,
) -> Result<Option<RegionCode>, MonitoringError> {
    let text = text.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Ok(None);
    }
    let code = RegionCode::parse(text).map_err(|_| {
        MonitoringError::BadQuery(FieldRule::new(
            field,
            "format",
            "region must be a region code such as 31.75.07.1003",
            "wilayah harus kode wilayah, misalnya 31.75.07.1003",
        ))
    })?;
    match crate::regions::store::find(db, &code).await? {
        Some(_) => Ok(Some(code)),
        None => Err(MonitoringError::NotFound),
    }
}

/// The month asked for in `field` (`YYYY-MM`, default the current one in WIB).
pub fn month(
    text: Option<&str>,
    field: &'static str,
    now: OffsetDateTime,
) -> Result<Date, MonitoringError> {
    month_of(text, now).map_err(|err| named(err, field))
}

/// `err` naming `field` when it is about a query parameter (the API's names are English).
pub fn named(err: MonitoringError, field: &'static str) -> MonitoringError {
    match err {
        MonitoringError::BadQuery(rule) => MonitoringError::BadQuery(FieldRule { field, ..rule }),
        other => other,
    }
}

/// Computes the report; `with_officials` adds the per-official table.
pub async fn report(
    db: &Db,
    region: Option<RegionCode>,
    month: Date,
    with_officials: bool,
    now: OffsetDateTime,
) -> Result<Report, MonitoringError> {
    let (from, until) = bounds(month);
    let events = store::item_events(db, region.as_ref(), from, until).await?;
    let items = figures::items(&events);
    let summary = figures::grouped(&items, now, |_| Some(()))
        .into_iter()
        .map(|(_, f)| f)
        .collect();
    let by_office = figures::grouped(&items, now, |i: &Item| {
        let (_, actor) = i.answered.as_ref()?;
        Some((actor.role.clone(), actor.region.clone()))
    });
    let by_official = if with_officials {
        figures::grouped(&items, now, |i: &Item| {
            let (_, actor) = i.answered.as_ref()?;
            actor.key.as_ref()?;
            Some((
                actor.name.clone().unwrap_or_default(),
                actor.key.clone(),
                actor.role.clone(),
                actor.region.clone(),
            ))
        })
    } else {
        Vec::new()
    };
    let mut codes: Vec<&str> = by_office
        .iter()
        .filter_map(|((_, r), _)| r.as_deref())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let names = crate::regions::store::names(db, &codes).await?;
    let name_of = |code: &Option<String>| {
        let code = code.as_deref()?;
        names
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, n)| n.clone())
    };
    let offices = by_office
        .into_iter()
        .map(|((role, region), figures)| OfficeFigures {
            region_name: name_of(&region),
            role,
            region,
            figures,
        })
        .collect();
    let officials = by_official
        .into_iter()
        .map(|((name, _, role, region), figures)| OfficialFigures {
            region_name: name_of(&region),
            name,
            role,
            region,
            figures,
        })
        .collect();
    Ok(Report {
        month,
        region,
        summary,
        offices,
        officials,
    })
}
