//! At and after the hand-out: each household checked in takes its goods out of the stock,
//! what is left is counted at closing and any shortfall becomes a flag the district officer
//! decides, and the stock is read with its balance in units and in rupiah.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::model::{DISMISSED, HANDED_OUT, ItemStock, RECEIVED, SHORT, UPHELD, value};
use super::moves::{self, Delivery, Shortfall};
use super::service::stock_account;
use super::store::{self, Goods, Purchase};
use crate::auth::{Permission, Principal};
use crate::db::{Db, ResultExt, Tx};
use crate::distribution::error::DistributionError;
use crate::distribution::model::INVITED;
use crate::distribution::service::{created_by, event_in_scope, record};
use crate::distribution::store::Event;
use crate::events::{Action, Changes, NewEvent};
use crate::ledger::{AccountKind, Limit, NewAccount, NewTransfer};
use crate::region_code::RegionCode;

pub const SHORTFALL_DECIDED: Action = Action("distribution.shortfall_decided");

pub const TRANSFER_HANDOUT: &str = "goods_handout";
pub const TRANSFER_SHORT: &str = "goods_short";

fn handed_account(event: &Event) -> NewAccount {
    NewAccount {
        code: format!("goods:distribution:{}", event.id),
        kind: AccountKind::Recipient,
        name: format!("Barang diterima keluarga {}", event.name),
        region: Some(event.region.clone()),
        programme: Some(event.programme.clone()),
        limit: Limit::None,
    }
}

fn loss_account(event: &Event) -> NewAccount {
    NewAccount {
        code: format!("loss:distribution:{}", event.id),
        kind: AccountKind::Loss,
        name: format!("Barang hilang {}", event.name),
        region: Some(event.region.clone()),
        programme: Some(event.programme.clone()),
        limit: Limit::None,
    }
}

/// Units left per goods line: what came in less what went out.
fn left_by_goods(totals: &[(i64, String, i64)]) -> HashMap<i64, i64> {
    let mut left = HashMap::new();
    for (goods, _, units) in totals {
        *left.entry(*goods).or_insert(0) += units;
    }
    left
}

/// Takes a checked-in household's goods out of hand-out `event`'s stock, inside the
/// caller's transaction: the movements written, the ledger transfer to write with the
/// check-in's event (none when the hand-out has no goods list). Refused, naming the item,
/// when the stock does not hold a household's share.
pub async fn hand_out(
    tx: &mut Tx,
    event: &Event,
    invitation: i64,
    now: OffsetDateTime,
) -> Result<Vec<NewTransfer>, DistributionError> {
    let goods = store::goods_in(tx, event.id).await?;
    if goods.is_empty() {
        return Ok(Vec::new());
    }
    let left = left_by_goods(&moves::totals_in(tx, event.id).await?);
    let reference = format!("invitation:{invitation}");
    let mut total = 0;
    for line in &goods {
        let have = left.get(&line.id).copied().unwrap_or(0);
        if have < line.per_household {
            return Err(out_of_stock(line, have));
        }
        let units = line.per_household;
        moves::insert_move(tx, (event.id, line.id), HANDED_OUT, -units, &reference, now).await?;
        total += value(units, line.unit_price)?;
    }
    let ids = crate::ledger::store::open_accounts(
        tx,
        &[stock_account(event), handed_account(event)],
        now,
    )
    .await?;
    let mut transfer = NewTransfer::single(
        format!("distribution:{reference}:goods"),
        ids[0],
        ids[1],
        total,
        TRANSFER_HANDOUT,
    );
    transfer.reference = Some(format!("distribution_invitation:{invitation}"));
    Ok(vec![transfer])
}

/// Records `trail` with the goods' ledger transfers, or alone when there are none.
pub async fn record_with(
    tx: &mut Tx,
    batch: &[NewTransfer],
    trail: NewEvent,
    now: OffsetDateTime,
) -> Result<(), DistributionError> {
    if batch.is_empty() {
        crate::events::store::record(tx, trail, now).await?;
        return Ok(());
    }
    let written = crate::ledger::store::write(tx, batch, trail, now).await?;
    if let Some((_, _, refusal)) = written.first_refusal(batch) {
        return Err(DistributionError::conflict(
            "stock",
            "ledger",
            &refusal.to_string(),
            "ditolak buku besar: nilai stok tidak mencukupi",
        ));
    }
    Ok(())
}

