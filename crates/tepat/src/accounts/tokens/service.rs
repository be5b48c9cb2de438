//! Token operations shared by pages, the API and the command line — create and revoke,
//! each one transaction with its event — and authenticating a bearer token as its account.

use time::{Duration, OffsetDateTime};

use super::model::{TOKEN_PREFIX, TokenId};
use super::rules::{self, ScopeChoice};
use super::store::{self, NewToken};
use crate::accounts::acting::Acting;
use crate::accounts::error::{AccountsError, FieldProblem};
use crate::accounts::store::{self as accounts_store, Account};
use crate::accounts::{AccountStatus, Username};
use crate::auth::{AccountId, ApiScope, Auth, Principal};
use crate::db::{Db, StoreError, Tx};
use crate::events::{self, Action, Actor, ActorKind, Changes, NewEvent};
use crate::http::token::{random_token, token_hash};

pub const TOKEN_CREATED: Action = Action("api_token.created");
pub const TOKEN_REVOKED: Action = Action("api_token.revoked");

/// How often the last-use time is refreshed; bounds writes from busy clients.
const LAST_USED_REFRESH_SECONDS: i64 = 60;
/// Characters of the secret kept to recognise a token in lists (`tpt_` and six more).
const SECRET_PREFIX_LENGTH: usize = 10;

/// A token as requested through a form, the API or the command line.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct TokenInput {
    /// The client's name, e.g. `Bank Jakarta — payment statuses`.
    pub name: String,
    /// The account the token acts as: its identity, role and region scope.
    pub username: String,
    /// Scopes, each one the account's role allows, e.g. `regions:read`.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Grants every scope the account's role allows, instead of listing `scopes`.
    #[serde(default)]
    pub all_scopes: bool,
}

/// A new token: its id and the secret, which is shown once and never stored.
#[derive(Debug, Clone)]
pub struct CreatedToken {
    pub id: TokenId,
    pub secret: String,
}

/// What revoking found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revocation {
    Revoked,
    /// Revoked before; nothing was written.
    AlreadyRevoked,
}

/// The account a token will act as, or why it cannot.
async fn owner(tx: &mut Tx, username: &str) -> Result<Result<Account, FieldProblem>, StoreError> {
    let username = username.trim().to_lowercase();
    if username.is_empty() {
        return Ok(Err(FieldProblem::required("username")));
    }
    let found = match Username::parse(&username) {
        Ok(valid) => accounts_store::find_by_username(tx, valid.as_str()).await?,
        Err(_) => None,
    };
    Ok(match found {
        None => Err(FieldProblem::new(
            "username",
            "unknown",
            "no account has this username",
            "tidak ada akun dengan nama pengguna ini",
        )),
        Some(account) if account.status != AccountStatus::Active => Err(FieldProblem::new(
            "username",
            "disabled",
            "the account is disabled; enable it first",
            "akun ini dinonaktifkan; aktifkan dulu",
        )),
        Some(account) => Ok(account),
    })
}

/// Checks every field against the stored account and reports all failures at once.
async fn validate(
    tx: &mut Tx,
    input: &TokenInput,
) -> Result<(String, Account, Vec<ApiScope>), AccountsError> {
    let mut problems = Vec::new();
    let name = rules::name(&input.name).map_err(|p| problems.push(p)).ok();
    let account = owner(tx, &input.username)
        .await?
        .map_err(|p| problems.push(p))
        .ok();
    let choice: Option<ScopeChoice> = rules::choice(&input.scopes, input.all_scopes)
        .map_err(|p| problems.push(p))
        .ok();
    let scopes = match (&account, choice) {
        (Some(account), Some(choice)) => rules::grant(account.role, choice)
            .map_err(|p| problems.push(p))
            .ok(),
        _ => None,
    };
    match (name, account, scopes) {
        (Some(name), Some(account), Some(scopes)) if problems.is_empty() => {
            Ok((name, account, scopes))
        }
        _ => Err(AccountsError::Invalid(problems)),
    }
}

/// Creates an API token acting as an account, with its event.
pub async fn create_token(
    db: &Db,
    acting: Acting<'_>,
    input: &TokenInput,
    now: OffsetDateTime,
) -> Result<CreatedToken, AccountsError> {
    let mut tx = db.begin_write().await?;
    let (name, account, scopes) = validate(&mut tx, input).await?;
    acting.check_covers(account.region_code.as_ref())?;
    let secret = format!("{TOKEN_PREFIX}{}", random_token());
    let token = NewToken {
        account_id: AccountId(account.id),
        name,
        scopes,
        secret_hash: token_hash(&secret),
        secret_prefix: secret.chars().take(SECRET_PREFIX_LENGTH).collect(),
        created_by: acting.account_id(),
    };
    let id = store::insert(&mut tx, &token, now).await?;
    let changes = Changes::new()
        .set("name", token.name.clone())
        .set("account", account.username.clone())
        .set("account_id", account.id)
        .set("role", account.role.as_str())
        .set(
            "scopes",
            token.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        );
    let event = NewEvent {
        actor: acting.actor(),
        action: TOKEN_CREATED,
        subject_type: "api_token",
        subject_id: id.to_string(),
        region: account.region_code.clone(),
        changes,
        request_id: acting.request_id(),
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit().await?;
    Ok(CreatedToken { id, secret })
}

/// Revokes a token with its event; revoking twice writes nothing and says so.
pub async fn revoke_token(
    db: &Db,
    acting: Acting<'_>,
    id: TokenId,
    now: OffsetDateTime,
) -> Result<Revocation, AccountsError> {
    let mut tx = db.begin_write().await?;
    let token = store::find(&mut tx, id)
        .await?
        .ok_or(AccountsError::TokenNotFound(id.0))?;
    // A token outside the administrator's scope answers like a missing one.
    acting
        .check_covers(token.region_code.as_ref())
        .map_err(|_| AccountsError::TokenNotFound(id.0))?;
    if !store::revoke(&mut tx, id, now).await? {
        return Ok(Revocation::AlreadyRevoked);
    }
    let event = NewEvent {
        actor: acting.actor(),
        action: TOKEN_REVOKED,
        subject_type: "api_token",
        subject_id: id.to_string(),
        region: token.region_code.clone(),
        changes: Changes::new()
            .change("revoked", false, true)
            .set("account", token.username.clone()),
        request_id: acting.request_id(),
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit().await?;
    Ok(Revocation::Revoked)
}

/// Resolves a bearer token to the principal of its account, with the token's scopes. A
/// token that is unknown or revoked, or whose account is disabled, authenticates no one.
pub async fn authenticate(db: &Db, secret: &str, now: OffsetDateTime) -> Result<Auth, StoreError> {
    let Some(owner) = store::find_owner(db, &token_hash(secret)).await? else {
        return Ok(Auth::BadToken);
    };
    if owner.status != AccountStatus::Active {
        return Ok(Auth::BadToken);
    }
    let stale = owner
        .last_used_at
        .is_none_or(|at| now - at > Duration::seconds(LAST_USED_REFRESH_SECONDS));
    if stale {
        store::touch(db, owner.token_id, now).await?;
    }
    Ok(Auth::Token(Principal {
        actor: Actor {
            kind: ActorKind::Account,
            id: Some(owner.account_id.0),
            role: owner.role.as_str().to_owned(),
        },
        name: owner.username,
        role: owner.role,
        region: owner.region,
        token_scopes: Some(owner.scopes),
    }))
}
