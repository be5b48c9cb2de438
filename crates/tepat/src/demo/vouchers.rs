//! Vouchers in the demo: two e-warong in Klender registered by the district office (one
//! selling every Sembako category, one rice and eggs only), the Sembako cycle of January
//! computed, approved and paid as vouchers, and purchases at both shops — by typed code
//! and by QR text — so the shop, the cards and the family's status page have data — and
//! purchases recorded offline, one of them a double spend, and the shops paid for them.

use time::{Duration, OffsetDateTime};

use super::enrolment::principal;
use crate::db::Db;
use crate::disbursement::service::{self as cycles, CycleInput};
use crate::merchants::model::{MerchantGoods, NewMerchant};
use crate::vouchers::keys::KeyRing;
use crate::vouchers::model::{Item, NewRedemption};

/// (shop code, name, owner, categories)
const SHOPS: [(&str, &str, &str, &[&str]); 2] = [
    (
        "warong.klender",
        "E-Warong Berkah Klender",
        "Ibu Sri Wahyuni",
        &["beras", "buah", "lauk", "sayur", "telur"],
    ),
    (
        "warong.sejahtera",
        "E-Warong Sejahtera Klender",
        "Bapak Ahmad Fauzi",
        &["beras", "telur"],
    ),
];

fn shop(code: &str, name: &str, owner: &str, categories: &[&str], index: usize) -> NewMerchant {
    NewMerchant {
        code: code.to_owned(),
        name: name.to_owned(),
        owner_name: owner.to_owned(),
        region: "31.75.07.1003".to_owned(),
        latitude: Some(-6.2213 - 0.002 * index as f64),
        longitude: Some(106.9005 + 0.003 * index as f64),
        bank_bic: "BDKIIDJA".to_owned(),
        account_number: format!("{:010}", 7_700_000_000_u64 + index as u64),
        account: Some(code.to_owned()),
        goods: vec![MerchantGoods {
            programme: "SEMBAKO".to_owned(),
            categories: categories.iter().map(|c| (*c).to_owned()).collect(),
        }],
    }
}

fn basket(lines: &[(&str, &str, i64, i64)]) -> Vec<Item> {
    lines
        .iter()
        .map(|(category, description, quantity, amount)| Item {
            category: (*category).to_owned(),
            description: (*description).to_owned(),
            quantity: *quantity,
            amount: *amount,
        })
        .collect()
}

pub async fn seed(
    db: &Db,
    keys: &KeyRing,
    allocation: i64,
    now: OffsetDateTime,
) -> anyhow::Result<()> {
    let district = principal(db, "dinsos.jaktim").await?;
    let province = principal(db, "dinsos.dki").await?;
    let at = now - Duration::days(3);
    for (index, (code, name, owner, categories)) in SHOPS.iter().enumerate() {
        let new = shop(code, name, owner, categories, index);
        crate::merchants::service::register(db, &district, new, None, at)
            .await
            .map_err(|e| anyhow::anyhow!("demo shop {code}: {e}"))?;
    }
    let input = CycleInput {
        allocation_id: allocation,
        name: "Sembako 2027 Januari".to_owned(),
        months: 1,
    };
    let cycle = cycles::create(db, &district, &input, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo Sembako January: {e}"))?;
    cycles::compute(db, &district, cycle.id, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo Sembako January computation: {e}"))?;
    cycles::approve(db, &province, cycle.id, None, at + Duration::hours(2))
        .await
        .map_err(|e| anyhow::anyhow!("demo Sembako January approval: {e}"))?;
    let later = at + Duration::hours(3);
    crate::vouchers::issue::issue(db, keys, &district, cycle.id, "31.75", None, later)
        .await
        .map_err(|e| anyhow::anyhow!("demo vouchers: {e}"))?;
    purchases(db, keys, cycle.id, now - Duration::days(1)).await?;
    super::offline::seed(db, keys, cycle.id, now).await?;
    // The district office pays the shops for what they took so far.
    crate::merchants::settlement::settle(db, &district, "31.75", None, now - Duration::hours(1))
        .await
        .map_err(|e| anyhow::anyhow!("demo settlement: {e}"))?;
    Ok(())
}

/// Purchases at both shops with the cycle's first voucher: rice and eggs at one by its
/// typed code, rice at the other by its QR text; about a third is left to spend.
async fn purchases(db: &Db, keys: &KeyRing, cycle: i64, at: OffsetDateTime) -> anyhow::Result<()> {
    let first: Option<(String, String, i64)> = sqlx::query_as(
        "SELECT code, payload, amount FROM vouchers WHERE cycle_id = $1 ORDER BY id LIMIT 1",
    )
    .bind(cycle)
    .fetch_optional(&db.pool)
    .await?;
    let Some((code, payload, amount)) = first else {
        return Ok(());
    };
    let klender = principal(db, "warong.klender").await?;
    let sejahtera = principal(db, "warong.sejahtera").await?;
    let rice = amount * 3 / 10;
    let purchases = [
        (
            &klender,
            code,
            basket(&[
                ("beras", "Beras medium 10 kg", 1, rice),
                ("telur", "Telur ayam 1 kg", 1, amount / 10),
            ]),
        ),
        (
            &sejahtera,
            payload,
            basket(&[("beras", "Beras premium 5 kg", 1, amount / 4)]),
        ),
    ];
    for (index, (shop, voucher, items)) in purchases.into_iter().enumerate() {
        let input = NewRedemption { voucher, items };
        let when = at + Duration::minutes(37 * index as i64);
        crate::vouchers::redeem::redeem(db, keys, shop, input, Default::default(), None, when)
            .await
            .map_err(|e| anyhow::anyhow!("demo purchase {index}: {e}"))?;
    }
    Ok(())
}
