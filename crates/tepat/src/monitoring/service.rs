//! The monitoring report for an official's region: households per desil per region (one
//! level below the scope), eligible against enrolled per programme with the overrides,
//! the desil counts of the last two scoring runs, and how enrolled households moved
//! between desil from their previous score to their current one.

use eligibility::Rule;

use super::error::MonitoringError;
use super::store;
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::programmes::snapshot::{Snapshots, inside};
use crate::region_code::{Level, RegionCode};

/// One region's households by desil.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RegionDesil {
    pub region: String,
    pub name: String,
    /// Households in desil 1 … 10.
    pub counts: [i64; 10],
}

impl RegionDesil {
    pub fn total(&self) -> i64 {
        self.counts.iter().sum()
    }
}

/// One programme in the region.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ProgrammeRow {
    pub code: String,
    pub name: String,
    /// Households the current rule finds eligible now.
    pub eligible: i64,
    /// Enrolled through approved batches.
    pub by_batch: i64,
    /// Put forward by officials.
    pub by_override: i64,
}

/// The report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    pub by_region: Vec<RegionDesil>,
    pub programmes: Vec<ProgrammeRow>,
    /// The last two scoring runs (oldest first): run id and households per desil.
    pub runs: Vec<(i64, [i64; 10])>,
    /// `movement[p][c]`: enrolled households from desil p+1 to c+1 between their two latest
    /// scores.
    pub movement: [[i64; 10]; 10],
}

impl Report {
    /// Enrolled households whose desil went up (richer), stayed, went down (poorer).
    pub fn moved(&self) -> (i64, i64, i64) {
        let (mut up, mut same, mut down) = (0, 0, 0);
        for (p, row) in self.movement.iter().enumerate() {
            for (c, n) in row.iter().enumerate() {
                match c.cmp(&p) {
                    std::cmp::Ordering::Greater => up += n,
                    std::cmp::Ordering::Equal => same += n,
                    std::cmp::Ordering::Less => down += n,
                }
            }
        }
        (up, same, down)
    }
}

/// The length of a region code one level below `scope` (villages stay villages).
fn child_length(scope: Option<&RegionCode>) -> usize {
    match scope.map(RegionCode::level) {
        None => 2,
        Some(Level::Province) => 5,
        Some(Level::Regency) => 8,
        Some(Level::District | Level::Village) => 13,
    }
}

fn desil_slot(decile: i64) -> Option<usize> {
    usize::try_from(decile - 1).ok().filter(|d| *d < 10)
}

/// The report for the caller's region.
pub async fn report(
    db: &Db,
    snapshots: &Snapshots,
    caller: &Principal,
    now: time::OffsetDateTime,
) -> Result<Report, MonitoringError> {
    caller.allows(Permission::ReadMonitoring, false)?;
    let within = caller.region.as_ref();
    let length = child_length(within);
    let parent = within.filter(|s| s.level() != Level::Village);
    let names = crate::programmes::store::child_region_names(db, parent).await?;
    let mut by_region: Vec<RegionDesil> = Vec::new();
    for (region, decile, n) in store::desil_by_region(db, within, length).await? {
        let Some(slot) = desil_slot(decile) else {
            continue;
        };
        if by_region.last().is_none_or(|r| r.region != region) {
            let name = names
                .iter()
                .find(|(c, _)| *c == region)
                .map_or_else(|| region.clone(), |(_, n)| n.clone());
            by_region.push(RegionDesil {
                region: region.clone(),
                name,
                counts: [0; 10],
            });
        }
        if let Some(last) = by_region.last_mut() {
            last.counts[slot] += n;
        }
    }
    let mut runs: Vec<(i64, [i64; 10])> = Vec::new();
    for (run, decile, n) in store::last_two_runs(db, within).await? {
        let Some(slot) = desil_slot(decile) else {
            continue;
        };
        if runs.last().is_none_or(|(r, _)| *r != run) {
            runs.push((run, [0; 10]));
        }
        if let Some((_, counts)) = runs.last_mut() {
            counts[slot] += n;
        }
    }
    let mut movement = [[0i64; 10]; 10];
    for (previous, current, n) in store::movement(db, within).await? {
        if let (Some(p), Some(c)) = (desil_slot(previous), desil_slot(current)) {
            movement[p][c] += n;
        }
    }
    Ok(Report {
        programmes: programmes(db, snapshots, within, now).await?,
        by_region,
        runs,
        movement,
    })
}

/// Every programme with the households its rule finds eligible now (evaluated on the copy
/// of the registry dry runs use, see `programmes/snapshot.rs`) and the enrolled ones by
/// source.
async fn programmes(
    db: &Db,
    snapshots: &Snapshots,
    within: Option<&RegionCode>,
    now: time::OffsetDateTime,
) -> Result<Vec<ProgrammeRow>, MonitoringError> {
    let (schema, programmes) = crate::programmes::service::schema(db).await?;
    let codes: Vec<String> = programmes.iter().map(|p| p.code.clone()).collect();
    let rules: Vec<Option<Rule>> = programmes
        .iter()
        .map(|p| Rule::compile(&p.rule.source, &schema).ok())
        .collect();
    let snapshot = snapshots
        .get(db, &codes, crate::clock::today(now), now)
        .await?;
    let columns = &snapshot.columns;
    let in_scope: Vec<bool> = columns
        .regions()
        .iter()
        .map(|code| inside(code, within))
        .collect();
    let mut eligible = vec![0i64; programmes.len()];
    for i in 0..columns.len() {
        if !in_scope[columns.region_index(i)] {
            continue;
        }
        let household = columns.household(i);
        for (count, rule) in eligible.iter_mut().zip(&rules) {
            if rule.as_ref().is_some_and(|r| r.evaluate(&household)) {
                *count += 1;
            }
        }
    }
    let enrolled = store::enrolled(db, within).await?;
    let count = |code: &str, source: &str| {
        enrolled
            .iter()
            .find(|(c, s, _)| c == code && s == source)
            .map_or(0, |(_, _, n)| *n)
    };
    Ok(programmes
        .iter()
        .zip(eligible)
        .map(|(p, eligible)| ProgrammeRow {
            code: p.code.clone(),
            name: p.name.clone(),
            eligible,
            by_batch: count(&p.code, "batch"),
            by_override: count(&p.code, "override"),
        })
        .collect())
}
