//! Enrolments one at a time at the end of a proposal's chain: ending the household's
//! active enrolment, and counting what a quota holds, inside the deciding transaction.

use sqlx::Row;
use time::OffsetDateTime;

use super::text;
use crate::db::{ResultExt, StoreError, Tx, timestamp};
use crate::events::{self, Action, Actor, Changes, NewEvent};
use crate::region_code::{RegionCode, ScopeParams};

pub const ENDED: Action = Action("enrolment.ended");

/// Ends the household's active enrolment in `programme` with `reason`, with its event, in
/// the caller's transaction; returns the enrolment's id, `None` when none was active.
pub async fn end_active(
    tx: &mut Tx,
    programme: &str,
    household_id: i64,
    reason: &str,
    actor: &Actor,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query(
        "UPDATE enrolments SET status = 'ended', ended_at = $1, end_reason = $2 \
         WHERE programme_code = $3 AND household_id = $4 AND status = 'active' \
         RETURNING id, region_code",
    )
    .bind(timestamp::to_db(now))
    .bind(reason.to_owned())
    .bind(programme.to_owned())
    .bind(household_id)
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    let Some(row) = row else { return Ok(None) };
    let id: i64 = row.try_get(0).store()?;
    let region: String = text(&row, 1)?;
    let event = NewEvent {
        actor: actor.clone(),
        action: ENDED,
        subject_type: "household",
        subject_id: household_id.to_string(),
        region: RegionCode::parse(&region).ok(),
        changes: Changes::new()
            .set("programme", programme)
            .set("enrolment_id", id)
            .change("enrolled", true, false)
            .set("reason", reason),
        request_id,
    };
    events::store::record(tx, event, now).await?;
    Ok(Some(id))
}

/// How many households are enrolled in `programme` inside `region` (empty: everywhere),
/// read inside the caller's transaction.
pub async fn count_active_in(
    tx: &mut Tx,
    programme: &str,
    region: &str,
) -> Result<i64, StoreError> {
    let within = RegionCode::parse(region).ok();
    let scope = ScopeParams::new(within.as_ref());
    let sql = format!(
        "SELECT COUNT(*) FROM enrolments e WHERE {} AND programme_code = $4 \
         AND status = 'active'",
        crate::db::scope::within(&["e.region_code"])
    );
    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
        .bind(scope.national)
        .bind(scope.exact)
        .bind(scope.prefix)
        .bind(programme.to_owned())
        .fetch_one(&mut **tx)
        .await
        .store()
}
