//! SQL for the days allowed at each step (the SLA, `proposal_step_days`): when a step
//! reached now is due, and when the step a proposal waits at was reached and is due.

use sqlx::Row;
use time::OffsetDateTime;

use crate::db::{ResultExt, StoreError, Tx, timestamp};
use crate::proposals::model::STEP_DAYS;

/// The days `programme` allows at `step`: its row in `proposal_step_days`, or 14.
pub async fn step_days(tx: &mut Tx, programme: &str, step: &str) -> Result<i64, StoreError> {
    let days: Option<i64> = sqlx::query_scalar(
        "SELECT days FROM proposal_step_days WHERE programme_code = $1 AND step = $2",
    )
    .bind(programme.to_owned())
    .bind(step.to_owned())
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    Ok(days.unwrap_or(STEP_DAYS))
}

/// When a step of `programme` reached at `now` is due, as stored.
pub async fn due_at(
    tx: &mut Tx,
    programme: &str,
    step: &str,
    now: OffsetDateTime,
) -> Result<String, StoreError> {
    let days = step_days(tx, programme, step).await?;
    Ok(timestamp::to_db(now + time::Duration::days(days)))
}

/// A proposal's programme, when its current step was reached and when it is due; `None`
/// when there is no such proposal.
pub async fn step_times(
    tx: &mut Tx,
    proposal: i64,
) -> Result<Option<(String, String, Option<String>)>, StoreError> {
    let row = sqlx::query("SELECT programme_code, step_since, due_at FROM proposals WHERE id = $1")
        .bind(proposal)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    row.map(|r| {
        Ok((
            r.try_get(0).store()?,
            r.try_get(1).store()?,
            r.try_get(2).store()?,
        ))
    })
    .transpose()
}
