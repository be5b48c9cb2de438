//! A cycle's computation as a pure function of the facts: one entitlement per household
//! that qualifies, a skip with its reason for every other, the control totals, and a
//! digest of the rows that tells an unchanged registry from a changed one.

use sha2::{Digest, Sha256};

use super::benefit::{self, Household, Line};
use super::model::Skip;
use crate::programmes::model::Benefit;

/// (household, enrolment, region, amount, component lines)
pub type Row = (i64, i64, String, i64, Vec<Line>);

/// What a computation found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub entitlements: Vec<Row>,
    pub skips: Vec<Skip>,
    pub amount: i64,
    pub sha256: String,
}

/// Applies `benefit` for `months` months to every household (ordered by household id).
pub fn compute(benefit: &Benefit, households: &[Household], months: i64) -> Outcome {
    let mut outcome = Outcome::default();
    let mut digest = Sha256::new();
    for household in households {
        let reason = benefit::skip_reason(household);
        let lines = if reason.is_none() {
            benefit::entitle(benefit, household, months)
        } else {
            Vec::new()
        };
        let amount: i64 = lines.iter().map(|l| l.amount).sum();
        let reason = reason.or((amount <= 0).then_some(benefit::SKIP_NOTHING_DUE));
        match reason {
            Some(reason) => {
                digest.update(format!("skip {} {reason}\n", household.household_id));
                outcome.skips.push(Skip {
                    household_id: household.household_id,
                    enrolment_id: household.enrolment_id,
                    region_code: household.region_code.clone(),
                    reason: reason.to_owned(),
                });
            }
            None => {
                digest.update(format!(
                    "pay {} {} {amount} {}\n",
                    household.household_id,
                    household.enrolment_id,
                    serde_json::to_string(&lines).unwrap_or_default()
                ));
                outcome.amount = outcome.amount.saturating_add(amount);
                outcome.entitlements.push((
                    household.household_id,
                    household.enrolment_id,
                    household.region_code.clone(),
                    amount,
                    lines,
                ));
            }
        }
    }
    outcome.sha256 = hex::encode(digest.finalize());
    outcome
}
