//! Events folded into items (opened, first answered, settled, escalated) and items into
//! figures per kind, per office and per official: counts, median and 90th-percentile days
//! to the first response and to resolution, and what went past its time.

use time::OffsetDateTime;

use super::kinds::{self, Kind};
use super::store::ItemEvent;
use crate::monitoring::decisions::service::median_and_p90;

/// Who acted on an item.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Actor {
    /// `account:7`; none for the program itself.
    pub key: Option<String>,
    pub role: String,
    pub name: Option<String>,
    pub region: Option<String>,
}

/// One complaint, objection, proposal, application, change request or approval.
#[derive(Debug, Clone)]
pub struct Item {
    pub kind: &'static Kind,
    pub region: Option<String>,
    pub opened: OffsetDateTime,
    pub answered: Option<(OffsetDateTime, Actor)>,
    pub settled: Option<OffsetDateTime>,
    pub escalated: bool,
}

impl Item {
    /// Whether it went past its time: escalated by the program, or — for kinds the
    /// program does not escalate — first answered (or still waiting at `now`) later than
    /// the kind's days allowed.
    pub fn overdue(&self, now: OffsetDateTime) -> bool {
        if self.kind.escalated.is_some() {
            return self.escalated;
        }
        let until = self.answered.as_ref().map_or(now, |(at, _)| *at);
        until - self.opened > time::Duration::days(self.kind.days_allowed)
    }
}

fn actor_of(event: &ItemEvent) -> Actor {
    Actor {
        key: event.actor.clone(),
        role: event.actor_role.clone(),
        name: event.actor_name.clone(),
        region: event.actor_region.clone(),
    }
}

/// The items of `events` (ordered by item, then as they happened).
pub fn items(events: &[ItemEvent]) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    let mut current: Option<(&str, &str)> = None;
    for event in events {
        let Some(kind) = kinds::of_subject(&event.subject_type) else {
            continue;
        };
        let subject = (event.subject_type.as_str(), event.subject_id.as_str());
        if current != Some(subject) {
            if !kind.opened.contains(&event.action.as_str()) {
                // Events of an item opened before the period: the query only brings items
                // opened in it, so this is an event older than its opening; skip it.
                continue;
            }
            current = Some(subject);
            out.push(Item {
                kind,
                region: event.item_region.clone(),
                opened: event.at,
                answered: None,
                settled: None,
                escalated: false,
            });
            continue;
        }
        let Some(item) = out.last_mut() else { continue };
        let action = event.action.as_str();
        if item.answered.is_none() && kind.answered.contains(&action) {
            item.answered = Some((event.at, actor_of(event)));
        }
        if item.settled.is_none() && kind.settles(action, &event.changes) {
            item.settled = Some(event.at);
        }
        if kind.escalated == Some(action) {
            item.escalated = true;
        }
    }
    out
}

/// The figures of a set of items of one kind.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ResponseTimeFigures)]
pub struct Figures {
    /// `complaint`, `objection`, `proposal`, `application`, `change_request`, `approval`.
    pub kind: String,
    /// Items opened in the period (for an office or official: items they answered first).
    pub items: i64,
    pub answered: i64,
    pub settled: i64,
    /// Still without a first response.
    pub waiting: i64,
    pub overdue: i64,
    /// Days from opening to the first response (to the tenth); none without responses.
    pub answer_median_days: Option<f64>,
    pub answer_p90_days: Option<f64>,
    /// Days from opening to resolution.
    pub settle_median_days: Option<f64>,
    pub settle_p90_days: Option<f64>,
}

fn days(from: OffsetDateTime, to: OffsetDateTime) -> f64 {
    let hours = (to - from).whole_minutes() as f64 / 60.0;
    (hours / 24.0 * 10.0).round() / 10.0
}

fn spread(mut values: Vec<f64>) -> (Option<f64>, Option<f64>) {
    if values.is_empty() {
        return (None, None);
    }
    let (median, p90) = median_and_p90(&mut values);
    (Some(median), Some(p90))
}

/// The figures of `items` (all of kind `kind`).
pub fn figures(kind: &Kind, items: &[&Item], now: OffsetDateTime) -> Figures {
    let answer: Vec<f64> = items
        .iter()
        .filter_map(|i| i.answered.as_ref().map(|(at, _)| days(i.opened, *at)))
        .collect();
    let settle: Vec<f64> = items
        .iter()
        .filter_map(|i| i.settled.map(|at| days(i.opened, at)))
        .collect();
    let (answer_median_days, answer_p90_days) = spread(answer.clone());
    let (settle_median_days, settle_p90_days) = spread(settle.clone());
    Figures {
        kind: kind.code.to_owned(),
        items: items.len() as i64,
        answered: answer.len() as i64,
        settled: settle.len() as i64,
        waiting: items.iter().filter(|i| i.answered.is_none()).count() as i64,
        overdue: items.iter().filter(|i| i.overdue(now)).count() as i64,
        answer_median_days,
        answer_p90_days,
        settle_median_days,
        settle_p90_days,
    }
}

