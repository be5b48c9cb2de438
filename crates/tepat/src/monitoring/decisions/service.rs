//! The monthly report of decisions for a region: the month (in WIB) and the region chosen
//! within the viewer's, and the tables computed from the stored proposals, their steps and
//! flags, the objections and the change requests, one grouped query each.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use super::store::{self, Window};
use crate::auth::{Permission, Principal};
use crate::db::{Db, timestamp};
use crate::monitoring::error::MonitoringError;
use crate::proposals::store::{OfficialDeadlines, deadlines_per_official};
use crate::region_code::RegionCode;
use crate::web::form::FieldRule;

/// Western Indonesia Time, in which months begin and end.
const WIB_HOURS: i8 = 7;

/// The days spent at one step by the steps decided in the month.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StepTime {
    pub step: String,
    pub decided: i64,
    pub median_days: f64,
    pub p90_days: f64,
    /// Decided after they were due.
    pub late: i64,
}

/// The report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DecisionReport {
    /// The first day of the month.
    #[serde(skip)]
    pub month: Date,
    /// (kind, status, count): `enrol`, `remove` and `change_data`.
    pub proposals: Vec<(String, String, i64)>,
    /// (reason, status, count).
    pub objections: Vec<(String, String, i64)>,
    pub step_times: Vec<StepTime>,
    /// (step, waiting past their days now).
    pub overdue_now: Vec<(String, i64)>,
    /// (basis, proposals flagged in the month).
    pub flagged: Vec<(String, i64)>,
    /// (account, name, role, proposals for households linked to them).
    pub linked: Vec<(i64, String, String, i64)>,
    pub officials: Vec<OfficialDeadlines>,
}

fn bad(field: &'static str, en: &str, id: &str) -> MonitoringError {
    MonitoringError::BadQuery(FieldRule::new(field, "format", en, id))
}

/// The month `YYYY-MM` asked for, or the current one in WIB; its first day.
pub fn month_of(text: Option<&str>, now: OffsetDateTime) -> Result<Date, MonitoringError> {
    let offset = UtcOffset::from_hms(WIB_HOURS, 0, 0).unwrap_or(UtcOffset::UTC);
    let text = text.map(str::trim).unwrap_or_default();
    let wrong = || {
        bad(
            "bulan",
            "month must be YYYY-MM",
            "bulan harus berbentuk TTTT-BB",
        )
    };
    let (year, month) = if text.is_empty() {
        let today = now.to_offset(offset).date();
        (today.year(), today.month())
    } else {
        let (y, m) = text.split_once('-').ok_or_else(wrong)?;
        let year = y.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y));
        let month = m.parse::<u8>().ok().and_then(|m| Month::try_from(m).ok());
        match (year, month, y.len(), m.len()) {
            (Some(year), Some(month), 4, 2) => (year, month),
            _ => return Err(wrong()),
        }
    };
    Date::from_calendar_date(year, month, 1).map_err(|_| wrong())
}

/// The month's start and the next month's start, midnight WIB.
pub fn bounds(first: Date) -> (OffsetDateTime, OffsetDateTime) {
    let offset = UtcOffset::from_hms(WIB_HOURS, 0, 0).unwrap_or(UtcOffset::UTC);
    let next = match first.month() {
        Month::December => Date::from_calendar_date(first.year() + 1, Month::January, 1),
        m => Date::from_calendar_date(first.year(), m.next(), 1),
    }
    .unwrap_or(first);
    let at = |d: Date| PrimitiveDateTime::new(d, Time::MIDNIGHT).assume_offset(offset);
    (at(first), at(next))
}

/// The region asked for (a code inside the viewer's region), or the viewer's own.
pub fn region_of(
    caller: &Principal,
    text: Option<&str>,
) -> Result<Option<RegionCode>, MonitoringError> {
    let text = text.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Ok(caller.region.clone());
    }
    let code = RegionCode::parse(text).map_err(|_| {
        bad(
            "wilayah",
            "region must be a region code such as 31.75.07.1003",
            "wilayah harus kode wilayah, misalnya 31.75.07.1003",
        )
    })?;
    if !caller.covers(&code) {
        return Err(MonitoringError::NotFound);
    }
    Ok(Some(code))
}

/// The middle value and the 90th percentile (nearest rank) of `values`, sorted here.
pub fn median_and_p90(values: &mut [f64]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    let rank = (n * 9).div_ceil(10).max(1);
    (median, values[rank - 1])
}

