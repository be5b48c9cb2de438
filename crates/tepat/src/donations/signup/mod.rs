//! Donors sign up by themselves: a name, a username, a password and an e-mail address or
//! phone, proven with a six-digit code sent there through the notifications outbox. Until
//! the code is typed the account may sign in and browse, but not pledge (`contact`/
//! `not-verified`), and reminders do not go to the unproven contact.

pub mod pages;

use sha2::{Digest, Sha256};
use sqlx::Row;
use time::{Duration, OffsetDateTime};

use crate::accounts::error::{AccountsError, FieldProblem};
use crate::accounts::service::{AccountInput, prepare_account, write_account};
use crate::accounts::{Acting, password};
use crate::complaints::limit::{self, Limiter, Rule};
use crate::db::{Db, ResultExt, StoreError, Tx, timestamp};
use crate::events::{Action, Actor, Changes, NewEvent};
use crate::notifications::store::{NewNotification, enqueue};
use crate::notifications::template::Message;

/// How long a code may be typed.
pub const CODE_MINUTES: i64 = 30;
/// Wrong codes typed against one code before it stops counting.
pub const ATTEMPTS_MAX: i64 = 5;
/// Codes one account may be sent in all.
pub const CODES_MAX: i64 = 5;
/// Sign-ups and new codes one address may ask for in an hour.
pub const SIGNUPS: Rule = Rule {
    name: "donor-signups",
    max: 5,
    window: Duration::hours(1),
};
/// The outbox kind of the message carrying a code.
pub const CODE_KIND: &str = crate::notifications::CONTACT_CODE;
pub const VERIFIED_ACTION: Action = Action("donor.contact_verified");

