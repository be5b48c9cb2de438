//! What a rule reads: its attributes and programmes, so that the application loads only
//! those columns, and the programme page can list the data a decision rests on (with each
//! attribute's label and description).

use crate::Rule;
use crate::program::{Cond, Num, Text};

/// The indices a rule reads, each list sorted and without repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Uses {
    /// Positions in [`Schema::household`](crate::Schema::household).
    pub household: Vec<usize>,
    /// Positions in [`Schema::member`](crate::Schema::member).
    pub member: Vec<usize>,
    /// Positions in [`Schema::programmes`](crate::Schema::programmes).
    pub programmes: Vec<usize>,
    /// Whether the rule reads the household's region.
    pub region: bool,
    /// Whether the rule visits members (`any`, `all`, `count`).
    pub members: bool,
}

impl Rule {
    /// The attributes, programmes and other facts the rule reads.
    pub fn uses(&self) -> Uses {
        let mut uses = Uses::default();
        let mut stack = vec![&self.program];
        while let Some(cond) = stack.pop() {
            visit(cond, &mut uses, &mut stack);
        }
        for list in [&mut uses.household, &mut uses.member, &mut uses.programmes] {
            list.sort_unstable();
            list.dedup();
        }
        uses
    }
}

fn visit<'a>(cond: &'a Cond, uses: &mut Uses, stack: &mut Vec<&'a Cond>) {
    match cond {
        Cond::Const(_) => {}
        Cond::And(items) | Cond::Or(items) => stack.extend(items.iter()),
        Cond::Not(inner) => stack.push(inner),
        Cond::HouseholdFlag(i) => uses.household.push(*i),
        Cond::MemberFlag(i) => uses.member.push(*i),
        Cond::Numbers(_, left, right) => {
            number(left, uses, stack);
            number(right, uses, stack);
        }
        Cond::Texts(_, left, right) => {
            text(left, uses);
            text(right, uses);
        }
        Cond::Flags(_, left, right) => stack.extend([&**left, &**right]),
        Cond::NumberIn(value, _) => number(value, uses, stack),
        Cond::TextIn(value, _) => text(value, uses),
        Cond::FlagIn(value, _) => stack.push(value),
        Cond::Any(inner) | Cond::All(inner) => {
            uses.members = true;
            stack.push(inner);
        }
        Cond::InRegion(_) => uses.region = true,
        Cond::Enrolled(p) => uses.programmes.push(*p),
    }
}

fn number<'a>(num: &'a Num, uses: &mut Uses, stack: &mut Vec<&'a Cond>) {
    match num {
        Num::Const(_) => {}
        Num::Household(i) => uses.household.push(*i),
        Num::Member(i) => uses.member.push(*i),
        Num::Count(condition) => {
            uses.members = true;
            stack.extend(condition.as_deref());
        }
    }
}

fn text(text: &Text, uses: &mut Uses) {
    match text {
        Text::Const(_) => {}
        Text::Household(i) => uses.household.push(*i),
        Text::Member(i) => uses.member.push(*i),
    }
}

#[cfg(test)]
mod tests {
    use super::Uses;
    use crate::tests::compile;

    #[test]
    fn a_rule_lists_what_it_reads_once_each() {
        let rule = compile(
            "desil <= 4 and any(member, age < 6 or pregnant) and not enrolled(\"KJP_PLUS\") \
             and (desil > 1 or roof in [\"seng\"]) and count(member, school = \"SD\") >= 1",
        );
        let expected = Uses {
            household: vec![0, 2],
            member: vec![0, 1, 3],
            programmes: vec![2],
            region: false,
            members: true,
        };
        assert_eq!(rule.uses(), expected);
        let regional = compile("in_region(\"31\") and has_land = true and count(member) > 2");
        assert_eq!(
            regional.uses(),
            Uses {
                household: vec![3],
                member: vec![],
                programmes: vec![],
                region: true,
                members: true,
            }
        );
        assert_eq!(compile("true").uses(), Uses::default());
    }
}
