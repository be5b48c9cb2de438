//! Account operations shared by pages, the API and the command line. Each state change is
//! one transaction with its event.

use time::OffsetDateTime;

use super::model::{AccountStatus, Username};
use super::store::{self, Account, NewAccount};
use super::throttle::{self, Gate};
use super::tokens::{self, NewToken};
use super::{password, session};
use crate::auth::ApiScope;
use crate::auth::{AccountId, Principal, Role};
use crate::db::Db;
use crate::events::{self, Action, Actor, Changes, NewEvent};
use crate::http::{AppError, FieldError};
use crate::region_code::RegionCode;
use crate::regions;

pub const ACCOUNT_CREATED: Action = Action("account.created");
pub const ACCOUNT_STATUS_CHANGED: Action = Action("account.status_changed");
pub const ACCOUNT_LOCKED: Action = Action("account.locked");
pub const TOKEN_CREATED: Action = Action("api_token.created");
pub const TOKEN_REVOKED: Action = Action("api_token.revoked");

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

/// Who is acting: an administrator through the web or API, or the command line.
pub enum Acting<'a> {
    Principal(&'a Principal, Option<String>),
    CommandLine,
}

impl Acting<'_> {
    fn actor(&self) -> Actor {
        match self {
            Self::Principal(p, _) => p.actor.clone(),
            Self::CommandLine => Actor::system(),
        }
    }

    fn request_id(&self) -> Option<String> {
        match self {
            Self::Principal(_, id) => id.clone(),
            Self::CommandLine => None,
        }
    }

    /// The acting administrator's scope must contain the target scope.
    fn check_covers(&self, target: Option<&RegionCode>) -> Result<(), AppError> {
        match (self, target) {
            (Self::CommandLine, _) => Ok(()),
            (Self::Principal(p, _), Some(region)) if p.covers(region) => Ok(()),
            (Self::Principal(p, _), None) if p.region.is_none() => Ok(()),
            _ => Err(AppError::OutsideScope),
        }
    }
}

fn field(name: &str, rule: &str, (en, id): (String, String)) -> FieldError {
    FieldError::new(name, rule, &en, &id)
}

fn required(name: &str) -> FieldError {
    FieldError::new(name, "required", "is required", "wajib diisi")
}

