//! Review-flag operations shared by pages and the API: listing within the caller's region
//! scope, opening one flag, and clearing it with a note. A flag's details, subject name and
//! note are shown as the caller may see them (`auth::Principal::sees`).

use time::OffsetDateTime;

use super::error::ReviewError;
use super::store::{self, FlagFilter, ReviewFlag};
use super::{CLEARED, OPEN};
use crate::auth::{Field, Permission, Principal};
use crate::db::{Db, StoreError};
use crate::region_code::RegionCode;
use crate::text::Lines;
use crate::web::form::FieldRule;
use crate::web::i18n::{Lang, Localized};

/// The longest clearing note kept; a few sentences of reasons.
pub const NOTE_CHARS_MAX: usize = 1_000;
/// The longest subject type accepted in a filter.
const SUBJECT_TYPE_CHARS_MAX: usize = 40;

/// Reads list filters: `status` is `open`, `cleared` or empty; `subject_type` a short code.
pub fn filter(status: Option<&str>, subject_type: Option<&str>) -> Result<FlagFilter, ReviewError> {
    let status = status.map(str::trim).unwrap_or_default();
    if !matches!(status, "" | OPEN | CLEARED) {
        return Err(ReviewError::BadFilter(FieldRule::new(
            "status",
            "choice",
            "status must be open or cleared",
            "status harus open atau cleared",
        )));
    }
    let subject_type = subject_type.map(str::trim).unwrap_or_default();
    let well_formed = subject_type.len() <= SUBJECT_TYPE_CHARS_MAX
        && subject_type
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_');
    if !well_formed {
        return Err(ReviewError::BadFilter(FieldRule::new(
            "subject_type",
            "format",
            "subject_type must be a record type such as person or household",
            "subject_type harus jenis data seperti person atau household",
        )));
    }
    Ok(FlagFilter {
        status: status.to_owned(),
        subject_type: subject_type.to_owned(),
    })
}

/// Flags inside the caller's scope, newest first, before the id `before`.
pub async fn list(
    db: &Db,
    caller: &Principal,
    filter: &FlagFilter,
    before: i64,
    limit: u32,
) -> Result<Vec<ReviewFlag>, ReviewError> {
    caller.allows(Permission::ReadReviewFlags, false)?;
    let mut flags = store::list(db, caller.region.as_ref(), filter, before, limit).await?;
    flags.iter_mut().for_each(|f| shown(caller, f));
    Ok(flags)
}

fn region_of(flag: &ReviewFlag) -> Result<RegionCode, ReviewError> {
    RegionCode::parse(&flag.region_code)
        .map_err(|e| ReviewError::Inconsistent(format!("stored region: {e}")))
}

/// One flag, if inside the caller's scope.
pub async fn find(db: &Db, caller: &Principal, id: i64) -> Result<ReviewFlag, ReviewError> {
    caller.allows(Permission::ReadReviewFlags, false)?;
    let mut flag = store::find(db, id).await?.ok_or(ReviewError::NotFound)?;
    if !caller.covers(&region_of(&flag)?) {
        return Err(ReviewError::NotFound);
    }
    shown(caller, &mut flag);
    Ok(flag)
}

/// Open flags on a person and their household, for the person page; the caller has
/// already been allowed to see the person.
pub async fn open_for_person(
    db: &Db,
    caller: &Principal,
    person_id: i64,
) -> Result<Vec<ReviewFlag>, ReviewError> {
    if !Permission::ReadReviewFlags.roles().contains(&caller.role) {
        return Ok(Vec::new());
    }
    let mut flags = super::open_flags_for(db, person_id).await?;
    flags.iter_mut().for_each(|f| shown(caller, f));
    Ok(flags)
}

/// Reads a clearing note: required, at most `NOTE_CHARS_MAX` characters, plain text of one
/// or more lines (`crate::text`: no control or invisible characters).
pub fn parse_note(text: &str) -> Result<String, FieldRule> {
    let note = crate::text::clean(text, Lines::Many).map_err(|e| {
        FieldRule::new(
            "note",
            e.rule(),
            &e.localized(Lang::En),
            &e.localized(Lang::Id),
        )
    })?;
    if note.is_empty() {
        return Err(FieldRule::new(
            "note",
            "required",
            "say why the flag is cleared",
            "tuliskan alasan tinjauan selesai",
        ));
    }
    if note.chars().count() > NOTE_CHARS_MAX {
        return Err(FieldRule::new(
            "note",
            "length",
            &format!("is longer than {NOTE_CHARS_MAX} characters"),
            &format!("lebih dari {NOTE_CHARS_MAX} karakter"),
        ));
    }
    Ok(note)
}

