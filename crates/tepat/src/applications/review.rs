//! What officials do with applications: list the queue of their region, read one, record
//! the field visit with the survey, accept it into the registry (a new household whose
//! versions name the application and the verifier) or reject it with a reason the family
//! reads. Each step claims the application first, so two officials cannot both take it.

use time::OffsetDateTime;

use super::model::{Application, VerificationInput};
use super::rules::{self, Status, Step, StepRefusal, VisitResult};
use super::service::registry_input;
use super::store::{self, Officer};
use super::{ACCEPTED, REJECTED, VERIFIED};
use crate::auth::{Permission, Principal};
use crate::db::{Db, ResultExt};
use crate::events::{self, Changes, NewEvent};
use crate::http::{AppError, FieldError};
use crate::region_code::RegionCode;
use crate::registry::service::{register_in, validate};
use crate::registry::store::{Acting, begin_write};
use crate::registry::survey::{self, Survey};

/// Longest visit note or rejection reason.
pub const NOTE_CHARS_MAX: usize = 500;
/// Shortest rejection reason: the family must learn why.
pub const REASON_CHARS_MIN: usize = 5;

fn region_of(application: &Application) -> Result<RegionCode, AppError> {
    RegionCode::parse(&application.region_code)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("stored region: {e}")))
}

/// Applications in the caller's region, newest first, optionally of one status.
pub async fn list(
    db: &Db,
    caller: &Principal,
    status: Option<Status>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<Application>, AppError> {
    caller.require(Permission::ReadApplications)?;
    let status = status.map(Status::code);
    Ok(store::list(db, caller.region.as_ref(), status, before, limit).await?)
}

/// One application, when the caller's region covers it.
pub async fn get(db: &Db, caller: &Principal, id: i64) -> Result<Application, AppError> {
    caller.require(Permission::ReadApplications)?;
    let application = store::find(db, id).await?.ok_or(AppError::NotFound)?;
    caller.require_in(Permission::ReadApplications, &region_of(&application)?)?;
    Ok(application)
}

/// A document's name, type and bytes, for those who may see the application.
pub async fn document(
    db: &Db,
    caller: &Principal,
    id: i64,
    file: i64,
) -> Result<(String, String, Vec<u8>), AppError> {
    get(db, caller, id).await?;
    store::document(db, id, file)
        .await?
        .ok_or(AppError::NotFound)
}

fn refusal(refused: StepRefusal) -> AppError {
    let (rule, en, id) = match refused {
        StepRefusal::Decided => (
            "decided",
            "this application has already been accepted or rejected",
            "pendaftaran ini sudah diterima atau ditolak",
        ),
        StepRefusal::NotVerified => (
            "not-verified",
            "record the field visit before accepting",
            "catat hasil kunjungan lapangan sebelum menerima",
        ),
        StepRefusal::AlreadyVerified => (
            "verified",
            "the field visit has already been recorded",
            "hasil kunjungan lapangan sudah dicatat",
        ),
        StepRefusal::VisitNotConfirmed => (
            "visit-not-confirmed",
            "the field visit did not confirm the family; reject it with a reason",
            "kunjungan lapangan tidak membenarkan data keluarga; tolak dengan alasan",
        ),
    };
    AppError::Conflict(FieldError::new("status", rule, en, id))
}

/// Loads the application for a step the caller wants to take, checking role, region and
/// order of steps.
async fn for_step(
    db: &Db,
    caller: &Principal,
    id: i64,
    step: Step,
) -> Result<(Application, Status, RegionCode), AppError> {
    caller.require_write(Permission::ReviewApplications)?;
    let application = store::find(db, id).await?.ok_or(AppError::NotFound)?;
    let region = region_of(&application)?;
    caller.require_in(Permission::ReviewApplications, &region)?;
    let status = Status::parse(&application.status)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("stored status unknown")))?;
    let visit = application
        .visit_result
        .as_deref()
        .and_then(VisitResult::parse);
    rules::check_step(status, visit, step).map_err(refusal)?;
    Ok((application, status, region))
}

fn note(field: &str, text: &str, min_chars: usize) -> Result<String, FieldError> {
    let text = text.trim();
    let chars = text.chars().count();
    if chars < min_chars {
        return Err(FieldError::new(
            field,
            "required",
            &format!("state the reason in at least {min_chars} characters"),
            &format!("tuliskan alasannya, paling sedikit {min_chars} karakter"),
        ));
    }
    if chars > NOTE_CHARS_MAX || text.chars().any(char::is_control) {
        return Err(FieldError::new(
            field,
            "length",
            &format!("at most {NOTE_CHARS_MAX} characters of plain text"),
            &format!("paling banyak {NOTE_CHARS_MAX} karakter teks biasa"),
        ));
    }
    Ok(text.to_owned())
}

