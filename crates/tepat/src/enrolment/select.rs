//! The quota cut, as a pure function: eligible households ordered poorest first within
//! the quota they count against, the first ones up to what is left of it selected, the
//! rest waiting in order; held households never selected, with their reason.

use sha2::{Digest, Sha256};

/// An eligible household before the cut.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub household_id: i64,
    /// Its village code.
    pub region: String,
    pub score: Option<f64>,
    pub decile: Option<i64>,
    /// Why it may not be enrolled now (a [`Reason`]), if so.
    pub held: Option<Reason>,
}

/// What a quota still allows in its region (empty region: the whole country).
#[derive(Debug, Clone, PartialEq)]
pub struct Room {
    pub region: String,
    pub left: i64,
}

/// Where a household ends up in a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Selected,
    Waiting,
    Held,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Self::Selected => "selected",
            Self::Waiting => "waiting",
            Self::Held => "held",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Selected, Self::Waiting, Self::Held]
            .into_iter()
            .find(|o| o.code() == code)
    }
}

/// Why a household is where it is, stored as `code` or `code:detail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Within the quota (or the programme has none).
    WithinQuota,
    /// Past what the quota leaves.
    BeyondQuota,
    /// A member is in an undecided duplicate pair (the pair's id).
    HeldByPair(i64),
    /// The head of the family is recorded as deceased.
    HeadDeceased,
    /// No member is recorded as living.
    NoLivingMember,
    /// Already enrolled in a programme this one excludes (its code).
    Excluded(String),
}

impl Reason {
    pub fn to_code(&self) -> String {
        match self {
            Self::WithinQuota => "within_quota".into(),
            Self::BeyondQuota => "beyond_quota".into(),
            Self::HeldByPair(id) => format!("duplicate_pair:{id}"),
            Self::HeadDeceased => "head_deceased".into(),
            Self::NoLivingMember => "no_living_member".into(),
            Self::Excluded(code) => format!("excluded:{code}"),
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        let (code, detail) = text.split_once(':').unwrap_or((text, ""));
        Some(match code {
            "within_quota" => Self::WithinQuota,
            "beyond_quota" => Self::BeyondQuota,
            "duplicate_pair" => Self::HeldByPair(detail.parse().ok()?),
            "head_deceased" => Self::HeadDeceased,
            "no_living_member" => Self::NoLivingMember,
            "excluded" => Self::Excluded(detail.to_owned()),
            _ => return None,
        })
    }
}

/// One household's place in a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub household_id: i64,
    pub region: String,
    /// The quota it counts against: `Some("")` nationally, `None` when there is none.
    pub quota_region: Option<String>,
    /// 1, 2, … within its quota, poorest first; `None` when held.
    pub position: Option<i64>,
    pub score: Option<f64>,
    pub decile: Option<i64>,
    pub outcome: Outcome,
    pub reason: Reason,
}

/// True when `village` lies in `region` (empty: everywhere), on code boundaries.
pub fn lies_in(village: &str, region: &str) -> bool {
    region.is_empty()
        || village == region
        || (village.starts_with(region) && village.as_bytes().get(region.len()) == Some(&b'.'))
}

/// The most specific quota whose region holds `village`.
fn quota_of<'a>(rooms: &'a [Room], village: &str) -> Option<&'a Room> {
    rooms
        .iter()
        .filter(|r| lies_in(village, &r.region))
        .max_by_key(|r| r.region.len())
}

/// Cuts the candidates at the quotas: within each quota, poorest first (a household
/// without a score after those with one, then by id), the first `left` selected and the
/// rest waiting; held households keep their reason and no position. Lines come back in
/// household order.
pub fn cut(candidates: Vec<Candidate>, rooms: &[Room]) -> Vec<Line> {
    let mut free: Vec<(Option<usize>, Candidate)> = Vec::new();
    let mut lines = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        let quota = quota_of(rooms, &candidate.region);
        match candidate.held.clone() {
            Some(reason) => lines.push(Line {
                household_id: candidate.household_id,
                quota_region: quota.map(|q| q.region.clone()),
                region: candidate.region,
                position: None,
                score: candidate.score,
                decile: candidate.decile,
                outcome: Outcome::Held,
                reason,
            }),
            None => {
                let at = quota.and_then(|q| rooms.iter().position(|r| r == q));
                free.push((at, candidate));
            }
        }
    }
    free.sort_by(|(qa, a), (qb, b)| {
        qa.cmp(qb)
            .then_with(|| match (a.score, b.score) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then(a.household_id.cmp(&b.household_id))
    });
    let mut position = 0i64;
    let mut group: Option<Option<usize>> = None;
    for (quota, candidate) in free {
        if group != Some(quota) {
            group = Some(quota);
            position = 0;
        }
        position += 1;
        let room = quota.map(|q| &rooms[q]);
        let within = room.is_none_or(|r| position <= r.left);
        lines.push(Line {
            household_id: candidate.household_id,
            region: candidate.region,
            quota_region: room.map(|r| r.region.clone()),
            position: Some(position),
            score: candidate.score,
            decile: candidate.decile,
            outcome: if within {
                Outcome::Selected
            } else {
                Outcome::Waiting
            },
            reason: if within {
                Reason::WithinQuota
            } else {
                Reason::BeyondQuota
            },
        });
    }
    lines.sort_by_key(|l| l.household_id);
    lines
}