/// Figures per kind for every group `group_of` puts an item in (items it gives no group
/// are left out), groups in their order, kinds in [`kinds::KINDS`]' order.
pub fn grouped<G: Ord + Clone>(
    items: &[Item],
    now: OffsetDateTime,
    group_of: impl Fn(&Item) -> Option<G>,
) -> Vec<(G, Figures)> {
    let mut groups: std::collections::BTreeMap<G, Vec<&Item>> = Default::default();
    for item in items {
        if let Some(g) = group_of(item) {
            groups.entry(g).or_default().push(item);
        }
    }
    let mut out = Vec::new();
    for (group, members) in groups {
        for kind in kinds::KINDS {
            let of_kind: Vec<&Item> = members
                .iter()
                .copied()
                .filter(|i| i.kind.code == kind.code)
                .collect();
            if !of_kind.is_empty() {
                out.push((group.clone(), figures(kind, &of_kind, now)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn event(subject: &str, action: &str, at: OffsetDateTime, actor: Option<&str>) -> ItemEvent {
        let (subject_type, subject_id) = subject.split_once(':').unwrap();
        ItemEvent {
            subject_type: subject_type.to_owned(),
            subject_id: subject_id.to_owned(),
            action: action.to_owned(),
            at,
            actor: actor.map(str::to_owned),
            actor_role: "district_officer".to_owned(),
            actor_name: Some("Dewi".to_owned()),
            actor_region: Some("31.75".to_owned()),
            item_region: Some("31.75.07.1003".to_owned()),
            changes: "{}".to_owned(),
        }
    }

    #[test]
    fn folds_events_into_items_and_figures() {
        let t0 = datetime!(2026-11-02 01:00 UTC);
        let events = vec![
            event("complaint:1", "complaint.submitted", t0, None),
            event(
                "complaint:1",
                "complaint.replied",
                t0 + time::Duration::days(2),
                Some("account:4"),
            ),
            event(
                "complaint:1",
                "complaint.resolved",
                t0 + time::Duration::days(3),
                Some("account:5"),
            ),
            event("complaint:2", "complaint.submitted", t0, None),
            event(
                "complaint:2",
                "complaint.escalated",
                t0 + time::Duration::days(6),
                None,
            ),
            event("objection:9", "objection.submitted", t0, None),
        ];
        let items = items(&events);
        assert_eq!(items.len(), 3);
        let first = &items[0];
        assert_eq!(
            first.answered.as_ref().unwrap().1.key.as_deref(),
            Some("account:4")
        );
        assert_eq!(first.settled, Some(t0 + time::Duration::days(3)));
        let now = t0 + time::Duration::days(30);
        let rows = grouped(&items, now, |_| Some(()));
        let complaints = &rows[0].1;
        assert_eq!(complaints.kind, "complaint");
        assert_eq!(
            (complaints.items, complaints.answered, complaints.settled),
            (2, 1, 1)
        );
        assert_eq!((complaints.waiting, complaints.overdue), (1, 1));
        assert_eq!(complaints.answer_median_days, Some(2.0));
        assert_eq!(complaints.settle_p90_days, Some(3.0));
        // An objection is never escalated here: it is not overdue, whatever its age.
        assert_eq!(rows[1].1.overdue, 0);
    }

    #[test]
    fn kinds_without_escalation_count_late_answers_and_long_waits() {
        let t0 = datetime!(2026-11-02 01:00 UTC);
        let proposal = kinds::by_code("proposal").unwrap();
        let late = Item {
            kind: proposal,
            region: None,
            opened: t0,
            answered: None,
            settled: None,
            escalated: false,
        };
        assert!(!late.overdue(t0 + time::Duration::days(14)));
        assert!(late.overdue(t0 + time::Duration::days(15)));
        let answered = Item {
            answered: Some((
                t0 + time::Duration::days(20),
                Actor {
                    key: None,
                    role: "system".into(),
                    name: None,
                    region: None,
                },
            )),
            ..late
        };
        assert!(answered.overdue(t0 + time::Duration::days(21)));
    }

    #[test]
    fn skips_events_of_items_opened_before_the_period() {
        let t0 = datetime!(2026-11-02 01:00 UTC);
        let events = vec![event(
            "complaint:3",
            "complaint.replied",
            t0,
            Some("account:1"),
        )];
        assert!(items(&events).is_empty());
    }
}
