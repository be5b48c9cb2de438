//! What officials do with applications: list the queue of their region, read one, record
//! the field visit with the survey, accept it into the registry (a new household whose
//! versions name the application and the verifier) or reject it with a reason the family
//! reads. Each step reads the application inside its write transaction and claims it there,
//! so two officials cannot both take it.

use time::OffsetDateTime;

use super::error::{ApplicationError, FieldProblem};
use super::model::{Application, ApplicationId, Status, VerificationInput, VisitResult};
use super::rules::{self, Step, StepRefusal};
use super::service::registry_input;
use super::store::{self, Officer, claims::Visit};
use super::{ACCEPTED, REJECTED, VERIFIED};
use crate::auth::{Field, Permission, Principal, Redactor};
use crate::db::{Db, ResultExt, Tx};
use crate::events::{self, Changes, NewEvent};
use crate::region_code::RegionCode;
use crate::registry::service::{register_in, validate};
use crate::registry::store::views::ViewPurpose;
use crate::registry::store::{Acting, begin_write};
use crate::registry::survey::{self, Survey};
use crate::text::Lines;
use crate::web::i18n::{Lang, Localized};

/// Longest visit note or rejection reason.
pub const NOTE_CHARS_MAX: usize = 500;
/// Shortest rejection reason: the family must learn why.
pub const REASON_CHARS_MIN: usize = 5;

fn region_of(application: &Application) -> Result<RegionCode, ApplicationError> {
    RegionCode::parse(&application.region_code)
        .map_err(|e| anyhow::anyhow!("stored region: {e}").into())
}

/// Applications in the caller's region, newest first, optionally of one status.
pub async fn list(
    db: &Db,
    caller: &Principal,
    status: Option<Status>,
    before: Option<ApplicationId>,
    limit: i64,
) -> Result<Vec<Application>, ApplicationError> {
    caller.require(Permission::ReadApplications)?;
    let mut applications = store::list(db, caller.region.as_ref(), status, before, limit).await?;
    let redactor = caller.redactor();
    for application in &mut applications {
        shown(&redactor, application)?;
    }
    Ok(applications)
}

/// An application as the caller may see it (`auth::Principal::sees`). The roles that read
/// the queue see it whole today; this keeps it so if the permission table changes.
fn shown(redactor: &Redactor, application: &mut Application) -> Result<(), ApplicationError> {
    if redactor.is_whole() {
        return Ok(());
    }
    redactor.field(Field::Name, &mut application.head_name);
    // Every personal field of the input is text, so it reads back as an input.
    let mut input = serde_json::to_value(&application.input).map_err(anyhow::Error::from)?;
    redactor.json(&mut input);
    application.input = serde_json::from_value(input).map_err(anyhow::Error::from)?;
    if redactor.sees(Field::Details) != crate::auth::Visibility::Whole {
        application.survey = None;
    }
    redactor.optional_text(&mut application.visit_note);
    redactor.optional_text(&mut application.decision_reason);
    Ok(())
}

/// As `list`, for callers that receive the members' full NIKs (the API): each
/// application served is recorded as viewed, like a person's full record.
pub async fn list_with_niks(
    db: &Db,
    caller: &Principal,
    (status, before, limit): (Option<Status>, Option<ApplicationId>, i64),
    now: OffsetDateTime,
) -> Result<Vec<Application>, ApplicationError> {
    let applications = list(db, caller, status, before, limit).await?;
    let seen: Vec<(ApplicationId, &str)> = applications
        .iter()
        .map(|a| (a.id, a.region_code.as_str()))
        .collect();
    store::views::record(db, &caller.actor, &seen, VIEW_PURPOSE, now).await?;
    Ok(applications)
}

/// Why an official opens an application: the queue exists for the field verification.
const VIEW_PURPOSE: ViewPurpose = ViewPurpose::Verification;

/// One application with its members' full NIKs, when the caller's region covers it; the
/// view is recorded (who, when, which application, why) before it is returned.
pub async fn get(
    db: &Db,
    caller: &Principal,
    id: ApplicationId,
    now: OffsetDateTime,
) -> Result<Application, ApplicationError> {
    caller.require(Permission::ReadApplications)?;
    let mut application = store::find(db, id)
        .await?
        .ok_or(ApplicationError::NotFound)?;
    caller.require_in(Permission::ReadApplications, &region_of(&application)?)?;
    let seen = [(id, application.region_code.as_str())];
    store::views::record(db, &caller.actor, &seen, VIEW_PURPOSE, now).await?;
    shown(&caller.redactor(), &mut application)?;
    Ok(application)
}

