//! The server's watch over pledges: a pledge still unpaid (or undelivered) past its due date
//! is chased once — a reminder to the donor through the notifications outbox — and released
//! after a grace period, its reservation voided so the need opens again for others. Money
//! already paid is never released. Each look also closes the needs past their deadline
//! (`expiry.rs`).

use std::sync::Arc;

use sqlx::Row;
use time::{Date, Duration, OffsetDateTime};

use super::error::DonationError;
use super::service::pledge::release_in;
use super::store::{self, pledges};
use crate::clock::Clock;
use crate::db::{Db, ResultExt, Tx};
use crate::events::{Action, Actor, Changes, NewEvent};
use crate::notifications::store::{NewNotification, enqueue};
use crate::notifications::template::Message;

/// How often the server looks.
const LOOK_EVERY: std::time::Duration = std::time::Duration::from_secs(300);
/// Days after the due date before an unpaid pledge is released: time for the reminder to
/// reach the donor and a transfer to clear.
pub const GRACE_DAYS: i64 = 3;
/// Pledges handled per look, so one look stays short.
const BATCH_MAX: u32 = 500;

pub const REMINDED: Action = Action("donation.reminded");
/// The notification kind of a reminder.
pub const PLEDGE_DUE: &str = "donation.pledge_due";

/// Starts the watch; abort the handle to stop it.
pub fn start(db: Db, clock: Arc<dyn Clock>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match chase_and_release(&db, clock.now()).await {
                Ok((0, 0)) => {}
                Ok((reminded, released)) => {
                    tracing::info!(reminded, released, "overdue pledges chased")
                }
                Err(err) => tracing::warn!(error = %err, "pledge watch failed"),
            }
            match super::expiry::expire_past_deadline(&db, clock.now()).await {
                Ok(0) => {}
                Ok(expired) => tracing::info!(expired, "needs past their deadline expired"),
                Err(err) => tracing::warn!(error = %err, "need expiry failed"),
            }
            tokio::time::sleep(LOOK_EVERY).await;
        }
    })
}

/// What the watch does with a pledge past due on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Remind,
    Release,
    Wait,
}

/// Remind once past the due date; release once the grace period after it is over.
pub fn step(due: Date, today: Date, reminded: bool) -> Step {
    if today > due + Duration::days(GRACE_DAYS) {
        Step::Release
    } else if today > due && !reminded {
        Step::Remind
    } else {
        Step::Wait
    }
}

/// One look: reminds and releases what is due; returns (reminded, released).
pub async fn chase_and_release(
    db: &Db,
    now: OffsetDateTime,
) -> Result<(usize, usize), DonationError> {
    let today = crate::clock::today(now);
    let (mut reminded, mut released) = (0, 0);
    for (pledge, was_reminded) in pledges::overdue(db, today, BATCH_MAX).await? {
        let Some(due) = super::rules::parse_day(&pledge.due_date) else {
            continue;
        };
        let mut tx = db.begin_write().await?;
        let Some(need) = store::find_in(&mut tx, pledge.need_id).await? else {
            continue;
        };
        match step(due, today, was_reminded) {
            Step::Release => {
                if release_in(&mut tx, &need, &pledge, &Actor::system(), None, now).await? {
                    released += 1;
                }
            }
            Step::Remind => {
                remind(&mut tx, &need, &pledge, now).await?;
                reminded += 1;
            }
            Step::Wait => {}
        }
        super::service::commit(tx).await?;
    }
    Ok((reminded, released))
}

/// Where a donor is messaged: the channel and the address of its proven contact, or no
/// address (then nothing is queued).
pub(crate) async fn donor_contact(
    tx: &mut Tx,
    account: i64,
) -> Result<(&'static str, Option<String>), DonationError> {
    let contact = sqlx::query(
        "SELECT channel, address FROM donor_contacts WHERE account_id = $1 \
         AND verified_at IS NOT NULL",
    )
    .bind(account)
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    Ok(match contact {
        Some(row) => {
            let channel: String = row.try_get(0).store()?;
            let address: String = row.try_get(1).store()?;
            if channel == crate::notifications::SMS {
                (
                    crate::notifications::SMS,
                    Some(crate::notifications::hooks::phone_number(&address)),
                )
            } else {
                (crate::notifications::EMAIL, Some(address))
            }
        }
        None => (crate::notifications::EMAIL, None),
    })
}

async fn remind(
    tx: &mut Tx,
    need: &store::Need,
    pledge: &pledges::Pledge,
    now: OffsetDateTime,
) -> Result<(), DonationError> {
    // A donor without a proven contact is not messaged; the pledge still counts as
    // reminded, so that the release follows on time.
    let (channel, address) = donor_contact(tx, pledge.donor_account_id).await?;
    let amount = crate::notifications::template::rupiah(pledge.amount_rupiah);
    let message = Message {
        subject: "Pengingat janji donasi".to_owned(),
        body: format!(
            "Janji donasi Anda {amount} untuk kebutuhan #{} belum kami terima. Referensi \
             pembayaran: {}. Tanpa pembayaran dalam {GRACE_DAYS} hari, janji dilepas.",
            need.id, pledge.payment_reference
        ),
        link: format!("/donasi/saya/{}", pledge.id),
    };
    let new = NewNotification {
        kind: PLEDGE_DUE,
        subject_type: pledges::PLEDGE_SUBJECT,
        subject_id: pledge.id.to_string(),
        household_id: None,
        region: need.region_code.clone(),
        channel,
        address,
        message,
    };
    enqueue(tx, new, now).await?;
    pledges::mark_reminded(tx, pledge.id, now).await?;
    let event = NewEvent {
        actor: Actor::system(),
        action: REMINDED,
        subject_type: pledges::PLEDGE_SUBJECT,
        subject_id: pledge.id.to_string(),
        region: need.region().ok(),
        changes: Changes::new().set("need_id", need.id).set("reminded", true),
        request_id: None,
    };
    crate::events::store::record(tx, event, now).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_pledge_is_reminded_once_after_its_due_date_and_released_after_the_grace() {
        let due = date!(2026 - 12 - 10);
        assert_eq!(step(due, date!(2026 - 12 - 10), false), Step::Wait);
        assert_eq!(step(due, date!(2026 - 12 - 11), false), Step::Remind);
        assert_eq!(step(due, date!(2026 - 12 - 12), true), Step::Wait);
        assert_eq!(step(due, date!(2026 - 12 - 13), true), Step::Wait);
        assert_eq!(step(due, date!(2026 - 12 - 14), true), Step::Release);
        assert_eq!(step(due, date!(2026 - 12 - 14), false), Step::Release);
    }
}
