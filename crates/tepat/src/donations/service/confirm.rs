//! The confirmation that a household received a pledge: a facilitator of its village sends
//! a photo (checked and stripped like a complaint's) and a note; the pledge is confirmed,
//! a need fully confirmed is fulfilled, and the gift moves on to the household's account.

use super::super::error::DonationError;
use super::super::ledger as books;
use super::super::rules;
use super::super::store;
use super::super::store::pledges::{self, Pledge};
use super::super::{CONFIRMED, DELIVERED, FULFILLED, MET, PAID};
use super::pledge::{CONFIRMED_ACTION, event, pledge_in_scope, refuse};
use super::{Acting, begin, commit, need_status_change};
use crate::auth::Permission;
use crate::db::Db;
use crate::events::Changes;
use crate::web::form::FieldRule;

/// A confirmation as sent: a photo of what arrived and a note.
pub struct Confirmation<'a> {
    pub note: &'a str,
    pub photo: Option<&'a [u8]>,
}

fn read_photo(bytes: Option<&[u8]>) -> Result<crate::complaints::photo::CleanPhoto, DonationError> {
    use crate::complaints::photo::{PHOTO_BYTES_MAX, clean};
    let bytes = bytes.filter(|b| !b.is_empty()).ok_or_else(|| {
        refuse(
            "photo",
            "required",
            "a photo of what arrived is required",
            "foto bukti penerimaan wajib ada",
        )
    })?;
    if bytes.len() > PHOTO_BYTES_MAX {
        return Err(refuse(
            "photo",
            "size",
            "the photo is larger than 5 MB",
            "foto lebih dari 5 MB",
        ));
    }
    clean(bytes).ok_or_else(|| {
        refuse(
            "photo",
            "format",
            "must be a JPEG or PNG photo",
            "harus foto JPEG atau PNG",
        )
    })
}

/// The household's confirmation, recorded by its facilitator with a photo: the pledge is
/// confirmed and its amount moves on from the need to what the household received. The
/// need is fulfilled once fully pledged and every live pledge is confirmed.
pub async fn confirm(
    db: &Db,
    acting: &Acting<'_>,
    id: i64,
    confirmation: &Confirmation<'_>,
) -> Result<Pledge, DonationError> {
    acting.caller.allows(Permission::ConfirmDonations, true)?;
    let mut tx = begin(db).await?;
    let (pledge, need) = pledge_in_scope(&mut tx, acting, id).await?;
    if !super::confirms_for_household(acting.caller.role) {
        return Err(refuse(
            "confirmed_by",
            "not-household-or-facilitator",
            "only the household, through its facilitator, confirms what it received",
            "hanya keluarga, melalui pendampingnya, yang mengonfirmasi penerimaan",
        ));
    }
    if pledge.status == CONFIRMED {
        return Err(DonationError::Conflict(FieldRule::new(
            "pledge",
            "confirmed",
            "this pledge is confirmed already",
            "janji ini sudah dikonfirmasi",
        )));
    }
    if pledge.status != PAID && pledge.status != DELIVERED {
        return Err(refuse(
            "pledge",
            "not-received",
            "the pledge has not been paid or delivered yet",
            "janji ini belum dibayar atau diantar",
        ));
    }
    let note = rules::parse_note(confirmation.note).map_err(DonationError::Invalid)?;
    let photo = read_photo(confirmation.photo)?;
    let (actor, now) = (&acting.caller.actor, acting.now);
    pledges::insert_confirmation(&mut tx, &pledge, &note, &photo, actor, now).await?;
    pledges::set_status(&mut tx, pledge.id, &pledge.status, CONFIRMED, now).await?;
    let live = pledges::live_of_need(&mut tx, need.id).await?;
    let fulfilled = need.status == MET && live.is_empty();
    if fulfilled {
        store::set_status(&mut tx, need.id, FULFILLED, now).await?;
    }
    let mut changes = Changes::new()
        .set("amount_rupiah", pledge.amount_rupiah)
        .change("status", pledge.status.clone(), CONFIRMED)
        .set("photo", photo.content_type);
    if fulfilled {
        changes = need_status_change(changes, MET, FULFILLED);
    }
    let accounts = books::accounts(&mut tx, &need, now).await?;
    let rid = acting.request_id.clone();
    let event = event(actor, CONFIRMED_ACTION, &need, pledge.id, changes, rid);
    let batch = [books::hand_over(accounts, pledge.id, pledge.amount_rupiah)];
    books::write(&mut tx, &batch, event, now).await?;
    let pledge = pledges::find_in(&mut tx, pledge.id)
        .await?
        .ok_or(DonationError::NotFound)?;
    commit(tx).await?;
    Ok(pledge)
}
