//! SQL for complaints' writes: the route of a category, a new complaint with its photos,
//! each step of its history (with its event and, when the reporter left a contact, a
//! message in the outbox), the escalation of those left unanswered, and published answers.
//! Reading them back is in `read.rs`.

mod read;

pub use read::*;

use sqlx::Row;
use time::OffsetDateTime;

use super::model::status_label;
use crate::complaints::photo::CleanPhoto;
use crate::db::{ResultExt, StoreError, Tx, timestamp};
use crate::events::{self, Action, Actor, Changes, NewEvent};
use crate::region_code::RegionCode;
use crate::web::i18n::Lang;

pub const SUBMITTED: Action = Action("complaint.submitted");
pub const REPLIED: Action = Action("complaint.replied");
pub const RESOLVED: Action = Action("complaint.resolved");
pub const REOPENED: Action = Action("complaint.reopened");
pub const RATED: Action = Action("complaint.rated");
pub const ESCALATED: Action = Action("complaint.escalated");
pub const PUBLISHED: Action = Action("complaint.answer_published");

/// The kind of message a reporter is sent when their complaint changes.
pub const NOTIFICATION_KIND: &str = "complaint.updated";

/// The office level and days to a first response for a category, from the seeded table.
pub async fn route(tx: &mut Tx, category: &str) -> Result<Option<(String, i64)>, StoreError> {
    let row = sqlx::query("SELECT level, sla_days FROM complaint_routes WHERE category = $1")
        .bind(category.to_owned())
        .fetch_optional(&mut **tx)
        .await
        .store()?;
    row.map(|r| Ok((r.try_get(0).store()?, r.try_get(1).store()?)))
        .transpose()
}

/// Whether a region code is a known village and a programme code a known programme.
pub async fn known(tx: &mut Tx, table: &str, code: &str) -> Result<bool, StoreError> {
    let sql = match table {
        "regions" => "SELECT COUNT(*) FROM regions WHERE code = $1",
        _ => "SELECT COUNT(*) FROM programmes WHERE code = $1",
    };
    let n: i64 = sqlx::query_scalar(sql)
        .bind(code.to_owned())
        .fetch_one(&mut **tx)
        .await
        .store()?;
    Ok(n > 0)
}

/// A complaint about to be written.
pub struct NewComplaint<'a> {
    pub code: &'a str,
    pub category: &'a str,
    pub village: &'a RegionCode,
    pub programme: Option<&'a str>,
    pub description: &'a str,
    pub place: Option<(f64, f64)>,
    pub contact: Option<&'a str>,
    pub photos: &'a [CleanPhoto],
    pub office_level: &'a str,
    pub office_region: &'a str,
    pub due: OffsetDateTime,
}

/// The actor of what the public sends: no account.
pub fn citizen() -> Actor {
    Actor {
        role: "citizen".into(),
        ..Actor::system()
    }
}

/// Writes a complaint, its photos, its first history step and its event (the category and
/// the village only: never the reporter, the words or the contact).
pub async fn insert(
    tx: &mut Tx,
    new: &NewComplaint<'_>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let (lat, lon) = new.place.unzip();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO complaints (tracking_code, category, region_code, programme_code, \
         description, latitude, longitude, contact, status, office_level, office_region, \
         due_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11, \
         $12) RETURNING id",
    )
    .bind(new.code.to_owned())
    .bind(new.category.to_owned())
    .bind(new.village.as_str().to_owned())
    .bind(new.programme.map(str::to_owned))
    .bind(new.description.to_owned())
    .bind(lat)
    .bind(lon)
    .bind(new.contact.map(str::to_owned))
    .bind(new.office_level.to_owned())
    .bind(new.office_region.to_owned())
    .bind(timestamp::to_db(new.due))
    .bind(timestamp::to_db(now))
    // An optional number: prepared on every run (see `crate::db`).
    .persistent(false)
    .fetch_one(&mut **tx)
    .await
    .store()?;
    for photo in new.photos {
        sqlx::query(
            "INSERT INTO complaint_photos (complaint_id, photo, photo_type) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(photo.bytes.clone())
        .bind(photo.content_type)
        .execute(&mut **tx)
        .await
        .store()?;
    }
    let step = Step {
        complaint: id,
        kind: "submitted",
        status: super::model::OPEN,
        body: None,
        office_level: Some(new.office_level),
        author: None,
    };
    add_step(tx, &step, now).await?;
    let changes = Changes::new()
        .set("category", new.category)
        .set("status", super::model::OPEN)
        .set("office_level", new.office_level);
    record(
        tx,
        (SUBMITTED, id, new.village.as_str()),
        changes,
        &citizen(),
        None,
        now,
    )
    .await?;
    Ok(id)
}

