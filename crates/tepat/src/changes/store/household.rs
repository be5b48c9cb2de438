//! The household as a change request reads and writes it, inside the transaction that
//! checks or applies the request: so a decision acts on the household as it is when the
//! decision is written, not as it was a moment before.

use sqlx::{AssertSqlSafe, Row};
use time::OffsetDateTime;

use crate::db::{ResultExt, StoreError, Tx, timestamp};
use crate::registry::store::read::{
    HOUSEHOLD_COLUMNS, Household, PERSON_COLUMNS, Person, household_from_row, person_from_row,
};
use crate::registry::store::{HouseholdId, PersonId};

/// Takes the household's row lock until the transaction ends (a no-op update, portable to
/// both engines): on PostgreSQL a second decision on the same household waits here and
/// then reads what the first one wrote; SQLite's write transaction already excludes it.
pub async fn lock(tx: &mut Tx, id: HouseholdId) -> Result<(), StoreError> {
    sqlx::query("UPDATE households SET version = version WHERE id = $1")
        .bind(id.0)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(())
}

/// A household with its members (the head first), if it exists.
pub async fn find(
    tx: &mut Tx,
    id: HouseholdId,
) -> Result<Option<(Household, Vec<Person>)>, StoreError> {
    let sql = format!("SELECT {HOUSEHOLD_COLUMNS} FROM households WHERE id = $1");
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    let Some(row) = row else {
        return Ok(None);
    };
    let household = household_from_row(&row)?;
    let sql = format!(
        "SELECT {PERSON_COLUMNS} FROM persons WHERE household_id = $1 \
         ORDER BY CASE relationship WHEN 'kepala' THEN 0 ELSE 1 END, birth_date, id"
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_all(&mut **tx)
        .await
        .store()?;
    let members = rows.iter().map(person_from_row).collect::<Result<_, _>>()?;
    Ok(Some((household, members)))
}

/// The household holding KK number `kk`, with its state (`active`, `closed`), if any.
pub async fn holder_of_kk(
    tx: &mut Tx,
    kk: &str,
) -> Result<Option<(HouseholdId, String)>, StoreError> {
    let row = sqlx::query("SELECT id, status FROM households WHERE kk_number = $1")
        .bind(kk.to_owned())
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    row.map(|row| {
        Ok((
            HouseholdId(row.try_get(0).store()?),
            row.try_get(1).store()?,
        ))
    })
    .transpose()
}

/// Gives the household a new KK number; its version rows keep the old one.
pub async fn renumber(tx: &mut Tx, id: HouseholdId, kk: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE households SET kk_number = $1 WHERE id = $2")
        .bind(kk.to_owned())
        .bind(id.0)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(())
}

/// Moves a person from household `from` to `to` (in village `region_code`) and returns
/// their new version; `None` when they are no longer in `from`.
pub async fn move_person(
    tx: &mut Tx,
    person: PersonId,
    from: HouseholdId,
    to: HouseholdId,
    region_code: &str,
    now: OffsetDateTime,
) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query(
        "UPDATE persons SET household_id = $1, region_code = $2, version = version + 1, \
         updated_at = $3 WHERE id = $4 AND household_id = $5 RETURNING version",
    )
    .bind(to.0)
    .bind(region_code.to_owned())
    .bind(timestamp::to_db(now))
    .bind(person.0)
    .bind(from.0)
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    row.map(|row| row.try_get(0).store()).transpose()
}

/// Closes an active household with `reason`; returns its new version and its village, or
/// `None` when it was not active.
pub async fn close(
    tx: &mut Tx,
    id: HouseholdId,
    reason: &str,
    now: OffsetDateTime,
) -> Result<Option<(i64, String)>, StoreError> {
    let row = sqlx::query(
        "UPDATE households SET status = 'closed', closed_reason = $1, version = version + 1, \
         updated_at = $2 WHERE id = $3 AND status = 'active' RETURNING version, region_code",
    )
    .bind(reason.to_owned())
    .bind(timestamp::to_db(now))
    .bind(id.0)
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    row.map(|row| Ok((row.try_get(0).store()?, row.try_get(1).store()?)))
        .transpose()
}
