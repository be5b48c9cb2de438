//! One group's transaction. The keys already used answer as they did, shops suspended and
//! vouchers stopped since their checks are refused, then the rest are written together:
//! each purchase's transfer applied after the ones before it (one that would overspend its
//! voucher is refused alone), one event per purchase, one statement per table. Should a
//! statement of the group fail all the same (a key taken by a request of another server),
//! the group is undone to its savepoint and written again one purchase at a time, each in
//! its own savepoint, so one failing purchase fails alone. Nothing is answered before the
//! commit; a commit that fails leaves nothing written and answers every purchase.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sqlx::Executor;
use time::OffsetDateTime;

use super::Purchase;
use super::store::{self as group_store, stopped};
use crate::db::{Db, ResultExt, StoreError, Tx};
use crate::http::idempotency::{Inline, earlier_each, record_each};
use crate::http::{AppError, FieldError};
use crate::ledger::{NewTransfer, Outcome};
use crate::vouchers::error::VoucherError;
use crate::vouchers::model::Redeemed;
use crate::vouchers::redeem::{self, Once};
use crate::vouchers::shops::ShopCache;
use crate::vouchers::store::RedemptionRow;

/// What became of one purchase of the group.
enum Done {
    /// Answered without writing: a key used before, or a refusal.
    Answered(Result<Response, AppError>),
    Redeemed(Redeemed),
    /// Its key was taken by a request racing it: the stored answer is the answer.
    Taken,
}

/// Writes `purchases` in one transaction; one answer each, in order.
pub async fn write_group(
    db: &Db,
    shops: &ShopCache,
    purchases: &[Purchase],
) -> Vec<Result<Response, AppError>> {
    let done = match group(db, shops, purchases).await {
        Ok(done) => done,
        Err(err) => {
            tracing::error!(error = %err, purchases = purchases.len(), "redemption group failed");
            return purchases.iter().map(|_| Err(failed(&err))).collect();
        }
    };
    let mut answers = Vec::with_capacity(done.len());
    for (purchase, done) in purchases.iter().zip(done) {
        answers.push(match done {
            Done::Answered(answer) => answer,
            Done::Redeemed(redeemed) => {
                Ok((StatusCode::CREATED, axum::Json(redeemed)).into_response())
            }
            Done::Taken => purchase.inline.replay(db).await,
        });
    }
    answers
}

/// The answer of every purchase of a group whose transaction failed: a conflict asks for
/// the purchase again (nothing of it was written), anything else is the server's fault.
fn failed(err: &StoreError) -> AppError {
    match err {
        StoreError::Conflict { .. } => AppError::Conflict(FieldError::new(
            "voucher",
            "retry",
            "the purchase met another write and was not made; send it again",
            "belanja bertabrakan dengan penulisan lain dan belum tercatat; kirim ulang",
        )),
        other => AppError::Internal(anyhow::anyhow!("redemption group: {other}")),
    }
}

async fn group(
    db: &Db,
    shops: &ShopCache,
    purchases: &[Purchase],
) -> Result<Vec<Done>, StoreError> {
    let now = purchases
        .iter()
        .map(|p| p.now)
        .max()
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let mut tx = db.begin_write().await?;
    let inlines: Vec<&Inline> = purchases.iter().map(|p| &p.inline).collect();
    let mut done: Vec<Option<Done>> = earlier_each(&mut tx, &inlines)
        .await?
        .into_iter()
        .map(|earlier| earlier.map(Done::Answered))
        .collect();
    refuse_stopped(&mut tx, shops, purchases, &mut done).await?;
    let fresh: Vec<usize> = (0..purchases.len())
        .filter(|i| done[*i].is_none())
        .collect();
    if !fresh.is_empty() {
        run(&mut tx, "SAVEPOINT redemptions").await?;
        let written = match together(&mut tx, purchases, &fresh, now).await {
            Ok(written) => written,
            Err(err) => {
                tracing::warn!(error = %err, "redemption group written one by one");
                run(&mut tx, "ROLLBACK TO SAVEPOINT redemptions").await?;
                one_by_one(&mut tx, purchases, &fresh, now).await?
            }
        };
        run(&mut tx, "RELEASE SAVEPOINT redemptions").await?;
        for (index, result) in fresh.into_iter().zip(written) {
            done[index] = Some(result);
        }
    }
    tx.commit().await.store()?;
    Ok(done
        .into_iter()
        .map(|d| d.unwrap_or(Done::Answered(Err(AppError::NotFound))))
        .collect())
}

