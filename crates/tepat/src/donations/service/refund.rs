//! Refunds: money paid to a need that was withdrawn or expired before it reached the
//! household goes back to its donor. The bank (or a money official) returns the transfer
//! and records it here with the return's reference; the ledger moves the amount from the
//! need back to the donors' account, with the event, in one transaction.

use time::OffsetDateTime;

use super::super::error::DonationError;
use super::super::ledger as books;
use super::super::store::pledges::{self, Pledge};
use super::super::{EXPIRED, MONEY, PAID, REFUNDED, WITHDRAWN};
use super::pledge::{event, pledge_in_scope};
use super::{Acting, begin, commit};
use crate::auth::Permission;
use crate::db::Db;
use crate::events::Action;
use crate::web::form::FieldRule;

pub const REFUNDED_ACTION: Action = Action("donation.refunded");

/// The return transfer, as the bank's statement shows it.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = DonationRefundInput)]
pub struct RefundInput {
    /// The bank's reference of the transfer that returned the money to the donor: 4 to 35
    /// letters, digits, `-`, `/` or `.`.
    #[schema(min_length = 4, max_length = 35, pattern = "^[A-Za-z0-9./-]{4,35}$")]
    pub bank_reference: String,
}

/// A bank reference as typed: trimmed, 4 to 35 of the characters banks use.
pub fn bank_reference(text: &str) -> Result<String, DonationError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DonationError::invalid(
            "bank_reference",
            "required",
            "give the bank's reference of the return transfer",
            "isi nomor referensi bank untuk transfer pengembalian",
        ));
    }
    let fine = (4..=35).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.'));
    if fine {
        Ok(text.to_owned())
    } else {
        Err(DonationError::invalid(
            "bank_reference",
            "format",
            "4 to 35 letters, digits, '-', '/' or '.'",
            "4 sampai 35 huruf, angka, '-', '/' atau '.'",
        ))
    }
}

/// Records a paid money pledge of a withdrawn or expired need as returned to its donor.
pub async fn refund(
    db: &Db,
    acting: &Acting<'_>,
    id: i64,
    input: &RefundInput,
) -> Result<Pledge, DonationError> {
    acting.caller.allows(Permission::ReportPayments, true)?;
    let reference = bank_reference(&input.bank_reference)?;
    let mut tx = begin(db).await?;
    let (pledge, need) = pledge_in_scope(&mut tx, acting, id).await?;
    let need_closed = need.status == WITHDRAWN || need.status == EXPIRED;
    if pledge.kind != MONEY || pledge.status != PAID || !need_closed {
        return Err(DonationError::Conflict(FieldRule::new(
            "pledge",
            "not-refundable",
            "only money paid to a withdrawn or expired need that the household has not \
             confirmed is returned",
            "hanya uang yang sudah dibayar untuk kebutuhan yang dicabut atau kedaluwarsa dan \
             belum dikonfirmasi keluarga yang dikembalikan",
        )));
    }
    let now: OffsetDateTime = acting.now;
    if !pledges::mark_refunded(&mut tx, pledge.id, &reference, now).await? {
        return Err(DonationError::Inconsistent(
            "pledge changed while refunding".into(),
        ));
    }
    let accounts = books::accounts(&mut tx, &need, now).await?;
    let changes = crate::events::Changes::new()
        .set("amount_rupiah", pledge.amount_rupiah)
        .set("need_status", need.status.as_str())
        .change("status", PAID, REFUNDED);
    let event = event(
        &acting.caller.actor,
        REFUNDED_ACTION,
        &need,
        pledge.id,
        changes,
        acting.request_id.clone(),
    );
    let transfer = books::refund(accounts, pledge.id, pledge.amount_rupiah);
    books::write(&mut tx, &[transfer], event, now).await?;
    tell_donor(&mut tx, &need, &pledge, &reference, now).await?;
    let pledge = pledges::find_in(&mut tx, pledge.id)
        .await?
        .ok_or(DonationError::NotFound)?;
    commit(tx).await?;
    Ok(pledge)
}

/// The notification kind telling a donor its money went back.
pub const REFUNDED_KIND: &str = "donation.refunded";

/// Queues a message to the donor's proven contact, in the refund's transaction.
async fn tell_donor(
    tx: &mut crate::db::Tx,
    need: &super::super::store::Need,
    pledge: &Pledge,
    reference: &str,
    now: OffsetDateTime,
) -> Result<(), DonationError> {
    let (channel, address) =
        super::super::watch::donor_contact(tx, pledge.donor_account_id).await?;
    let amount = crate::notifications::template::rupiah(pledge.amount_rupiah);
    let message = crate::notifications::template::Message {
        subject: "Donasi Anda dikembalikan".to_owned(),
        body: format!(
            "Kebutuhan #{} tidak berlanjut, jadi donasi Anda {amount} dikembalikan ke rekening \
             pengirim. Referensi transfer bank: {reference}.",
            need.id
        ),
        link: format!("/donasi/saya/{}", pledge.id),
    };
    let new = crate::notifications::store::NewNotification {
        kind: REFUNDED_KIND,
        subject_type: pledges::PLEDGE_SUBJECT,
        subject_id: pledge.id.to_string(),
        household_id: None,
        region: need.region_code.clone(),
        channel,
        address,
        message,
    };
    crate::notifications::store::enqueue(tx, new, now).await?;
    Ok(())
}
