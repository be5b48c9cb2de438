//! A hand-out's schedule and the pure rules over it: reading the day and times, splitting
//! households across time slots, and the moment a slot starts in UTC.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use super::error::DistributionError;
use crate::web::time::Zone;

/// States of a hand-out.
pub const SCHEDULED: &str = "scheduled";
pub const CLOSED: &str = "closed";

/// States of an invitation.
pub const INVITED: &str = "invited";
pub const CHECKED_IN: &str = "checked_in";
pub const NO_SHOW: &str = "no_show";
pub const RESCHEDULED: &str = "rescheduled";

/// Most households in one hand-out: a village's whole enrolment fits, a typo does not.
pub const HOUSEHOLDS_MAX: usize = 5_000;

/// When a hand-out happens, checked: a day, a window inside it and its slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub day: Date,
    pub starts: Time,
    pub ends: Time,
    pub slot_minutes: i64,
    pub slot_capacity: i64,
}

fn bad(field: &'static str, rule: &'static str, en: &str, id: &str) -> DistributionError {
    DistributionError::invalid(field, rule, en, id)
}

/// A day as `YYYY-MM-DD`.
pub fn parse_day(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let year: i32 = parts.next().filter(|p| p.len() == 4)?.parse().ok()?;
    let month: u8 = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    let day: u8 = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// A time of day as `HH:MM`.
pub fn parse_time(text: &str) -> Option<Time> {
    let (hour, minute) = text.split_once(':')?;
    if hour.len() != 2 || minute.len() != 2 {
        return None;
    }
    Time::from_hms(hour.parse().ok()?, minute.parse().ok()?, 0).ok()
}

/// A time of day as stored and shown: `HH:MM`.
pub fn time_text(at: Time) -> String {
    format!("{:02}:{:02}", at.hour(), at.minute())
}

impl Schedule {
    /// Reads a schedule, naming the first field that is wrong.
    pub fn parse(
        day: &str,
        starts: &str,
        ends: &str,
        slot_minutes: i64,
        slot_capacity: i64,
    ) -> Result<Self, DistributionError> {
        let day = parse_day(day).ok_or_else(|| {
            bad(
                "day",
                "date",
                "must be YYYY-MM-DD",
                "harus tanggal yang benar",
            )
        })?;
        let starts = parse_time(starts)
            .ok_or_else(|| bad("starts", "time", "must be HH:MM", "harus jam JJ:MM"))?;
        let ends = parse_time(ends)
            .ok_or_else(|| bad("ends", "time", "must be HH:MM", "harus jam JJ:MM"))?;
        if ends <= starts {
            return Err(bad(
                "ends",
                "after_starts",
                "must be after starts",
                "harus setelah jam mulai",
            ));
        }
        if !(5..=240).contains(&slot_minutes) {
            return Err(bad(
                "slot_minutes",
                "range",
                "must be 5 to 240",
                "harus 5 sampai 240 menit",
            ));
        }
        if !(1..=1_000).contains(&slot_capacity) {
            return Err(bad(
                "slot_capacity",
                "range",
                "must be 1 to 1000",
                "harus 1 sampai 1000",
            ));
        }
        Ok(Self {
            day,
            starts,
            ends,
            slot_minutes,
            slot_capacity,
        })
    }

    /// The start of every whole slot inside the window.
    pub fn slot_starts(&self) -> Vec<Time> {
        let window = (self.ends - self.starts).whole_minutes();
        (0..window / self.slot_minutes)
            .map(|n| self.starts + time::Duration::minutes(n * self.slot_minutes))
            .collect()
    }

    /// The slot of each of `count` households, in order, filling each slot before the next;
    /// refused when they do not fit.
    pub fn assign(&self, count: usize) -> Result<Vec<Time>, DistributionError> {
        let slots = self.slot_starts();
        let capacity = usize::try_from(self.slot_capacity).unwrap_or(1);
        if count > slots.len() * capacity {
            return Err(bad(
                "households",
                "capacity",
                &format!(
                    "{count} households do not fit {} slots of {capacity}",
                    slots.len()
                ),
                &format!(
                    "{count} keluarga tidak muat di {} sesi × {capacity}",
                    slots.len()
                ),
            ));
        }
        Ok((0..count).map(|n| slots[n / capacity]).collect())
    }
}

/// The moment a slot starts, for a village in `zone`.
pub fn slot_at(day: Date, slot: Time, zone: Zone) -> OffsetDateTime {
    let hours = match zone {
        Zone::Wib => 7,
        Zone::Wita => 8,
        Zone::Wit => 9,
    };
    let offset = UtcOffset::from_hms(hours, 0, 0).unwrap_or(UtcOffset::UTC);
    PrimitiveDateTime::new(day, slot)
        .assume_offset(offset)
        .to_offset(UtcOffset::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule() -> Schedule {
        Schedule::parse("2026-12-03", "08:00", "10:00", 30, 2).unwrap()
    }

    #[test]
    fn households_fill_each_slot_in_turn() {
        let slots = schedule().assign(5).unwrap();
        let texts: Vec<String> = slots.into_iter().map(time_text).collect();
        assert_eq!(texts, ["08:00", "08:00", "08:30", "08:30", "09:00"]);
        assert!(schedule().assign(8).is_ok());
        let Err(DistributionError::Invalid(rule)) = schedule().assign(9) else {
            panic!("nine do not fit four slots of two");
        };
        assert_eq!(rule.field, "households");
    }

    #[test]
    fn a_bad_schedule_names_its_field() {
        let field = |r: Result<Schedule, DistributionError>| match r {
            Err(DistributionError::Invalid(rule)) => rule.field,
            _ => "",
        };
        assert_eq!(
            field(Schedule::parse("2026-02-30", "08:00", "09:00", 30, 1)),
            "day"
        );
        assert_eq!(
            field(Schedule::parse("2026-12-03", "8:00", "09:00", 30, 1)),
            "starts"
        );
        assert_eq!(
            field(Schedule::parse("2026-12-03", "09:00", "09:00", 30, 1)),
            "ends"
        );
        assert_eq!(
            field(Schedule::parse("2026-12-03", "08:00", "09:00", 0, 1)),
            "slot_minutes"
        );
        assert_eq!(
            field(Schedule::parse("2026-12-03", "08:00", "09:00", 30, 0)),
            "slot_capacity"
        );
    }

    #[test]
    fn a_slot_in_jakarta_starts_seven_hours_before_utc() {
        let s = schedule();
        let at = slot_at(s.day, s.starts, Zone::Wib);
        assert_eq!(at.hour(), 1);
        assert_eq!(at.offset(), UtcOffset::UTC);
    }
}
