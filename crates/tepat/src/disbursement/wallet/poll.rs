//! Asking the e-wallet provider about batches it left pending. A provider may answer a
//! batch with `pending` for some payments and settle them later; it may push the outcome
//! (`POST /api/v1/wallet-status`), and the server also asks by itself every
//! `TEPAT_EWALLET_POLL_MINUTES` (`GET {url}/batches/{id}`), settling what changed exactly
//! like any other answer — the same answer twice changes nothing.

use std::sync::Arc;
use std::time::Duration;

use sqlx::Row;
use time::OffsetDateTime;

use super::{Provider, batch_id, to_answer, waiting};
use crate::auth::Principal;
use crate::clock::Clock;
use crate::db::{Db, ResultExt};
use crate::disbursement::bank::reconcile;
use crate::disbursement::error::CycleError;
use crate::disbursement::payroll;

/// Batches already sent whose payments are not all settled: (payroll, wallet provider).
async fn unsettled(db: &Db) -> Result<Vec<(i64, String)>, CycleError> {
    let rows = sqlx::query(
        "SELECT DISTINCT p.payroll_id, p.provider FROM payments p \
         JOIN payrolls r ON r.id = p.payroll_id \
         WHERE r.channel = 'e_wallet' AND r.status = 'approved' AND p.status = 'reserved' \
         AND EXISTS (SELECT 1 FROM payment_status_files f WHERE f.payroll_id = p.payroll_id \
                     AND f.original_message_id = \
                         'TEPAT-' || CAST(p.payroll_id AS TEXT) || '-' || p.provider) \
         ORDER BY p.payroll_id, p.provider",
    )
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|row| Ok((row.try_get(0).store()?, row.try_get(1).store()?)))
        .collect()
}

/// Asks the provider once about every batch with payments still pending and settles its
/// answers; how many payments were settled. A provider that cannot be reached is
/// reported and asked again next time.
pub async fn poll_once(
    db: &Db,
    provider: &Provider,
    now: OffsetDateTime,
) -> Result<i64, CycleError> {
    // Who settles what the provider answers when nobody asked.
    let settler = Principal::system("tepat (penanya dompet digital)");
    let mut settled = 0;
    for (id, wallet_provider) in unsettled(db).await? {
        let Some(payroll) = payroll::store::payroll(db, id).await? else {
            continue;
        };
        let batch = batch_id(id, &wallet_provider);
        let answer = match provider {
            Provider::Http(http) => http.poll(&batch).await,
            Provider::Simulated(simulated) => {
                let payments = waiting(db, &payroll).await?;
                let (_, payments) = payments
                    .into_iter()
                    .find(|(p, _)| *p == wallet_provider)
                    .unwrap_or_default();
                Ok(simulated.send(&batch, &payments))
            }
        };
        let answer = match answer {
            Ok(answer) => answer,
            Err(err) => {
                tracing::warn!(batch, error = %err, "e-wallet provider not reached");
                continue;
            }
        };
        let answer = to_answer(&batch, &wallet_provider, &answer);
        let imported = reconcile::settle_answer(db, &settler, &payroll, answer, None, now).await?;
        if !imported.already_imported {
            settled += imported.file.paid + imported.file.rejected;
        }
    }
    Ok(settled)
}

/// Asks every `minutes` (none when 0), with the provider configured at that time.
pub fn start(db: Db, clock: Arc<dyn Clock>, minutes: u32) -> Option<tokio::task::JoinHandle<()>> {
    if minutes == 0 {
        return None;
    }
    let every = Duration::from_secs(u64::from(minutes) * 60);
    Some(tokio::spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            let provider = match Provider::from_env() {
                Ok(provider) => provider,
                Err(err) => {
                    tracing::warn!(error = %err, "e-wallet provider misconfigured");
                    continue;
                }
            };
            match poll_once(&db, &provider, clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(settled = n, "e-wallet payments settled by polling"),
                Err(err) => tracing::warn!(error = %err, "e-wallet polling failed"),
            }
        }
    }))
}