/// The stock does not hold a household's share of `line`.
pub fn out_of_stock(line: &Goods, have: i64) -> DistributionError {
    DistributionError::conflict(
        "stock",
        "enough",
        &format!(
            "not enough {} in stock for a household: {have} {} left",
            line.name, line.unit
        ),
        &format!(
            "stok {} tidak cukup untuk satu keluarga: tersisa {have} {}",
            line.name, line.unit
        ),
    )
}

fn counted_wrong(rule: &'static str, en: &str, id: &str) -> DistributionError {
    DistributionError::invalid("remaining", rule, en, id)
}

/// Compares the units counted at closing with the stock on record, inside the caller's
/// transaction: each item short is moved out of the stock into the hand-out's losses and
/// flagged. The transfers to write with the closing's event, and how many were flagged.
pub async fn count_left(
    tx: &mut Tx,
    event: &Event,
    counted: &BTreeMap<String, i64>,
    now: OffsetDateTime,
) -> Result<(Vec<NewTransfer>, i64), DistributionError> {
    let goods = store::goods_in(tx, event.id).await?;
    if let Some(unknown) = counted
        .keys()
        .find(|k| !goods.iter().any(|g| &&g.item == k))
    {
        return Err(counted_wrong(
            "unknown",
            &format!("{unknown} is not on this distribution's goods list"),
            &format!("{unknown} tidak ada dalam daftar barang penyaluran ini"),
        ));
    }
    let left = left_by_goods(&moves::totals_in(tx, event.id).await?);
    let mut short = Vec::new();
    for line in &goods {
        let expected = left.get(&line.id).copied().unwrap_or(0);
        let Some(&count) = counted.get(&line.item) else {
            return Err(counted_wrong(
                "required",
                &format!("count what is left of {}", line.name),
                &format!("hitung sisa {} dan isikan jumlahnya", line.name),
            ));
        };
        if count < 0 || count > expected {
            return Err(counted_wrong(
                "range",
                &format!(
                    "{}: must be 0 to {expected}, the stock on record",
                    line.name
                ),
                &format!(
                    "{}: harus 0 sampai {expected}, sesuai stok tercatat",
                    line.name
                ),
            ));
        }
        if count < expected {
            short.push((line, expected, count));
        }
    }
    let mut batch = Vec::new();
    if short.is_empty() {
        return Ok((batch, 0));
    }
    let ids =
        crate::ledger::store::open_accounts(tx, &[stock_account(event), loss_account(event)], now)
            .await?;
    for (line, expected, count) in &short {
        let missing = expected - count;
        let amount = value(missing, line.unit_price)?;
        moves::insert_move(tx, (event.id, line.id), SHORT, -missing, "count", now).await?;
        let flag =
            moves::insert_shortfall(tx, (event.id, line.id), (*expected, *count, amount), now)
                .await?;
        let mut transfer = NewTransfer::single(
            format!("distribution:event:{}:short:{}", event.id, line.item),
            ids[0],
            ids[1],
            amount,
            TRANSFER_SHORT,
        );
        transfer.reference = Some(format!("distribution_shortfall:{flag}"));
        batch.push(transfer);
    }
    Ok((batch, short.len() as i64))
}

/// A district officer's decision on a shortfall.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = DistributionShortfallDecision)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// `upheld` (a loss to pursue) or `dismissed` (explained).
    pub decision: String,
    /// Why, 1 to 500 characters.
    pub note: String,
}

