//! Taking a hand-out's list for a desk, and syncing a desk's queue: each queued code is
//! checked in as if typed at the moment it was queued, each in its own transaction, so a
//! queue synced again (after a lost answer) finds the ones done `already`.

use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use super::model::{
    ALREADY, CHECKED_IN, DeskInvitation, DeskList, Outcome, QUEUE_MAX, Queue, REFUSED, Synced,
    code_hash, salt,
};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::distribution::error::DistributionError;
use crate::distribution::service::event_in_scope;
use crate::distribution::{site, stock, store};
use crate::web::form::FieldRule;

/// How far back a queued check-in may be: a desk offline for longer syncs by hand.
pub const QUEUE_DAYS_MAX: i64 = 30;

/// Hand-out `id`'s list for a check-in desk of the caller's region.
pub async fn list(
    db: &Db,
    caller: &Principal,
    id: i64,
    now: OffsetDateTime,
) -> Result<DeskList, DistributionError> {
    caller.allows(Permission::CheckInRecipients, false)?;
    let event = event_in_scope(db, caller, id).await?;
    let salt = salt(id);
    let invitations = store::invitations(db, id)
        .await?
        .into_iter()
        .map(|i| DeskInvitation {
            id: i.id,
            slot: i.slot,
            name: i.name,
            status: i.status,
            code_hash: code_hash(&salt, &i.code),
        })
        .collect();
    let goods = stock::store::goods(db, id)
        .await?
        .into_iter()
        .map(|g| format!("{} {} {}", g.name, g.per_household, g.unit))
        .collect();
    Ok(DeskList {
        event: id,
        name: event.name,
        day: event.day,
        place: event.place,
        goods,
        salt,
        invitations,
        taken_at: now.format(&Rfc3339).unwrap_or_default(),
    })
}

fn refused(code: &str, rule: &FieldRule) -> Outcome {
    Outcome {
        code: code.to_owned(),
        status: REFUSED.to_owned(),
        field: Some(rule.field.to_owned()),
        rule: Some(rule.rule.to_owned()),
        message: Some(rule.message_id.clone()),
    }
}

fn done(code: &str, status: &str) -> Outcome {
    Outcome {
        code: code.to_owned(),
        status: status.to_owned(),
        field: None,
        rule: None,
        message: None,
    }
}

/// When a queued check-in happened: RFC 3339, not ahead of the server's clock by more than
/// five minutes, not older than 30 days.
fn moment(at: &str, now: OffsetDateTime) -> Result<OffsetDateTime, FieldRule> {
    OffsetDateTime::parse(at.trim(), &Rfc3339)
        .ok()
        .filter(|t| *t <= now + Duration::minutes(5))
        .filter(|t| *t >= now - Duration::days(QUEUE_DAYS_MAX))
        .ok_or_else(|| {
            FieldRule::new(
                "at",
                "moment",
                "must be an RFC 3339 moment within the last 30 days",
                "harus waktu RFC 3339 dalam 30 hari terakhir",
            )
        })
}

/// Syncs a desk's queue for hand-out `id`: what became of each check-in, in order.
pub async fn sync(
    db: &Db,
    caller: &Principal,
    id: i64,
    queue: &Queue,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Synced, DistributionError> {
    caller.allows(Permission::CheckInRecipients, true)?;
    event_in_scope(db, caller, id).await?;
    if queue.check_ins.len() > QUEUE_MAX {
        return Err(DistributionError::invalid(
            "check_ins",
            "count",
            "at most 5,000 check-ins in one sync",
            "paling banyak 5.000 kehadiran dalam satu sinkronisasi",
        ));
    }
    let mut results = Vec::with_capacity(queue.check_ins.len());
    for queued in &queue.check_ins {
        let at = match moment(&queued.at, now) {
            Ok(at) => at,
            Err(rule) => {
                results.push(refused(&queued.code, &rule));
                continue;
            }
        };
        let sent = (id, queued.code.as_str(), Some(at));
        let outcome = match site::check_in_at(db, caller, sent, request_id.clone(), now).await {
            Ok(_) => done(&queued.code, CHECKED_IN),
            Err(DistributionError::Conflict(rule))
                if rule.field == "code" && rule.rule == "checked_in" =>
            {
                done(&queued.code, ALREADY)
            }
            Err(DistributionError::Invalid(rule) | DistributionError::Conflict(rule)) => {
                refused(&queued.code, &rule)
            }
            Err(err) => return Err(err),
        };
        results.push(outcome);
    }
    let count = |status: &str| results.iter().filter(|r| r.status == status).count() as i64;
    Ok(Synced {
        checked_in: count(CHECKED_IN),
        already: count(ALREADY),
        refused: count(REFUSED),
        results,
    })
}
