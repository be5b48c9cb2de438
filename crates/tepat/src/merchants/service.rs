//! Registering merchants (a district officer, in the officer's region), suspending them
//! with a reason, and who sees which: officials their region, a merchant its own shop.

use time::OffsetDateTime;

use super::model::{ACTIVE, Merchant, NewMerchant, SUSPENDED};
use super::store::{self, Stored};
use crate::auth::{Permission, Principal, Role};
use crate::db::{Db, ResultExt, StoreError};
use crate::events::{Action, Changes, NewEvent};
use crate::ledger::{AccountKind, Limit, NewAccount};
use crate::vouchers::error::VoucherError;

pub const MERCHANT_REGISTERED: Action = Action("merchant.registered");
pub const MERCHANT_SUSPENDED: Action = Action("merchant.suspended");

/// The ledger account a merchant is paid into.
pub fn ledger_code(code: &str) -> String {
    format!("merchant:{code}")
}

/// Registers a merchant with what it may sell; the registered merchant.
pub async fn register(
    db: &Db,
    caller: &Principal,
    new: NewMerchant,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Merchant, VoucherError> {
    caller.allows(Permission::ManageMerchants, true)?;
    let (new, region) = new.checked()?;
    if !caller.covers(&region) || crate::regions::store::find(db, &region).await?.is_none() {
        return Err(VoucherError::invalid(
            "region",
            "in_scope",
            "names no village in your region",
            "tidak menunjuk desa/kelurahan di wilayah Anda",
        ));
    }
    check_goods(db, &new).await?;
    let account = sign_in_account(db, new.account.as_deref()).await?;
    let mut tx = db.begin_write().await?;
    let ledger_account = crate::ledger::store::open_accounts(
        &mut tx,
        &[NewAccount {
            code: ledger_code(&new.code),
            kind: AccountKind::Merchant,
            name: new.name.clone(),
            region: Some(new.region.clone()),
            programme: None,
            limit: Limit::DebitsWithinCredits,
        }],
        now,
    )
    .await?[0];
    let id = match store::insert(&mut tx, &new, account, ledger_account, now).await {
        Err(StoreError::Conflict { constraint }) => return Err(taken(&constraint)),
        other => other?,
    };
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: MERCHANT_REGISTERED,
        subject_type: "merchant",
        subject_id: id.to_string(),
        region: Some(region),
        changes: Changes::new()
            .set("code", new.code.clone())
            .set("name", new.name.clone())
            .set("bank_bic", new.bank_bic.clone())
            .set(
                "goods",
                serde_json::to_value(&new.goods).unwrap_or_default(),
            ),
        request_id,
    };
    crate::events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    Ok(store::by_id(db, id)
        .await?
        .ok_or(VoucherError::NotFound)?
        .merchant)
}

fn taken(constraint: &str) -> VoucherError {
    if constraint.contains("account") {
        VoucherError::conflict(
            "account",
            "taken",
            "this account already belongs to another shop",
            "akun ini sudah milik toko lain",
        )
    } else {
        VoucherError::conflict(
            "code",
            "taken",
            "another merchant has this code",
            "kode ini sudah dipakai pedagang lain",
        )
    }
}

/// Every programme is spent at merchants and every category is one of its own.
async fn check_goods(db: &Db, new: &NewMerchant) -> Result<(), VoucherError> {
    for goods in &new.goods {
        let known = store::categories(db, &goods.programme).await?;
        if known.is_empty() {
            return Err(VoucherError::invalid(
                "goods",
                "programme",
                &format!("{} is not a programme spent at merchants", goods.programme),
                &format!(
                    "{} bukan program yang dibelanjakan di pedagang",
                    goods.programme
                ),
            ));
        }
        if let Some(unknown) = goods.categories.iter().find(|c| !known.contains(c)) {
            return Err(VoucherError::invalid(
                "goods",
                "category",
                &format!("{unknown} is not a goods category of {}", goods.programme),
                &format!("{unknown} bukan kategori barang {}", goods.programme),
            ));
        }
    }
    Ok(())
}

/// The id of the shop's sign-in account, which must have the merchant role.
async fn sign_in_account(db: &Db, username: Option<&str>) -> Result<Option<i64>, VoucherError> {
    let Some(username) = username else {
        return Ok(None);
    };
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT id, role FROM accounts WHERE username = $1")
            .bind(username.to_owned())
            .fetch_optional(&db.pool)
            .await
            .store()?;
    match row {
        Some((id, role)) if role == Role::Merchant.as_str() => Ok(Some(id)),
        _ => Err(VoucherError::invalid(
            "account",
            "merchant_account",
            "names no account with the merchant role",
            "tidak menunjuk akun dengan peran pedagang",
        )),
    }
}

/// A merchant the caller may see: in an official's region, or the merchant's own shop.
pub async fn find(db: &Db, caller: &Principal, id: i64) -> Result<Stored, VoucherError> {
    let stored = store::by_id(db, id).await?.ok_or(VoucherError::NotFound)?;
    let own = caller.role == Role::Merchant && stored.account == caller.actor.id;
    if own || (caller.role != Role::Merchant && caller.covers_code(&stored.merchant.region_code)) {
        Ok(stored)
    } else {
        Err(VoucherError::NotFound)
    }
}

/// The merchants the caller may see.
pub async fn list(db: &Db, caller: &Principal) -> Result<Vec<Merchant>, VoucherError> {
    if caller.role == Role::Merchant {
        caller.allows(Permission::RedeemVouchers, false)?;
        let own = match caller.actor.id {
            Some(account) => store::by_account(db, account).await?,
            None => None,
        };
        return Ok(own.map(|s| s.merchant).into_iter().collect());
    }
    caller.allows(Permission::ReadMerchants, false)?;
    let prefix = caller.region.as_ref().map(|r| r.as_str().to_owned());
    Ok(store::list(db, prefix.as_deref().unwrap_or("")).await?)
}

/// Suspends an active merchant, with the reason, in the log.
pub async fn suspend(
    db: &Db,
    caller: &Principal,
    id: i64,
    reason: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Merchant, VoucherError> {
    caller.allows(Permission::ManageMerchants, true)?;
    let reason = crate::vouchers::error::reason(reason)?;
    let stored = find(db, caller, id).await?;
    let mut tx = db.begin_write().await?;
    if !store::set_status(&mut tx, id, ACTIVE, SUSPENDED, Some(&reason)).await? {
        return Err(VoucherError::conflict(
            "status",
            "active",
            "only an active merchant can be suspended",
            "hanya pedagang aktif yang bisa dibekukan",
        ));
    }
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: MERCHANT_SUSPENDED,
        subject_type: "merchant",
        subject_id: id.to_string(),
        region: crate::region_code::RegionCode::parse(&stored.merchant.region_code).ok(),
        changes: Changes::new()
            .change("status", ACTIVE, SUSPENDED)
            .set("reason", reason),
        request_id,
    };
    crate::events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    Ok(store::by_id(db, id)
        .await?
        .ok_or(VoucherError::NotFound)?
        .merchant)
}