/// Reads a verifier's findings: the visit result, the note, and the survey columns.
pub fn read_verification(
    input: &VerificationInput,
) -> Result<(VisitResult, String, Survey), AppError> {
    let mut errors = Vec::new();
    let visit = VisitResult::parse(&input.visit_result);
    if visit.is_none() {
        errors.push(FieldError::new(
            "visit_result",
            "choice",
            "must be sesuai, tidak_sesuai or tidak_ditemukan",
            "pilih hasil kunjungan: sesuai, tidak_sesuai atau tidak_ditemukan",
        ));
    }
    let visit_note = note("visit_note", &input.visit_note, 0)
        .map_err(|e| errors.push(e))
        .unwrap_or_default();
    for key in input.survey.keys() {
        if !survey::COLUMNS.contains(&key.as_str()) {
            errors.push(FieldError::new(
                &format!("survey.{key}"),
                "unknown",
                "is not a survey column",
                "bukan kolom pendataan",
            ));
        }
    }
    let (parsed, found) = Survey::parse(|name| input.survey.get(name).cloned());
    errors.extend(found.iter().map(|v| {
        FieldError::new(
            &format!("survey.{}", v.field),
            v.rule,
            &v.message,
            &v.message_id,
        )
    }));
    match visit {
        Some(visit) if errors.is_empty() => Ok((visit, visit_note, parsed)),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Records the field visit and the survey.
pub async fn verify(
    db: &Db,
    caller: &Principal,
    id: i64,
    input: &VerificationInput,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Application, AppError> {
    let (_, status, region) = for_step(db, caller, id, Step::Verify).await?;
    let (visit, visit_note, parsed) = read_verification(input)?;
    let survey_json = serde_json::to_string(&parsed).map_err(anyhow::Error::from)?;
    let officer = Officer {
        actor: &caller.actor,
        name: &caller.name,
    };
    let mut tx = begin_write(db).await?;
    let claimed = store::claim_verification(
        &mut tx,
        id,
        (status.code(), Status::Verified.code()),
        &officer,
        (visit.code(), &visit_note, survey_json),
        now,
    )
    .await?;
    if !claimed {
        return Err(refusal(StepRefusal::AlreadyVerified));
    }
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: VERIFIED,
        subject_type: "application",
        subject_id: id.to_string(),
        region: Some(region),
        changes: Changes::new()
            .change("status", status.code(), Status::Verified.code())
            .set("visit_result", visit.code()),
        request_id,
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    get(db, caller, id).await
}

/// Accepts a verified application: the household and its members are written to the
/// registry in the same transaction as the decision and its event. A KK or NIK already in
/// the registry refuses it with the reason, and nothing changes.
pub async fn accept(
    db: &Db,
    caller: &Principal,
    id: i64,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Application, AppError> {
    let (application, status, region) = for_step(db, caller, id, Step::Accept).await?;
    let survey = application.survey.clone().unwrap_or_default();
    let family = validate(db, &registry_input(&application.input, survey), now).await?;
    let acting = Acting {
        actor: caller.actor.clone(),
        request_id: request_id.clone(),
        reason: format!(
            "pendaftaran mandiri #{id} diverifikasi oleh {} ({}), diterima oleh {} ({})",
            application.verifier_name.as_deref().unwrap_or("-"),
            application.verifier_role.as_deref().unwrap_or("-"),
            caller.name,
            caller.role.as_str()
        ),
    };
    let officer = Officer {
        actor: &caller.actor,
        name: &caller.name,
    };
    let mut tx = begin_write(db).await?;
    let from_to = (status.code(), Status::Accepted.code());
    if !store::claim_decision(&mut tx, id, from_to, &officer, "", now).await? {
        return Err(refusal(StepRefusal::Decided));
    }
    let household_id = register_in(&mut tx, family, &acting, now).await?;
    store::link_household(&mut tx, id, household_id, &acting.reason).await?;
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: ACCEPTED,
        subject_type: "application",
        subject_id: id.to_string(),
        region: Some(region),
        changes: Changes::new()
            .change("status", status.code(), Status::Accepted.code())
            .set("household_id", household_id),
        request_id,
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    // An accepted family is checked for duplicates like one an officer registers.
    crate::duplicates::check::check_household(db, household_id, &caller.actor, now).await;
    get(db, caller, id).await
}

/// Rejects an application with a reason the family reads on the status page.
pub async fn reject(
    db: &Db,
    caller: &Principal,
    id: i64,
    reason: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Application, AppError> {
    let (_, status, region) = for_step(db, caller, id, Step::Reject).await?;
    let reason = note("reason", reason, REASON_CHARS_MIN).map_err(AppError::invalid)?;
    let officer = Officer {
        actor: &caller.actor,
        name: &caller.name,
    };
    let mut tx = begin_write(db).await?;
    let from_to = (status.code(), Status::Rejected.code());
    if !store::claim_decision(&mut tx, id, from_to, &officer, &reason, now).await? {
        return Err(refusal(StepRefusal::Decided));
    }
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: REJECTED,
        subject_type: "application",
        subject_id: id.to_string(),
        region: Some(region),
        changes: Changes::new().change("status", status.code(), Status::Rejected.code()),
        request_id,
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    get(db, caller, id).await
}
