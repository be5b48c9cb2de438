//! The goods of the demo's flood relief: a supplier in Jakarta Timur, rice, blankets and
//! water for each household bought with the Bencana cycle's envelope, received in two
//! delivery notes with photos, and the count at closing one blanket short.

use std::collections::BTreeMap;

use time::{Duration, OffsetDateTime};

use super::enrolment::principal;
use crate::db::Db;
use crate::distribution::stock::model::{NewGoods, NewItem, NewSupplier};
use crate::distribution::stock::receive::{self, DeliveryInput};
use crate::distribution::stock::service::{self, PurchaseInput};

/// (code, name, unit, price) of what each household receives, one of each.
const GOODS: [(&str, &str, &str, i64); 3] = [
    ("beras", "Beras", "karung 10 kg", 150_000),
    ("selimut", "Selimut", "lembar", 85_000),
    ("air", "Air mineral", "dus 24 botol", 45_000),
];

/// Buys and receives a share of each item for each of `households` of hand-out `event`.
pub async fn bought(
    db: &Db,
    (event, cycle, households): (i64, i64, i64),
    at: OffsetDateTime,
) -> anyhow::Result<()> {
    let district = principal(db, "dinsos.jaktim").await?;
    let operator = principal(db, "op.klender").await?;
    let supplier = NewSupplier {
        name: "CV Sumber Rejeki".to_owned(),
        owner: "Hendra Wijaya".to_owned(),
        phone: "+6281298765432".to_owned(),
        region: "31.75".to_owned(),
        bank_bic: "BRINIDJA".to_owned(),
        account_number: "0987654321".to_owned(),
        account_name: "CV Sumber Rejeki".to_owned(),
    };
    let supplier = service::register_supplier(db, &district, supplier, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo supplier: {e}"))?;
    let items = GOODS
        .iter()
        .map(|(item, name, unit, price)| NewItem {
            item: (*item).to_owned(),
            name: (*name).to_owned(),
            unit: (*unit).to_owned(),
            per_household: 1,
            unit_price: *price,
        })
        .collect();
    service::set_goods(db, &district, event, NewGoods { items }, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo goods: {e}"))?;
    let received = at + Duration::days(1);
    for (n, (item, ..)) in GOODS.iter().enumerate() {
        let input = PurchaseInput {
            supplier: supplier.id,
            cycle,
            item: (*item).to_owned(),
            quantity: households,
        };
        let purchase = service::purchase(db, &district, event, &input, None, at)
            .await
            .map_err(|e| anyhow::anyhow!("demo purchase {item}: {e}"))?;
        let note = DeliveryInput {
            note_number: format!("SJ-SR/2027/{:03}", n + 101),
            quantity: households,
        };
        receive::deliver(
            db,
            &operator,
            purchase.id,
            (&note, super::donations::PHOTO),
            None,
            received,
        )
        .await
        .map_err(|e| anyhow::anyhow!("demo delivery {item}: {e}"))?;
    }
    Ok(())
}

/// What is counted at closing after two households took their share: one blanket short.
pub fn counted(households: i64) -> BTreeMap<String, i64> {
    let left = (households - 2).max(0);
    GOODS
        .iter()
        .map(|(item, ..)| {
            let count = if *item == "selimut" {
                (left - 1).max(0)
            } else {
                left
            };
            ((*item).to_owned(), count)
        })
        .collect()
}
