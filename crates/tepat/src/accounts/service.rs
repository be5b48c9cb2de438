//! Account operations shared by pages, the API and the command line. Each state change is
//! one transaction with its event. Token operations live in `tokens/` and are named here
//! too, since callers see them as account operations.

use time::OffsetDateTime;

pub use super::acting::Acting;
use super::error::{AccountsError, FieldProblem};
use super::model::{AccountStatus, Username};
use super::store::{self, Account, NewAccount};
use super::throttle::{self, Gate};
pub use super::tokens::service::{
    CreatedToken, Revocation, TOKEN_CREATED, TOKEN_REVOKED, TokenInput, create_token, revoke_token,
};
use super::{password, session};
use crate::auth::{AccountId, Role};
use crate::db::Db;
use crate::events::{self, Action, Actor, Changes, NewEvent};
use crate::regions;

pub const ACCOUNT_CREATED: Action = Action("account.created");
pub const ACCOUNT_STATUS_CHANGED: Action = Action("account.status_changed");
pub const ACCOUNT_LOCKED: Action = Action("account.locked");
pub const PERSON_LINKED: Action = Action("account.person_linked");

/// Longest display name accepted.
const DISPLAY_NAME_LENGTH_MAX: usize = 120;

/// An account as typed into a form, the API or the command line.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct AccountInput {
    pub username: String,
    pub display_name: String,
    /// One of the roles, e.g. `village_operator`.
    pub role: String,
    /// Region scope (Kemendagri code); empty or absent for national scope.
    #[serde(default)]
    pub region_code: Option<String>,
    pub password: String,
}

/// Checks every field and reports all failures at once.
async fn validate(db: &Db, input: &AccountInput) -> Result<NewAccount, AccountsError> {
    let mut errors = Vec::new();
    let username = Username::parse(&input.username)
        .map_err(|m| errors.push(FieldProblem::pair("username", "format", m)))
        .ok();
    let display_name = input.display_name.trim().to_owned();
    if display_name.is_empty() {
        errors.push(FieldProblem::required("display_name"));
    } else if display_name.chars().count() > DISPLAY_NAME_LENGTH_MAX {
        errors.push(FieldProblem::new(
            "display_name",
            "length",
            "is longer than 120 characters",
            "lebih dari 120 karakter",
        ));
    }
    let role = Role::parse(&input.role)
        .map_err(|e| errors.push(FieldProblem::localized("role", "unknown", &e)))
        .ok();
    let region = match input
        .region_code
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => None,
        Some(text) => match regions::store::resolve(db, text).await? {
            Ok(region) => Some(region.code),
            Err(err) => {
                errors.push(FieldProblem::localized("region_code", "region", &err));
                None
            }
        },
    };
    if let Some(role) = role {
        let region_ok = input
            .region_code
            .as_deref()
            .is_none_or(|t| t.trim().is_empty())
            || region.is_some();
        if region_ok && let Err(err) = role.check_scope(region.as_ref()) {
            errors.push(FieldProblem::localized("region_code", "scope", &err));
        }
    }
    if let Err(m) = password::check_rule(&input.password) {
        errors.push(FieldProblem::pair("password", "length", m));
    }
    match (errors.is_empty(), username, role) {
        (true, Some(username), Some(role)) => Ok(NewAccount {
            username,
            display_name,
            role,
            region,
            password_hash: String::new(),
        }),
        _ => Err(AccountsError::Invalid(errors)),
    }
}

/// Creates an official account with its event.
pub async fn create_account(
    db: &Db,
    acting: Acting<'_>,
    input: &AccountInput,
    now: OffsetDateTime,
) -> Result<Account, AccountsError> {
    let account = prepare_account(db, input).await?;
    acting.check_covers(account.region.as_ref())?;
    let mut tx = db.begin().await?;
    let id = write_account(&mut tx, &acting, &account, now).await?;
    tx.commit().await?;
    store::find(db, id)
        .await?
        .ok_or(AccountsError::AccountNotFound(id.0))
}