/// What the sign-up form sends.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SignupInput {
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_again: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SignupError {
    #[error(transparent)]
    Accounts(#[from] AccountsError),
    #[error("too many requests from this address")]
    TooMany(i64),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<SignupError> for crate::http::AppError {
    fn from(err: SignupError) -> Self {
        match err {
            SignupError::Accounts(err) => err.into(),
            SignupError::TooMany(seconds) => Self::TooManyAttempts {
                retry_after_seconds: seconds,
                message: format!(
                    "too many requests from this address; try again in {seconds} seconds"
                ),
                message_id: format!(
                    "Terlalu banyak permintaan dari alamat ini. Coba lagi dalam {seconds} detik."
                ),
            },
            SignupError::Store(err) => err.into(),
        }
    }
}

fn invalid(field: &'static str, rule: &'static str, en: &str, id: &str) -> SignupError {
    SignupError::Accounts(AccountsError::Invalid(vec![FieldProblem::new(
        field, rule, en, id,
    )]))
}

/// The contact as given: (`email` or `sms`, the address as stored).
fn contact_of(text: &str) -> Result<(&'static str, String), FieldProblem> {
    let refused = || {
        FieldProblem::new(
            "contact",
            "format",
            "give an e-mail address or a phone number (such as 0812 3456 7890)",
            "isi alamat surel atau nomor HP (misalnya 0812 3456 7890)",
        )
    };
    match crate::complaints::input::contact(text) {
        Ok(Some(address)) if address.contains('@') => Ok((crate::notifications::EMAIL, address)),
        Ok(Some(number)) => Ok((crate::notifications::SMS, number)),
        Ok(None) => Err(FieldProblem::new(
            "contact",
            "required",
            "is required: the code to sign up is sent there",
            "wajib diisi: kode pendaftaran dikirim ke sana",
        )),
        Err(_) => Err(refused()),
    }
}

/// Every rule the form breaks, at once; the account to write when none.
async fn read(
    db: &Db,
    input: &SignupInput,
) -> Result<(crate::accounts::store::NewAccount, &'static str, String), SignupError> {
    let mut problems = Vec::new();
    let contact = contact_of(&input.contact)
        .map_err(|p| problems.push(p))
        .ok();
    if password::check_rule(&input.password).is_ok() && input.password != input.password_again {
        problems.push(FieldProblem::new(
            "password_again",
            "match",
            "does not match the password",
            "tidak sama dengan kata sandi",
        ));
    }
    let account = AccountInput {
        username: input.username.clone(),
        display_name: input.display_name.clone(),
        role: "donor".to_owned(),
        region_code: None,
        password: input.password.clone(),
    };
    let account = match prepare_account(db, &account).await {
        Ok(account) => Some(account),
        Err(AccountsError::Invalid(more)) => {
            problems.extend(more);
            None
        }
        Err(other) => return Err(other.into()),
    };
    match (account, contact) {
        (Some(account), Some((channel, address))) if problems.is_empty() => {
            Ok((account, channel, address))
        }
        _ => Err(AccountsError::Invalid(problems).into()),
    }
}

/// Signs a donor up: the account, its contact with a code's hash, and the message carrying
/// the code commit together. Returns the username.
pub async fn register(
    db: &Db,
    limiter: &Limiter,
    input: &SignupInput,
    client: Option<&str>,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<String, SignupError> {
    limiter
        .check(SIGNUPS, client, now)
        .map_err(SignupError::TooMany)?;
    let (account, channel, address) = read(db, input).await?;
    let mut tx = db.begin_write().await?;
    let id = write_account(&mut tx, &Acting::Public(request_id), &account, now).await?;
    sqlx::query(
        "INSERT INTO donor_contacts (account_id, channel, address, created_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(id.0)
    .bind(channel)
    .bind(address)
    .bind(timestamp::to_db(now))
    .execute(&mut *tx)
    .await
    .store()?;
    send_code(&mut tx, id.0, 0, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    limiter.count(SIGNUPS, client, now);
    Ok(account.username.as_str().to_owned())
}

fn digest(code: &str) -> String {
    hex::encode(Sha256::digest(code.as_bytes()))
}

/// Draws a new code for the account's contact, keeps its hash, and queues it as the
/// `sent + 1`-th message of its kind for this account.
async fn send_code(
    tx: &mut Tx,
    account: i64,
    sent: i64,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let code = format!("{:06}", rand::random::<u32>() % 1_000_000);
    sqlx::query(
        "UPDATE donor_contacts SET code_sha256 = $1, code_expires_at = $2, code_attempts = 0, \
         codes_sent = codes_sent + 1 WHERE account_id = $3",
    )
    .bind(digest(&code))
    .bind(timestamp::to_db(now + Duration::minutes(CODE_MINUTES)))
    .bind(account)
    .execute(&mut **tx)
    .await
    .store()?;
    let row = sqlx::query("SELECT channel, address FROM donor_contacts WHERE account_id = $1")
        .bind(account)
        .fetch_one(&mut **tx)
        .await
        .store()?;
    let channel: String = row.try_get(0).store()?;
    let address: String = row.try_get(1).store()?;
    let message = Message {
        subject: "Kode pendaftaran donatur Tepat".to_owned(),
        body: format!(
            "Kode pendaftaran donatur Tepat Anda: {code}. Berlaku {CODE_MINUTES} menit. \
             Jangan berikan kode ini kepada siapa pun, termasuk petugas."
        ),
        link: "/donasi/daftar/verifikasi".to_owned(),
    };
    let new = NewNotification {
        kind: CODE_KIND,
        subject_type: "account",
        subject_id: format!("{account}:{}", sent + 1),
        household_id: None,
        region: String::new(),
        channel: if channel == crate::notifications::SMS {
            crate::notifications::SMS
        } else {
            crate::notifications::EMAIL
        },
        address: Some(address),
        message,
    };
    enqueue(tx, new, now).await?;
    Ok(())
}

/// A donor's contact waiting for its code.
struct Pending {
    account: i64,
    verified: bool,
    code_sha256: Option<String>,
    expires_at: Option<String>,
    attempts: i64,
    sent: i64,
}

async fn pending(tx: &mut Tx, username: &str) -> Result<Option<Pending>, StoreError> {
    let row = sqlx::query(
        "SELECT a.id, c.verified_at, c.code_sha256, c.code_expires_at, \
         c.code_attempts, c.codes_sent FROM accounts a \
         JOIN donor_contacts c ON c.account_id = a.id WHERE a.username = $1 AND a.role = 'donor'",
    )
    .bind(username.trim().to_lowercase())
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    row.map(|r| {
        Ok(Pending {
            account: r.try_get(0).store()?,
            verified: r.try_get::<Option<String>, _>(1).store()?.is_some(),
            code_sha256: r.try_get(2).store()?,
            expires_at: r.try_get(3).store()?,
            attempts: r.try_get(4).store()?,
            sent: r.try_get(5).store()?,
        })
    })
    .transpose()
}

fn no_such_code() -> SignupError {
    invalid(
        "code",
        "wrong",
        "the username or the code is wrong",
        "nama pengguna atau kode salah",
    )
}

/// Proves a donor's contact with the code sent there. A wrong code counts against the
/// code (five end it) and against the address, so codes cannot be guessed.
pub async fn verify(
    db: &Db,
    limiter: &Limiter,
    username: &str,
    code: &str,
    client: Option<&str>,
    now: OffsetDateTime,
) -> Result<(), SignupError> {
    limiter
        .check(limit::MISSED_LOOKUPS, client, now)
        .map_err(SignupError::TooMany)?;
    let mut tx = db.begin_write().await?;
    let Some(found) = pending(&mut tx, username).await? else {
        limiter.count(limit::MISSED_LOOKUPS, client, now);
        return Err(no_such_code());
    };
    if found.verified {
        return Ok(());
    }
    let live = found.attempts < ATTEMPTS_MAX
        && found
            .expires_at
            .as_deref()
            .and_then(timestamp::from_db)
            .is_some_and(|until| now < until);
    if !live {
        return Err(invalid(
            "code",
            "expired",
            "the code is no longer valid; ask for a new one",
            "kode sudah tidak berlaku; minta kode baru",
        ));
    }
    let typed: String = code.chars().filter(char::is_ascii_digit).collect();
    if found.code_sha256.as_deref() != Some(digest(&typed).as_str()) {
        sqlx::query(
            "UPDATE donor_contacts SET code_attempts = code_attempts + 1 WHERE account_id = $1",
        )
        .bind(found.account)
        .execute(&mut *tx)
        .await
        .store()?;
        tx.commit().await.map_err(StoreError::from_sqlx)?;
        limiter.count(limit::MISSED_LOOKUPS, client, now);
        return Err(no_such_code());
    }
    sqlx::query(
        "UPDATE donor_contacts SET verified_at = $1, code_sha256 = NULL, code_expires_at = NULL \
         WHERE account_id = $2",
    )
    .bind(timestamp::to_db(now))
    .bind(found.account)
    .execute(&mut *tx)
    .await
    .store()?;
    let event = NewEvent {
        actor: Actor {
            kind: crate::events::ActorKind::Account,
            id: Some(found.account),
            role: "donor".to_owned(),
        },
        action: VERIFIED_ACTION,
        subject_type: "account",
        subject_id: found.account.to_string(),
        region: None,
        changes: Changes::new().set("contact_verified", true),
        request_id: None,
    };
    crate::events::store::record(&mut tx, event, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    Ok(())
}

/// Sends a new code to a contact not yet proven, up to [`CODES_MAX`] in all.
pub async fn resend(
    db: &Db,
    limiter: &Limiter,
    username: &str,
    client: Option<&str>,
    now: OffsetDateTime,
) -> Result<(), SignupError> {
    limiter
        .check(SIGNUPS, client, now)
        .map_err(SignupError::TooMany)?;
    let mut tx = db.begin_write().await?;
    let found = pending(&mut tx, username).await?;
    let Some(found) = found.filter(|f| !f.verified) else {
        return Err(invalid(
            "username",
            "not-waiting",
            "no sign-up waits for a code under this username",
            "tidak ada pendaftaran yang menunggu kode dengan nama pengguna ini",
        ));
    };
    if found.sent >= CODES_MAX {
        return Err(invalid(
            "code",
            "too-many-codes",
            "no more codes can be sent; ask the village office for help",
            "kode tidak bisa dikirim lagi; minta bantuan kantor desa/kelurahan",
        ));
    }
    send_code(&mut tx, found.account, found.sent, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    limiter.count(SIGNUPS, client, now);
    Ok(())
}

/// Whether the donor may pledge: a contact on record must be proven. Accounts made by an
/// administrator without a contact may.
pub async fn contact_proven(tx: &mut Tx, account: i64) -> Result<bool, StoreError> {
    let row = sqlx::query("SELECT verified_at FROM donor_contacts WHERE account_id = $1")
        .bind(account)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    match row {
        None => Ok(true),
        Some(row) => Ok(row.try_get::<Option<String>, _>(0).store()?.is_some()),
    }
}
