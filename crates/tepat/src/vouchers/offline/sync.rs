//! Syncing a shop's offline queue. Every record's device signature, voucher signature,
//! voucher state at the time of the purchase, goods and offline limits are checked; what
//! passes is spent from the ledger in the order the purchases were made, in one
//! transaction with its redemptions, proofs and events. A record the voucher can no
//! longer pay is refused and kept as the proof of a double spend; a record synced before
//! is answered as it was and changes nothing.

use std::collections::{HashMap, HashSet};

use time::{Duration, OffsetDateTime, Time, UtcOffset};

use super::answers::{double_spent, from_error, refused, replayed, summary};
use super::model::{Limits, Signed, SyncBatch, SyncItem, Synced};
use super::record::{self, Checked};
use super::store::{self, OfflineRow, ProofRow};
use super::{devices, limits};
use crate::auth::Principal;
use crate::db::{Db, ResultExt, Tx, timestamp};
use crate::events::{Action, Changes, NewEvent};
use crate::ledger::{NewTransfer, Outcome, Refusal};
use crate::merchants::store::Stored;
use crate::region_code::RegionCode;
use crate::vouchers::error::VoucherError;
use crate::vouchers::keys::KeyRing;
use crate::vouchers::model::{TRANSFER_REDEMPTION, Voucher};
use crate::vouchers::payload::Payload;
use crate::vouchers::redeem::{self, VOUCHER_REDEEMED};

pub const REDEMPTIONS_SYNCED: Action = Action("redemptions.synced");
pub const DOUBLE_SPEND: Action = Action("voucher.double_spend");

/// Most records in one sync: a request body stays under the API's 1 MiB.
pub const RECORDS_MAX: usize = 1_000;
/// How far ahead of the server's clock a phone's clock may run.
const CLOCK_SKEW_MINUTES: i64 = 10;
/// The day offline limits count in: Western Indonesian Time.
const DAY_OFFSET_HOURS: i8 = 7;

/// A record that passed every check before the ledger.
pub struct Candidate {
    index: usize,
    pub checked: Checked,
    signed: Signed,
    pub voucher: Voucher,
    pub total: i64,
}

fn client_key(device: i64, id: &str) -> String {
    format!("offline:{device}:{id}")
}

/// Syncs a device's queue for the caller's shop.
pub async fn sync(
    db: &Db,
    keys: &KeyRing,
    caller: &Principal,
    batch: SyncBatch,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Synced, VoucherError> {
    let shop = redeem::own_shop(db, caller).await?;
    if batch.redemptions.is_empty() || batch.redemptions.len() > RECORDS_MAX {
        return Err(VoucherError::invalid(
            "redemptions",
            "count",
            "a sync carries 1 to 1000 records",
            "satu sinkronisasi berisi 1 sampai 1000 catatan",
        ));
    }
    let (device, device_key) = devices::own_device(db, &shop, batch.device).await?;
    let mut items: Vec<Option<SyncItem>> = vec![None; batch.redemptions.len()];
    let opened = open_all(batch.redemptions, device, &device_key, &mut items);
    let mut vouchers = prefetch(db, keys, &opened).await?;
    let mut candidates = Vec::with_capacity(opened.len());
    for (index, checked, signed) in opened {
        let id = checked.record.id.clone();
        match check(db, keys, &shop, &mut vouchers, checked, now).await {
            Ok((checked, voucher, total)) => candidates.push(Candidate {
                index,
                checked,
                signed,
                voucher,
                total,
            }),
            Err(err) => items[index] = Some(from_error(&id, err)?),
        }
    }
    candidates.sort_by_key(|c| (c.checked.at, c.index));
    let context = Context {
        shop: &shop,
        limits: store::limits(db).await?,
        device,
        caller,
        request_id,
        now,
    };
    let mut tx = db.begin_write().await?;
    spend(&mut tx, &context, candidates, &mut items).await?;
    tx.commit().await.store()?;
    Ok(summary(items))
}

/// Records whose device signature holds, each id once; the others answered in `items`.
fn open_all(
    records: Vec<Signed>,
    device: i64,
    key: &ed25519_dalek::VerifyingKey,
    items: &mut [Option<SyncItem>],
) -> Vec<(usize, Checked, Signed)> {
    let mut seen = HashSet::new();
    let mut opened = Vec::with_capacity(records.len());
    for (index, signed) in records.into_iter().enumerate() {
        match record::open(&signed, device, key) {
            Err(err) => items[index] = Some(refused(None, err.rule(), err.detail())),
            Ok(checked) if !seen.insert(checked.record.id.clone()) => {
                items[index] = Some(refused(
                    Some(checked.record.id),
                    "duplicate",
                    "catatan ini terkirim dua kali dalam satu sinkronisasi",
                ));
            }
            Ok(checked) => opened.push((index, checked, signed)),
        }
    }
    opened
}

/// The vouchers whose signed QR texts the records carry, read at once, by text; texts
/// that do not verify are left for [`redeem::find`] to name.
async fn prefetch(
    db: &Db,
    keys: &KeyRing,
    opened: &[(usize, Checked, Signed)],
) -> Result<HashMap<String, Voucher>, VoucherError> {
    let verifier = keys.verifier()?;
    let mut wanted: HashMap<i64, &str> = HashMap::new();
    for (_, checked, _) in opened {
        let text = checked.record.voucher.trim();
        if let Ok(payload) = Payload::open(text, &verifier) {
            wanted.insert(payload.voucher, text);
        }
    }
    let ids: Vec<i64> = wanted.keys().copied().collect();
    let found = crate::vouchers::store::by_ids(db, &ids).await?;
    Ok(found
        .into_values()
        .filter_map(|v| {
            let text = wanted.get(&v.id).filter(|t| **t == v.payload)?;
            Some(((*text).to_owned(), v))
        })
        .collect())
}

/// The checks that need no transaction: the voucher, its state when the purchase was
/// made, and the basket.
async fn check(
    db: &Db,
    keys: &KeyRing,
    shop: &Stored,
    vouchers: &mut HashMap<String, Voucher>,
    mut checked: Checked,
    now: OffsetDateTime,
) -> Result<(Checked, Voucher, i64), VoucherError> {
    if checked.at > now + Duration::minutes(CLOCK_SKEW_MINUTES) {
        return Err(VoucherError::invalid(
            "at",
            "future",
            "the purchase is dated in the future: the phone's clock is wrong",
            "waktu belanja ada di masa depan: jam ponsel salah",
        ));
    }
    let text = checked.record.voucher.trim().to_owned();
    let voucher = match vouchers.get(&text) {
        Some(voucher) => voucher.clone(),
        None => {
            let found = redeem::find(db, keys, &text).await?;
            vouchers.insert(text, found.clone());
            found
        }
    };
    redeem::check_voucher(&voucher, &shop.merchant, checked.at)?;
    let total = redeem::check_items(&mut checked.record.items, &voucher, &shop.merchant)?;
    Ok((checked, voucher, total))
}

/// Who syncs, from which device, when.
struct Context<'a> {
    shop: &'a Stored,
    limits: HashMap<String, Limits>,
    device: i64,
    caller: &'a Principal,
    request_id: Option<String>,
    now: OffsetDateTime,
}