/// Checks every field and reports all failures at once.
async fn validate(db: &Db, input: &AccountInput) -> Result<NewAccount, AppError> {
    let mut errors = Vec::new();
    let username = Username::parse(&input.username)
        .map_err(|m| errors.push(field("username", "format", m)))
        .ok();
    let display_name = input.display_name.trim().to_owned();
    if display_name.is_empty() {
        errors.push(required("display_name"));
    } else if display_name.chars().count() > DISPLAY_NAME_LENGTH_MAX {
        errors.push(FieldError::new(
            "display_name",
            "length",
            "is longer than 120 characters",
            "lebih dari 120 karakter",
        ));
    }
    let role = Role::parse(&input.role)
        .map_err(|e| errors.push(FieldError::localized("role", "unknown", &e)))
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
                errors.push(FieldError::localized("region_code", "region", &err));
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
            errors.push(FieldError::localized("region_code", "scope", &err));
        }
    }
    if let Err(m) = password::check_rule(&input.password) {
        errors.push(field("password", "length", m));
    }
    match (errors.is_empty(), username, role) {
        (true, Some(username), Some(role)) => Ok(NewAccount {
            username,
            display_name,
            role,
            region,
            password_hash: String::new(),
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Creates an official account with its event.
pub async fn create_account(
    db: &Db,
    acting: Acting<'_>,
    input: &AccountInput,
    now: OffsetDateTime,
) -> Result<Account, AppError> {
    let mut account = validate(db, input).await?;
    acting.check_covers(account.region.as_ref())?;
    account.password_hash = password::hash(input.password.clone()).await?;
    let mut tx = db.begin().await?;
    let id = match store::insert(&mut tx, &account, now).await {
        Ok(id) => id,
        Err(err) if err.is_conflict_on("accounts_username_key", "accounts.username") => {
            return Err(AppError::Conflict(FieldError::new(
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
    events::store::record(&mut tx, event, now).await?;
    tx.commit()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    store::find(db, id).await?.ok_or(AppError::NotFound)
}

/// Enables or disables an account (which also clears a login lock).
pub async fn set_status(
    db: &Db,
    acting: Acting<'_>,
    id: AccountId,
    status: AccountStatus,
    now: OffsetDateTime,
) -> Result<Account, AppError> {
    let account = store::find(db, id).await?.ok_or(AppError::NotFound)?;
    acting.check_covers(account.region_code.as_ref())?;
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
    tx.commit()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    store::find(db, id).await?.ok_or(AppError::NotFound)
}

/// Why a login was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginRefused {
    BadCredentials,
    Wait { seconds: i64 },
    Locked { until: OffsetDateTime },
}

/// Checks a password and opens a session; throttles and locks on repeated failures.
pub async fn login(
    db: &Db,
    username: &str,
    secret: &str,
    now: OffsetDateTime,
) -> Result<Result<String, LoginRefused>, AppError> {
    let username = username.trim().to_lowercase();
    let Some((account, phc)) = store::find_for_login(db, &username).await? else {
        // Spend the same work as a real check so that timing does not reveal the name.
        let _ = password::hash(secret.to_owned()).await;
        return Ok(Err(LoginRefused::BadCredentials));
    };
    match throttle::gate(&account.login, now) {
        Gate::Open => {}
        Gate::Wait { seconds } => return Ok(Err(LoginRefused::Wait { seconds })),
        Gate::Locked { until } => return Ok(Err(LoginRefused::Locked { until })),
    }
    let id = AccountId(account.id);
    let matches = password::verify(secret.to_owned(), phc).await;
    if matches && account.status == AccountStatus::Active {
        store::save_login_state(db, id, &throttle::LoginState::default()).await?;
        return Ok(Ok(session::create(db, id, now).await?));
    }
    let state = throttle::after_failure(&account.login, now);
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
) -> Result<(), AppError> {
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
    tx.commit()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(())
}

/// A token as requested by an administrator.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct TokenInput {
    /// The client's name, e.g. `Bank Jakarta — payment statuses`.
    pub name: String,
    pub role: String,
    #[serde(default)]
    pub region_code: Option<String>,
    pub scopes: Vec<String>,
}

/// Creates an API token; returns its id and the secret (shown once).
pub async fn create_token(
    db: &Db,
    acting: Acting<'_>,
    input: &TokenInput,
    now: OffsetDateTime,
) -> Result<(i64, String), AppError> {
    let as_account = AccountInput {
        username: "token".into(),
        display_name: input.name.clone(),
        role: input.role.clone(),
        region_code: input.region_code.clone(),
        password: "x".repeat(password::PASSWORD_LENGTH_MIN),
    };
    let checked = validate(db, &as_account)
        .await
        .map_err(rename_display_name)?;
    let mut scopes = Vec::new();
    for text in &input.scopes {
        match ApiScope::parse(text.trim()) {
            Some(scope) if !scopes.contains(&scope) => scopes.push(scope),
            Some(_) => {}
            None => {
                return Err(AppError::invalid(FieldError::new(
                    "scopes",
                    "unknown",
                    &format!("unknown scope {text:?}"),
                    &format!("cakupan \"{text}\" tidak dikenal"),
                )));
            }
        }
    }
    if scopes.is_empty() {
        return Err(AppError::invalid(FieldError::new(
            "scopes",
            "required",
            "at least one scope is required",
            "pilih minimal satu cakupan",
        )));
    }
    acting.check_covers(checked.region.as_ref())?;
    let created_by = match &acting {
        Acting::Principal(p, _) => p.actor.id,
        Acting::CommandLine => None,
    };
    let token = NewToken {
        name: checked.display_name,
        role: checked.role,
        region: checked.region,
        scopes,
        created_by,
    };
    let mut tx = db.begin().await?;
    let (id, secret) = tokens::create(&mut tx, &token, now).await?;
    let changes = Changes::new()
        .set("name", token.name.clone())
        .set("role", token.role.as_str())
        .set(
            "scopes",
            token.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        );
    let event = NewEvent {
        actor: acting.actor(),
        action: TOKEN_CREATED,
        subject_type: "api_token",
        subject_id: id.to_string(),
        region: token.region.clone(),
        changes,
        request_id: acting.request_id(),
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok((id, secret))
}

fn rename_display_name(err: AppError) -> AppError {
    match err {
        AppError::Invalid(fields) => AppError::Invalid(
            fields
                .into_iter()
                .map(|mut f| {
                    if f.field == "display_name" {
                        f.field = "name".into();
                    }
                    f
                })
                .collect(),
        ),
        other => other,
    }
}

/// Revokes a token with its event; revoking twice is not an error and records nothing.
pub async fn revoke_token(
    db: &Db,
    acting: Acting<'_>,
    id: i64,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let token = tokens::find(db, id).await?.ok_or(AppError::NotFound)?;
    acting.check_covers(token.region_code.as_ref())?;
    let mut tx = db.begin().await?;
    if !tokens::revoke(&mut tx, id, now).await? {
        return Ok(());
    }
    let event = NewEvent {
        actor: acting.actor(),
        action: TOKEN_REVOKED,
        subject_type: "api_token",
        subject_id: id.to_string(),
        region: token.region_code.clone(),
        changes: Changes::new().change("revoked", false, true),
        request_id: acting.request_id(),
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(())
}
