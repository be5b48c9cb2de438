//! What each causing change queues, called inside that change's own transaction: the
//! facts a message needs (the household's phone, the programme's name, the amount) are
//! read there, the message is rendered (`template.rs`) and queued (`store::enqueue`). A
//! household without a phone number gets no message; nothing else about the change
//! depends on it.

use sqlx::Row;
use time::OffsetDateTime;

use super::store::{NewNotification, enqueue};
use super::template::{self, Message};
use super::{
    DISTRIBUTION_SCHEDULED, OBJECTION_ANSWERED, PAYMENT_REJECTED, PAYMENT_SENT, PROPOSAL_DECIDED,
    SMS, VOUCHER_ISSUED,
};
use crate::db::{ResultExt, StoreError, Tx};
use crate::web::time::Zone;

/// A message by SMS to a household's phone.
fn to_household(
    kind: &'static str,
    subject: (&'static str, String),
    household: i64,
    region: String,
    phone: Option<String>,
    message: Message,
) -> NewNotification {
    NewNotification {
        kind,
        subject_type: subject.0,
        subject_id: subject.1,
        household_id: Some(household),
        region,
        channel: SMS,
        address: phone.as_deref().map(phone_number),
        message,
    }
}

/// A phone number as gateways take it: its digits, with a leading `+` kept (`0812 3456
/// 7890` becomes `081234567890`).
pub fn phone_number(written: &str) -> String {
    let trimmed = written.trim();
    let plus = if trimmed.starts_with('+') { "+" } else { "" };
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        String::new()
    } else {
        format!("{plus}{digits}")
    }
}

/// The vouchers of a cycle just issued in `region` (a prefix): one message per voucher
/// whose household has a phone. Issuing again queues only the new vouchers' messages.
pub async fn vouchers_issued(
    tx: &mut Tx,
    cycle: i64,
    region: &str,
    now: OffsetDateTime,
) -> Result<usize, StoreError> {
    let rows = sqlx::query(
        "SELECT v.id, v.household_id, v.region_code, v.amount, v.valid_until, h.phone, p.name \
         FROM vouchers v JOIN households h ON h.id = v.household_id \
         JOIN programmes p ON p.code = v.programme_code \
         WHERE v.cycle_id = $1 AND v.region_code LIKE $2 \
           AND h.phone IS NOT NULL AND h.phone <> '' ORDER BY v.id",
    )
    .bind(cycle)
    .bind(format!("{region}%"))
    .fetch_all(&mut **tx)
    .await
    .store()?;
    let mut queued = 0;
    for row in &rows {
        let id: i64 = row.try_get(0).store()?;
        let valid_until: String = row.try_get(4).store()?;
        let Some(valid_until) = crate::web::time::parse_date(&valid_until) else {
            continue;
        };
        let programme: String = row.try_get(6).store()?;
        let message = template::voucher_issued(&programme, row.try_get(3).store()?, valid_until);
        let new = to_household(
            VOUCHER_ISSUED,
            ("voucher", id.to_string()),
            row.try_get(1).store()?,
            row.try_get(2).store()?,
            row.try_get(5).store()?,
            message,
        );
        queued += usize::from(enqueue(tx, new, now).await?.is_some());
    }
    Ok(queued)
}

