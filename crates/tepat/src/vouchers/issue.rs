//! Issuing vouchers: every computed entitlement of an approved cycle of a programme spent
//! at merchants, in a region, becomes a voucher — a balance in the ledger moved from the
//! cycle's envelope by one transfer each, all committed with one event — with a signed
//! payload for its QR code and a short code to type. Issuing again issues only what is
//! left.

use sqlx::Row;
use time::{Duration, OffsetDateTime};

use super::error::VoucherError;
use super::keys::KeyRing;
use super::model::{Issued, TRANSFER_VOUCHER};
use super::payload::{Payload, commitment};
use super::store::{self, NewVoucher};
use crate::auth::{Permission, Principal};
use crate::db::{Db, ResultExt, Tx};
use crate::disbursement::model::{APPROVED, Cycle, DISBURSED, RECONCILED, envelope_account_code};
use crate::events::{Action, Changes, NewEvent};
use crate::ledger::store as ledger;
use crate::ledger::{AccountKind, Limit, NewAccount, NewTransfer};
use crate::region_code::RegionCode;

pub const VOUCHERS_ISSUED: Action = Action("vouchers.issued");

/// The channel of programmes spent at merchants.
pub const CHANNEL: &str = "e_voucher";

/// Days a voucher may be spent per month of benefit it carries.
const VALID_DAYS_PER_MONTH: i64 = 30;

/// The ledger account of one voucher's balance.
pub fn account_code(entitlement: i64) -> String {
    format!("recipient:{CHANNEL}:entitlement:{entitlement}")
}

/// Issues the vouchers of a cycle's computed entitlements in `region`.
pub async fn issue(
    db: &Db,
    keys: &KeyRing,
    caller: &Principal,
    cycle: i64,
    region: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Issued, VoucherError> {
    caller.allows(Permission::ManageCycles, true)?;
    let signer = keys.signer()?.clone();
    let cycle = crate::disbursement::service::find(db, caller, cycle)
        .await
        .map_err(|_| VoucherError::NotFound)?;
    let region = checked_region(caller, &cycle, region)?;
    check_programme(db, &cycle).await?;
    let categories = crate::merchants::store::categories(db, &cycle.programme).await?;
    let valid_until = (now + Duration::days(VALID_DAYS_PER_MONTH * cycle.months)).date();
    let mut tx = db.begin_bulk().await?;
    let lines = computed(&mut tx, cycle.id, region.as_str()).await?;
    if lines.is_empty() {
        return Err(VoucherError::conflict(
            "region",
            "nothing_to_issue",
            "every entitlement of this region already has its voucher or payment",
            "semua hak penerima di wilayah ini sudah punya voucher atau pembayaran",
        ));
    }
    let ids = open_balances(&mut tx, &cycle, &lines, now).await?;
    let date = valid_until.to_string();
    let signed = Signed {
        signer: &signer,
        cycle: &cycle,
        categories: &categories,
        valid_until,
    };
    let batch = write_vouchers(&mut tx, &signed, &lines, &ids, now).await?;
    let total: i64 = lines.iter().map(|l| l.2).sum();
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: VOUCHERS_ISSUED,
        subject_type: "cycle",
        subject_id: cycle.id.to_string(),
        region: Some(region.clone()),
        changes: Changes::new()
            .set("vouchers", lines.len())
            .set("voucher_rupiah", total)
            .set("valid_until", date.clone()),
        request_id,
    };
    let written = ledger::write(&mut tx, &batch, event, now).await?;
    if let Some((_, _, refusal)) = written.first_refusal(&batch) {
        return Err(VoucherError::conflict(
            "envelope",
            "ledger",
            &refusal.to_string(),
            "ditolak buku besar: amplop tahap tidak mencukupi",
        ));
    }
    finish(&mut tx, &cycle, region.as_str()).await?;
    crate::notifications::hooks::vouchers_issued(&mut tx, cycle.id, region.as_str(), now).await?;
    tx.commit().await.store()?;
    Ok(Issued {
        cycle: cycle.id,
        region: region.as_str().to_owned(),
        count: lines.len() as i64,
        amount: total,
    })
}

fn checked_region(
    caller: &Principal,
    cycle: &Cycle,
    region: &str,
) -> Result<RegionCode, VoucherError> {
    RegionCode::parse(region)
        .ok()
        .filter(|r| caller.covers(r) && r.as_str().starts_with(&cycle.region_code))
        .ok_or_else(|| {
            VoucherError::invalid(
                "region",
                "in_scope",
                "must be a region of the cycle within your own",
                "harus wilayah tahap ini di dalam wilayah Anda",
            )
        })
}

async fn check_programme(db: &Db, cycle: &Cycle) -> Result<(), VoucherError> {
    let programme = crate::programmes::store::find(db, &cycle.programme).await?;
    if programme.is_none_or(|p| p.channel != CHANNEL) {
        return Err(VoucherError::conflict(
            "cycle",
            "voucher_programme",
            "this programme is not spent at merchants; pay it by payroll",
            "program ini tidak dibelanjakan di e-warong; bayarkan lewat daftar bayar",
        ));
    }
    if ![APPROVED, DISBURSED, RECONCILED].contains(&cycle.status.as_str()) {
        return Err(VoucherError::conflict(
            "status",
            "approved",
            "vouchers are issued for an approved cycle",
            "voucher diterbitkan untuk tahap yang sudah disetujui",
        ));
    }
    Ok(())
}

