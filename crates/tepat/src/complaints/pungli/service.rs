//! Pungli operations: an anonymous report (checked whole before anything is written, no
//! address or user agent kept, a secret code of 256 bits shown once and stored only as its
//! hash), following and adding to it with the code (a code that finds nothing counts
//! against the address, with the same answer whether or not it exists), the
//! inspectorate's list, view and answers, escalation, and the public figures.

use time::{Date, Duration, OffsetDateTime};

use super::model::{
    ACCUSED_ROLES, ANSWERED, CLOSED, PungliFigures, PungliReport, PungliStatus, RESPONSE_DAYS,
    inspectorate_above,
};
use super::store::{self, NewReport};
use crate::auth::{Permission, Principal};
use crate::complaints::error::ComplaintError;
use crate::complaints::input::{self, refused};
use crate::complaints::limit::{self, Limiter};
use crate::db::{Db, StoreError, timestamp};
use crate::events::{Actor, Changes};
use crate::http::token::{random_token, token_hash};

/// What a reporter sends.
#[derive(Debug, Clone, Default)]
pub struct ReportInput {
    pub accused_role: String,
    /// The accused's region: the office's village, district, regency or province.
    pub accused_region: String,
    pub accused_name: String,
    pub description: String,
    /// `YYYY-MM-DD`.
    pub happened_on: String,
    pub place: String,
    pub contact: String,
    pub photos: Vec<Vec<u8>>,
}

/// The actor of an anonymous report.
fn anonymous() -> Actor {
    Actor {
        role: "citizen".into(),
        ..Actor::system()
    }
}

fn happened_on(text: &str, today: Date) -> Result<String, ComplaintError> {
    let format = time::format_description::well_known::Iso8601::DATE;
    let date = Date::parse(text.trim(), &format).map_err(|_| {
        refused(
            "happened_on",
            "format",
            "give the date it happened",
            "isi tanggal kejadian",
        )
    })?;
    if date > today || date < today - Duration::days(5 * 366) {
        return Err(refused(
            "happened_on",
            "range",
            "the date must be within the last five years and not in the future",
            "tanggal kejadian harus dalam lima tahun terakhir dan tidak di masa depan",
        ));
    }
    Ok(date.to_string())
}