/// A document's name, type and bytes, for those who may see the application.
pub async fn document(
    db: &Db,
    caller: &Principal,
    id: ApplicationId,
    file: i64,
    now: OffsetDateTime,
) -> Result<(String, String, Vec<u8>), ApplicationError> {
    get(db, caller, id, now).await?;
    store::documents::document(db, id, file)
        .await?
        .ok_or(ApplicationError::NotFound)
}

/// Checks that the caller may take `step` on `application`: its region and the order of
/// steps.
fn allowed_step(
    caller: &Principal,
    application: &Application,
    step: Step,
) -> Result<RegionCode, ApplicationError> {
    let region = region_of(application)?;
    caller.require_in(Permission::ReviewApplications, &region)?;
    rules::check_step(application.status, application.visit_result, step)
        .map_err(ApplicationError::Step)?;
    Ok(region)
}

/// Reads the application for a step inside the step's transaction and checks the step.
async fn for_step(
    tx: &mut Tx,
    caller: &Principal,
    id: ApplicationId,
    step: Step,
) -> Result<(Application, RegionCode), ApplicationError> {
    let application = store::find_in(tx, id)
        .await?
        .ok_or(ApplicationError::NotFound)?;
    let region = allowed_step(caller, &application, step)?;
    Ok((application, region))
}

/// A visit note or a rejection reason: one line of plain text (`crate::text`), at least
/// `min_chars` characters.
fn note(field: &str, text: &str, min_chars: usize) -> Result<String, FieldProblem> {
    let text = crate::text::clean(text, Lines::One).map_err(|e| {
        FieldProblem::new(
            field,
            e.rule(),
            &e.localized(Lang::En),
            &e.localized(Lang::Id),
        )
    })?;
    let chars = text.chars().count();
    if chars < min_chars {
        return Err(FieldProblem::new(
            field,
            "required",
            &format!("state the reason in at least {min_chars} characters"),
            &format!("tuliskan alasannya, paling sedikit {min_chars} karakter"),
        ));
    }
    if chars > NOTE_CHARS_MAX {
        return Err(FieldProblem::new(
            field,
            "length",
            &format!("at most {NOTE_CHARS_MAX} characters of plain text"),
            &format!("paling banyak {NOTE_CHARS_MAX} karakter teks biasa"),
        ));
    }
    Ok(text)
}

/// Findings about survey columns the form or the API named but the survey does not have.
fn unknown_columns(input: &VerificationInput) -> impl Iterator<Item = FieldProblem> + '_ {
    input
        .survey
        .keys()
        .filter(|key| !survey::COLUMNS.contains(&key.as_str()))
        .map(|key| {
            FieldProblem::new(
                &format!("survey.{key}"),
                "unknown",
                "is not a survey column",
                "bukan kolom pendataan",
            )
        })
}

/// Reads a verifier's findings: the visit result, the note, and the survey columns.
pub fn read_verification(
    input: &VerificationInput,
) -> Result<(VisitResult, String, Survey), ApplicationError> {
    let mut errors = Vec::new();
    let visit = VisitResult::parse(&input.visit_result);
    if visit.is_none() {
        errors.push(FieldProblem::new(
            "visit_result",
            "choice",
            "must be sesuai, tidak_sesuai or tidak_ditemukan",
            "pilih hasil kunjungan: sesuai, tidak_sesuai atau tidak_ditemukan",
        ));
    }
    let visit_note = note("visit_note", &input.visit_note, 0)
        .map_err(|e| errors.push(e))
        .unwrap_or_default();
    errors.extend(unknown_columns(input));
    let (parsed, found) = Survey::parse(|name| input.survey.get(name).cloned());
    errors.extend(found.iter().map(|v| {
        FieldProblem::new(
            &format!("survey.{}", v.field),
            v.rule,
            &v.message,
            &v.message_id,
        )
    }));
    match visit {
        Some(visit) if errors.is_empty() => Ok((visit, visit_note, parsed)),
        _ => Err(ApplicationError::Invalid(errors)),
    }
}

fn officer(caller: &Principal) -> Officer<'_> {
    Officer {
        actor: &caller.actor,
        name: &caller.name,
    }
}

