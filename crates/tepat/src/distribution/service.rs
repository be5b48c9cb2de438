//! Scheduling a hand-out: checking what an official asks for, inviting its households to
//! slots and telling each of them when and where, in one transaction with its event.

use time::OffsetDateTime;

use super::error::DistributionError;
use super::model::{NO_SHOW, RESCHEDULED, Schedule, time_text};
use super::store::{self, Event};
use crate::auth::{Permission, Principal};
use crate::db::{Db, ResultExt, Tx};
use crate::events::{Action, Changes, NewEvent};
use crate::notifications::{DistributionScheduled, distribution_scheduled};
use crate::region_code::{Level, RegionCode};
use crate::web::time::Zone;

pub const DISTRIBUTION_SCHEDULED: Action = Action("distribution.scheduled");
pub const DISTRIBUTION_RESCHEDULED: Action = Action("distribution.rescheduled");

/// A hand-out an official asks for.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = NewDistribution)]
#[serde(deny_unknown_fields)]
pub struct NewDistribution {
    /// A programme code (`BENCANA`, `SEMBAKO`, …).
    pub programme: String,
    /// The village, inside the caller's region.
    pub region: String,
    /// 3 to 120 characters.
    pub name: String,
    /// The place and its address, 5 to 300 characters.
    pub place: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// `YYYY-MM-DD`.
    pub day: String,
    /// `HH:MM` in the village's zone.
    pub starts: String,
    pub ends: String,
    /// 5 to 240.
    pub slot_minutes: i64,
    /// Households per slot, 1 to 1000.
    pub slot_capacity: i64,
    /// What each household receives, in words, 2 to 300 characters.
    pub goods: String,
    /// Households of the village, in order; omitted: every household of the village
    /// enrolled in the programme.
    pub households: Option<Vec<i64>>,
}

/// A new time for the no-shows of a closed hand-out; the rest as before unless given.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = DistributionReschedule)]
#[serde(deny_unknown_fields)]
pub struct Reschedule {
    pub day: String,
    pub starts: String,
    pub ends: String,
    pub place: Option<String>,
    pub slot_minutes: Option<i64>,
    pub slot_capacity: Option<i64>,
}

fn text(
    field: &'static str,
    value: &str,
    range: (usize, usize),
) -> Result<String, DistributionError> {
    crate::text::clean(value, crate::text::Lines::One)
        .ok()
        .filter(|t| (range.0..=range.1).contains(&t.chars().count()))
        .ok_or_else(|| {
            let en = format!("must be {} to {} characters", range.0, range.1);
            let id = format!("harus {} sampai {} karakter", range.0, range.1);
            DistributionError::invalid(field, "length", &en, &id)
        })
}

/// The village of a new hand-out, inside the caller's region.
fn village(caller: &Principal, region: &str) -> Result<RegionCode, DistributionError> {
    RegionCode::parse(region)
        .ok()
        .filter(|r| r.level() == Level::Village && caller.covers(r))
        .ok_or_else(|| {
            DistributionError::invalid(
                "region",
                "village_in_scope",
                "must be a village inside your region",
                "harus desa/kelurahan di wilayah Anda",
            )
        })
}

/// The households to invite: those named (each of the village), or every one enrolled.
async fn households(
    db: &Db,
    input: &NewDistribution,
    region: &str,
) -> Result<Vec<i64>, DistributionError> {
    let Some(named) = &input.households else {
        return Ok(store::enrolled(db, &input.programme, region).await?);
    };
    let village = store::households_in(db, region).await?;
    let mut seen = std::collections::HashSet::new();
    if named.len() > super::model::HOUSEHOLDS_MAX
        || !named
            .iter()
            .all(|h| village.binary_search(h).is_ok() && seen.insert(*h))
    {
        return Err(DistributionError::invalid(
            "households",
            "in_village",
            "must be distinct active households of the village",
            "harus keluarga aktif di desa/kelurahan ini, tanpa ganda",
        ));
    }
    Ok(named.clone())
}

