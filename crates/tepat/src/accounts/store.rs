//! SQL for accounts.

use sqlx::Row;
use time::OffsetDateTime;

use super::model::{AccountStatus, Username};
use super::throttle::LoginState;
use crate::auth::{AccountId, Role};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::region_code::{RegionCode, ScopeParams};

/// An official account as shown to administrators.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// Region scope; absent for national accounts.
    #[schema(value_type = Option<String>)]
    pub region_code: Option<RegionCode>,
    pub status: AccountStatus,
    /// Set while a lock from failed logins lasts.
    pub locked_until: Option<String>,
    pub created_at: String,
    #[serde(skip)]
    pub login: LoginState,
}

pub struct NewAccount {
    pub username: Username,
    pub display_name: String,
    pub role: Role,
    pub region: Option<RegionCode>,
    pub password_hash: String,
}

const COLUMNS: &str = "id, username, display_name, role, region_code, status, failed_logins, \
                       last_failed_at, locked_until, created_at";

fn account_from_row(row: &sqlx::any::AnyRow) -> Result<Account, StoreError> {
    let decode = |e: String| StoreError::Other(sqlx::Error::Decode(e.into()));
    let role: String = row.try_get("role").store()?;
    let region: Option<String> = row.try_get("region_code").store()?;
    let status: String = row.try_get("status").store()?;
    let last_failed: Option<String> = row.try_get("last_failed_at").store()?;
    let locked: Option<String> = row.try_get("locked_until").store()?;
    Ok(Account {
        id: row.try_get("id").store()?,
        username: row.try_get("username").store()?,
        display_name: row.try_get("display_name").store()?,
        role: Role::parse(&role).map_err(|e| decode(e.to_string()))?,
        region_code: region
            .map(|r| RegionCode::parse(&r))
            .transpose()
            .map_err(|e| decode(e.to_string()))?,
        status: AccountStatus::parse(&status),
        locked_until: locked.clone(),
        created_at: row.try_get("created_at").store()?,
        login: LoginState {
            failed_logins: row.try_get("failed_logins").store()?,
            last_failed_at: last_failed.as_deref().and_then(timestamp::from_db),
            locked_until: locked.as_deref().and_then(timestamp::from_db),
        },
    })
}

/// Inserts an account; a taken username is a `Conflict`.
pub async fn insert(
    tx: &mut Tx,
    account: &NewAccount,
    now: OffsetDateTime,
) -> Result<AccountId, StoreError> {
    let row = sqlx::query(
        "INSERT INTO accounts (username, display_name, role, region_code, password_hash, \
         status, created_at) VALUES ($1, $2, $3, $4, $5, 'active', $6) RETURNING id",
    )
    .bind(account.username.as_str().to_owned())
    .bind(account.display_name.clone())
    .bind(account.role.as_str())
    .bind(account.region.as_ref().map(|r| r.as_str().to_owned()))
    .bind(account.password_hash.clone())
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()?;
    Ok(AccountId(row.try_get(0).store()?))
}

/// The account and its password hash, by username.
pub async fn find_for_login(
    db: &Db,
    username: &str,
) -> Result<Option<(Account, String)>, StoreError> {
    let sql = format!("SELECT {COLUMNS}, password_hash FROM accounts WHERE username = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(username)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    match row {
        None => Ok(None),
        Some(row) => Ok(Some((
            account_from_row(&row)?,
            row.try_get("password_hash").store()?,
        ))),
    }
}

/// The account with this username, read inside the transaction that decides on it.
pub async fn find_by_username(tx: &mut Tx, username: &str) -> Result<Option<Account>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE username = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(username)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    row.as_ref().map(account_from_row).transpose()
}

pub async fn find(db: &Db, id: AccountId) -> Result<Option<Account>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await
        .store()?;
    row.as_ref().map(account_from_row).transpose()
}

