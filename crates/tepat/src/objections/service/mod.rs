//! Objection operations: a resident's objection from the public site (checked against
//! the registry, limited per client address and per objector), its status by tracking
//! code, the officials' list and view (the objector shown only to the verifying level),
//! the verification (a founded objection becomes a removal proposal in the same
//! transaction), and the escalation of objections the district left past 14 days.

use time::{Duration, OffsetDateTime};

use super::error::ObjectionError;
use super::model::{
    ESCALATED, FOUNDED, OPEN, Objection, ObjectionStatus, PROVINCE, UNFOUNDED, VERIFY_DAYS,
};
use super::store::{self, Finding};

mod submit;

use submit::{refused, words};

use crate::auth::{Field, Permission, Principal, Role};
use crate::db::{Db, StoreError};
use crate::region_code::RegionCode;
pub use submit::{ObjectionInput, PER_CLIENT_PER_DAY, PER_OBJECTOR_PER_MONTH, submit, target};

/// The public status of an objection by its tracking code.
pub async fn status(db: &Db, code: &str) -> Result<ObjectionStatus, ObjectionError> {
    let code = code.trim().to_uppercase();
    if code.len() > 20 {
        return Err(ObjectionError::NotFound);
    }
    store::status_of(db, &code)
        .await?
        .ok_or(ObjectionError::NotFound)
}

/// Reads a status filter.
pub fn status_filter(status: Option<&str>) -> Result<String, ObjectionError> {
    let status = status.map(str::trim).unwrap_or_default();
    if matches!(status, "" | OPEN | ESCALATED | FOUNDED | UNFOUNDED) {
        Ok(status.to_owned())
    } else {
        Err(ObjectionError::BadFilter(crate::web::form::FieldRule::new(
            "status",
            "choice",
            "status must be open, escalated, founded or unfounded",
            "status harus open, escalated, founded atau unfounded",
        )))
    }
}

/// Objections inside the caller's scope, newest first.
pub async fn list(
    db: &Db,
    caller: &Principal,
    status: &str,
    before: i64,
    limit: u32,
    now: OffsetDateTime,
) -> Result<Vec<Objection>, ObjectionError> {
    caller.allows(Permission::ReadProposals, false)?;
    let mut found = store::list(db, caller.region.as_ref(), status, before, limit, now).await?;
    found.iter_mut().for_each(|o| shown(caller, o));
    Ok(found)
}

/// One objection, if inside the caller's scope.
pub async fn find(
    db: &Db,
    caller: &Principal,
    id: i64,
    now: OffsetDateTime,
) -> Result<Objection, ObjectionError> {
    caller.allows(Permission::ReadProposals, false)?;
    let mut found = store::find(db, id, now)
        .await?
        .ok_or(ObjectionError::NotFound)?;
    if !caller.covers(&region_of(&found.region_code)?) {
        return Err(ObjectionError::NotFound);
    }
    shown(caller, &mut found);
    Ok(found)
}

/// The photo of an objection inside the caller's scope.
pub async fn photo(
    db: &Db,
    caller: &Principal,
    id: i64,
    now: OffsetDateTime,
) -> Result<(Vec<u8>, String), ObjectionError> {
    find(db, caller, id, now).await?;
    store::photo(db, id).await?.ok_or(ObjectionError::NotFound)
}

fn region_of(code: &str) -> Result<RegionCode, ObjectionError> {
    RegionCode::parse(code).map_err(|e| ObjectionError::Inconsistent(format!("stored region: {e}")))
}

/// The role that verifies at a level.
fn verifier(level: &str) -> Role {
    if level == PROVINCE {
        Role::ProvinceOfficer
    } else {
        Role::DistrictOfficer
    }
}

/// Whether the caller may see who objected: the officer of the verifying level, never
/// village officials.
pub fn sees_objector(caller: &Principal, objection: &Objection) -> bool {
    caller.role == verifier(&objection.level)
}

/// An objection as the caller may see it: the objector hidden from all but the verifying
/// officer; the recipient's name as the caller may see names.
fn shown(caller: &Principal, objection: &mut Objection) {
    if !sees_objector(caller, objection) {
        objection.objector = None;
    }
    caller
        .redactor()
        .optional(Field::Name, &mut objection.household_head);
}

/// A verifying officer's finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Founded,
    Unfounded,
}

/// Records the verification by the officer of the objection's level; a founded objection
/// becomes a removal proposal (the officer its proposer) in the same transaction.
pub async fn verify(
    db: &Db,
    caller: &Principal,
    id: i64,
    verdict: Verdict,
    note: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Objection, ObjectionError> {
    caller.allows(Permission::DecideProposals, true)?;
    let mut tx = db.begin_write().await?;
    let objection = store::find_in(&mut tx, id, now)
        .await?
        .ok_or(ObjectionError::NotFound)?;
    let village = region_of(&objection.region_code)?;
    if !caller.covers(&village) {
        return Err(ObjectionError::NotFound);
    }
    if !matches!(objection.status.as_str(), OPEN | ESCALATED) {
        return Err(refused(
            "status",
            "decided",
            "the objection is already verified",
            "sanggahan ini sudah diverifikasi",
        ));
    }
    if caller.role != verifier(&objection.level) {
        return Err(refused(
            "level",
            "not-your-level",
            "this objection is verified by another level",
            "sanggahan ini diverifikasi oleh tingkat lain",
        ));
    }
    let note = words(note, "note")?;
    let proposal_id = if verdict == Verdict::Founded {
        let removal = crate::proposals::service::Removal {
            household_id: objection.household_id,
            village: &village,
            programme: &objection.programme,
            reason: &objection.reason,
            note: &format!("Sanggahan warga terbukti: {note}"),
        };
        Some(crate::proposals::service::propose_removal_in(&mut tx, caller, &removal, now).await?)
    } else {
        None
    };
    let finding = Finding {
        id,
        region: &village,
        from_status: &objection.status,
        status: if verdict == Verdict::Founded {
            FOUNDED
        } else {
            UNFOUNDED
        },
        note: &note,
        verifier_name: &caller.name,
        proposal_id,
    };
    if !store::verify(&mut tx, &finding, &caller.actor, request_id, now).await? {
        return Err(ObjectionError::NotFound);
    }
    crate::notifications::hooks::objection_answered(&mut tx, id, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    find(db, caller, id, now).await
}

/// Escalates to the province every objection the district left past its 14 days; returns
/// how many. Run by the server every few minutes (`escalation.rs`).
pub async fn escalate_overdue(db: &Db, now: OffsetDateTime) -> Result<usize, ObjectionError> {
    Ok(store::escalate_due(db, now, now + Duration::days(VERIFY_DAYS)).await?)
}
