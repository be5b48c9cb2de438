//! Setting a voucher programme's offline limits (a ministry officer; programmes are
//! national): the three amounts checked together, then stored with the event
//! `voucher.offline_limits_changed` in one transaction. Shops' phones read the new limits
//! with their next bundle, and the sync applies them from then on.

use time::OffsetDateTime;

use super::model::Limits;
use super::store;
use crate::auth::{Permission, Principal};
use crate::db::{Db, ResultExt};
use crate::events::{Action, Changes, NewEvent};
use crate::vouchers::error::VoucherError;
use crate::vouchers::issue::CHANNEL;

pub const OFFLINE_LIMITS_CHANGED: Action = Action("voucher.offline_limits_changed");

/// The most any offline limit may be, in rupiah: a phone that was offline could lose a
/// shop up to its limits, and a billion is far past any day of a village shop.
pub const LIMIT_MAX_RUPIAH: i64 = 1_000_000_000;

/// Checks three limits together: each 1 rupiah to [`LIMIT_MAX_RUPIAH`], and one voucher's
/// limit within the day's and within what a shop may hold unsynced (a single purchase
/// above either could never be admitted).
pub fn check(limits: &Limits) -> Result<(), VoucherError> {
    for (field, value) in [
        ("per_voucher", limits.per_voucher),
        ("per_day", limits.per_day),
        ("outstanding", limits.outstanding),
    ] {
        if !(1..=LIMIT_MAX_RUPIAH).contains(&value) {
            return Err(VoucherError::invalid(
                field,
                "range",
                "must be 1 to 1000000000 rupiah",
                "harus Rp1 sampai Rp1.000.000.000",
            ));
        }
    }
    if limits.per_voucher > limits.per_day {
        return Err(VoucherError::invalid(
            "per_voucher",
            "within_per_day",
            "must not be more than the limit per day",
            "tidak boleh melebihi batas per hari",
        ));
    }
    if limits.per_voucher > limits.outstanding {
        return Err(VoucherError::invalid(
            "per_voucher",
            "within_outstanding",
            "must not be more than what a shop may hold unsynced",
            "tidak boleh melebihi batas yang belum disinkronkan",
        ));
    }
    Ok(())
}

/// Sets a programme's offline limits; the limits now. Setting the same limits again
/// changes nothing and records nothing.
pub async fn set(
    db: &Db,
    caller: &Principal,
    programme: &str,
    limits: Limits,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Limits, VoucherError> {
    caller.allows(Permission::SetOfflineLimits, true)?;
    let found = crate::programmes::store::find(db, programme).await?;
    let found = found.ok_or(VoucherError::NotFound)?;
    if found.channel != CHANNEL {
        return Err(VoucherError::conflict(
            "programme",
            "voucher_programme",
            "this programme is not spent at merchants, so it has no offline limits",
            "program ini tidak dibelanjakan di e-warong, jadi tidak punya batas tanpa sinyal",
        ));
    }
    check(&limits)?;
    let mut tx = db.begin_write().await?;
    let before = store::limits_of(&mut tx, programme).await?;
    if before.is_some_and(|b| b == limits) {
        return Ok(limits);
    }
    store::set_limits(&mut tx, programme, &limits).await?;
    let old = |value: fn(&Limits) -> i64| before.as_ref().map(value);
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: OFFLINE_LIMITS_CHANGED,
        subject_type: "programme",
        subject_id: programme.to_owned(),
        region: None,
        changes: Changes::new()
            .change(
                "per_voucher_rupiah",
                old(|l| l.per_voucher),
                limits.per_voucher,
            )
            .change("per_day_rupiah", old(|l| l.per_day), limits.per_day)
            .change(
                "outstanding_rupiah",
                old(|l| l.outstanding),
                limits.outstanding,
            ),
        request_id,
    };
    crate::events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    Ok(limits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(per_voucher: i64, per_day: i64, outstanding: i64) -> Limits {
        Limits {
            per_voucher,
            per_day,
            outstanding,
        }
    }

    fn rule(result: Result<(), VoucherError>) -> (String, String) {
        match result {
            Err(VoucherError::Invalid(rule)) => (rule.field.to_owned(), rule.rule.to_owned()),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn sensible_limits_pass_and_each_bad_one_is_named() {
        assert!(check(&limits(200_000, 2_000_000, 3_000_000)).is_ok());
        assert!(
            check(&limits(200_000, 200_000, 200_000)).is_ok(),
            "equal is within"
        );
        assert!(check(&limits(100_000, 2_000_000, 500_000)).is_ok());
        let range = |f: &str| (f.to_owned(), "range".to_owned());
        assert_eq!(rule(check(&limits(0, 1, 1))), range("per_voucher"));
        assert_eq!(rule(check(&limits(1, -5, 1))), range("per_day"));
        assert_eq!(
            rule(check(&limits(1, 1, LIMIT_MAX_RUPIAH + 1))),
            range("outstanding")
        );
        assert_eq!(
            rule(check(&limits(300_000, 200_000, 3_000_000))),
            ("per_voucher".to_owned(), "within_per_day".to_owned())
        );
        assert_eq!(
            rule(check(&limits(300_000, 2_000_000, 200_000))),
            ("per_voucher".to_owned(), "within_outstanding".to_owned())
        );
    }
}
