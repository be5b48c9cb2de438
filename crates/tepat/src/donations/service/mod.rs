//! Donation operations shared by pages and the API. This file: needs — posting one with
//! the household's consent, recording a further consent or its withdrawal, and reading
//! needs as the public sees them. Pledges, payments and confirmations are in `pledge.rs`.

pub mod confirm;
pub mod pledge;
pub mod refund;

use time::OffsetDateTime;

use super::error::DonationError;
use super::rules::{self, ConsentInput, NeedInput};
use super::store::{self, Need, NeedFilter};
use super::{CATEGORIES, MET, OPEN, RELEASED, WITHDRAWN};
use crate::auth::{Permission, Principal, Role};
use crate::db::{Db, StoreError};
use crate::events::{Actor, Changes, NewEvent};
use crate::region_code::RegionCode;
use crate::web::form::FieldRule;

/// Who acts and under which request.
pub struct Acting<'a> {
    pub caller: &'a Principal,
    pub request_id: Option<String>,
    pub now: OffsetDateTime,
}

impl Acting<'_> {
    fn actor(&self) -> &Actor {
        &self.caller.actor
    }
}

pub(crate) async fn begin(db: &Db) -> Result<crate::db::Tx, DonationError> {
    Ok(db.begin_write().await?)
}

pub(crate) async fn commit(tx: crate::db::Tx) -> Result<(), DonationError> {
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    Ok(())
}

/// Reads list filters: a category from the fixed list (or empty), a region code (or empty).
pub fn filter(
    category: Option<&str>,
    region: Option<&str>,
) -> Result<(NeedFilter, Option<RegionCode>), DonationError> {
    let category = category.map(str::trim).unwrap_or_default();
    if !category.is_empty() && !CATEGORIES.iter().any(|(c, _, _)| *c == category) {
        return Err(DonationError::BadFilter(FieldRule::new(
            "category",
            "choice",
            "category must be one of the listed categories",
            "kategori harus salah satu dari daftar",
        )));
    }
    let region = region.map(str::trim).unwrap_or_default();
    let region = if region.is_empty() {
        None
    } else {
        Some(RegionCode::parse(region).map_err(|_| {
            DonationError::BadFilter(FieldRule::new(
                "region",
                "format",
                "region must be a region code such as 31.75.07",
                "wilayah harus kode wilayah seperti 31.75.07",
            ))
        })?)
    };
    let filter = NeedFilter {
        category: category.to_owned(),
        status: String::new(),
    };
    Ok((filter, region))
}

/// Needs anyone may see, newest first: withdrawn needs, and needs that expired before
/// anyone met them, are left out (an expired need's own page still opens).
pub async fn list_public(
    db: &Db,
    filter: &NeedFilter,
    region: Option<&RegionCode>,
    before: i64,
    limit: u32,
) -> Result<Vec<Need>, DonationError> {
    Ok(store::list(db, region, filter, before, limit).await?)
}

/// One need as the public sees it; a withdrawn need is gone for the public.
pub async fn find_public(db: &Db, id: i64) -> Result<Need, DonationError> {
    let need = store::find(db, id).await?.ok_or(DonationError::NotFound)?;
    if need.status == WITHDRAWN {
        return Err(DonationError::NotFound);
    }
    Ok(need)
}

/// A need an official acts on: inside the caller's region, or not found.
async fn need_in_scope(
    tx: &mut crate::db::Tx,
    caller: &Principal,
    id: i64,
) -> Result<Need, DonationError> {
    let need = store::find_in(tx, id)
        .await?
        .ok_or(DonationError::NotFound)?;
    if !caller.covers(&need.region()?) {
        return Err(DonationError::NotFound);
    }
    Ok(need)
}

/// Posts a need for a verified household of the caller's region, with its consent; the
/// need, the consent and their events commit together.
pub async fn post_need(
    db: &Db,
    acting: &Acting<'_>,
    input: &NeedInput,
) -> Result<Need, DonationError> {
    acting.caller.allows(Permission::PostNeeds, true)?;
    let today = crate::clock::today(acting.now);
    let draft = rules::parse_need(input, today).map_err(DonationError::Invalid)?;
    let consent = rules::parse_consent(input.consent.as_ref()).map_err(DonationError::Invalid)?;
    let mut tx = begin(db).await?;
    let facts = store::household_facts(&mut tx, draft.household_id)
        .await?
        .ok_or(DonationError::NotFound)?;
    let region = RegionCode::parse(&facts.region_code)
        .map_err(|e| DonationError::Inconsistent(format!("household region: {e}")))?;
    if !acting.caller.covers(&region) {
        return Err(DonationError::NotFound);
    }
    if !facts.active {
        return Err(DonationError::invalid(
            "household_id",
            "not-verified",
            "the household is not an active, verified household of the registry",
            "keluarga ini belum terverifikasi aktif di data terpadu",
        ));
    }
    if facts.open_elsewhere > 0 {
        return Err(DonationError::invalid(
            "household_id",
            "open-elsewhere",
            "the household still has needs open in another village; close them first",
            "keluarga ini masih punya kebutuhan terbuka di desa lain; tutup dulu",
        ));
    }
    let masked = facts
        .head_name
        .as_deref()
        .map(crate::portal::cek::name::masked)
        .unwrap_or_else(|| "•••".to_owned());
    let (actor, rid, now) = (acting.actor(), acting.request_id.clone(), acting.now);
    let id = store::insert_need(&mut tx, &draft, &region, &masked, actor, rid.clone(), now).await?;
    let need = store::find_in(&mut tx, id)
        .await?
        .ok_or(DonationError::NotFound)?;
    store::record_consent(&mut tx, &need, &consent, false, actor, rid, now).await?;
    commit(tx).await?;
    Ok(need)
}