/// Answers records synced before, applies the offline limits, then spends the rest.
async fn spend(
    tx: &mut Tx,
    context: &Context<'_>,
    candidates: Vec<Candidate>,
    items: &mut [Option<SyncItem>],
) -> Result<(), VoucherError> {
    let keys: Vec<String> = candidates
        .iter()
        .map(|c| client_key(context.device, &c.checked.record.id))
        .collect();
    let used = store::used_keys(tx, context.shop.merchant.id, &keys).await?;
    let proven = store::proven_ids(tx, context.device).await?;
    let ids: Vec<i64> = candidates.iter().map(|c| c.voucher.id).collect();
    let limits = context.limits.clone();
    let mut caps = limits::Tally::load(tx, context.shop.merchant.id, limits, &ids).await?;
    let mut fresh = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        let id = candidate.checked.record.id.clone();
        if let Some(&(redemption, amount)) = used.get(&client_key(context.device, &id)) {
            items[candidate.index] = Some(replayed(id, Some(redemption), Some(amount)));
        } else if proven.contains(&id) {
            items[candidate.index] = Some(replayed(id, None, None));
        } else if let Err(err) = caps.admit(tx, &candidate, day(candidate.checked.at)).await {
            items[candidate.index] = Some(from_error(&id, err)?);
        } else {
            fresh.push(candidate);
        }
    }
    if fresh.is_empty() {
        return Ok(());
    }
    write(tx, context, fresh, items).await
}

/// The day (WIB) a purchase counts in, as its first and last instant in stored form.
fn day(at: OffsetDateTime) -> (String, String) {
    let offset = UtcOffset::from_hms(DAY_OFFSET_HOURS, 0, 0).unwrap_or(UtcOffset::UTC);
    let start = at.to_offset(offset).replace_time(Time::MIDNIGHT);
    (
        timestamp::to_db(start),
        timestamp::to_db(start + Duration::days(1)),
    )
}