/// Decides shortfall `id`, once, with a note; the decision goes into the log.
pub async fn decide(
    db: &Db,
    caller: &Principal,
    id: i64,
    decision: &Decision,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Shortfall, DistributionError> {
    caller.allows(Permission::ManageDistributions, true)?;
    let flag = moves::shortfall(db, id)
        .await?
        .ok_or(DistributionError::NotFound)?;
    let event = event_in_scope(db, caller, flag.event).await?;
    let status = [UPHELD, DISMISSED]
        .into_iter()
        .find(|s| *s == decision.decision)
        .ok_or_else(|| {
            DistributionError::invalid(
                "decision",
                "one_of",
                "must be upheld or dismissed",
                "harus upheld (kerugian ditindaklanjuti) atau dismissed (dapat dijelaskan)",
            )
        })?;
    let note = crate::text::clean(&decision.note, crate::text::Lines::Many)
        .ok()
        .filter(|n| (1..=500).contains(&n.chars().count()))
        .ok_or_else(|| {
            DistributionError::invalid(
                "note",
                "length",
                "must be 1 to 500 characters",
                "harus 1 sampai 500 karakter",
            )
        })?;
    let mut tx = db.begin_write().await?;
    if !moves::decide(&mut tx, id, (status, &note, &created_by(caller)), now).await? {
        return Err(DistributionError::conflict(
            "status",
            "open",
            "this shortfall has been decided already",
            "kekurangan ini sudah diputuskan",
        ));
    }
    let changes = Changes::new()
        .set("shortfall", id)
        .set("item", flag.item.clone())
        .change("status", super::model::OPEN, status);
    let region = RegionCode::parse(&event.region).map_err(|_| DistributionError::NotFound)?;
    let subject = (SHORTFALL_DECIDED, event.id, &region);
    record(&mut tx, caller, subject, changes, request_id, now).await?;
    tx.commit().await.store()?;
    moves::shortfall(db, id)
        .await?
        .ok_or(DistributionError::NotFound)
}

/// A hand-out's goods: each item's stock in units, what was bought and received, the
/// shortfalls, and the stock's value by the units left beside the ledger's balance.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = DistributionStock)]
pub struct Stock {
    pub event: i64,
    pub items: Vec<ItemStock>,
    pub purchases: Vec<Purchase>,
    pub deliveries: Vec<Delivery>,
    pub shortfalls: Vec<Shortfall>,
    /// Rupiah: the units left at their prices.
    pub left_rupiah: i64,
    /// Rupiah: the balance of the stock's ledger account; equal to `left_rupiah`.
    pub ledger_rupiah: i64,
}

fn item_stock(
    line: &Goods,
    totals: &[(i64, String, i64)],
    ordered: i64,
    waiting: i64,
) -> ItemStock {
    let units = |kind: &str| {
        totals
            .iter()
            .filter(|(g, k, _)| *g == line.id && k == kind)
            .map(|t| t.2.abs())
            .sum::<i64>()
    };
    let (received, handed_out, short) = (units(RECEIVED), units(HANDED_OUT), units(SHORT));
    ItemStock {
        item: line.item.clone(),
        name: line.name.clone(),
        unit: line.unit.clone(),
        per_household: line.per_household,
        unit_price: line.unit_price,
        ordered,
        received,
        handed_out,
        short,
        left: received - handed_out - short,
        needed: waiting * line.per_household,
    }
}

/// The stock of hand-out `id`, for readers of its region.
pub async fn stock(db: &Db, caller: &Principal, id: i64) -> Result<Stock, DistributionError> {
    caller.allows(Permission::ReadDistributions, false)?;
    let event = event_in_scope(db, caller, id).await?;
    let goods = store::goods(db, id).await?;
    let totals = moves::totals(db, id).await?;
    let purchases = store::purchases(db, id).await?;
    let waiting = crate::distribution::store::invitations(db, id)
        .await?
        .iter()
        .filter(|i| i.status == INVITED)
        .count() as i64;
    let items: Vec<ItemStock> = goods
        .iter()
        .map(|line| {
            let ordered = purchases
                .iter()
                .filter(|p| p.item == line.item)
                .map(|p| p.quantity)
                .sum();
            item_stock(line, &totals, ordered, waiting)
        })
        .collect();
    let mut left_rupiah = 0;
    for item in &items {
        left_rupiah += value(item.left, item.unit_price)?;
    }
    let ledger_rupiah =
        crate::ledger::store::read::account_by_code(db, &stock_account(&event).code)
            .await?
            .map(|a| a.credits_posted - a.debits_posted)
            .unwrap_or(0);
    Ok(Stock {
        event: id,
        items,
        purchases,
        deliveries: moves::deliveries(db, id).await?,
        shortfalls: moves::shortfalls(db, id).await?,
        left_rupiah,
        ledger_rupiah,
    })
}