/// Records a further consent of the household (a signed form after a spoken one).
pub async fn record_consent(
    db: &Db,
    acting: &Acting<'_>,
    id: i64,
    input: &ConsentInput,
) -> Result<Need, DonationError> {
    acting.caller.allows(Permission::PostNeeds, true)?;
    let consent = rules::parse_consent(Some(input)).map_err(DonationError::Invalid)?;
    let mut tx = begin(db).await?;
    let need = need_in_scope(&mut tx, acting.caller, id).await?;
    if need.status == WITHDRAWN {
        return Err(DonationError::Conflict(FieldRule::new(
            "consent",
            "withdrawn",
            "the household withdrew its consent; post a new need instead",
            "keluarga sudah mencabut persetujuan; umumkan kebutuhan baru",
        )));
    }
    let (actor, rid) = (acting.actor(), acting.request_id.clone());
    store::record_consent(&mut tx, &need, &consent, false, actor, rid, acting.now).await?;
    commit(tx).await?;
    Ok(need)
}

/// Withdraws the household's consent: the need closes and every pledge not yet paid or
/// delivered is released (its reservation voided). Money already paid stays on the need's
/// account, recorded, for the office to return; withdrawing twice changes nothing.
pub async fn withdraw(
    db: &Db,
    acting: &Acting<'_>,
    id: i64,
    input: &ConsentInput,
) -> Result<Need, DonationError> {
    acting.caller.allows(Permission::PostNeeds, true)?;
    let consent = rules::parse_consent(Some(input)).map_err(DonationError::Invalid)?;
    let mut tx = begin(db).await?;
    let need = need_in_scope(&mut tx, acting.caller, id).await?;
    if need.status == WITHDRAWN {
        return Ok(need);
    }
    let (actor, rid, now) = (acting.actor(), acting.request_id.clone(), acting.now);
    store::record_consent(&mut tx, &need, &consent, true, actor, rid.clone(), now).await?;
    store::set_status(&mut tx, need.id, WITHDRAWN, now).await?;
    for pledge in store::pledges::live_of_need(&mut tx, need.id).await? {
        if pledge.status == super::PLEDGED {
            pledge::release_in(&mut tx, &need, &pledge, actor, rid.clone(), now).await?;
        }
    }
    let need = store::find_in(&mut tx, id)
        .await?
        .ok_or(DonationError::NotFound)?;
    commit(tx).await?;
    Ok(need)
}

/// The event of a need's state moving from `from` to `to` as a pledge changed it.
pub(crate) fn need_status_change(changes: Changes, from: &str, to: &str) -> Changes {
    changes.change("need_status", from.to_owned(), to.to_owned())
}

/// The state a need takes after its pledges changed: met once fully pledged, open again
/// when a release leaves part of it open; withdrawn, expired and fulfilled needs stay.
pub(crate) fn next_status(need: &Need, pledged_after: i64) -> &'static str {
    match need.status.as_str() {
        OPEN | MET if pledged_after >= need.amount_rupiah => MET,
        OPEN | MET => OPEN,
        super::FULFILLED => super::FULFILLED,
        super::EXPIRED => super::EXPIRED,
        _ => WITHDRAWN,
    }
}

/// A release's event, shared by withdrawal and the watch.
pub(crate) fn release_event(
    actor: &Actor,
    need: &Need,
    pledge_id: i64,
    request_id: Option<String>,
) -> NewEvent {
    NewEvent {
        actor: actor.clone(),
        action: pledge::RELEASED_ACTION,
        subject_type: store::pledges::PLEDGE_SUBJECT,
        subject_id: pledge_id.to_string(),
        region: need.region().ok(),
        changes: Changes::new()
            .set("need_id", need.id)
            .change("status", super::PLEDGED, RELEASED),
        request_id,
    }
}

/// Whether `role` is a facilitator: the one who confirms on the household's behalf.
pub(crate) fn confirms_for_household(role: Role) -> bool {
    role == Role::Facilitator
}
