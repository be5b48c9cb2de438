//! Needs past their deadline: an open need whose deadline has passed closes as `expired`,
//! gone from the public list, and its pledges still unpaid are released. Money already
//! paid stays on the need's account, as after a withdrawal. A need fully pledged (`met`)
//! is left to its pledges: those unpaid are chased and released by the watch, and the need
//! expires once a release opens it again.

use time::OffsetDateTime;

use super::error::DonationError;
use super::service::pledge::release_in;
use super::store::{self, pledges};
use super::{EXPIRED, OPEN, PLEDGED};
use crate::db::Db;
use crate::events::{Action, Actor, Changes, NewEvent};

pub const EXPIRED_ACTION: Action = Action("donation.need_expired");
/// Needs handled per look, so one look stays short.
const BATCH_MAX: u32 = 500;

/// Closes the open needs past their deadline on `now`'s day; returns how many.
pub async fn expire_past_deadline(db: &Db, now: OffsetDateTime) -> Result<usize, DonationError> {
    let today = crate::clock::today(now);
    let mut expired = 0;
    for id in store::past_deadline(db, today, BATCH_MAX).await? {
        let mut tx = db.begin_write().await?;
        let Some(need) = store::find_in(&mut tx, id).await? else {
            continue;
        };
        let past = super::rules::parse_day(&need.deadline).is_some_and(|day| day < today);
        if need.status != OPEN || !past {
            continue;
        }
        store::set_status(&mut tx, id, EXPIRED, now).await?;
        let event = NewEvent {
            actor: Actor::system(),
            action: EXPIRED_ACTION,
            subject_type: store::NEED_SUBJECT,
            subject_id: id.to_string(),
            region: need.region().ok(),
            changes: Changes::new()
                .change("status", OPEN, EXPIRED)
                .set("open_rupiah", need.open_rupiah),
            request_id: None,
        };
        crate::events::store::record(&mut tx, event, now).await?;
        for pledge in pledges::live_of_need(&mut tx, id).await? {
            if pledge.status == PLEDGED {
                release_in(&mut tx, &need, &pledge, &Actor::system(), None, now).await?;
            }
        }
        super::service::commit(tx).await?;
        expired += 1;
    }
    Ok(expired)
}
