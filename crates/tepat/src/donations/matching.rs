//! Matching donors with needs, as pure rules over plain values and the two reads that use
//! them: suggestions for a donor (nearest region first, then the donor's interests, then
//! the oldest deadline), and the favouritism flag — a household whose needs are posted far
//! more often than its neighbours', for the district officer to look at.

use std::collections::{BTreeMap, HashMap};

use time::{Duration, OffsetDateTime};

use super::error::DonationError;
use super::store::{self, Need};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::region_code::RegionCode;

/// Open needs read to rank suggestions from; more than any donor scrolls through.
const CANDIDATES_MAX: u32 = 2_000;
/// The window the favouritism rule counts postings in.
pub const FLAG_WINDOW_DAYS: i64 = 90;
/// A household is flagged when its postings exceed this many times its village's median.
pub const FLAG_TIMES_MEDIAN: i64 = 3;

/// How far apart two region codes are: 0 the same village, 1 the same district, 2 the same
/// regency or city, 3 the same province, 4 elsewhere (the codes are hierarchical).
pub fn distance(a: &str, b: &str) -> usize {
    let same = a
        .split('.')
        .zip(b.split('.'))
        .take_while(|(x, y)| x == y)
        .count();
    4usize.saturating_sub(same)
}

/// Orders open needs for a donor near `region` interested in `categories`, and keeps each
/// household in one village only (a household that moved is never shown in two).
pub fn rank(mut needs: Vec<Need>, region: &str, categories: &[String]) -> Vec<Need> {
    needs.sort_by(|a, b| {
        let key = |n: &Need| {
            (
                distance(region, &n.region_code),
                !categories.contains(&n.category),
                n.deadline.clone(),
                n.id,
            )
        };
        key(a).cmp(&key(b))
    });
    let mut village_of: HashMap<i64, String> = HashMap::new();
    needs.retain(|n| {
        village_of
            .entry(n.household_id)
            .or_insert_with(|| n.region_code.clone())
            == &n.region_code
    });
    needs
}

/// Suggestions for a donor: open needs only (a fully pledged need is met and left out).
pub async fn suggestions(
    db: &Db,
    region: &RegionCode,
    categories: &[String],
    limit: usize,
) -> Result<Vec<Need>, DonationError> {
    let open = store::open_needs(db, CANDIDATES_MAX).await?;
    let mut ranked = rank(open, region.as_str(), categories);
    ranked.truncate(limit);
    Ok(ranked)
}

/// A household whose needs are posted far more often than its neighbours'.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[schema(as = DonationFavouritismFlag)]
pub struct Flag {
    pub region_code: String,
    pub household_id: i64,
    /// Needs posted for it in the window.
    pub needs: i64,
    /// The median of needs per household of its village (households with at least one).
    pub village_median: i64,
}

fn median(mut counts: Vec<i64>) -> i64 {
    counts.sort_unstable();
    match counts.len() {
        0 => 0,
        n if n % 2 == 1 => counts[n / 2],
        n => (counts[n / 2 - 1] + counts[n / 2]) / 2,
    }
}

/// The rule: within each village, a household is flagged when its needs posted in the
/// window are more than `FLAG_TIMES_MEDIAN` times the median over the village's households
/// with at least one need.
pub fn flags(counts: &[(String, i64, i64)]) -> Vec<Flag> {
    let mut villages: BTreeMap<&str, Vec<(i64, i64)>> = BTreeMap::new();
    for (village, household, n) in counts {
        villages.entry(village).or_default().push((*household, *n));
    }
    let mut out = Vec::new();
    for (village, households) in villages {
        let middle = median(households.iter().map(|(_, n)| *n).collect());
        for (household, n) in households {
            if n > FLAG_TIMES_MEDIAN * middle {
                out.push(Flag {
                    region_code: village.to_owned(),
                    household_id: household,
                    needs: n,
                    village_median: middle,
                });
            }
        }
    }
    out
}

/// The flags inside the district officer's region.
pub async fn flags_for(
    db: &Db,
    caller: &Principal,
    now: OffsetDateTime,
) -> Result<Vec<Flag>, DonationError> {
    caller.allows(Permission::ReadDonationFlags, false)?;
    let since = now - Duration::days(FLAG_WINDOW_DAYS);
    let counts = store::posting_counts(db, caller.region.as_ref(), since).await?;
    Ok(flags(&counts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(id: i64, household: i64, region: &str, category: &str, deadline: &str) -> Need {
        Need {
            id,
            household_id: household,
            region_code: region.into(),
            village_name: String::new(),
            kind: "money".into(),
            category: category.into(),
            description: String::new(),
            quantity: None,
            unit: None,
            amount_rupiah: 100,
            pledged_rupiah: 0,
            open_rupiah: 100,
            pledged_quantity: 0,
            deadline: deadline.into(),
            situation: String::new(),
            masked_name: String::new(),
            status: "open".into(),
            created_at: String::new(),
        }
    }

    #[test]
    fn distance_follows_the_region_hierarchy() {
        assert_eq!(distance("31.75.07.1003", "31.75.07.1003"), 0);
        assert_eq!(distance("31.75.07.1003", "31.75.07.1001"), 1);
        assert_eq!(distance("31.75.07.1003", "31.75.01.1001"), 2);
        assert_eq!(distance("31.75.07.1003", "31.71.01.1001"), 3);
        assert_eq!(distance("31.75.07.1003", "32.73.01.1001"), 4);
        assert_eq!(
            distance("31.75.07", "31.75.07.1003"),
            1,
            "a district chosen"
        );
    }

    #[test]
    fn suggestions_go_nearest_then_interest_then_oldest_deadline() {
        let needs = vec![
            need(1, 1, "32.73.01.1001", "food", "2027-01-01"),
            need(2, 2, "31.75.07.1001", "health", "2027-01-05"),
            need(3, 3, "31.75.07.1001", "education", "2027-02-01"),
            need(4, 4, "31.75.07.1003", "food", "2027-03-01"),
            need(5, 5, "31.75.07.1001", "education", "2027-01-20"),
        ];
        let ranked = rank(needs, "31.75.07.1003", &["education".into()]);
        let ids: Vec<i64> = ranked.iter().map(|n| n.id).collect();
        assert_eq!(ids, vec![4, 5, 3, 2, 1]);
    }

    #[test]
    fn a_household_is_shown_in_one_village_only() {
        let needs = vec![
            need(1, 7, "31.75.07.1003", "food", "2027-01-01"),
            need(2, 7, "31.75.07.1001", "food", "2027-01-01"),
            need(3, 7, "31.75.07.1003", "food", "2027-02-01"),
        ];
        let ids: Vec<i64> = rank(needs, "31.75.07.1003", &[])
            .iter()
            .map(|n| n.id)
            .collect();
        assert_eq!(ids, vec![1, 3]);
    }

    #[test]
    fn a_household_past_three_times_the_village_median_is_flagged() {
        let v = "31.75.07.1003".to_owned();
        let counts = vec![
            (v.clone(), 1, 1),
            (v.clone(), 2, 1),
            (v.clone(), 3, 1),
            (v.clone(), 4, 4),
            (v.clone(), 5, 3),
            ("31.75.07.1001".to_owned(), 9, 5),
        ];
        let flagged = flags(&counts);
        assert_eq!(flagged.len(), 1, "{flagged:?}");
        assert_eq!((flagged[0].household_id, flagged[0].village_median), (4, 1));
        assert!(
            flags(&[(v, 1, 3)]).is_empty(),
            "alone in its village: its own median"
        );
    }
}
