//! What happens at and after the site: an officer checks households in by their code,
//! closes the hand-out (everyone not there becomes a no-show), and recipients rate it.

use std::collections::BTreeMap;

use time::OffsetDateTime;

use super::error::DistributionError;
use super::model::{CHECKED_IN, CLOSED, INVITED, NO_SHOW};
use super::service::{event_in_scope, trail};
use super::stock::site::{count_left, hand_out, record_with};
use super::store::{self, Event, Invitation};
use crate::auth::{Permission, Principal};
use crate::db::{Db, ResultExt};
use crate::events::{Action, Changes};
use crate::region_code::RegionCode;

pub const DISTRIBUTION_CHECKED_IN: Action = Action("distribution.checked_in");
pub const DISTRIBUTION_CLOSED: Action = Action("distribution.closed");

/// Longest comment of a rating.
pub const COMMENT_CHARS_MAX: usize = 500;

fn region_of(event: &Event) -> Result<RegionCode, DistributionError> {
    RegionCode::parse(&event.region).map_err(|_| DistributionError::NotFound)
}

fn unknown_code() -> DistributionError {
    DistributionError::invalid(
        "code",
        "unknown",
        "no invitation has this code",
        "kode tidak dikenal",
    )
}

/// Checks in the household whose code an officer typed or scanned at hand-out `id`.
pub async fn check_in(
    db: &Db,
    caller: &Principal,
    id: i64,
    code: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Invitation, DistributionError> {
    check_in_at(db, caller, (id, code, None), request_id, now).await
}

/// Checks in a household by its code; `offline_at` is when it happened at a desk without a
/// connection, recorded as the check-in's moment (the event says so).
pub async fn check_in_at(
    db: &Db,
    caller: &Principal,
    (id, code, offline_at): (i64, &str, Option<OffsetDateTime>),
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Invitation, DistributionError> {
    caller.allows(Permission::CheckInRecipients, true)?;
    let event = event_in_scope(db, caller, id).await?;
    if event.status == CLOSED {
        return Err(DistributionError::closed());
    }
    let code = crate::vouchers::code::parse(code).ok_or_else(unknown_code)?;
    let invitation = store::invitation_by_code(db, &code)
        .await?
        .ok_or_else(unknown_code)?;
    if invitation.event_id != id {
        return Err(DistributionError::invalid(
            "code",
            "other_event",
            "this code is for another distribution",
            "kode ini untuk penyaluran lain",
        ));
    }
    let mut tx = db.begin_write().await?;
    if !store::check_in(
        &mut tx,
        invitation.id,
        &super::service::created_by(caller),
        offline_at.unwrap_or(now),
    )
    .await?
    {
        return Err(DistributionError::conflict(
            "code",
            "checked_in",
            "this household has checked in already",
            "keluarga ini sudah hadir",
        ));
    }
    let goods = hand_out(&mut tx, &event, invitation.id, now).await?;
    let mut changes = Changes::new()
        .set("invitation", invitation.id)
        .change("status", INVITED, CHECKED_IN);
    if let Some(at) = offline_at {
        changes = changes.set("offline_at", crate::db::timestamp::to_db(at));
    }
    let region = region_of(&event)?;
    let trail = trail(
        caller,
        (DISTRIBUTION_CHECKED_IN, id, &region),
        changes,
        request_id,
    );
    record_with(&mut tx, &goods, trail, now).await?;
    tx.commit().await.store()?;
    Ok(Invitation {
        status: CHECKED_IN.to_owned(),
        ..invitation
    })
}

/// Closes hand-out `id`: every household not checked in becomes a no-show, and the goods
/// left (by item code, required when it has a goods list) are compared with the stock.
pub async fn close(
    db: &Db,
    caller: &Principal,
    id: i64,
    remaining: &BTreeMap<String, i64>,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Event, DistributionError> {
    caller.allows(Permission::ManageDistributions, true)?;
    let event = event_in_scope(db, caller, id).await?;
    let mut tx = db.begin_write().await?;
    if !store::close(&mut tx, id).await? {
        return Err(DistributionError::closed());
    }
    let absent = store::set_status(&mut tx, id, None, INVITED, NO_SHOW).await?;
    let (short, flagged) = count_left(&mut tx, &event, remaining, now).await?;
    let changes = Changes::new()
        .change("status", super::model::SCHEDULED, CLOSED)
        .set("no_shows", absent as i64)
        .set("shortfalls", flagged);
    let region = region_of(&event)?;
    let trail = trail(
        caller,
        (DISTRIBUTION_CLOSED, id, &region),
        changes,
        request_id,
    );
    record_with(&mut tx, &short, trail, now).await?;
    tx.commit().await.store()?;
    store::event(db, id)
        .await?
        .ok_or(DistributionError::NotFound)
}

/// A recipient's rating, with the code of their message as the credential.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = DistributionRating)]
#[serde(deny_unknown_fields)]
pub struct NewRating {
    /// The code from the schedule message.
    pub code: String,
    /// 1 to 5.
    pub score: i64,
    /// Up to 500 characters; may be empty.
    #[serde(default)]
    pub comment: String,
}

/// Rates a hand-out the code's household attended, once, after it closed or its day passed.
pub async fn rate(
    db: &Db,
    input: &NewRating,
    now: OffsetDateTime,
) -> Result<(), DistributionError> {
    let code = crate::vouchers::code::parse(&input.code).ok_or_else(unknown_code)?;
    let invitation = store::invitation_by_code(db, &code)
        .await?
        .ok_or_else(unknown_code)?;
    let event = store::event(db, invitation.event_id)
        .await?
        .ok_or(DistributionError::NotFound)?;
    let today = crate::clock::today(now);
    let past = super::model::parse_day(&event.day).is_some_and(|day| day < today);
    if invitation.status != CHECKED_IN || !(event.status == CLOSED || past) {
        return Err(DistributionError::conflict(
            "code",
            "attended",
            "only a household that received its goods can rate, after the distribution",
            "penilaian hanya untuk penerima yang sudah menerima bantuan, setelah penyaluran",
        ));
    }
    if !(1..=5).contains(&input.score) {
        return Err(DistributionError::invalid(
            "score",
            "range",
            "must be 1 to 5",
            "harus 1 sampai 5",
        ));
    }
    let comment = crate::text::clean(&input.comment, crate::text::Lines::Many)
        .ok()
        .filter(|c| c.chars().count() <= COMMENT_CHARS_MAX)
        .ok_or_else(|| {
            DistributionError::invalid(
                "comment",
                "length",
                "must be at most 500 characters",
                "paling banyak 500 karakter",
            )
        })?;
    let mut tx = db.begin_write().await?;
    match store::rate(&mut tx, invitation.id, input.score, &comment, now).await {
        Ok(_) => {}
        Err(crate::db::StoreError::Conflict { .. }) => {
            return Err(DistributionError::conflict(
                "code",
                "rated",
                "this distribution has been rated with this code already",
                "penyaluran ini sudah dinilai dengan kode ini",
            ));
        }
        Err(err) => return Err(err.into()),
    }
    tx.commit().await.store()?;
    Ok(())
}