/// Accounts whose scope lies inside `within` (all when `None`), by id, after `after_id`.
pub async fn list(
    db: &Db,
    within: Option<&RegionCode>,
    after_id: i64,
    limit: u32,
) -> Result<Vec<Account>, StoreError> {
    let ScopeParams {
        national,
        exact,
        prefix,
    } = ScopeParams::new(within);
    let sql = format!(
        "SELECT {COLUMNS} FROM accounts \
         WHERE ($1 = 1 OR region_code = $2 OR region_code LIKE $3) AND id > $4 \
         ORDER BY id LIMIT $5"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(national)
        .bind(exact)
        .bind(prefix)
        .bind(after_id)
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
        .store()?;
    rows.iter().map(account_from_row).collect()
}

/// Stores the login state after an attempt.
pub async fn save_login_state(
    db: &Db,
    id: AccountId,
    state: &LoginState,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE accounts SET failed_logins = $1, last_failed_at = $2, locked_until = $3 \
         WHERE id = $4",
    )
    .bind(state.failed_logins)
    .bind(state.last_failed_at.map(timestamp::to_db))
    .bind(state.locked_until.map(timestamp::to_db))
    .bind(id.0)
    .execute(&db.pool)
    .await
    .store()?;
    Ok(())
}

/// The failed-login state of a client address.
pub async fn address_login_state(db: &Db, client: &str) -> Result<LoginState, StoreError> {
    let row = sqlx::query(
        "SELECT failed_logins, last_failed_at, locked_until FROM login_addresses \
         WHERE client_key = $1",
    )
    .bind(client)
    .fetch_optional(&db.pool)
    .await
    .store()?;
    let Some(row) = row else {
        return Ok(LoginState::default());
    };
    let at = |column: &str| -> Result<Option<OffsetDateTime>, StoreError> {
        let text: Option<String> = row.try_get(column).store()?;
        Ok(text.as_deref().and_then(timestamp::from_db))
    };
    Ok(LoginState {
        failed_logins: row.try_get("failed_logins").store()?,
        last_failed_at: at("last_failed_at")?,
        locked_until: at("locked_until")?,
    })
}

/// Stores the failed-login state of a client address.
pub async fn save_address_login_state(
    db: &Db,
    client: &str,
    state: &LoginState,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO login_addresses (client_key, failed_logins, last_failed_at, locked_until) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (client_key) DO UPDATE SET \
         failed_logins = excluded.failed_logins, last_failed_at = excluded.last_failed_at, \
         locked_until = excluded.locked_until",
    )
    .bind(client)
    .bind(state.failed_logins)
    .bind(state.last_failed_at.map(timestamp::to_db))
    .bind(state.locked_until.map(timestamp::to_db))
    .execute(&db.pool)
    .await
    .store()?;
    Ok(())
}

/// Sets the status and clears any lock.
pub async fn set_status(
    tx: &mut Tx,
    id: AccountId,
    status: AccountStatus,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE accounts SET status = $1, failed_logins = 0, last_failed_at = NULL, \
         locked_until = NULL WHERE id = $2",
    )
    .bind(status.as_str())
    .bind(id.0)
    .execute(&mut **tx)
    .await
    .store()?;
    Ok(())
}

/// A living person with this NIK: (id, name).
pub async fn living_person(db: &Db, nik: &str) -> Result<Option<(i64, String)>, StoreError> {
    let row = sqlx::query(
        "SELECT id, full_name FROM persons WHERE nik = $1 AND life_status = 'hidup' \
         ORDER BY id LIMIT 1",
    )
    .bind(nik.to_owned())
    .fetch_optional(&db.pool)
    .await
    .store()?;
    row.map(|r| Ok((r.try_get(0).store()?, r.try_get(1).store()?)))
        .transpose()
}

/// The person record an account is linked to: (id, name, NIK).
pub async fn person_of(
    db: &Db,
    id: AccountId,
) -> Result<Option<(i64, String, String)>, StoreError> {
    let row = sqlx::query(
        "SELECT p.id, p.full_name, p.nik FROM accounts a JOIN persons p ON p.id = a.person_id \
         WHERE a.id = $1",
    )
    .bind(id.0)
    .fetch_optional(&db.pool)
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

/// Links an account to a person record (or unlinks it) inside the caller's transaction;
/// the person it was linked to before.
pub async fn set_person(
    tx: &mut Tx,
    id: AccountId,
    person: Option<i64>,
) -> Result<Option<i64>, StoreError> {
    let before: Option<Option<i64>> =
        sqlx::query_scalar("SELECT person_id FROM accounts WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&mut **tx)
            .await
            .store()?;
    sqlx::query("UPDATE accounts SET person_id = $1 WHERE id = $2")
        .bind(person)
        .bind(id.0)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(before.flatten())
}
