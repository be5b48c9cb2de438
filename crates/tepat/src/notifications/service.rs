//! Notification operations shared by pages and the API: listing the outbox within the
//! caller's region scope, and putting a dead letter back in the queue. Addresses are
//! always masked; what an objector was told is hidden from village-level officials, who
//! may not know who objected.

use time::OffsetDateTime;

use super::error::NotificationError;
use super::store::{self, Notification};
use super::{FAILED, OBJECTION_ANSWERED, PENDING, SENT};
use crate::auth::{Permission, Principal, Role};
use crate::db::{Db, StoreError};
use crate::events::{self, Action, Changes, NewEvent};
use crate::region_code::RegionCode;
use crate::web::form::FieldRule;

pub const NOTIFICATION_REQUEUED: Action = Action("notification.requeued");

/// Reads the status filter: `pending`, `sent`, `failed` or empty for all.
pub fn status_filter(status: Option<&str>) -> Result<String, NotificationError> {
    let status = status.map(str::trim).unwrap_or_default();
    if !matches!(status, "" | PENDING | SENT | FAILED) {
        return Err(NotificationError::BadFilter(FieldRule::new(
            "status",
            "choice",
            "status must be pending, sent or failed",
            "status harus pending, sent atau failed",
        )));
    }
    Ok(status.to_owned())
}

/// The region to list: the one asked for, when it lies inside the caller's scope, or the
/// caller's own scope when none is asked for.
pub fn region_filter(
    caller: &Principal,
    region: Option<&str>,
) -> Result<Option<RegionCode>, NotificationError> {
    let Some(text) = region.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(caller.region.clone());
    };
    let region = RegionCode::parse(text).map_err(|_| {
        NotificationError::BadFilter(FieldRule::new(
            "region",
            "format",
            "region must be a Kemendagri region code such as 31.75.07",
            "region harus kode wilayah Kemendagri seperti 31.75.07",
        ))
    })?;
    if !caller.covers(&region) {
        return Err(NotificationError::OutsideScope);
    }
    Ok(Some(region))
}

/// Messages inside `region` (already checked against the caller's scope), newest first,
/// before the id `before`.
pub async fn list(
    db: &Db,
    caller: &Principal,
    region: Option<&RegionCode>,
    status: &str,
    before: i64,
    limit: u32,
) -> Result<Vec<Notification>, NotificationError> {
    caller.allows(Permission::ReadNotifications, false)?;
    let mut rows = store::list(db, region, status, before, limit).await?;
    rows.iter_mut().for_each(|n| shown(caller, n));
    Ok(rows)
}

/// Puts a dead letter back in the queue, due now, with an event naming who did it. A
/// message that is not a dead letter is refused with a conflict.
pub async fn retry(
    db: &Db,
    caller: &Principal,
    id: i64,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Notification, NotificationError> {
    caller.allows(Permission::ManageNotifications, true)?;
    let mut notification = requeue(db, caller, id, request_id, now).await?;
    shown(caller, &mut notification);
    Ok(notification)
}

/// As `retry`, without the role check: for the command line, which acts as the system
/// (`tepat notifications retry`). The region scope still applies. The message comes back
/// unmasked.
pub async fn requeue(
    db: &Db,
    by: &Principal,
    id: i64,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Notification, NotificationError> {
    let mut tx = db.begin_write().await?;
    let found = store::find_in(&mut tx, id)
        .await?
        .ok_or(NotificationError::NotFound)?;
    let region = RegionCode::parse(&found.region_code).ok();
    if !region.as_ref().is_some_and(|r| by.covers(r)) {
        return Err(NotificationError::NotFound);
    }
    if !store::requeue(&mut tx, id, now).await? {
        return Err(NotificationError::Conflict(FieldRule::new(
            "status",
            "dead_letter",
            "only a failed notification (a dead letter) can be sent again",
            "hanya notifikasi yang gagal yang bisa dikirim ulang",
        )));
    }
    let event = NewEvent {
        actor: by.actor.clone(),
        action: NOTIFICATION_REQUEUED,
        subject_type: "notification",
        subject_id: id.to_string(),
        region,
        changes: Changes::new()
            .change("status", FAILED, PENDING)
            .set("kind", found.kind.as_str()),
        request_id,
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    store::find(db, id)
        .await?
        .ok_or(NotificationError::NotFound)
}

/// A message as the caller may see it: the address masked; for village-level officials,
/// nothing of what an objector was told (their household and tracking code).
fn shown(caller: &Principal, notification: &mut Notification) {
    notification.address = super::masked_address(&notification.address);
    let village_level = matches!(caller.role, Role::VillageOperator | Role::Facilitator);
    if village_level && notification.kind == OBJECTION_ANSWERED {
        notification.address = "••••".to_owned();
        notification.household_id = None;
        notification.body = "(disembunyikan: pesan untuk penyanggah)".to_owned();
        notification.subject = "Sanggahan diverifikasi".to_owned();
        notification.link = String::new();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_filters_name_the_bad_parameter() {
        assert_eq!(
            status_filter(Some(" failed ")).ok().as_deref(),
            Some("failed")
        );
        assert_eq!(status_filter(None).ok().as_deref(), Some(""));
        let err = status_filter(Some("lost")).expect_err("unknown");
        assert!(matches!(err, NotificationError::BadFilter(rule) if rule.field == "status"));
    }
}