/// Days between two stored times, to the tenth of a day.
fn days_between(from: &str, to: &str) -> Option<f64> {
    let (from, to) = (timestamp::from_db(from)?, timestamp::from_db(to)?);
    let hours = (to - from).whole_minutes() as f64 / 60.0;
    Some((hours / 24.0 * 10.0).round() / 10.0)
}

/// The steps decided in the month, per step in the chain's order.
fn step_times(rows: Vec<(String, Option<String>, String, Option<String>)>) -> Vec<StepTime> {
    let mut found: Vec<(String, Vec<f64>, i64)> = Vec::new();
    for (step, reached, decided, due) in rows {
        if found.last().is_none_or(|(s, _, _)| *s != step) {
            found.push((step.clone(), Vec::new(), 0));
        }
        let Some((_, days, late)) = found.last_mut() else {
            continue;
        };
        if let Some(d) = reached.as_deref().and_then(|r| days_between(r, &decided)) {
            days.push(d);
        }
        if due.is_some_and(|due| decided > due) {
            *late += 1;
        }
    }
    let mut times: Vec<StepTime> = found
        .into_iter()
        .map(|(step, mut days, late)| {
            let (median_days, p90_days) = median_and_p90(&mut days);
            StepTime {
                decided: days.len() as i64,
                step,
                median_days,
                p90_days,
                late,
            }
        })
        .collect();
    let order = |s: &str| crate::proposals::model::Level::parse(s).map_or(9, |l| l as u8);
    times.sort_by_key(|t| order(&t.step));
    times
}

/// The report of `month` (its first day) for `region`, inside the caller's.
pub async fn report(
    db: &Db,
    caller: &Principal,
    region: Option<&RegionCode>,
    month: Date,
    now: OffsetDateTime,
) -> Result<DecisionReport, MonitoringError> {
    caller.allows(Permission::ReadMonitoring, false)?;
    let (from, until) = bounds(month);
    let w = Window::new(region, from, until);
    let mut proposals = store::proposals_by_kind(db, &w).await?;
    proposals.extend(store::change_requests(db, &w).await?);
    Ok(DecisionReport {
        month,
        proposals,
        objections: store::objections_by_reason(db, &w).await?,
        step_times: step_times(store::decided_steps(db, &w).await?),
        overdue_now: store::overdue_now(db, &w, now).await?,
        flagged: store::flagged_by_basis(db, &w)
            .await?
            .into_iter()
            .map(|(basis, _, n)| (basis, n))
            .collect(),
        linked: store::linked_officials(db, &w).await?,
        officials: deadlines_per_official(db, region, (from, until), now).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_month_is_read_or_taken_from_the_clock_in_wib() {
        let late_evening_utc = datetime!(2026-11-30 18:00 UTC);
        let first = month_of(None, late_evening_utc).unwrap();
        assert_eq!(
            first,
            Date::from_calendar_date(2026, Month::December, 1).unwrap()
        );
        let asked = month_of(Some("2026-02"), late_evening_utc).unwrap();
        assert_eq!(asked.month(), Month::February);
        for wrong in [
            "2026-13",
            "2026-2",
            "26-02",
            "februari",
            "2026-02-01",
            "-",
            "9999-01",
        ] {
            assert!(month_of(Some(wrong), late_evening_utc).is_err(), "{wrong}");
        }
    }

    #[test]
    fn a_month_begins_and_ends_at_midnight_wib() {
        let first = Date::from_calendar_date(2026, Month::December, 1).unwrap();
        let (from, until) = bounds(first);
        assert_eq!(from, datetime!(2026-11-30 17:00 UTC));
        assert_eq!(until, datetime!(2026-12-31 17:00 UTC));
    }

    #[test]
    fn the_median_and_the_ninetieth_percentile_take_the_ranks_they_name() {
        assert_eq!(median_and_p90(&mut []), (0.0, 0.0));
        assert_eq!(median_and_p90(&mut [4.0]), (4.0, 4.0));
        assert_eq!(median_and_p90(&mut [3.0, 1.0]), (2.0, 3.0));
        let mut ten: Vec<f64> = (1..=10).rev().map(f64::from).collect();
        assert_eq!(median_and_p90(&mut ten), (5.5, 9.0));
    }
}