/// The computed entitlements of a region not yet in any payroll or voucher: (entitlement,
/// household, amount, region).
async fn computed(
    tx: &mut Tx,
    cycle: i64,
    region: &str,
) -> Result<Vec<(i64, i64, i64, String)>, VoucherError> {
    let rows = sqlx::query(
        "SELECT id, household_id, amount, region_code FROM entitlements \
         WHERE cycle_id = $1 AND status = 'computed' AND region_code LIKE $2 ORDER BY id",
    )
    .bind(cycle)
    .bind(format!("{region}%"))
    .fetch_all(&mut **tx)
    .await
    .store()?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get(0).store()?,
                row.try_get(1).store()?,
                row.try_get(2).store()?,
                row.try_get(3).store()?,
            ))
        })
        .collect()
}

/// Marks the region's entitlements paid into their vouchers; the cycle is disbursed, and
/// reconciled once every entitlement has its voucher.
async fn finish(tx: &mut Tx, cycle: &Cycle, region: &str) -> Result<(), VoucherError> {
    sqlx::query(
        "UPDATE entitlements SET status = 'paid' WHERE cycle_id = $1 AND status = 'computed' \
         AND region_code LIKE $2",
    )
    .bind(cycle.id)
    .bind(format!("{region}%"))
    .execute(&mut **tx)
    .await
    .store()?;
    let bank = crate::disbursement::bank::store::set_cycle_status;
    bank(tx, cycle.id, &[APPROVED], DISBURSED).await?;
    let left: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM entitlements WHERE cycle_id = $1 AND status IN ('computed', 'reserved')",
    )
    .bind(cycle.id)
    .fetch_one(&mut **tx)
    .await
    .store()?;
    if left == 0 {
        bank(tx, cycle.id, &[DISBURSED], RECONCILED).await?;
    }
    Ok(())
}

/// What every voucher of one issue shares.
struct Signed<'a> {
    signer: &'a ed25519_dalek::SigningKey,
    cycle: &'a Cycle,
    categories: &'a [String],
    valid_until: time::Date,
}

/// Writes one voucher per line with its signed payload; the transfers that fund them.
async fn write_vouchers(
    tx: &mut Tx,
    signed: &Signed<'_>,
    lines: &[(i64, i64, i64, String)],
    accounts: &[i64],
    now: OffsetDateTime,
) -> Result<Vec<NewTransfer>, VoucherError> {
    let (cycle, categories) = (signed.cycle, signed.categories);
    let date = signed.valid_until.to_string();
    let joined = categories.join(",");
    let envelope = ledger::load::ids_by_code(tx, &[envelope_account_code(cycle.id)])
        .await?
        .into_values()
        .next()
        .ok_or(VoucherError::NotFound)?;
    let mut batch = Vec::with_capacity(lines.len());
    for ((entitlement, household, amount, line_region), account) in lines.iter().zip(accounts) {
        let salt = hex::encode(rand::random::<[u8; 16]>());
        let code = super::code::generate();
        let committed = commitment(&salt, *household);
        let new = NewVoucher {
            code: &code,
            entitlement: *entitlement,
            cycle: cycle.id,
            programme: &cycle.programme,
            household: *household,
            region: line_region,
            amount: *amount,
            categories: &joined,
            valid_until: &date,
            salt: &salt,
            commitment: &committed,
            ledger_account: *account,
        };
        let id = store::insert(tx, &new, now).await?;
        let payload = Payload {
            voucher: id,
            programme: cycle.programme.clone(),
            cycle: cycle.id,
            amount: *amount,
            categories: categories.to_vec(),
            valid_until: signed.valid_until,
            commitment: committed,
        };
        store::set_payload(tx, id, &payload.sign(signed.signer)).await?;
        batch.push(
            NewTransfer::single(
                format!("cycle:{}:entitlement:{entitlement}:voucher", cycle.id),
                envelope,
                *account,
                *amount,
                TRANSFER_VOUCHER,
            )
            .with_reference(format!("voucher:{id}")),
        );
    }
    Ok(batch)
}

/// Opens each voucher's balance account; their ids, in order.
async fn open_balances(
    tx: &mut Tx,
    cycle: &Cycle,
    lines: &[(i64, i64, i64, String)],
    now: OffsetDateTime,
) -> Result<Vec<i64>, VoucherError> {
    let accounts: Vec<NewAccount> = lines
        .iter()
        .map(|(entitlement, household, _, line_region)| NewAccount {
            code: account_code(*entitlement),
            kind: AccountKind::Recipient,
            name: format!("Voucher keluarga {household}"),
            region: Some(line_region.clone()),
            programme: Some(cycle.programme.clone()),
            limit: Limit::DebitsWithinCredits,
        })
        .collect();
    Ok(ledger::open_accounts_bulk(tx, &accounts, now).await?)
}