/// SHA-256 over every line in household order, each `household_id,outcome,position\n`
/// (position empty when held): what the batch's events commit to.
pub fn digest(lines: &[Line]) -> String {
    let mut hasher = Sha256::new();
    for line in lines {
        let position = line.position.map(|p| p.to_string()).unwrap_or_default();
        hasher.update(format!(
            "{},{},{}\n",
            line.household_id,
            line.outcome.code(),
            position
        ));
    }
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(id: i64, region: &str, score: Option<f64>) -> Candidate {
        Candidate {
            household_id: id,
            region: region.into(),
            score,
            decile: None,
            held: None,
        }
    }

    fn outcomes(lines: &[Line]) -> Vec<(i64, Outcome, Option<i64>)> {
        lines
            .iter()
            .map(|l| (l.household_id, l.outcome, l.position))
            .collect()
    }

    #[test]
    fn the_poorest_are_selected_up_to_the_quota_and_the_rest_wait_in_order() {
        let candidates = vec![
            candidate(1, "31.75.07.1003", Some(13.2)),
            candidate(2, "31.75.07.1003", Some(12.1)),
            candidate(3, "31.75.07.1002", Some(12.5)),
            candidate(4, "31.75.07.1002", None),
        ];
        let rooms = [Room {
            region: "".into(),
            left: 2,
        }];
        let lines = cut(candidates, &rooms);
        assert_eq!(
            outcomes(&lines),
            vec![
                (1, Outcome::Waiting, Some(3)),
                (2, Outcome::Selected, Some(1)),
                (3, Outcome::Selected, Some(2)),
                (4, Outcome::Waiting, Some(4)),
            ]
        );
        assert_eq!(lines[0].reason, Reason::BeyondQuota);
        assert_eq!(lines[0].quota_region.as_deref(), Some(""));
    }

    #[test]
    fn each_household_counts_against_its_most_specific_quota() {
        let candidates = vec![
            candidate(1, "31.75.07.1003", Some(12.0)),
            candidate(2, "31.75.07.1003", Some(11.0)),
            candidate(3, "32.73.01.1001", Some(10.0)),
            candidate(4, "32.73.01.1001", Some(10.5)),
        ];
        let rooms = [
            Room {
                region: "".into(),
                left: 1,
            },
            Room {
                region: "31.75".into(),
                left: 2,
            },
        ];
        let lines = cut(candidates, &rooms);
        assert_eq!(
            outcomes(&lines),
            vec![
                (1, Outcome::Selected, Some(2)),
                (2, Outcome::Selected, Some(1)),
                (3, Outcome::Selected, Some(1)),
                (4, Outcome::Waiting, Some(2)),
            ]
        );
        assert_eq!(lines[0].quota_region.as_deref(), Some("31.75"));
    }

    #[test]
    fn a_quota_of_zero_selects_nobody_and_no_quota_selects_everybody() {
        let zero = cut(
            vec![candidate(1, "31.75.07.1003", Some(1.0))],
            &[Room {
                region: "31".into(),
                left: 0,
            }],
        );
        assert_eq!(zero[0].outcome, Outcome::Waiting);
        let open = cut(
            vec![
                candidate(1, "31.75.07.1003", Some(2.0)),
                candidate(2, "31.75.07.1003", Some(1.0)),
            ],
            &[],
        );
        assert!(open.iter().all(|l| l.outcome == Outcome::Selected));
        assert!(open.iter().all(|l| l.quota_region.is_none()));
    }

    #[test]
    fn held_households_are_never_selected_and_take_no_place() {
        let mut held = candidate(1, "31.75.07.1003", Some(1.0));
        held.held = Some(Reason::HeldByPair(7));
        let lines = cut(
            vec![held, candidate(2, "31.75.07.1003", Some(5.0))],
            &[Room {
                region: "".into(),
                left: 1,
            }],
        );
        assert_eq!(
            outcomes(&lines),
            vec![(1, Outcome::Held, None), (2, Outcome::Selected, Some(1))]
        );
        assert_eq!(lines[0].reason, Reason::HeldByPair(7));
    }

    #[test]
    fn a_region_holds_only_codes_below_it_on_boundaries() {
        assert!(lies_in("31.75.07.1003", "31.75"));
        assert!(lies_in("31.75.07.1003", ""));
        assert!(lies_in("31.75", "31.75"));
        assert!(!lies_in("31.7", "31.75"));
        assert!(!lies_in("31.751.07.1003", "31.75"));
    }

    #[test]
    fn reasons_round_trip_through_their_codes() {
        for reason in [
            Reason::WithinQuota,
            Reason::BeyondQuota,
            Reason::HeldByPair(12),
            Reason::HeadDeceased,
            Reason::NoLivingMember,
            Reason::Excluded("PKH".into()),
        ] {
            assert_eq!(Reason::parse(&reason.to_code()), Some(reason));
        }
        assert_eq!(Reason::parse("duplicate_pair:x"), None);
        assert_eq!(Reason::parse("whatever"), None);
    }

    #[test]
    fn the_digest_changes_with_any_line() {
        let lines = cut(vec![candidate(1, "31.75.07.1003", Some(1.0))], &[]);
        let mut other = lines.clone();
        other[0].outcome = Outcome::Waiting;
        assert_ne!(digest(&lines), digest(&other));
        assert_eq!(digest(&lines).len(), 64);
    }
}
