//! Complaint operations: the reporter's side (`public.rs`); for officials, the list and
//! view within their region scope, replying and resolving at the level that must answer,
//! publishing an answered question, and the escalation of complaints left without a first
//! response past their days.

mod public;

pub use public::{ComplaintInput, rate, reopen, status, submit, waiting};

use time::{Duration, OffsetDateTime};

use super::error::ComplaintError;
use super::input::{self, refused};
use super::model::{ANSWERED, Complaint, OPEN, QUESTION, REOPENED, RESOLVED, answering_role};
use super::model::{CATEGORIES, STATUSES, level_above, office_region};
use super::store::{self, Filter, Step};
use crate::auth::{Permission, Principal};
use crate::db::{Db, StoreError};
use crate::events::Changes;
use crate::region_code::RegionCode;

/// Reads a filter's value against its codes.
pub fn filter_value(
    value: Option<&str>,
    field: &'static str,
    codes: &[&str],
) -> Result<String, ComplaintError> {
    let value = value.map(str::trim).unwrap_or_default();
    if value.is_empty() || codes.contains(&value) {
        Ok(value.to_owned())
    } else {
        Err(ComplaintError::BadFilter(crate::web::form::FieldRule::new(
            field,
            "choice",
            &format!("{field} must be one of {}", codes.join(", ")),
            &format!("{field} harus salah satu dari {}", codes.join(", ")),
        )))
    }
}

/// The status and category filters.
pub fn filters(
    status: Option<&str>,
    category: Option<&str>,
) -> Result<(String, String), ComplaintError> {
    Ok((
        filter_value(status, "status", &STATUSES)?,
        filter_value(category, "category", &CATEGORIES)?,
    ))
}

/// Complaints inside the caller's scope, newest first.
pub async fn list(
    db: &Db,
    caller: &Principal,
    filter: &Filter<'_>,
    now: OffsetDateTime,
) -> Result<Vec<Complaint>, ComplaintError> {
    caller.allows(Permission::ReadComplaints, false)?;
    if filter.region.is_some_and(|r| !caller.covers(r)) {
        return Err(ComplaintError::NotFound);
    }
    Ok(store::list(db, caller.region.as_ref(), filter, now).await?)
}

fn region_of(code: &str) -> Result<RegionCode, ComplaintError> {
    RegionCode::parse(code).map_err(|e| ComplaintError::Inconsistent(format!("stored region: {e}")))
}

/// One complaint, if inside the caller's scope.
pub async fn find(
    db: &Db,
    caller: &Principal,
    id: i64,
    now: OffsetDateTime,
) -> Result<Complaint, ComplaintError> {
    caller.allows(Permission::ReadComplaints, false)?;
    let found = store::find(db, id, now)
        .await?
        .ok_or(ComplaintError::NotFound)?;
    if !caller.covers(&region_of(&found.region_code)?) {
        return Err(ComplaintError::NotFound);
    }
    Ok(found)
}

/// The `n`th photo of a complaint inside the caller's scope.
pub async fn photo(
    db: &Db,
    caller: &Principal,
    id: i64,
    n: i64,
    now: OffsetDateTime,
) -> Result<(Vec<u8>, String), ComplaintError> {
    find(db, caller, id, now).await?;
    store::photo(db, id, n)
        .await?
        .ok_or(ComplaintError::NotFound)
}

/// An official's reply or final answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Reply,
    Resolve,
}

