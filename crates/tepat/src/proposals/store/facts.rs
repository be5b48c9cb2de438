//! What the proposal rules read, inside the deciding transaction: a household as the
//! conflict check sees it (with the households its members were in before), the household
//! of an account's own person record, the officials living in a household, and a
//! programme's chain.

use sqlx::Row;

use crate::db::{ResultExt, StoreError, Tx};
use crate::proposals::conflict::Home;

/// A household's village and status (`active`, `closed`).
pub async fn household_state(
    tx: &mut Tx,
    household_id: i64,
) -> Result<Option<(String, String)>, StoreError> {
    let row = sqlx::query("SELECT region_code, status FROM households WHERE id = $1")
        .bind(household_id)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    row.map(|r| Ok((r.try_get(0).store()?, r.try_get(1).store()?)))
        .transpose()
}

/// A household as the conflict check reads it: address, RT, RW, its living members'
/// names and the households they were moved from (their version history).
pub async fn home(tx: &mut Tx, household_id: i64) -> Result<Option<Home>, StoreError> {
    let row = sqlx::query("SELECT region_code, address, rt, rw FROM households WHERE id = $1")
        .bind(household_id)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    let Some(row) = row else { return Ok(None) };
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT full_name FROM persons WHERE household_id = $1 AND life_status = 'hidup' \
         ORDER BY id",
    )
    .bind(household_id)
    .fetch_all(&mut **tx)
    .await
    .store()?;
    // A move writes `{"household_id": {"from": A, "to": B}}` into the person's version.
    let moves: Vec<String> = sqlx::query_scalar(
        "SELECT v.changes FROM record_versions v JOIN persons p \
         ON v.subject_type = 'person' AND v.subject_id = p.id \
         WHERE p.household_id = $1 AND v.changes LIKE '%household_id%'",
    )
    .bind(household_id)
    .fetch_all(&mut **tx)
    .await
    .store()?;
    let mut history: Vec<i64> = moves
        .iter()
        .filter_map(|text| serde_json::from_str::<serde_json::Value>(text).ok())
        .filter_map(|changes| changes["household_id"]["from"].as_i64())
        .filter(|from| *from != household_id)
        .collect();
    history.sort_unstable();
    history.dedup();
    Ok(Some(Home {
        household_id,
        village: row.try_get(0).store()?,
        address: row.try_get(1).store()?,
        rt: row.try_get(2).store()?,
        rw: row.try_get(3).store()?,
        names,
        history,
    }))
}

/// The household of the person record an account is linked to, if any.
pub async fn account_household(tx: &mut Tx, account_id: i64) -> Result<Option<i64>, StoreError> {
    let found: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT p.household_id FROM accounts a JOIN persons p ON p.id = a.person_id \
         WHERE a.id = $1",
    )
    .bind(account_id)
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    Ok(found.flatten())
}

/// Accounts (id, role) whose own person record lives in the household.
pub async fn officials_in(
    tx: &mut Tx,
    household_id: i64,
) -> Result<Vec<(i64, String)>, StoreError> {
    let rows = sqlx::query(
        "SELECT a.id, a.role FROM accounts a JOIN persons p ON p.id = a.person_id \
         WHERE p.household_id = $1 ORDER BY a.id",
    )
    .bind(household_id)
    .fetch_all(&mut **tx)
    .await
    .store()?;
    rows.iter()
        .map(|r| Ok((r.try_get(0).store()?, r.try_get(1).store()?)))
        .collect()
}

/// A programme's chain as stored (`village,district,…`), `None` when there is no such
/// programme.
pub async fn chain(tx: &mut Tx, programme: &str) -> Result<Option<String>, StoreError> {
    sqlx::query_scalar("SELECT chain FROM programmes WHERE code = $1")
        .bind(programme.to_owned())
        .fetch_optional(&mut **tx)
        .await
        .store()
}

/// The account's display name, for the record of who proposed or decided.
pub async fn account_name(tx: &mut Tx, account_id: i64) -> Result<Option<String>, StoreError> {
    sqlx::query_scalar("SELECT display_name FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_optional(&mut **tx)
        .await
        .store()
}

/// A programme's quotas as stored (JSON), read inside the deciding transaction.
pub async fn quotas(
    tx: &mut Tx,
    programme: &str,
) -> Result<Vec<crate::programmes::model::Quota>, StoreError> {
    let text: Option<String> = sqlx::query_scalar("SELECT quotas FROM programmes WHERE code = $1")
        .bind(programme.to_owned())
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    text.map(|t| {
        serde_json::from_str(&t).map_err(|e| StoreError::Other(sqlx::Error::Decode(Box::new(e))))
    })
    .transpose()
    .map(Option::unwrap_or_default)
}

/// The open proposal of `kind` for the household and programme, if any.
pub async fn open_proposal(
    tx: &mut Tx,
    household_id: i64,
    programme: &str,
    kind: &str,
) -> Result<Option<i64>, StoreError> {
    sqlx::query_scalar(
        "SELECT id FROM proposals WHERE household_id = $1 AND programme_code = $2 \
         AND kind = $3 AND status = 'pending'",
    )
    .bind(household_id)
    .bind(programme.to_owned())
    .bind(kind.to_owned())
    .fetch_optional(&mut **tx)
    .await
    .store()
}