/// Writes an event about a complaint: (action, complaint, village).
pub async fn record(
    tx: &mut Tx,
    what: (Action, i64, &str),
    changes: Changes,
    actor: &Actor,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let event = NewEvent {
        actor: actor.clone(),
        action: what.0,
        subject_type: "complaint",
        subject_id: what.1.to_string(),
        region: RegionCode::parse(what.2).ok(),
        changes,
        request_id,
    };
    events::store::record(tx, event, now).await?;
    Ok(())
}

/// One step of a complaint's history.
pub struct Step<'a> {
    pub complaint: i64,
    pub kind: &'a str,
    pub status: &'a str,
    pub body: Option<&'a str>,
    pub office_level: Option<&'a str>,
    pub author: Option<&'a str>,
}

/// Writes a history step and, when the reporter gave a contact, queues a message telling
/// them the new status (a step of their own — reopening, rating — tells them nothing).
pub async fn add_step(
    tx: &mut Tx,
    step: &Step<'_>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO complaint_updates (complaint_id, kind, status, body, office_level, \
         author_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(step.complaint)
    .bind(step.kind.to_owned())
    .bind(step.status.to_owned())
    .bind(step.body.map(str::to_owned))
    .bind(step.office_level.map(str::to_owned))
    .bind(step.author.map(str::to_owned))
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()?;
    if !matches!(step.kind, "reopened" | "rated") {
        notify(tx, step, id, now).await?;
    }
    Ok(id)
}

async fn notify(
    tx: &mut Tx,
    step: &Step<'_>,
    update: i64,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let row =
        sqlx::query("SELECT tracking_code, region_code, contact FROM complaints WHERE id = $1")
            .bind(step.complaint)
            .fetch_one(&mut **tx)
            .await
            .store()?;
    let Some(contact): Option<String> = row.try_get(2).store()? else {
        return Ok(());
    };
    let code: String = row.try_get(0).store()?;
    let status = status_label(step.status, Lang::Id);
    let message = crate::notifications::template::Message {
        subject: format!("Pengaduan {code}: {status}"),
        body: format!(
            "Pengaduan Anda {code} kini berstatus \"{status}\". Lihat tanggapan petugas di \
             halaman pantau pengaduan dengan kode ini."
        ),
        link: format!("/lapor/status?kode={code}"),
    };
    let new = crate::notifications::NewNotification {
        kind: NOTIFICATION_KIND,
        subject_type: "complaint_update",
        subject_id: update.to_string(),
        household_id: None,
        region: row.try_get(1).store()?,
        channel: super::input::channel(&contact),
        address: Some(contact),
        message,
    };
    crate::notifications::enqueue(tx, new, now).await?;
    Ok(())
}

/// Sets a complaint's columns for one transition, only while its status is one of
/// `from`; false when it moved meanwhile. `set` is a fixed SQL fragment chosen by the
/// service (never input), with `$1` the time and `$2` the text it carries.
pub async fn transition(
    tx: &mut Tx,
    id: i64,
    from: &[&str],
    set: &'static str,
    text: Option<&str>,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let list = from
        .iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("UPDATE complaints SET {set} WHERE id = $3 AND status IN ({list})");
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(timestamp::to_db(now))
        .bind(text.map(str::to_owned))
        .bind(id)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(done.rows_affected() > 0)
}

/// Records a published answer.
pub async fn publish(
    tx: &mut Tx,
    complaint: i64,
    programme: Option<&str>,
    question: &str,
    answer: &str,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO public_answers (complaint_id, programme_code, question, answer, \
         published_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(complaint)
    .bind(programme.map(str::to_owned))
    .bind(question.to_owned())
    .bind(answer.to_owned())
    .bind(timestamp::to_db(now))
    .fetch_one(&mut **tx)
    .await
    .store()
}

/// Moves a complaint to the office region of its new level.
pub async fn set_office_region(tx: &mut Tx, id: i64, region: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE complaints SET office_region = $1 WHERE id = $2")
        .bind(region.to_owned())
        .bind(id)
        .execute(&mut **tx)
        .await
        .store()?;
    Ok(())
}
