//! Pledges: a donor pledges to a need, the bank's notice pays a money pledge by its
//! reference, the village office records goods delivered, a facilitator confirms with a
//! photo that the household received it, and a pledge nobody paid is released. Each step
//! is a ledger movement and an event in one transaction.

use time::{Duration, OffsetDateTime};

use super::super::error::DonationError;
use super::super::ledger as books;
use super::super::rules::{self, Offer};
use super::super::store::pledges::{self, NewPledge, PLEDGE_SUBJECT, Pledge};
use super::super::store::{self, Need};
use super::super::{DELIVERED, GOODS, MONEY, OPEN, PAID, PLEDGED};
use super::{Acting, begin, commit, need_status_change, next_status};
use crate::auth::Permission;
use crate::db::{Db, Tx};
use crate::events::{Action, Actor, Changes, NewEvent};
use crate::web::form::FieldRule;

pub const PLEDGED_ACTION: Action = Action("donation.pledged");
pub const PAID_ACTION: Action = Action("donation.paid");
pub const DELIVERED_ACTION: Action = Action("donation.delivered");
pub const CONFIRMED_ACTION: Action = Action("donation.confirmed");
pub const RELEASED_ACTION: Action = Action("donation.released");

/// A pledge as the donor asks for it.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = DonationPledgeInput)]
pub struct PledgeInput {
    /// Money needs: the amount in rupiah.
    pub amount_rupiah: Option<i64>,
    /// Goods needs: how many of the need's unit.
    pub quantity: Option<i64>,
    /// `transfer` for money; `village_office` or `merchant` for goods.
    pub channel: String,
    /// The registered merchant delivering, for the `merchant` channel.
    pub merchant_id: Option<i64>,
    /// Show the donor's name on the need's page (false: anonymous).
    #[serde(default)]
    pub named: bool,
}

/// A bank's notice of a transfer into a need's account.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = DonationPaymentNotice)]
pub struct PaymentNotice {
    /// The pledge's reference, as the donor wrote it in the transfer's message.
    pub reference: String,
    /// The amount transferred, in rupiah.
    pub amount_rupiah: i64,
}

pub(super) fn event(
    actor: &Actor,
    action: Action,
    need: &Need,
    pledge: i64,
    changes: Changes,
    rid: Option<String>,
) -> NewEvent {
    NewEvent {
        actor: actor.clone(),
        action,
        subject_type: PLEDGE_SUBJECT,
        subject_id: pledge.to_string(),
        region: need.region().ok(),
        changes: changes.set("need_id", need.id),
        request_id: rid,
    }
}

pub(super) async fn need_of(tx: &mut Tx, pledge: &Pledge) -> Result<Need, DonationError> {
    store::find_in(tx, pledge.need_id)
        .await?
        .ok_or_else(|| DonationError::Inconsistent(format!("pledge {} has no need", pledge.id)))
}