/// Checks an account's fields and hashes its password: the account `write_account` stores.
pub async fn prepare_account(db: &Db, input: &AccountInput) -> Result<NewAccount, AccountsError> {
    let mut account = validate(db, input).await?;
    account.password_hash = password::hash(input.password.clone()).await?;
    Ok(account)
}

/// Writes a prepared account and its event inside the caller's transaction; a taken
/// username is a conflict on `username`.
pub async fn write_account(
    tx: &mut crate::db::Tx,
    acting: &Acting<'_>,
    account: &NewAccount,
    now: OffsetDateTime,
) -> Result<AccountId, AccountsError> {
    let id = match store::insert(tx, account, now).await {
        Ok(id) => id,
        Err(err) if err.is_conflict_on("accounts_username_key", "accounts.username") => {
            return Err(AccountsError::Conflict(FieldProblem::new(
                "username",
                "unique",
                "is already taken",
                "sudah dipakai akun lain",
            )));
        }
        Err(err) => return Err(err.into()),
    };
    let changes = Changes::new()
        .set("username", account.username.as_str())
        .set("role", account.role.as_str())
        .set(
            "region_code",
            account.region.as_ref().map(|r| r.to_string()),
        );
    let event = NewEvent {
        actor: acting.actor(),
        action: ACCOUNT_CREATED,
        subject_type: "account",
        subject_id: id.0.to_string(),
        region: account.region.clone(),
        changes,
        request_id: acting.request_id(),
    };
    events::store::record(tx, event, now).await?;
    Ok(id)
}

/// Enables or disables an account (which also clears a login lock).
pub async fn set_status(
    db: &Db,
    acting: Acting<'_>,
    id: AccountId,
    status: AccountStatus,
    now: OffsetDateTime,
) -> Result<Account, AccountsError> {
    let account = store::find(db, id)
        .await?
        .ok_or(AccountsError::AccountNotFound(id.0))?;
    // An account outside the administrator's scope answers like a missing one.
    acting
        .check_covers(account.region_code.as_ref())
        .map_err(|_| AccountsError::AccountNotFound(id.0))?;
    let mut tx = db.begin().await?;
    store::set_status(&mut tx, id, status).await?;
    let changes = Changes::new()
        .change("status", account.status.as_str(), status.as_str())
        .change("locked_until", account.locked_until.clone(), None::<String>);
    let event = NewEvent {
        actor: acting.actor(),
        action: ACCOUNT_STATUS_CHANGED,
        subject_type: "account",
        subject_id: id.0.to_string(),
        region: account.region_code.clone(),
        changes,
        request_id: acting.request_id(),
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit().await?;
    store::find(db, id)
        .await?
        .ok_or(AccountsError::AccountNotFound(id.0))
}

/// Why a login was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginRefused {
    BadCredentials,
    /// Too many failures from the caller's address: wait before trying again.
    Wait {
        seconds: i64,
    },
    /// The caller's address is locked out for a while.
    AddressLocked {
        until: OffsetDateTime,
    },
    /// The account is locked after failures from many addresses.
    Locked {
        until: OffsetDateTime,
    },
}

/// Checks a password and opens a session. Failures are throttled per client address
/// (`client`, when the server saw one) and, much later, lock the account.
pub async fn login(
    db: &Db,
    username: &str,
    secret: &str,
    client: Option<&str>,
    now: OffsetDateTime,
) -> Result<Result<String, LoginRefused>, AccountsError> {
    let address = match client {
        Some(key) => Some((key, store::address_login_state(db, key).await?)),
        None => None,
    };
    if let Some((_, state)) = &address {
        match throttle::gate(state, now) {
            Gate::Open => {}
            Gate::Wait { seconds } => return Ok(Err(LoginRefused::Wait { seconds })),
            Gate::Locked { until } => return Ok(Err(LoginRefused::AddressLocked { until })),
        }
    }
    let refused = check_password(db, username, secret, now).await?;
    let Err(refused) = refused else {
        return Ok(refused);
    };
    if let Some((key, state)) = address {
        let state = throttle::after_address_failure(&state, now);
        store::save_address_login_state(db, key, &state).await?;
        if let (LoginRefused::BadCredentials, Some(until)) = (&refused, state.locked_until) {
            return Ok(Err(LoginRefused::AddressLocked { until }));
        }
    }
    Ok(Err(refused))
}

