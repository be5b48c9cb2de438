//! Status changes claimed in the store: each moves the application only from the status
//! the service read, so two officers acting at once cannot both take the same step.

use time::OffsetDateTime;

use super::super::model::{ApplicationId, Status, VisitResult};
use crate::db::{ResultExt, StoreError, Tx, timestamp};
use crate::events::Actor;

/// The official taking a step, as stored on the application.
pub struct Officer<'a> {
    pub actor: &'a Actor,
    pub name: &'a str,
}

/// What a field visit found, as stored.
pub struct Visit<'a> {
    pub result: VisitResult,
    pub note: &'a str,
    /// The survey as JSON.
    pub survey: String,
}

/// Records the field visit and moves the application from `from` to `to`; false when it
/// was no longer in `from` (someone else acted first).
pub async fn claim_verification(
    tx: &mut Tx,
    id: ApplicationId,
    (from, to): (Status, Status),
    officer: &Officer<'_>,
    visit: Visit<'_>,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE applications SET status = $1, visit_result = $2, visit_note = $3, survey = $4, \
         verifier_kind = $5, verifier_id = $6, verifier_role = $7, verifier_name = $8, \
         verified_at = $9 WHERE id = $10 AND status = $11",
    )
    .bind(to.as_str())
    .bind(visit.result.as_str())
    .bind(visit.note.to_owned())
    .bind(visit.survey)
    .bind(officer.actor.kind.as_str())
    .bind(officer.actor.id)
    .bind(officer.actor.role.clone())
    .bind(officer.name.to_owned())
    .bind(timestamp::to_db(now))
    .bind(id.0)
    .bind(from.as_str())
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() == 1)
}

/// Records a decision, moving the application from `from` to `to`; false when it was no
/// longer in `from`.
pub async fn claim_decision(
    tx: &mut Tx,
    id: ApplicationId,
    (from, to): (Status, Status),
    officer: &Officer<'_>,
    reason: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE applications SET status = $1, decider_kind = $2, decider_id = $3, \
         decider_role = $4, decider_name = $5, decided_at = $6, decision_reason = $7 \
         WHERE id = $8 AND status = $9",
    )
    .bind(to.as_str())
    .bind(officer.actor.kind.as_str())
    .bind(officer.actor.id)
    .bind(officer.actor.role.clone())
    .bind(officer.name.to_owned())
    .bind(timestamp::to_db(now))
    .bind(reason.to_owned())
    .bind(id.0)
    .bind(from.as_str())
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(done.rows_affected() == 1)
}

/// Links an accepted application to the household it created, and every version the
/// acceptance wrote (found by their reason) to the application.
pub async fn link_household(
    tx: &mut Tx,
    id: ApplicationId,
    household_id: i64,
    version_reason: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE applications SET household_id = $1 WHERE id = $2")
        .bind(household_id)
        .bind(id.0)
        .execute(&mut **tx)
        .await
        .store()?;
    sqlx::query(
        "UPDATE record_versions SET application_id = $1 \
         WHERE reason = $2 AND application_id IS NULL",
    )
    .bind(id.0)
    .bind(version_reason.to_owned())
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(())
}
