//! The reporter's side of a complaint: filing it from the public form or the API (checked
//! whole before anything is written, limited per client address), following it by
//! tracking code, reopening it once and rating the answer.

use time::{Duration, OffsetDateTime};

use crate::complaints::error::ComplaintError;
use crate::complaints::input::{self, refused};
use crate::complaints::limit::{self, Limiter};
use crate::complaints::model::{
    CATEGORIES, ComplaintStatus, OPEN, REOPENED, RESOLVED, office_region,
};
use crate::complaints::store::{self, NewComplaint, Step};
use crate::db::{Db, StoreError};

/// What a reporter sends.
#[derive(Debug, Clone, Default)]
pub struct ComplaintInput {
    pub category: String,
    /// The village, chosen from the lists or typed.
    pub region: String,
    pub programme: String,
    pub description: String,
    pub photos: Vec<Vec<u8>>,
    pub latitude: String,
    pub longitude: String,
    pub contact: String,
}

/// A fresh tracking code, `LPR-` and eight letters and digits that cannot be misread.
fn tracking_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let raw: [u8; 8] = rand::random();
    let code: String = raw
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    format!("LPR-{code}")
}

/// Files a complaint; returns its tracking code. Nothing is written when it is refused.
pub async fn submit(
    db: &Db,
    limiter: &Limiter,
    input: &ComplaintInput,
    client: Option<&str>,
    now: OffsetDateTime,
) -> Result<String, ComplaintError> {
    limiter
        .check(limit::COMPLAINTS, client, now)
        .map_err(ComplaintError::TooMany)?;
    let category = CATEGORIES
        .into_iter()
        .find(|c| *c == input.category.trim())
        .ok_or_else(|| {
            refused(
                "category",
                "choice",
                "choose a category",
                "pilih jenis pengaduan",
            )
        })?;
    let village = input::region(&input.region, "region", true)?;
    let description = input::words(&input.description, "description", 10, 2000)?;
    let place = input::place(&input.latitude, &input.longitude)?;
    let contact = input::contact(&input.contact)?;
    let photos = input::photos(&input.photos)?;
    let programme = input.programme.trim();
    let mut tx = db.begin_write().await?;
    if !store::known(&mut tx, "regions", village.as_str()).await? {
        return Err(refused(
            "region",
            "unknown",
            "no such village",
            "desa/kelurahan tidak dikenal",
        ));
    }
    if !programme.is_empty() && !store::known(&mut tx, "programmes", programme).await? {
        return Err(refused(
            "programme",
            "unknown",
            "no such programme",
            "program tidak dikenal",
        ));
    }
    let (level, days) = store::route(&mut tx, category)
        .await?
        .ok_or_else(|| ComplaintError::Inconsistent(format!("no route for {category}")))?;
    let code = tracking_code();
    let new = NewComplaint {
        code: &code,
        category,
        village: &village,
        programme: (!programme.is_empty()).then_some(programme),
        description: &description,
        place,
        contact: contact.as_deref(),
        photos: &photos,
        office_level: &level,
        office_region: &office_region(&village, &level),
        due: now + Duration::days(days),
    };
    store::insert(&mut tx, &new, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    limiter.count(limit::COMPLAINTS, client, now);
    Ok(code)
}

/// A tracking code as typed: trimmed, in capitals, bounded.
fn code_of(code: &str) -> Result<String, ComplaintError> {
    let code = code.trim().to_uppercase();
    if code.len() > 20 {
        return Err(ComplaintError::NotFound);
    }
    Ok(code)
}

/// Where a complaint stands, by its tracking code; a code that finds nothing counts
/// against the address, so that codes cannot be guessed.
pub async fn status(
    db: &Db,
    limiter: &Limiter,
    code: &str,
    client: Option<&str>,
    now: OffsetDateTime,
) -> Result<ComplaintStatus, ComplaintError> {
    limiter
        .check(limit::MISSED_LOOKUPS, client, now)
        .map_err(ComplaintError::TooMany)?;
    let code = code_of(code)?;
    let mut tx = db.begin().await?;
    let found = match store::id_of(&mut tx, &code).await? {
        Some(id) => store::find_in(&mut tx, id, now).await?,
        None => None,
    };
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    let Some(c) = found else {
        limiter.count(limit::MISSED_LOOKUPS, client, now);
        return Err(ComplaintError::NotFound);
    };
    Ok(ComplaintStatus {
        may_reopen: c.status == RESOLVED && !c.reopened,
        may_rate: c.status == RESOLVED && c.rating.is_none(),
        tracking_code: c.tracking_code,
        category: c.category,
        region_code: c.region_code,
        status: c.status,
        office_level: c.office_level,
        due_at: c.due_at,
        answer: c.answer,
        rating: c.rating,
        created_at: c.created_at,
        history: c.history,
    })
}

/// Reopens a resolved complaint, once, with what the reporter still finds wrong; the
/// office that answered has its days again.
pub async fn reopen(
    db: &Db,
    code: &str,
    reason: &str,
    now: OffsetDateTime,
) -> Result<(), ComplaintError> {
    let reason = input::words(reason, "reason", 10, 1000)?;
    let mut tx = db.begin_write().await?;
    let id = store::id_of(&mut tx, &code_of(code)?)
        .await?
        .ok_or(ComplaintError::NotFound)?;
    let c = store::find_in(&mut tx, id, now)
        .await?
        .ok_or(ComplaintError::NotFound)?;
    if c.status != RESOLVED || c.reopened {
        return Err(refused(
            "reopen",
            "once",
            "a complaint may be reopened once, after it is resolved",
            "pengaduan hanya dapat dibuka kembali satu kali, setelah selesai dijawab",
        ));
    }
    let days = store::route(&mut tx, &c.category)
        .await?
        .map_or(7, |(_, d)| d);
    let due = crate::db::timestamp::to_db(now + Duration::days(days));
    let set = "status = 'reopened', reopened = 1, resolved_at = NULL, due_at = $2, \
               first_response_at = COALESCE(first_response_at, $1)";
    if !store::transition(&mut tx, id, &[RESOLVED], set, Some(&due), now).await? {
        return Err(ComplaintError::NotFound);
    }
    let step = Step {
        complaint: id,
        kind: "reopened",
        status: REOPENED,
        body: Some(&reason),
        office_level: Some(&c.office_level),
        author: None,
    };
    store::add_step(&mut tx, &step, now).await?;
    let changes = crate::events::Changes::new().change("status", RESOLVED, REOPENED);
    let what = (store::REOPENED, id, c.region_code.as_str());
    store::record(&mut tx, what, changes, &store::citizen(), None, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    Ok(())
}

/// Rates the answer of a resolved complaint, 1 to 5, once.
pub async fn rate(
    db: &Db,
    code: &str,
    stars: &str,
    now: OffsetDateTime,
) -> Result<(), ComplaintError> {
    let stars: i64 = stars
        .trim()
        .parse()
        .ok()
        .filter(|n| (1..=5).contains(n))
        .ok_or_else(|| {
            refused(
                "rating",
                "range",
                "rate from 1 to 5",
                "beri nilai 1 sampai 5",
            )
        })?;
    let mut tx = db.begin_write().await?;
    let id = store::id_of(&mut tx, &code_of(code)?)
        .await?
        .ok_or(ComplaintError::NotFound)?;
    let c = store::find_in(&mut tx, id, now)
        .await?
        .ok_or(ComplaintError::NotFound)?;
    let text = stars.to_string();
    let set = "rating = CAST($2 AS BIGINT), resolved_at = COALESCE(resolved_at, $1)";
    if c.rating.is_some()
        || !store::transition(&mut tx, id, &[RESOLVED], set, Some(&text), now).await?
    {
        return Err(refused(
            "rating",
            "once",
            "the answer is rated once, after it is resolved",
            "jawaban dinilai satu kali, setelah pengaduan selesai dijawab",
        ));
    }
    let step = Step {
        complaint: id,
        kind: "rated",
        status: RESOLVED,
        body: Some(&text),
        office_level: None,
        author: None,
    };
    store::add_step(&mut tx, &step, now).await?;
    let changes = crate::events::Changes::new().set("rating", stars);
    let what = (store::RATED, id, c.region_code.as_str());
    store::record(&mut tx, what, changes, &store::citizen(), None, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    Ok(())
}

/// Whether a status still waits for a first response from the office.
pub fn waiting(status: &str) -> bool {
    matches!(status, OPEN | REOPENED)
}
