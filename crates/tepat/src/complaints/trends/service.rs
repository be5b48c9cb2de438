//! What the community reports (CROP), for officials: complaints per category and region
//! (one level below the region chosen) in rolling weeks of seven days ending now, the
//! categories rising this week, and the places reported.

use time::OffsetDateTime;

use super::store;
use crate::auth::{Permission, Principal};
use crate::complaints::error::ComplaintError;
use crate::db::{Db, timestamp};
use crate::region_code::RegionCode;

/// Weeks shown unless asked otherwise, and at most.
pub const WEEKS_DEFAULT: u32 = 8;
pub const WEEKS_MAX: u32 = 26;
/// A category rises in a region when this week holds at least this many complaints …
pub const RISING_AT_LEAST: i64 = 3;
/// … and at least twice the weekly average of the four weeks before.
const RISING_FACTOR: i64 = 2;
const RISING_BASELINE_WEEKS: usize = 4;

/// One category in one region, week by week (oldest first).
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ComplaintTrendRow)]
pub struct TrendRow {
    pub category: String,
    /// The region one level below the one chosen (the village when a village is chosen).
    pub region: String,
    pub weekly: Vec<i64>,
    pub total: i64,
    /// This week at least 3 and at least twice the average of the four weeks before.
    pub rising: bool,
}

/// A reported place.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ComplaintPlace)]
pub struct Place {
    pub category: String,
    pub village: String,
    pub latitude: f64,
    pub longitude: f64,
}

/// The trends of a region.
#[derive(Debug, Clone)]
pub struct Trends {
    pub region: Option<RegionCode>,
    /// The first moment of each week, oldest first; the last week ends now.
    pub week_starts: Vec<OffsetDateTime>,
    pub rows: Vec<TrendRow>,
    pub places: Vec<Place>,
}

/// The region one level below `chosen` that holds `village` (the village itself when
/// `chosen` is a village or nothing finer exists).
pub fn child_of(chosen: Option<&RegionCode>, village: &str) -> String {
    let depth = chosen.map_or(0, |c| c.as_str().split('.').count());
    let parts: Vec<&str> = village.split('.').collect();
    parts[..(depth + 1).min(parts.len())].join(".")
}

/// Whether the last of `weekly` rises against the weeks before it.
pub fn rising(weekly: &[i64]) -> bool {
    let Some((&now, before)) = weekly.split_last() else {
        return false;
    };
    let baseline: Vec<i64> = before
        .iter()
        .rev()
        .take(RISING_BASELINE_WEEKS)
        .copied()
        .collect();
    let sum: i64 = baseline.iter().sum();
    let weeks = baseline.len().max(1) as i64;
    // now >= 2 × (sum / weeks), kept in integers.
    now >= RISING_AT_LEAST && now * weeks >= RISING_FACTOR * sum
}

/// The number of weeks asked for (`minggu`/`weeks`), 1 to 26.
pub fn weeks(text: Option<&str>, field: &'static str) -> Result<u32, ComplaintError> {
    let text = text.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Ok(WEEKS_DEFAULT);
    }
    text.parse::<u32>()
        .ok()
        .filter(|w| (1..=WEEKS_MAX).contains(w))
        .ok_or_else(|| {
            ComplaintError::BadFilter(crate::web::form::FieldRule::new(
                field,
                "range",
                "weeks must be a whole number from 1 to 26",
                "jumlah minggu harus bilangan bulat 1 sampai 26",
            ))
        })
}

/// The trends inside `region` (a region inside the caller's; theirs when none).
pub async fn trends(
    db: &Db,
    caller: &Principal,
    region: Option<RegionCode>,
    weeks: u32,
    now: OffsetDateTime,
) -> Result<Trends, ComplaintError> {
    caller.allows(Permission::ReadComplaints, false)?;
    let region = match region {
        Some(r) if !caller.covers(&r) => return Err(ComplaintError::NotFound),
        Some(r) => Some(r),
        None => caller.region.clone(),
    };
    let n = weeks as usize;
    let week_starts: Vec<OffsetDateTime> = (0..weeks)
        .rev()
        .map(|k| now - time::Duration::days(7 * (i64::from(k) + 1)))
        .collect();
    let from = week_starts[0];
    // Up to and with this very moment (the end given is excluded).
    let until = now + time::Duration::seconds(1);
    let counts = store::counts(db, region.as_ref(), from, until).await?;
    let mut rows: Vec<TrendRow> = Vec::new();
    for (category, village, hour, count) in counts {
        let Some(at) = timestamp::from_db(&format!("{hour}:00:00.000Z")) else {
            continue;
        };
        // The hour's start may lie before the first week's start: it counts in the first.
        let week = week_starts.iter().rposition(|s| *s <= at).unwrap_or(0);
        let child = child_of(region.as_ref(), &village);
        let at_row = rows
            .iter()
            .position(|r| r.category == category && r.region == child);
        let row = match at_row {
            Some(i) => &mut rows[i],
            None => {
                rows.push(TrendRow {
                    category,
                    region: child,
                    weekly: vec![0; n],
                    total: 0,
                    rising: false,
                });
                let last = rows.len() - 1;
                &mut rows[last]
            }
        };
        row.weekly[week] += count;
        row.total += count;
    }
    for row in &mut rows {
        row.rising = rising(&row.weekly);
    }
    rows.sort_by(|a, b| (b.rising, b.total, &a.region).cmp(&(a.rising, a.total, &b.region)));
    let places = store::points(db, region.as_ref(), from)
        .await?
        .into_iter()
        .map(|(category, village, latitude, longitude)| Place {
            category,
            village,
            latitude,
            longitude,
        })
        .collect();
    Ok(Trends {
        region,
        week_starts,
        rows,
        places,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_category_rises_on_a_sharp_week_not_on_a_steady_one() {
        assert!(rising(&[0, 0, 0, 0, 3]));
        assert!(rising(&[1, 1, 1, 1, 4]));
        assert!(!rising(&[0, 0, 0, 0, 2]), "too few to call it a rise");
        assert!(!rising(&[3, 3, 3, 3, 5]), "below twice the average");
        assert!(
            rising(&[9, 3, 3, 3, 3, 6]),
            "only the four weeks before count"
        );
        assert!(!rising(&[]));
    }

    #[test]
    fn regions_fold_one_level_below_the_chosen_one() {
        let district = RegionCode::parse("31.75.07").unwrap();
        assert_eq!(child_of(Some(&district), "31.75.07.1003"), "31.75.07.1003");
        let city = RegionCode::parse("31.75").unwrap();
        assert_eq!(child_of(Some(&city), "31.75.07.1003"), "31.75.07");
        assert_eq!(child_of(None, "31.75.07.1003"), "31");
        let village = RegionCode::parse("31.75.07.1003").unwrap();
        assert_eq!(child_of(Some(&village), "31.75.07.1003"), "31.75.07.1003");
    }
}