/// Spends the records from the ledger; proofs for those it refuses; events for both.
async fn write(
    tx: &mut Tx,
    context: &Context<'_>,
    fresh: Vec<Candidate>,
    items: &mut [Option<SyncItem>],
) -> Result<(), VoucherError> {
    let shop = &context.shop.merchant;
    let transfers: Vec<NewTransfer> = fresh.iter().map(|c| transfer(context, c)).collect();
    let event = NewEvent {
        actor: context.caller.actor.clone(),
        action: REDEMPTIONS_SYNCED,
        subject_type: "merchant",
        subject_id: shop.code.clone(),
        region: RegionCode::parse(&shop.region_code).ok(),
        changes: Changes::new()
            .set("device", context.device)
            .set("records", fresh.len()),
        request_id: context.request_id.clone(),
    };
    let written = crate::ledger::store::write(tx, &transfers, event, context.now).await?;
    let mut rows = Vec::new();
    let mut accepted = Vec::new();
    let mut events = Vec::new();
    for ((candidate, transfer), outcome) in fresh.iter().zip(&transfers).zip(&written.outcomes) {
        match outcome {
            Outcome::Created => {
                rows.push(offline_row(context, candidate, &transfer.id));
                accepted.push(candidate);
                events.push(redeemed_event(context, candidate));
            }
            Outcome::Refused(Refusal::ExceedsCredits { shortfall, .. }) => {
                let remaining = candidate.total - shortfall;
                let proof = proof_row(context, candidate, remaining);
                let id = store::insert_proof(tx, &proof, context.now).await?;
                events.push(double_spend_event(context, candidate, id, remaining));
                items[candidate.index] = Some(double_spent(
                    &candidate.checked.record.id,
                    candidate.total,
                    remaining,
                ));
            }
            Outcome::Refused(refusal) => {
                let id = Some(candidate.checked.record.id.clone());
                items[candidate.index] = Some(refused(id, refusal.code(), &refusal.to_string()));
            }
            Outcome::Exists => {
                let id = candidate.checked.record.id.clone();
                items[candidate.index] = Some(replayed(id, None, Some(candidate.total)));
            }
        }
    }
    let ids = store::insert_offline(tx, &rows).await?;
    crate::events::store::record_many(tx, events, context.now).await?;
    let accounts: Vec<i64> = accepted
        .iter()
        .map(|c| c.voucher.ledger_account_id)
        .collect();
    let balances = store::balances(tx, &accounts).await?;
    for (candidate, id) in accepted.into_iter().zip(ids) {
        items[candidate.index] = Some(SyncItem {
            id: Some(candidate.checked.record.id.clone()),
            status: "accepted".to_owned(),
            redemption: Some(id),
            amount: Some(candidate.total),
            remaining: balances.get(&candidate.voucher.ledger_account_id).copied(),
            rule: None,
            detail: None,
        });
    }
    Ok(())
}

fn transfer(context: &Context<'_>, candidate: &Candidate) -> NewTransfer {
    NewTransfer::single(
        format!(
            "redemption:offline:{}:{}",
            context.device, candidate.checked.record.id
        ),
        candidate.voucher.ledger_account_id,
        context.shop.ledger_account,
        candidate.total,
        TRANSFER_REDEMPTION,
    )
    .with_reference(format!("voucher:{}", candidate.voucher.id))
}

fn offline_row(context: &Context<'_>, candidate: &Candidate, transfer: &str) -> OfflineRow {
    OfflineRow {
        voucher: candidate.voucher.id,
        merchant: context.shop.merchant.id,
        amount: candidate.total,
        items: serde_json::to_string(&candidate.checked.record.items).unwrap_or_default(),
        transfer: transfer.to_owned(),
        client_key: client_key(context.device, &candidate.checked.record.id),
        device: context.device,
        record: candidate.signed.record.clone(),
        signature: candidate.signed.signature.clone(),
        at: timestamp::to_db(candidate.checked.at),
    }
}

fn proof_row(context: &Context<'_>, candidate: &Candidate, remaining: i64) -> ProofRow {
    ProofRow {
        voucher: candidate.voucher.id,
        merchant: context.shop.merchant.id,
        device: context.device,
        client_id: candidate.checked.record.id.clone(),
        record: candidate.signed.record.clone(),
        signature: candidate.signed.signature.clone(),
        amount: candidate.total,
        remaining,
    }
}

fn redeemed_event(context: &Context<'_>, candidate: &Candidate) -> NewEvent {
    let shop = &context.shop.merchant;
    NewEvent {
        actor: context.caller.actor.clone(),
        action: VOUCHER_REDEEMED,
        subject_type: "voucher",
        subject_id: candidate.voucher.id.to_string(),
        region: RegionCode::parse(&shop.region_code).ok(),
        changes: Changes::new()
            .set("merchant", shop.code.clone())
            .set("redeemed_rupiah", candidate.total)
            .set("items", candidate.checked.record.items.len())
            .set("device", context.device)
            .set("made_at", timestamp::to_db(candidate.checked.at)),
        request_id: context.request_id.clone(),
    }
}

fn double_spend_event(
    context: &Context<'_>,
    candidate: &Candidate,
    proof: i64,
    remaining: i64,
) -> NewEvent {
    let shop = &context.shop.merchant;
    NewEvent {
        actor: context.caller.actor.clone(),
        action: DOUBLE_SPEND,
        subject_type: "voucher",
        subject_id: candidate.voucher.id.to_string(),
        region: RegionCode::parse(&shop.region_code).ok(),
        changes: Changes::new()
            .set("merchant", shop.code.clone())
            .set("device", context.device)
            .set("proof", proof)
            .set("refused_rupiah", candidate.total)
            .set("remaining_rupiah", remaining),
        request_id: context.request_id.clone(),
    }
}
