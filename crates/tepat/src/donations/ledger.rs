//! The ledger accounts and transfers of donations. A need holds its money (or the declared
//! value of its goods) in `need:{id}`; gifts come from `donor:transfer` (money the banks
//! report) or `donor:in_kind` (goods handed in), external accounts that, like the treasury,
//! go negative by what donors gave; what the household confirmed it received rests in
//! `donated:{household}`. A pledge reserves (pending), a payment or delivery posts it, a
//! release voids it, and a confirmation moves it on to the household.

use time::OffsetDateTime;

use super::error::DonationError;
use super::{GOODS, Need};
use crate::db::Tx;
use crate::events::NewEvent;
use crate::ledger::{AccountKind, Limit, NewAccount, NewTransfer, Phase};

/// Transfer codes: what the movement is for.
pub const CODE_PLEDGE: &str = "donation_pledge";
pub const CODE_RECEIVE: &str = "donation_receive";
pub const CODE_RELEASE: &str = "donation_release";
pub const CODE_HAND_OVER: &str = "donation_hand_over";
pub const CODE_REFUND: &str = "donation_refund";

/// The ids of the accounts one need moves between.
#[derive(Debug, Clone, Copy)]
pub struct Accounts {
    pub source: i64,
    pub need: i64,
    pub household: i64,
}

/// Opens (once) and returns the accounts of `need`.
pub async fn accounts(
    tx: &mut Tx,
    need: &Need,
    now: OffsetDateTime,
) -> Result<Accounts, DonationError> {
    let source = if need.kind == GOODS {
        ("donor:in_kind", "Donasi barang (nilai yang dinyatakan)")
    } else {
        ("donor:transfer", "Donasi uang lewat transfer bank")
    };
    let list = [
        NewAccount {
            code: source.0.to_owned(),
            kind: AccountKind::Donor,
            name: source.1.to_owned(),
            region: None,
            programme: None,
            limit: Limit::None,
        },
        NewAccount {
            code: format!("need:{}", need.id),
            kind: AccountKind::Need,
            name: format!("Kebutuhan #{}", need.id),
            region: Some(need.region_code.clone()),
            programme: None,
            limit: Limit::DebitsWithinCredits,
        },
        NewAccount {
            code: format!("donated:{}", need.household_id),
            kind: AccountKind::Recipient,
            name: format!("Donasi diterima keluarga #{}", need.household_id),
            region: Some(need.region_code.clone()),
            programme: None,
            limit: Limit::DebitsWithinCredits,
        },
    ];
    let ids = crate::ledger::store::open_accounts(tx, &list, now).await?;
    match ids.as_slice() {
        [source, need, household] => Ok(Accounts {
            source: *source,
            need: *need,
            household: *household,
        }),
        _ => Err(DonationError::Inconsistent(
            "ledger accounts not opened".into(),
        )),
    }
}

fn pending_id(pledge: i64) -> String {
    format!("pledge:{pledge}:pledged")
}

/// Reserves a pledge's amount from the donors' account towards the need.
pub fn pledge(accounts: Accounts, pledge: i64, amount: i64) -> NewTransfer {
    NewTransfer::pending(
        pending_id(pledge),
        accounts.source,
        accounts.need,
        amount,
        CODE_PLEDGE,
    )
    .with_reference(format!("donation_pledge:{pledge}"))
}

/// Posts a pledge: the money arrived (`paid`) or the goods were handed in (`delivered`).
pub fn receive(pledge: i64, step: &str) -> NewTransfer {
    NewTransfer::resolve(
        format!("pledge:{pledge}:{step}"),
        &pending_id(pledge),
        Phase::Post,
        CODE_RECEIVE,
    )
    .with_reference(format!("donation_pledge:{pledge}"))
}

/// Voids a pledge nobody paid or delivered.
pub fn release(pledge: i64) -> NewTransfer {
    NewTransfer::resolve(
        format!("pledge:{pledge}:released"),
        &pending_id(pledge),
        Phase::Void,
        CODE_RELEASE,
    )
    .with_reference(format!("donation_pledge:{pledge}"))
}

/// Moves a confirmed pledge from the need to what the household received.
pub fn hand_over(accounts: Accounts, pledge: i64, amount: i64) -> NewTransfer {
    NewTransfer::single(
        format!("pledge:{pledge}:confirmed"),
        accounts.need,
        accounts.household,
        amount,
        CODE_HAND_OVER,
    )
    .with_reference(format!("donation_pledge:{pledge}"))
}

/// Returns a paid pledge's money from the need to the donors' account: the need was
/// withdrawn or expired before the money reached the household.
pub fn refund(accounts: Accounts, pledge: i64, amount: i64) -> NewTransfer {
    NewTransfer::single(
        format!("pledge:{pledge}:refunded"),
        accounts.need,
        accounts.source,
        amount,
        CODE_REFUND,
    )
    .with_reference(format!("donation_pledge:{pledge}"))
}

/// Writes `batch` with `event` in the caller's transaction; any refusal fails the change.
pub async fn write(
    tx: &mut Tx,
    batch: &[NewTransfer],
    event: NewEvent,
    now: OffsetDateTime,
) -> Result<(), DonationError> {
    let written = crate::ledger::store::write(tx, batch, event, now).await?;
    if let Some((_, id, refusal)) = written.first_refusal(batch) {
        return Err(DonationError::Inconsistent(format!(
            "ledger refused {id}: {refusal}"
        )));
    }
    if written.event.is_none() {
        return Err(DonationError::Inconsistent("ledger wrote nothing".into()));
    }
    Ok(())
}