/// Clears a flag with a note; records who, when and why with an event. Clearing a flag that
/// is already cleared changes nothing and returns it as it is.
pub async fn clear(
    db: &Db,
    caller: &Principal,
    id: i64,
    note: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<ReviewFlag, ReviewError> {
    caller.allows(Permission::ClearReviewFlags, true)?;
    let mut tx = crate::registry::store::begin_write(db).await?;
    // Read inside the write transaction, so the status and region checked are the ones
    // the clearing changes.
    let flag = store::find_in(&mut tx, id)
        .await?
        .ok_or(ReviewError::NotFound)?;
    if !caller.covers(&region_of(&flag)?) {
        return Err(ReviewError::NotFound);
    }
    let note = parse_note(note).map_err(ReviewError::Invalid)?;
    if flag.status == OPEN {
        store::clear(&mut tx, &flag, &caller.actor, &note, request_id, now).await?;
    }
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    let mut flag = store::find(db, id).await?.ok_or(ReviewError::NotFound)?;
    shown(caller, &mut flag);
    Ok(flag)
}

/// A flag as the caller may see it: NIKs in its details, the subject's name, the note.
fn shown(caller: &Principal, flag: &mut ReviewFlag) {
    let redactor = caller.redactor();
    redactor.json(&mut flag.details);
    redactor.optional(Field::Name, &mut flag.subject_name);
    redactor.optional_text(&mut flag.clear_note);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn filters_name_the_bad_parameter() {
        assert!(filter(Some("open"), Some("person")).is_ok());
        assert!(filter(None, None).is_ok());
        let err = filter(Some("closed"), None).expect_err("unknown status");
        assert!(matches!(err, ReviewError::BadFilter(rule) if rule.field == "status"));
        let err = filter(None, Some("Person; DROP")).expect_err("bad type");
        assert!(matches!(err, ReviewError::BadFilter(rule) if rule.field == "subject_type"));
    }

    #[test]
    fn notes_are_required_and_bounded() {
        assert_eq!(
            parse_note("  sudah dicek  ").as_deref().ok(),
            Some("sudah dicek")
        );
        assert_eq!(parse_note("   ").expect_err("empty").rule, "required");
        assert_eq!(
            parse_note(&"x".repeat(NOTE_CHARS_MAX + 1))
                .expect_err("long")
                .rule,
            "length"
        );
        assert_eq!(
            parse_note("dicek\r\nke lapangan").as_deref().ok(),
            Some("dicek\r\nke lapangan")
        );
        let control = parse_note("sudah\u{0}dicek").expect_err("NUL");
        assert_eq!((control.field, control.rule), ("note", "control-character"));
        let hidden = parse_note("sudah\u{202e}dicek").expect_err("RLO");
        assert_eq!(hidden.rule, "invisible-character");
        assert!(hidden.message_id.contains("U+202E"));
    }

    fn flag(details: serde_json::Value) -> ReviewFlag {
        ReviewFlag {
            id: 1,
            subject_type: "person".into(),
            subject_id: 2,
            subject_name: Some("Budi Santoso".into()),
            region_code: "31.75.07.1003".into(),
            reason: "nik_correction".into(),
            source: "civil-registry".into(),
            details,
            status: OPEN.into(),
            raised_at: "2026-01-02T00:00:00Z".into(),
            raised_by_role: "system".into(),
            cleared_at: None,
            cleared_by_kind: None,
            cleared_by_id: None,
            cleared_by_role: None,
            clear_note: Some("NIK lama 3175072105870001 salah".into()),
        }
    }

    fn principal(role: crate::auth::Role) -> Principal {
        Principal {
            actor: crate::events::Actor::system(),
            name: "x".into(),
            role,
            region: None,
            token_scopes: None,
        }
    }

    #[test]
    fn niks_in_details_and_notes_are_masked_for_auditors() {
        let details = json!({"old_nik": "3175072105870001", "new_nik": "3175072105870002",
            "event_date": "2026-01-02"});
        let mut seen = flag(details.clone());
        shown(&principal(crate::auth::Role::Auditor), &mut seen);
        assert_eq!(seen.details["old_nik"], "3175••••••••0001");
        assert_eq!(seen.details["new_nik"], "3175••••••••0002");
        assert_eq!(seen.details["event_date"], "2026-01-02");
        assert_eq!(
            seen.clear_note.as_deref(),
            Some("NIK lama 3175••••••••0001 salah")
        );
        assert_eq!(seen.subject_name.as_deref(), Some("Budi Santoso"));
        let mut whole = flag(details.clone());
        shown(&principal(crate::auth::Role::DistrictOfficer), &mut whole);
        assert_eq!(whole.details, details);
    }
}