/// The account's part of a login: its lock, the password, its failure count.
async fn check_password(
    db: &Db,
    username: &str,
    secret: &str,
    now: OffsetDateTime,
) -> Result<Result<String, LoginRefused>, AccountsError> {
    let username = username.trim().to_lowercase();
    let Some((account, phc)) = store::find_for_login(db, &username).await? else {
        // Spend the same work as a real check so that timing does not reveal the name.
        let _ = password::hash(secret.to_owned()).await;
        return Ok(Err(LoginRefused::BadCredentials));
    };
    if let Gate::Locked { until } = throttle::account_gate(&account.login, now) {
        return Ok(Err(LoginRefused::Locked { until }));
    }
    let id = AccountId(account.id);
    let matches = password::verify(secret.to_owned(), phc).await;
    if matches && account.status == AccountStatus::Active {
        store::save_login_state(db, id, &throttle::LoginState::default()).await?;
        return Ok(Ok(session::create(db, id, now).await?));
    }
    let state = throttle::after_account_failure(&account.login, now);
    store::save_login_state(db, id, &state).await?;
    if let Some(until) = state.locked_until {
        record_lock(db, &account, until, now).await?;
        return Ok(Err(LoginRefused::Locked { until }));
    }
    Ok(Err(LoginRefused::BadCredentials))
}

async fn record_lock(
    db: &Db,
    account: &Account,
    until: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<(), AccountsError> {
    let mut tx = db.begin().await?;
    let event = NewEvent {
        actor: Actor::system(),
        action: ACCOUNT_LOCKED,
        subject_type: "account",
        subject_id: account.id.to_string(),
        region: account.region_code.clone(),
        changes: Changes::new().set("locked_until", crate::db::timestamp::to_db(until)),
        request_id: None,
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Links an account to the official's own person record, found by NIK (an empty NIK
/// unlinks it), so that proposals for the official's family are flagged. Returns the
/// person linked: (id, name).
pub async fn link_person(
    db: &Db,
    acting: Acting<'_>,
    id: AccountId,
    nik: &str,
    now: OffsetDateTime,
) -> Result<Option<(i64, String)>, AccountsError> {
    let nik = nik.trim();
    let person = if nik.is_empty() {
        None
    } else {
        let found = store::living_person(db, nik).await?;
        Some(found.ok_or_else(|| {
            AccountsError::invalid(FieldProblem::new(
                "nik",
                "unknown",
                "no living person in the registry has this NIK",
                "tidak ada penduduk hidup dengan NIK ini di registri",
            ))
        })?)
    };
    link_person_id(db, acting, id, person.as_ref().map(|p| p.0), now).await?;
    Ok(person)
}

/// Links an account to a person record by its id (or unlinks it), with its event.
pub async fn link_person_id(
    db: &Db,
    acting: Acting<'_>,
    id: AccountId,
    person: Option<i64>,
    now: OffsetDateTime,
) -> Result<(), AccountsError> {
    let account = store::find(db, id)
        .await?
        .ok_or(AccountsError::AccountNotFound(id.0))?;
    acting
        .check_covers(account.region_code.as_ref())
        .map_err(|_| AccountsError::AccountNotFound(id.0))?;
    let mut tx = db.begin_write().await?;
    let before = store::set_person(&mut tx, id, person).await?;
    let event = NewEvent {
        actor: acting.actor(),
        action: PERSON_LINKED,
        subject_type: "account",
        subject_id: id.0.to_string(),
        region: account.region_code.clone(),
        changes: Changes::new().change("person_id", before, person),
        request_id: acting.request_id(),
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit().await?;
    Ok(())
}
