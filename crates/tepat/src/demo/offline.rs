//! Offline spending in the demo: the Klender e-warong's phone registers its key and syncs
//! two purchases of one voucher it recorded without a connection — the first paid, the
//! second more than the voucher still held once the family had spent most of it at the
//! other shop meanwhile: a double spend, its signed proof waiting for the district office.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signer, SigningKey};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use super::enrolment::principal;
use crate::db::Db;
use crate::vouchers::keys::KeyRing;
use crate::vouchers::model::{Item, NewRedemption};
use crate::vouchers::offline::model::{NewDevice, Record, Signed, SyncBatch};
use crate::vouchers::offline::{devices, sync};

fn rice(description: &str, amount: i64) -> Vec<Item> {
    vec![Item {
        category: "beras".to_owned(),
        description: description.to_owned(),
        quantity: 1,
        amount,
    }]
}

fn signed(key: &SigningKey, record: &Record) -> anyhow::Result<Signed> {
    let text = serde_json::to_string(record)?;
    let signature = URL_SAFE_NO_PAD.encode(key.sign(text.as_bytes()).to_bytes());
    Ok(Signed {
        record: text,
        signature,
    })
}

/// The cycle's first voucher: (payload, code, amount).
async fn voucher(db: &Db, cycle: i64) -> anyhow::Result<Option<(String, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT payload, code, amount FROM vouchers WHERE cycle_id = $1 ORDER BY id LIMIT 1",
    )
    .bind(cycle)
    .fetch_optional(&db.pool)
    .await?)
}

pub async fn seed(db: &Db, keys: &KeyRing, cycle: i64, now: OffsetDateTime) -> anyhow::Result<()> {
    let Some((payload, code, amount)) = voucher(db, cycle).await? else {
        return Ok(());
    };
    let klender = principal(db, "warong.klender").await?;
    let sejahtera = principal(db, "warong.sejahtera").await?;
    let key = SigningKey::from_bytes(&rand::random::<[u8; 32]>());
    let public_key = URL_SAFE_NO_PAD.encode(key.verifying_key().to_bytes());
    let label = "Ponsel kasir".to_owned();
    let device = devices::register(
        db,
        &klender,
        NewDevice { public_key, label },
        None,
        now - Duration::days(2),
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo device: {e}"))?;
    let offline_at = now - Duration::hours(20);
    // While Klender has no signal, the family spends at the other shop all but a quarter
    // of the voucher; Klender's phone then records a tenth (paid at the sync) and a fifth
    // (more than is left: the double spend), which leaves three twentieths to spend.
    let left = crate::vouchers::redeem::find(db, keys, &code)
        .await
        .map_err(|e| anyhow::anyhow!("demo voucher: {e}"))?
        .remaining;
    let online = NewRedemption {
        voucher: code,
        items: rice("Beras premium 5 kg", left - amount / 4),
    };
    crate::vouchers::redeem::redeem(
        db,
        keys,
        &sejahtera,
        online,
        Default::default(),
        None,
        offline_at + Duration::minutes(30),
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo online purchase: {e}"))?;
    let records = [
        ("demo-offline-0001", amount / 10, offline_at),
        (
            "demo-offline-0002",
            amount / 5,
            offline_at + Duration::minutes(45),
        ),
    ];
    let mut redemptions = Vec::new();
    for (id, spent, at) in records {
        let record = Record {
            id: id.to_owned(),
            device: device.id,
            voucher: payload.clone(),
            items: rice("Beras medium 5 kg", spent),
            at: at.format(&Rfc3339)?,
        };
        redemptions.push(signed(&key, &record)?);
    }
    let batch = SyncBatch {
        device: device.id,
        redemptions,
    };
    let synced = sync::sync(db, keys, &klender, batch, None, now - Duration::hours(2))
        .await
        .map_err(|e| anyhow::anyhow!("demo sync: {e}"))?;
    anyhow::ensure!(
        synced.accepted == 1 && synced.double_spends == 1,
        "demo sync: {synced:?}"
    );
    Ok(())
}