/// Payments of a payroll a bank or e-wallet provider just settled: (entitlement, `paid` or
/// `rejected`, the bank's reason code), as `disbursement::bank::store::settle` takes them.
pub async fn payments_settled(
    tx: &mut Tx,
    payroll: i64,
    settled: &[(i64, &'static str, Option<String>)],
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    for (entitlement, status, reason) in settled {
        let row = sqlx::query(
            "SELECT p.household_id, h.region_code, p.amount, h.phone, g.name \
             FROM payments p JOIN households h ON h.id = p.household_id \
             JOIN entitlements e ON e.id = p.entitlement_id \
             JOIN cycles c ON c.id = e.cycle_id JOIN programmes g ON g.code = c.programme_code \
             WHERE p.payroll_id = $1 AND p.entitlement_id = $2",
        )
        .bind(payroll)
        .bind(*entitlement)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
        let Some(row) = row else { continue };
        let (programme, amount): (String, i64) = (row.try_get(4).store()?, row.try_get(2).store()?);
        let (kind, message) = if *status == "paid" {
            (PAYMENT_SENT, template::payment_sent(&programme, amount))
        } else {
            let code = reason.as_deref().unwrap_or_default();
            let why = crate::disbursement::bank::reconcile::reason_text(code);
            (
                PAYMENT_REJECTED,
                template::payment_rejected(&programme, amount, why),
            )
        };
        let new = to_household(
            kind,
            ("payment", format!("{payroll}:{entitlement}")),
            row.try_get(0).store()?,
            row.try_get(1).store()?,
            row.try_get(3).store()?,
            message,
        );
        enqueue(tx, new, now).await?;
    }
    Ok(())
}

/// A proposal just decided at a step: a message once it has reached its end (approved at
/// the last step, or returned); nothing while it only moves up the chain.
pub async fn proposal_decided(
    tx: &mut Tx,
    proposal: i64,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let row = sqlx::query(
        "SELECT p.household_id, p.region_code, p.kind, p.status, h.phone, g.name \
         FROM proposals p JOIN households h ON h.id = p.household_id \
         JOIN programmes g ON g.code = p.programme_code WHERE p.id = $1",
    )
    .bind(proposal)
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    let Some(row) = row else { return Ok(()) };
    let (kind, status): (String, String) = (row.try_get(2).store()?, row.try_get(3).store()?);
    if status == crate::proposals::model::PENDING {
        return Ok(());
    }
    let approved = status == crate::proposals::model::APPROVED;
    let programme: String = row.try_get(5).store()?;
    let message = template::proposal_decided(proposal, kind == "enrol", approved, &programme);
    let new = to_household(
        PROPOSAL_DECIDED,
        ("proposal", proposal.to_string()),
        row.try_get(0).store()?,
        row.try_get(1).store()?,
        row.try_get(4).store()?,
        message,
    );
    enqueue(tx, new, now).await?;
    Ok(())
}

/// An objection just verified: a message to the objector, at their own household's phone,
/// with the tracking code they follow it by.
pub async fn objection_answered(
    tx: &mut Tx,
    objection: i64,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let row = sqlx::query(
        "SELECT h.id, o.region_code, o.tracking_code, o.status, h.phone \
         FROM objections o JOIN persons s ON s.id = o.objector_person_id \
         JOIN households h ON h.id = s.household_id WHERE o.id = $1",
    )
    .bind(objection)
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    let Some(row) = row else { return Ok(()) };
    let (code, status): (String, String) = (row.try_get(2).store()?, row.try_get(3).store()?);
    let founded = status == crate::objections::model::FOUNDED;
    let new = to_household(
        OBJECTION_ANSWERED,
        ("objection", objection.to_string()),
        row.try_get(0).store()?,
        row.try_get(1).store()?,
        row.try_get(4).store()?,
        template::objection_answered(&code, founded),
    );
    enqueue(tx, new, now).await?;
    Ok(())
}

/// A hand-out scheduled for one household: when and where.
#[derive(Debug, Clone)]
pub struct DistributionScheduled<'a> {
    /// The distribution event (penyaluran).
    pub event_id: i64,
    pub household_id: i64,
    /// The programme's code (`SEMBAKO`, …).
    pub programme: &'a str,
    pub at: OffsetDateTime,
    /// The place in words: `Balai Desa Klender, Jl. …`.
    pub place: &'a str,
    /// The household's check-in code (`ABCD-EFGH-JKMN`), which it also rates with.
    pub code: Option<&'a str>,
}

/// Queues the schedule message of one household, inside the transaction that schedules
/// the hand-out. Each (event, household, time) is one message: the same schedule again
/// queues nothing, a hand-out moved to another time queues the new time. The message's
/// id, or `None` when the household has no phone or was told this already.
pub async fn distribution_scheduled(
    tx: &mut Tx,
    scheduled: &DistributionScheduled<'_>,
    now: OffsetDateTime,
) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query(
        "SELECT h.region_code, h.phone, g.name FROM households h \
         JOIN programmes g ON g.code = $2 WHERE h.id = $1",
    )
    .bind(scheduled.household_id)
    .bind(scheduled.programme.to_owned())
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    let Some(row) = row else { return Ok(None) };
    let region: String = row.try_get(0).store()?;
    let programme: String = row.try_get(2).store()?;
    let zone = Zone::of_region(Some(&region));
    let message = template::distribution_scheduled(
        &programme,
        scheduled.at,
        zone,
        scheduled.place,
        scheduled.code,
    );
    let subject = format!(
        "{}:{}:{}",
        scheduled.event_id,
        scheduled.household_id,
        crate::db::timestamp::to_db(scheduled.at)
    );
    let new = to_household(
        DISTRIBUTION_SCHEDULED,
        ("distribution_event", subject),
        scheduled.household_id,
        region,
        row.try_get(1).store()?,
        message,
    );
    enqueue(tx, new, now).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_keep_their_digits_and_plus() {
        assert_eq!(phone_number(" 0812 3456-7890 "), "081234567890");
        assert_eq!(phone_number("+62 812 3456 7890"), "+6281234567890");
        assert_eq!(phone_number("tidak ada"), "");
    }
}