/// The event of a step, written in the step's transaction.
async fn record_step(
    tx: &mut Tx,
    caller: &Principal,
    (id, region): (ApplicationId, RegionCode),
    (action, changes): (events::Action, Changes),
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<(), ApplicationError> {
    let event = NewEvent {
        actor: caller.actor.clone(),
        action,
        subject_type: "application",
        subject_id: id.to_string(),
        region: Some(region),
        changes,
        request_id,
    };
    events::store::record(tx, event, now).await?;
    Ok(())
}

/// Records the field visit and the survey.
pub async fn verify(
    db: &Db,
    caller: &Principal,
    id: ApplicationId,
    input: &VerificationInput,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Application, ApplicationError> {
    caller.require_write(Permission::ReviewApplications)?;
    let mut tx = begin_write(db).await?;
    let (application, region) = for_step(&mut tx, caller, id, Step::Verify).await?;
    let (visit, visit_note, parsed) = read_verification(input)?;
    let visit_stored = Visit {
        result: visit,
        note: &visit_note,
        survey: serde_json::to_string(&parsed).map_err(anyhow::Error::from)?,
    };
    let from_to = (application.status, Status::Verified);
    let claimed =
        store::claim_verification(&mut tx, id, from_to, &officer(caller), visit_stored, now)
            .await?;
    if !claimed {
        return Err(ApplicationError::Step(StepRefusal::AlreadyVerified));
    }
    let changes = Changes::new()
        .change("status", from_to.0.as_str(), from_to.1.as_str())
        .set("visit_result", visit.as_str());
    record_step(
        &mut tx,
        caller,
        (id, region),
        (VERIFIED, changes),
        request_id,
        now,
    )
    .await?;
    tx.commit().await.store()?;
    get(db, caller, id, now).await
}

/// The reason written on the versions an acceptance creates, naming both officials.
fn acceptance_reason(application: &Application, caller: &Principal) -> String {
    format!(
        "pendaftaran mandiri #{} diverifikasi oleh {} ({}), diterima oleh {} ({})",
        application.id,
        application.verifier_name.as_deref().unwrap_or("-"),
        application.verifier_role.as_deref().unwrap_or("-"),
        caller.name,
        caller.role.as_str()
    )
}

/// Accepts a verified application: the household and its members are written to the
/// registry in the same transaction as the decision and its event. A KK or NIK already in
/// the registry refuses it with the reason, and nothing changes.
pub async fn accept(
    db: &Db,
    caller: &Principal,
    id: ApplicationId,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Application, ApplicationError> {
    caller.require_write(Permission::ReviewApplications)?;
    // The registry's rules read the store on their own connection, so the family is
    // checked against a first reading; the step itself is decided on the reading inside
    // the transaction below.
    let application = store::find(db, id)
        .await?
        .ok_or(ApplicationError::NotFound)?;
    allowed_step(caller, &application, Step::Accept)?;
    let survey = application.survey.clone().unwrap_or_default();
    let family = validate(db, &registry_input(&application.input, survey), now).await?;
    let acting = Acting {
        actor: caller.actor.clone(),
        request_id: request_id.clone(),
        reason: acceptance_reason(&application, caller),
    };
    let mut tx = begin_write(db).await?;
    let (application, region) = for_step(&mut tx, caller, id, Step::Accept).await?;
    let from_to = (application.status, Status::Accepted);
    if !store::claim_decision(&mut tx, id, from_to, &officer(caller), "", now).await? {
        return Err(ApplicationError::Step(StepRefusal::Decided));
    }
    let household_id = register_in(&mut tx, family, &acting, now).await?;
    store::link_household(&mut tx, id, household_id, &acting.reason).await?;
    let changes = Changes::new()
        .change("status", from_to.0.as_str(), from_to.1.as_str())
        .set("household_id", household_id);
    record_step(
        &mut tx,
        caller,
        (id, region),
        (ACCEPTED, changes),
        request_id,
        now,
    )
    .await?;
    tx.commit().await.store()?;
    // An accepted family is checked for duplicates like one an officer registers.
    crate::duplicates::check::check_household(db, household_id, &caller.actor, now).await;
    get(db, caller, id, now).await
}

/// Rejects an application with a reason the family reads on the status page.
pub async fn reject(
    db: &Db,
    caller: &Principal,
    id: ApplicationId,
    reason: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Application, ApplicationError> {
    caller.require_write(Permission::ReviewApplications)?;
    let mut tx = begin_write(db).await?;
    let (application, region) = for_step(&mut tx, caller, id, Step::Reject).await?;
    let reason = note("reason", reason, REASON_CHARS_MIN).map_err(ApplicationError::invalid)?;
    let from_to = (application.status, Status::Rejected);
    if !store::claim_decision(&mut tx, id, from_to, &officer(caller), &reason, now).await? {
        return Err(ApplicationError::Step(StepRefusal::Decided));
    }
    let changes = Changes::new().change("status", from_to.0.as_str(), from_to.1.as_str());
    record_step(
        &mut tx,
        caller,
        (id, region),
        (REJECTED, changes),
        request_id,
        now,
    )
    .await?;
    tx.commit().await.store()?;
    get(db, caller, id, now).await
}