/// Schedules a hand-out; its id.
pub async fn create(
    db: &Db,
    caller: &Principal,
    input: &NewDistribution,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<i64, DistributionError> {
    caller.allows(Permission::ManageDistributions, true)?;
    let region = village(caller, &input.region)?;
    if !store::programme_exists(db, &input.programme).await? {
        return Err(DistributionError::invalid(
            "programme",
            "known",
            "must be a known programme",
            "harus program yang terdaftar",
        ));
    }
    let name = text("name", &input.name, (3, 120))?;
    let place = text("place", &input.place, (5, 300))?;
    let goods = text("goods", &input.goods, (2, 300))?;
    let schedule = Schedule::parse(
        &input.day,
        &input.starts,
        &input.ends,
        input.slot_minutes,
        input.slot_capacity,
    )?;
    let invited = households(db, input, region.as_str()).await?;
    let slots = schedule.assign(invited.len())?;
    let new = store::NewEvent {
        programme: &input.programme,
        region: region.as_str(),
        name: &name,
        place: &place,
        latitude: input.latitude.filter(|l| (-90.0..=90.0).contains(l)),
        longitude: input.longitude.filter(|l| (-180.0..=180.0).contains(l)),
        day: input.day.clone(),
        starts: time_text(schedule.starts),
        ends: time_text(schedule.ends),
        slot_minutes: schedule.slot_minutes,
        slot_capacity: schedule.slot_capacity,
        goods: &goods,
        previous_id: None,
        created_by: created_by(caller),
    };
    let mut tx = db.begin_write().await?;
    let id = store::insert_event(&mut tx, &new, now).await?;
    invite(&mut tx, (id, &new), schedule, &invited, &slots, now).await?;
    let changes = Changes::new()
        .set("programme", input.programme.clone())
        .set("day", input.day.clone())
        .set("households", invited.len() as i64);
    record(
        &mut tx,
        caller,
        (DISTRIBUTION_SCHEDULED, id, &region),
        changes,
        request_id,
        now,
    )
    .await?;
    tx.commit().await.store()?;
    Ok(id)
}

pub fn created_by(caller: &Principal) -> String {
    let id = caller.actor.id.map(|i| i.to_string()).unwrap_or_default();
    format!("{}:{id}", caller.actor.kind.as_str())
}

/// Invites each household to its slot with a fresh code, and queues its message.
async fn invite(
    tx: &mut Tx,
    (event, new): (i64, &store::NewEvent<'_>),
    schedule: Schedule,
    households: &[i64],
    slots: &[time::Time],
    now: OffsetDateTime,
) -> Result<(), DistributionError> {
    let zone = Zone::of_region(Some(new.region));
    for (household, slot) in households.iter().zip(slots) {
        let code = crate::vouchers::code::generate();
        store::insert_invitation(tx, event, *household, &time_text(*slot), &code).await?;
        // The message carries the code the household shows at the site and rates with.
        let shown = crate::vouchers::code::display(&code);
        let scheduled = DistributionScheduled {
            event_id: event,
            household_id: *household,
            programme: new.programme,
            at: super::model::slot_at(schedule.day, *slot, zone),
            place: new.place,
            code: Some(&shown),
        };
        distribution_scheduled(tx, &scheduled, now).await?;
    }
    Ok(())
}

/// The hand-out's event for the trail, to record alone or with ledger transfers.
pub fn trail(
    caller: &Principal,
    (action, id, region): (Action, i64, &RegionCode),
    changes: Changes,
    request_id: Option<String>,
) -> NewEvent {
    NewEvent {
        actor: caller.actor.clone(),
        action,
        subject_type: "distribution_event",
        subject_id: id.to_string(),
        region: Some(region.clone()),
        changes,
        request_id,
    }
}

/// Writes the hand-out's event in the trail.
pub async fn record(
    tx: &mut Tx,
    caller: &Principal,
    subject: (Action, i64, &RegionCode),
    changes: Changes,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<(), DistributionError> {
    let event = trail(caller, subject, changes, request_id);
    crate::events::store::record(tx, event, now).await?;
    Ok(())
}

/// The hand-out `id` if the caller's region covers it.
pub async fn event_in_scope(
    db: &Db,
    caller: &Principal,
    id: i64,
) -> Result<Event, DistributionError> {
    store::event(db, id)
        .await?
        .filter(|e| caller.covers_code(&e.region))
        .ok_or(DistributionError::NotFound)
}

/// The households that did not come to hand-out `id`; refused when there are none.
async fn no_shows(db: &Db, id: i64) -> Result<Vec<i64>, DistributionError> {
    let absent: Vec<i64> = store::invitations(db, id)
        .await?
        .into_iter()
        .filter(|i| i.status == NO_SHOW)
        .map(|i| i.household_id)
        .collect();
    if absent.is_empty() {
        return Err(DistributionError::conflict(
            "households",
            "no_shows",
            "nobody is left to re-schedule",
            "tidak ada penerima yang perlu dijadwalkan ulang",
        ));
    }
    Ok(absent)
}

/// Schedules the no-shows of a closed hand-out again: a new hand-out for them, their old
/// invitations marked re-scheduled, and each told the new time. The new hand-out's id.
pub async fn reschedule(
    db: &Db,
    caller: &Principal,
    id: i64,
    input: &Reschedule,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<i64, DistributionError> {
    caller.allows(Permission::ManageDistributions, true)?;
    let old = event_in_scope(db, caller, id).await?;
    if old.status != super::model::CLOSED {
        return Err(DistributionError::conflict(
            "status",
            "closed",
            "close the distribution first",
            "tutup penyaluran ini dulu",
        ));
    }
    let place = match &input.place {
        Some(p) => text("place", p, (5, 300))?,
        None => old.place.clone(),
    };
    let schedule = Schedule::parse(
        &input.day,
        &input.starts,
        &input.ends,
        input.slot_minutes.unwrap_or(old.slot_minutes),
        input.slot_capacity.unwrap_or(old.slot_capacity),
    )?;
    let absent = no_shows(db, id).await?;
    let slots = schedule.assign(absent.len())?;
    let new = store::NewEvent {
        programme: &old.programme,
        region: &old.region,
        name: &old.name,
        place: &place,
        latitude: old.latitude,
        longitude: old.longitude,
        day: input.day.clone(),
        starts: time_text(schedule.starts),
        ends: time_text(schedule.ends),
        slot_minutes: schedule.slot_minutes,
        slot_capacity: schedule.slot_capacity,
        goods: &old.goods,
        previous_id: Some(id),
        created_by: created_by(caller),
    };
    let region = RegionCode::parse(&old.region).map_err(|_| DistributionError::NotFound)?;
    let mut tx = db.begin_write().await?;
    if store::set_status(&mut tx, id, None, NO_SHOW, RESCHEDULED).await? != absent.len() as u64 {
        return Err(DistributionError::closed());
    }
    let new_id = store::insert_event(&mut tx, &new, now).await?;
    invite(&mut tx, (new_id, &new), schedule, &absent, &slots, now).await?;
    let changes = Changes::new()
        .set("to_event", new_id)
        .set("day", input.day.clone())
        .set("households", absent.len() as i64);
    record(
        &mut tx,
        caller,
        (DISTRIBUTION_RESCHEDULED, id, &region),
        changes,
        request_id,
        now,
    )
    .await?;
    tx.commit().await.store()?;
    Ok(new_id)
}