/// Takes a report; returns its secret code, the only time it is shown.
pub async fn submit(
    db: &Db,
    limiter: &Limiter,
    input: &ReportInput,
    client: Option<&str>,
    now: OffsetDateTime,
) -> Result<String, ComplaintError> {
    limiter
        .check(limit::PUNGLI_REPORTS, client, now)
        .map_err(ComplaintError::TooMany)?;
    let role = ACCUSED_ROLES
        .into_iter()
        .find(|r| *r == input.accused_role.trim())
        .ok_or_else(|| {
            refused(
                "accused_role",
                "choice",
                "choose who is accused",
                "pilih siapa yang dilaporkan",
            )
        })?;
    let region = input::region(&input.accused_region, "accused_region", false)?;
    let name = input::optional_words(&input.accused_name, "accused_name", 120)?;
    let description = input::words(&input.description, "description", 20, 4000)?;
    let happened = happened_on(&input.happened_on, now.date())?;
    let place = input::words(&input.place, "place", 3, 300)?;
    let contact = input::contact(&input.contact)?;
    let photos = input::photos(&input.photos)?;
    let code = random_token();
    let hash = token_hash(&code);
    let inspectorate = inspectorate_above(region.as_str());
    let mut tx = db.begin_write().await?;
    if !crate::complaints::store::known(&mut tx, "regions", region.as_str()).await? {
        return Err(refused(
            "accused_region",
            "unknown",
            "no such region",
            "wilayah tidak dikenal",
        ));
    }
    let new = NewReport {
        code_hash: &hash,
        accused_role: role,
        accused_region: region.as_str(),
        accused_name: name.as_deref(),
        description: &description,
        happened_on: &happened,
        place: &place,
        contact: contact.as_deref(),
        photos: &photos,
        inspectorate: &inspectorate,
        due: now + Duration::days(RESPONSE_DAYS),
    };
    let id = store::insert(&mut tx, &new, now).await?;
    let changes = Changes::new().set("status", super::model::OPEN);
    store::record(
        &mut tx,
        (store::REPORTED, id, &inspectorate),
        changes,
        &anonymous(),
        now,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    limiter.count(limit::PUNGLI_REPORTS, client, now);
    Ok(code)
}

/// The report a secret code opens, counting a miss against the address.
async fn by_code(
    db: &Db,
    limiter: &Limiter,
    code: &str,
    client: Option<&str>,
    now: OffsetDateTime,
) -> Result<PungliReport, ComplaintError> {
    limiter
        .check(limit::MISSED_LOOKUPS, client, now)
        .map_err(ComplaintError::TooMany)?;
    let code = code.trim();
    let mut tx = db.begin().await?;
    let found = if code.is_empty() || code.len() > 100 {
        None
    } else {
        match store::id_of(&mut tx, &token_hash(code)).await? {
            Some(id) => store::find_in(&mut tx, id, now).await?,
            None => None,
        }
    };
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    found.ok_or_else(|| {
        limiter.count(limit::MISSED_LOOKUPS, client, now);
        ComplaintError::NotFound
    })
}

/// Where a report stands, by its secret code.
pub async fn status(
    db: &Db,
    limiter: &Limiter,
    code: &str,
    client: Option<&str>,
    now: OffsetDateTime,
) -> Result<PungliStatus, ComplaintError> {
    let r = by_code(db, limiter, code, client, now).await?;
    Ok(PungliStatus {
        status: r.status,
        inspectorate_region: r.inspectorate_region,
        due_at: r.due_at,
        created_at: r.created_at,
        notes: r.notes,
    })
}

/// Adds what the reporter knows more, by the secret code.
pub async fn add_information(
    db: &Db,
    limiter: &Limiter,
    code: &str,
    text: &str,
    client: Option<&str>,
    now: OffsetDateTime,
) -> Result<(), ComplaintError> {
    let text = input::words(text, "information", 10, 2000)?;
    let r = by_code(db, limiter, code, client, now).await?;
    let mut tx = db.begin_write().await?;
    store::add_note(&mut tx, r.id, "reporter", &text, now).await?;
    let what = (store::ADDED, r.id, r.inspectorate_region.as_str());
    store::record(
        &mut tx,
        what,
        Changes::new().set("notes", r.notes.len() + 1),
        &anonymous(),
        now,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    Ok(())
}

/// Whether the caller is the inspectorate a report is addressed to (or one above it).
fn addressed_to(caller: &Principal, inspectorate: &str) -> bool {
    match (&caller.region, inspectorate) {
        (None, _) => true,
        (Some(_), "") => false,
        (Some(_), region) => caller.covers_code(region),
    }
}

/// Reports addressed to the caller's inspectorate, newest first.
pub async fn list(
    db: &Db,
    caller: &Principal,
    status: &str,
    before: i64,
    limit: u32,
    now: OffsetDateTime,
) -> Result<Vec<PungliReport>, ComplaintError> {
    caller.allows(Permission::HandlePungliReports, false)?;
    Ok(store::list(db, caller.region.as_ref(), status, before, limit, now).await?)
}

/// One report, if addressed to the caller's inspectorate.
pub async fn find(
    db: &Db,
    caller: &Principal,
    id: i64,
    now: OffsetDateTime,
) -> Result<PungliReport, ComplaintError> {
    caller.allows(Permission::HandlePungliReports, false)?;
    let mut tx = db.begin().await?;
    let found = store::find_in(&mut tx, id, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    match found {
        Some(r) if addressed_to(caller, &r.inspectorate_region) => Ok(r),
        _ => Err(ComplaintError::NotFound),
    }
}

/// The `n`th photo of a report addressed to the caller.
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

/// The inspectorate's answer; `close` makes it the last word.
pub async fn answer(
    db: &Db,
    caller: &Principal,
    id: i64,
    text: &str,
    close: bool,
    now: OffsetDateTime,
) -> Result<PungliReport, ComplaintError> {
    caller.allows(Permission::HandlePungliReports, true)?;
    let text = input::words(text, "answer", 10, 2000)?;
    let report = find(db, caller, id, now).await?;
    let status = if close { CLOSED } else { ANSWERED };
    let mut tx = db.begin_write().await?;
    if !store::answer(&mut tx, id, status, now).await? {
        return Err(refused(
            "status",
            "closed",
            "the report is closed",
            "laporan ini sudah selesai",
        ));
    }
    store::add_note(&mut tx, id, "inspectorate", &text, now).await?;
    let action = if close {
        store::CLOSED_ACTION
    } else {
        store::ANSWERED_ACTION
    };
    let changes = Changes::new().change("status", report.status.as_str(), status);
    store::record(
        &mut tx,
        (action, id, &report.inspectorate_region),
        changes,
        &caller.actor,
        now,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    find(db, caller, id, now).await
}

/// Moves every report without a first response past its days to the inspectorate one
/// level up, with new days; returns how many moved.
pub async fn escalate_overdue(db: &Db, now: OffsetDateTime) -> Result<usize, ComplaintError> {
    let mut tx = db.begin_write().await?;
    let due = store::due(&mut tx, now).await?;
    for (id, from) in &due {
        let to = inspectorate_above(from);
        store::move_up(&mut tx, *id, &to, now + Duration::days(RESPONSE_DAYS)).await?;
        let changes = Changes::new().change("inspectorate_region", from.as_str(), to.as_str());
        store::record(
            &mut tx,
            (store::ESCALATED, *id, &to),
            changes,
            &Actor::system(),
            now,
        )
        .await?;
    }
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    Ok(due.len())
}

/// Counts and handling times per region of the accused, for everyone.
pub async fn figures(db: &Db, now: OffsetDateTime) -> Result<Vec<PungliFigures>, ComplaintError> {
    let rows = store::figure_rows(db).await?;
    let mut out: Vec<(PungliFigures, Vec<f64>)> = Vec::new();
    for (region, name, status, sent, first, due) in rows {
        if out.last().is_none_or(|(f, _)| f.region_code != region) {
            let figures = PungliFigures {
                region_code: region.clone(),
                region_name: name,
                reports: 0,
                answered: 0,
                overdue: 0,
                median_days_to_response: None,
            };
            out.push((figures, Vec::new()));
        }
        let Some((f, days)) = out.last_mut() else {
            continue;
        };
        f.reports += 1;
        let parse = |s: &str| timestamp::from_db(s);
        match first.as_deref().and_then(parse).zip(parse(&sent)) {
            Some((first, sent)) => {
                f.answered += 1;
                days.push((first - sent).as_seconds_f64() / 86_400.0);
            }
            None if parse(&due).is_some_and(|d| d < now) && !store::is_closed(&status) => {
                f.overdue += 1
            }
            None => {}
        }
    }
    Ok(out
        .into_iter()
        .map(|(mut f, mut days)| {
            days.sort_by(f64::total_cmp);
            f.median_days_to_response = median(&days);
            f
        })
        .collect())
}

fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_handling_times() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[1.0, 2.0, 9.0]), Some(2.0));
        assert_eq!(median(&[1.0, 3.0]), Some(2.0));
    }
}
