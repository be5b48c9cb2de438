//! The benefit rule applied to one household for one cycle: which components it qualifies
//! for, how many of each, capped at the programme's limit, and the amount the cycle pays.
//! Pure; and who is skipped, with the reason, before any amount is counted.

use crate::programmes::model::{Benefit, Component};

/// The facts of one enrolled household the rule reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Household {
    pub household_id: i64,
    pub enrolment_id: i64,
    pub region_code: String,
    pub members: Vec<Member>,
    /// From the household survey.
    pub pregnant_members: i64,
    /// A member is in a candidate duplicate pair nobody has decided yet.
    pub duplicate_undecided: bool,
    /// An objection against the enrolment is still being verified.
    pub objection_open: bool,
    /// A review flag (a death or a move reported by the civil registry, …) is open on the
    /// household or one of its members: the enrolment is suspended until it is cleared.
    pub suspended: bool,
}

/// One member as the rule reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Whole years on the cycle's date.
    pub age: i64,
    pub head: bool,
    pub living: bool,
    pub disabled: bool,
}

/// Why a household gets nothing this cycle; each is listed with the computation.
pub const SKIP_HEAD_DECEASED: &str = "head_deceased_no_adult";
pub const SKIP_DUPLICATE: &str = "duplicate_undecided";
pub const SKIP_SUSPENDED: &str = "suspended";
pub const SKIP_OBJECTION: &str = "objection_open";
pub const SKIP_NOTHING_DUE: &str = "nothing_due";
pub const SKIP_REASONS: [&str; 5] = [
    SKIP_HEAD_DECEASED,
    SKIP_DUPLICATE,
    SKIP_SUSPENDED,
    SKIP_OBJECTION,
    SKIP_NOTHING_DUE,
];

/// The age from which a member counts as an adult who can receive for the family.
const ADULT_AGE: i64 = 17;

/// The reason to skip `household`, if any, in the order an official would check them.
pub fn skip_reason(household: &Household) -> Option<&'static str> {
    let head_gone = household.members.iter().any(|m| m.head && !m.living)
        || !household.members.iter().any(|m| m.head);
    let adult = household
        .members
        .iter()
        .any(|m| m.living && m.age >= ADULT_AGE);
    if head_gone && !adult {
        return Some(SKIP_HEAD_DECEASED);
    }
    if household.suspended {
        return Some(SKIP_SUSPENDED);
    }
    if household.duplicate_undecided {
        return Some(SKIP_DUPLICATE);
    }
    if household.objection_open {
        return Some(SKIP_OBJECTION);
    }
    None
}

/// One component line of an entitlement.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Line {
    pub code: String,
    pub count: i64,
    /// Rupiah for this cycle, all of them together.
    pub amount: i64,
}

/// What `household` is entitled to for a cycle of `months` months: its component lines
/// and their total. Empty when nothing applies.
pub fn entitle(benefit: &Benefit, household: &Household, months: i64) -> Vec<Line> {
    let mut found: Vec<(i64, &Component)> = Vec::new();
    if benefit.per == "member" {
        for component in &benefit.components {
            let count = qualifying(component, household);
            found.extend(std::iter::repeat_n(
                (cycle_amount(component, months), component),
                usize::try_from(count).unwrap_or(0),
            ));
        }
    } else if let Some(first) = benefit.components.first() {
        found.push((cycle_amount(first, months), first));
    }
    // The cap keeps the components that pay most, as PKH's "at most four" is applied.
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.code.cmp(&b.1.code)));
    if benefit.max_components > 0 {
        found.truncate(benefit.max_components as usize);
    }
    let mut lines: Vec<Line> = Vec::new();
    for (amount, component) in found {
        match lines.iter_mut().find(|l| l.code == component.code) {
            Some(line) => {
                line.count += 1;
                line.amount += amount;
            }
            None => lines.push(Line {
                code: component.code.clone(),
                count: 1,
                amount,
            }),
        }
    }
    lines.retain(|line| line.amount > 0);
    lines
}

/// How many living members (or pregnancies) a member-based component counts.
fn qualifying(component: &Component, household: &Household) -> i64 {
    let living = household.members.iter().filter(|m| m.living);
    let count = |test: &dyn Fn(&Member) -> bool| {
        i64::try_from(living.clone().filter(|m| test(m)).count()).unwrap_or(0)
    };
    match component.code.as_str() {
        "ibu_hamil" => household.pregnant_members.max(0),
        "anak_usia_dini" => count(&|m| m.age <= 6),
        "sd" => count(&|m| (7..=12).contains(&m.age)),
        "smp" => count(&|m| (13..=15).contains(&m.age)),
        "sma" => count(&|m| (16..=18).contains(&m.age)),
        "disabilitas_berat" => count(&|m| m.disabled),
        "lansia" => count(&|m| m.age >= 60),
        "jaminan_hidup" => count(&|_| true),
        // Components the registry holds no fact for (a vocational school, the heirs of
        // a victim) are paid by a decision of their own, not by a cycle.
        _ => 0,
    }
}

/// A component's amount for a cycle of `months` months.
fn cycle_amount(component: &Component, months: i64) -> i64 {
    let amount = component.amount_rupiah;
    match component.period.as_str() {
        "year" => amount * months / 12,
        "month" => amount * months,
        "day" => amount * 30 * months,
        _ => amount,
    }
}

#[cfg(test)]
mod tests;