/// Replies to a complaint, or resolves it with the answer the reporter reads; only the
/// office of the level that must answer may, inside its region.
pub async fn answer(
    db: &Db,
    caller: &Principal,
    id: i64,
    kind: Answer,
    text: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Complaint, ComplaintError> {
    caller.allows(Permission::AnswerComplaints, true)?;
    let text = input::words(text, "answer", 10, 2000)?;
    let mut tx = db.begin_write().await?;
    let c = store::find_in(&mut tx, id, now)
        .await?
        .ok_or(ComplaintError::NotFound)?;
    if !caller.covers(&region_of(&c.region_code)?) {
        return Err(ComplaintError::NotFound);
    }
    if c.status == RESOLVED {
        return Err(refused(
            "status",
            "resolved",
            "the complaint is resolved",
            "pengaduan ini sudah selesai dijawab",
        ));
    }
    if caller.role != answering_role(&c.office_level) {
        return Err(refused(
            "level",
            "not-your-level",
            "this complaint is answered by another office",
            "pengaduan ini ditangani oleh kantor lain",
        ));
    }
    let (set, status, kind_code, action) = transition_of(kind);
    let text_for_set = if kind == Answer::Reply {
        None
    } else {
        Some(text.as_str())
    };
    if !store::transition(
        &mut tx,
        id,
        &[OPEN, ANSWERED, REOPENED],
        set,
        text_for_set,
        now,
    )
    .await?
    {
        return Err(ComplaintError::NotFound);
    }
    let step = Step {
        complaint: id,
        kind: kind_code,
        status,
        body: Some(&text),
        office_level: Some(&c.office_level),
        author: Some(&caller.name),
    };
    store::add_step(&mut tx, &step, now).await?;
    let changes = Changes::new().change("status", c.status.as_str(), status);
    let what = (action, id, c.region_code.as_str());
    store::record(&mut tx, what, changes, &caller.actor, request_id, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    find(db, caller, id, now).await
}

/// What an answer of `kind` sets, the status it leads to, its history kind and action.
fn transition_of(
    kind: Answer,
) -> (
    &'static str,
    &'static str,
    &'static str,
    crate::events::Action,
) {
    match kind {
        Answer::Reply => (
            "status = 'answered', first_response_at = COALESCE(first_response_at, $1), \
             answer = COALESCE(answer, $2)",
            ANSWERED,
            "replied",
            store::REPLIED,
        ),
        Answer::Resolve => (
            "status = 'resolved', first_response_at = COALESCE(first_response_at, $1), \
             resolved_at = $1, answer = $2",
            RESOLVED,
            "resolved",
            store::RESOLVED,
        ),
    }
}

/// Publishes an answered question as a public answer, with the words the official edited
/// to hold nothing personal; returns the answer's id.
pub async fn publish(
    db: &Db,
    caller: &Principal,
    id: i64,
    question: &str,
    answer: &str,
    now: OffsetDateTime,
) -> Result<i64, ComplaintError> {
    caller.allows(Permission::AnswerComplaints, true)?;
    let question = input::words(question, "question", 10, 1000)?;
    let answer = input::words(answer, "answer", 10, 2000)?;
    let mut tx = db.begin_write().await?;
    let c = store::find_in(&mut tx, id, now)
        .await?
        .ok_or(ComplaintError::NotFound)?;
    if !caller.covers(&region_of(&c.region_code)?) {
        return Err(ComplaintError::NotFound);
    }
    if c.category != QUESTION || c.status != RESOLVED {
        return Err(refused(
            "status",
            "not-an-answered-question",
            "only an answered question may be published",
            "hanya pertanyaan yang sudah dijawab yang dapat diterbitkan",
        ));
    }
    let published = store::publish(&mut tx, id, c.programme.as_deref(), &question, &answer, now)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => refused(
                "status",
                "published",
                "this question is published already",
                "pertanyaan ini sudah diterbitkan",
            ),
            other => other.into(),
        })?;
    let changes = Changes::new().set("public_answer", published);
    let what = (store::PUBLISHED, id, c.region_code.as_str());
    store::record(&mut tx, what, changes, &caller.actor, None, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    Ok(published)
}

/// Moves every complaint left without a first response past its days one level up, with
/// its days again, an event and a message to the reporter; returns how many moved.
pub async fn escalate_overdue(db: &Db, now: OffsetDateTime) -> Result<usize, ComplaintError> {
    let mut tx = db.begin_write().await?;
    let due = store::due(&mut tx, now).await?;
    for (id, village, level, category) in &due {
        let Some(next) = level_above(level) else {
            continue;
        };
        let days = store::route(&mut tx, category).await?.map_or(7, |(_, d)| d);
        let region = office_region(&region_of(village)?, next);
        let set = "office_level = $2, due_at = $1";
        let due_again = now + Duration::days(days);
        store::transition(&mut tx, *id, &[OPEN, REOPENED], set, Some(next), due_again).await?;
        store::set_office_region(&mut tx, *id, &region).await?;
        let status = store::find_in(&mut tx, *id, now)
            .await?
            .map(|c| c.status)
            .unwrap_or_default();
        let step = Step {
            complaint: *id,
            kind: "escalated",
            status: &status,
            body: None,
            office_level: Some(next),
            author: None,
        };
        store::add_step(&mut tx, &step, now).await?;
        let changes = Changes::new().change("office_level", level.as_str(), next);
        let what = (store::ESCALATED, *id, village.as_str());
        store::record(
            &mut tx,
            what,
            changes,
            &crate::events::Actor::system(),
            None,
            now,
        )
        .await?;
    }
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    Ok(due.len())
}