async fn merchant_active(tx: &mut Tx, id: i64) -> Result<bool, DonationError> {
    let found: Option<String> = sqlx::query_scalar("SELECT status FROM merchants WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(crate::db::StoreError::from_sqlx)?;
    Ok(found.as_deref() == Some("active"))
}

/// Reads a pledge against its need: the value it moves, its channel and its merchant.
/// Refused when the need takes no more pledges, or the pledge breaks a rule.
async fn read_pledge(
    tx: &mut Tx,
    need: &Need,
    input: &PledgeInput,
    today: time::Date,
) -> Result<(i64, &'static str, Option<i64>), DonationError> {
    if need.status != OPEN || need.deadline < today.to_string() {
        return Err(DonationError::Conflict(FieldRule::new(
            "need",
            "not-open",
            "this need takes no more pledges",
            "kebutuhan ini tidak menerima janji donasi lagi",
        )));
    }
    let offer = if need.kind == GOODS {
        Offer::Goods(input.quantity.unwrap_or_default())
    } else {
        Offer::Money(input.amount_rupiah.unwrap_or_default())
    };
    let value = rules::pledge_value(need.amount_rupiah, need.quantity, need.progress(), offer)
        .map_err(DonationError::Invalid)?;
    let channel = rules::parse_channel(&need.kind, &input.channel, input.merchant_id)
        .map_err(DonationError::Invalid)?;
    let merchant_id = input
        .merchant_id
        .filter(|_| channel == super::super::MERCHANT);
    if let Some(id) = merchant_id
        && !merchant_active(tx, id).await?
    {
        return Err(DonationError::invalid(
            "merchant_id",
            "unknown",
            "no active registered merchant has this id",
            "tidak ada e-warong terdaftar yang aktif dengan id ini",
        ));
    }
    Ok((value, channel, merchant_id))
}

/// A donor pledges to an open need: the amount (or the goods' declared value) is reserved
/// from the donors' account towards the need. Refused when more than is still open.
pub async fn pledge(
    db: &Db,
    acting: &Acting<'_>,
    need_id: i64,
    input: &PledgeInput,
) -> Result<Pledge, DonationError> {
    acting.caller.allows(Permission::PledgeDonations, true)?;
    let donor = acting.caller.actor.id;
    let donor = donor.ok_or(DonationError::Denied(crate::auth::Denied::Role))?;
    let mut tx = begin(db).await?;
    if !super::super::signup::contact_proven(&mut tx, donor).await? {
        return Err(DonationError::invalid(
            "contact",
            "not-verified",
            "verify your e-mail address or phone with the code sent there first",
            "verifikasi dulu surel atau nomor HP Anda dengan kode yang kami kirim",
        ));
    }
    let need = store::find_in(&mut tx, need_id).await?;
    let need = need.ok_or(DonationError::NotFound)?;
    let today = crate::clock::today(acting.now);
    let (value, channel, merchant_id) = read_pledge(&mut tx, &need, input, today).await?;
    let deadline = rules::parse_day(&need.deadline).unwrap_or(today);
    let kind = if need.kind == GOODS { GOODS } else { MONEY };
    let new = NewPledge {
        need_id,
        donor_account_id: donor,
        kind,
        amount_rupiah: value,
        quantity: input.quantity.filter(|_| kind == GOODS),
        channel,
        merchant_id,
        payment_reference: rules::new_reference(),
        named: input.named,
        due_date: (today + Duration::days(rules::PLEDGE_DUE_DAYS)).min(deadline.max(today)),
    };
    let id = pledges::insert(&mut tx, &new, acting.now).await?;
    let status = next_status(&need, need.pledged_rupiah + value);
    if status != need.status {
        store::set_status(&mut tx, need.id, status, acting.now).await?;
    }
    let changes = Changes::new()
        .set("amount_rupiah", value)
        .set("channel", channel)
        .set("status", PLEDGED)
        .set("donor_named", input.named);
    let changes = need_status_change(changes, &need.status, status);
    let accounts = books::accounts(&mut tx, &need, acting.now).await?;
    let (actor, rid) = (&acting.caller.actor, acting.request_id.clone());
    let event = event(actor, PLEDGED_ACTION, &need, id, changes, rid);
    let batch = [books::pledge(accounts, id, value)];
    books::write(&mut tx, &batch, event, acting.now).await?;
    let pledge = pledges::find_in(&mut tx, id).await?;
    let pledge = pledge.ok_or(DonationError::NotFound)?;
    commit(tx).await?;
    Ok(pledge)
}

pub(super) fn refuse(field: &'static str, rule: &'static str, en: &str, id: &str) -> DonationError {
    DonationError::invalid(field, rule, en, id)
}

/// The bank's notice of a transfer: the pledge its reference names is paid, the money
/// posted into the need's account. A reference matching no money pledge, an amount other
/// than the pledge's, or a pledge no longer waiting for money is refused, and nothing
/// changes.
pub async fn pay(
    db: &Db,
    acting: &Acting<'_>,
    notice: &PaymentNotice,
) -> Result<Pledge, DonationError> {
    acting.caller.allows(Permission::ReportPayments, true)?;
    let reference = rules::normalise_reference(&notice.reference);
    let mut tx = begin(db).await?;
    let found = pledges::by_reference(&mut tx, &reference).await?;
    let Some(pledge) = found.filter(|p| p.kind == MONEY) else {
        return Err(refuse(
            "reference",
            "unknown",
            "no money pledge has this payment reference; the transfer must be returned",
            "tidak ada janji donasi uang dengan referensi ini; transfer harus dikembalikan",
        ));
    };
    if pledge.status != PLEDGED {
        return Err(DonationError::Conflict(FieldRule::new(
            "reference",
            "not-awaiting-payment",
            "this pledge is not waiting for money (already paid or released)",
            "janji ini tidak sedang menunggu pembayaran (sudah dibayar atau dilepas)",
        )));
    }
    if notice.amount_rupiah > pledge.amount_rupiah {
        return Err(refuse(
            "amount_rupiah",
            "exceeds-pledge",
            "is more than the pledge that the reference names",
            "melebihi nominal janji donasi dengan referensi ini",
        ));
    }
    if notice.amount_rupiah < pledge.amount_rupiah {
        return Err(refuse(
            "amount_rupiah",
            "partial",
            "a pledge is paid whole in one transfer",
            "janji donasi dibayar penuh dalam satu transfer",
        ));
    }
    let need = need_of(&mut tx, &pledge).await?;
    pledges::set_status(&mut tx, pledge.id, PLEDGED, PAID, acting.now).await?;
    let changes = Changes::new()
        .set("amount_rupiah", pledge.amount_rupiah)
        .change("status", PLEDGED, PAID);
    let rid = acting.request_id.clone();
    let event = event(
        &acting.caller.actor,
        PAID_ACTION,
        &need,
        pledge.id,
        changes,
        rid,
    );
    books::write(
        &mut tx,
        &[books::receive(pledge.id, PAID)],
        event,
        acting.now,
    )
    .await?;
    let pledge = pledges::find_in(&mut tx, pledge.id)
        .await?
        .ok_or(DonationError::NotFound)?;
    commit(tx).await?;
    Ok(pledge)
}

/// A pledge an official acts on, with its need: inside the caller's region, or not found.
pub(super) async fn pledge_in_scope(
    tx: &mut Tx,
    acting: &Acting<'_>,
    id: i64,
) -> Result<(Pledge, Need), DonationError> {
    let pledge = pledges::find_in(tx, id)
        .await?
        .ok_or(DonationError::NotFound)?;
    let need = need_of(tx, &pledge).await?;
    if !acting.caller.covers(&need.region()?) {
        return Err(DonationError::NotFound);
    }
    Ok((pledge, need))
}

/// The village office records goods handed in for a pledge: their value is posted into
/// the need's account.
pub async fn deliver(db: &Db, acting: &Acting<'_>, id: i64) -> Result<Pledge, DonationError> {
    acting.caller.allows(Permission::PostNeeds, true)?;
    let mut tx = begin(db).await?;
    let (pledge, need) = pledge_in_scope(&mut tx, acting, id).await?;
    if pledge.kind != GOODS || pledge.status != PLEDGED {
        return Err(DonationError::Conflict(FieldRule::new(
            "pledge",
            "not-awaiting-goods",
            "this pledge is not goods waiting to be delivered",
            "janji ini bukan barang yang menunggu diantar",
        )));
    }
    pledges::set_status(&mut tx, pledge.id, PLEDGED, DELIVERED, acting.now).await?;
    let changes = Changes::new()
        .set("amount_rupiah", pledge.amount_rupiah)
        .set("quantity", pledge.quantity.unwrap_or_default())
        .change("status", PLEDGED, DELIVERED);
    let rid = acting.request_id.clone();
    let event = event(
        &acting.caller.actor,
        DELIVERED_ACTION,
        &need,
        pledge.id,
        changes,
        rid,
    );
    books::write(
        &mut tx,
        &[books::receive(pledge.id, DELIVERED)],
        event,
        acting.now,
    )
    .await?;
    let pledge = pledges::find_in(&mut tx, pledge.id)
        .await?
        .ok_or(DonationError::NotFound)?;
    commit(tx).await?;
    Ok(pledge)
}

/// Releases a pledge still waiting for money or goods inside `tx`: its reservation is
/// voided and a fully pledged need opens again.
pub(crate) async fn release_in(
    tx: &mut Tx,
    need: &Need,
    pledge: &Pledge,
    actor: &Actor,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<bool, DonationError> {
    if !pledges::set_status(tx, pledge.id, PLEDGED, super::super::RELEASED, now).await? {
        return Ok(false);
    }
    let current = store::find_in(tx, need.id)
        .await?
        .unwrap_or_else(|| need.clone());
    let mut changes_event = super::release_event(actor, &current, pledge.id, request_id);
    let status = next_status(&current, current.pledged_rupiah);
    if status != current.status {
        store::set_status(tx, need.id, status, now).await?;
        changes_event.changes = need_status_change(changes_event.changes, &current.status, status);
    }
    changes_event.changes = changes_event
        .changes
        .set("amount_rupiah", pledge.amount_rupiah);
    books::write(tx, &[books::release(pledge.id)], changes_event, now).await?;
    Ok(true)
}

/// A donor's own pledges, newest first.
pub async fn mine(
    db: &Db,
    caller: &crate::auth::Principal,
    before: i64,
    limit: u32,
) -> Result<Vec<Pledge>, DonationError> {
    caller.allows(Permission::PledgeDonations, false)?;
    let donor = caller
        .actor
        .id
        .ok_or(DonationError::Denied(crate::auth::Denied::Role))?;
    Ok(pledges::of_donor(db, donor, before, limit).await?)
}

/// One of the donor's own pledges with its need and the log entries that prove each step;
/// someone else's pledge answers as missing.
pub async fn mine_one(
    db: &Db,
    caller: &crate::auth::Principal,
    id: i64,
) -> Result<(Pledge, Need, Vec<pledges::Proof>), DonationError> {
    caller.allows(Permission::PledgeDonations, false)?;
    let pledge = pledges::find(db, id)
        .await?
        .ok_or(DonationError::NotFound)?;
    if Some(pledge.donor_account_id) != caller.actor.id {
        return Err(DonationError::NotFound);
    }
    let need = store::find(db, pledge.need_id)
        .await?
        .ok_or(DonationError::NotFound)?;
    let proofs = pledges::proofs(db, pledge.id).await?;
    Ok((pledge, need, proofs))
}