/// Refuses the purchases whose shop was suspended, or whose voucher was revoked or
/// closed, since they were checked: read again here, inside the transaction that spends.
async fn refuse_stopped(
    tx: &mut Tx,
    shops: &ShopCache,
    purchases: &[Purchase],
    done: &mut [Option<Done>],
) -> Result<(), StoreError> {
    let open: Vec<&Purchase> = purchases
        .iter()
        .zip(done.iter())
        .filter(|(_, d)| d.is_none())
        .map(|(p, _)| p)
        .collect();
    let merchants: Vec<i64> = open.iter().map(|p| p.shop.merchant.id).collect();
    let vouchers: Vec<i64> = open.iter().map(|p| p.voucher.id).collect();
    let (merchants, vouchers) = stopped(tx, &merchants, &vouchers).await?;
    for (purchase, done) in purchases.iter().zip(done.iter_mut()) {
        if done.is_some() {
            continue;
        }
        let refusal = if merchants.contains(&purchase.shop.merchant.id) {
            shops.forget(purchase.shop.merchant.id);
            Some(redeem::suspended())
        } else if let Some(status) = vouchers.get(&purchase.voucher.id) {
            let mut voucher = purchase.voucher.clone();
            voucher.status.clone_from(status);
            redeem::check_voucher(&voucher, &purchase.shop.merchant, purchase.now).err()
        } else {
            None
        };
        if let Some(refusal) = refusal {
            *done = Some(Done::Answered(Err(refusal.into())));
        }
    }
    Ok(())
}

/// Writes the purchases `fresh` with one statement per table.
async fn together(
    tx: &mut Tx,
    purchases: &[Purchase],
    fresh: &[usize],
    now: OffsetDateTime,
) -> Result<Vec<Done>, StoreError> {
    let ids: Vec<String> = fresh.iter().map(|_| redeem::transfer_id()).collect();
    let transfers: Vec<[NewTransfer; 1]> = fresh
        .iter()
        .zip(&ids)
        .map(|(i, id)| [purchases[*i].spend().transfer(id.clone())])
        .collect();
    let batches: Vec<&[NewTransfer]> = transfers.iter().map(|t| &t[..]).collect();
    let events = fresh
        .iter()
        .map(|i| purchases[*i].spend().event())
        .collect();
    let turns = crate::ledger::store::write_each(tx, &batches, events, now).await?;
    let items: Vec<String> = fresh
        .iter()
        .map(|i| purchases[*i].spend().items_json())
        .collect();
    let mut rows = Vec::new();
    let mut results: Vec<Result<(usize, i64), VoucherError>> = Vec::with_capacity(fresh.len());
    for (n, (index, turn)) in fresh.iter().zip(&turns).enumerate() {
        let purchase = &purchases[*index];
        match turn.outcomes.first() {
            Some(Outcome::Created) => {
                let account = turn.accounts.get(&purchase.voucher.ledger_account_id);
                let remaining =
                    account.map_or(0, |a| a.credits_posted - a.debits_posted - a.debits_pending);
                rows.push(RedemptionRow {
                    voucher: purchase.voucher.id,
                    merchant: purchase.shop.merchant.id,
                    amount: purchase.total,
                    items: &items[n],
                    transfer: &ids[n],
                    client_key: None,
                });
                results.push(Ok((rows.len() - 1, remaining)));
            }
            Some(Outcome::Refused(refusal)) => {
                results.push(Err(redeem::overspent(refusal, &purchase.voucher)));
            }
            // A fresh random transfer id cannot exist: written one by one, it would say why.
            _ => return Err(StoreError::NotFound),
        }
    }
    let redemption_ids = group_store::insert_redemptions(tx, &rows, now).await?;
    let mut done = Vec::with_capacity(fresh.len());
    let mut answers = Vec::with_capacity(rows.len());
    for (index, result) in fresh.iter().zip(results) {
        done.push(match result {
            Ok((row, remaining)) => {
                let redeemed = Redeemed {
                    id: redemption_ids[row],
                    amount: purchases[*index].total,
                    remaining,
                };
                let body = serde_json::to_string(&redeemed).unwrap_or_default();
                answers.push((&purchases[*index].inline, StatusCode::CREATED, body));
                Done::Redeemed(redeemed)
            }
            Err(refusal) => Done::Answered(Err(refusal.into())),
        });
    }
    record_each(tx, &answers, now).await?;
    Ok(done)
}

/// Writes the purchases `fresh` one at a time, each in its own savepoint: one that fails
/// is undone alone and answers its own error.
async fn one_by_one(
    tx: &mut Tx,
    purchases: &[Purchase],
    fresh: &[usize],
    now: OffsetDateTime,
) -> Result<Vec<Done>, StoreError> {
    let mut done = Vec::with_capacity(fresh.len());
    for index in fresh {
        let purchase = &purchases[*index];
        let once = Once {
            client_key: None,
            idempotency: Some(&purchase.inline),
        };
        run(tx, "SAVEPOINT redemption").await?;
        let result = redeem::spend(tx, &purchase.spend(), once, now).await;
        if result.is_err() {
            run(tx, "ROLLBACK TO SAVEPOINT redemption").await?;
        }
        run(tx, "RELEASE SAVEPOINT redemption").await?;
        done.push(match result {
            Ok(redeemed) => Done::Redeemed(redeemed),
            Err(VoucherError::Store(StoreError::Conflict { .. })) => Done::Taken,
            Err(err) => Done::Answered(Err(err.into())),
        });
    }
    Ok(done)
}

/// Runs a fixed statement (a savepoint's) without preparing it.
async fn run(tx: &mut Tx, sql: &'static str) -> Result<(), StoreError> {
    (&mut **tx).execute(sql).await.store()?;
    Ok(())
}
