//! What a family does: apply (checked with the registry's own rules, kept with its
//! documents, an event written in the same transaction) and check the status with the
//! tracking number and the head's birth date.

use time::OffsetDateTime;

use super::model::{Application, ApplicationInput, Document, PublicStatus};
use super::rules::{self, Status, TrackingNumber};
use super::store::{self, NewRow};
use super::{APPLICANT_ROLE, SUBMITTED};
use crate::changes::store::check_files;
use crate::db::ResultExt;
use crate::events::{self, Actor, ActorKind, Changes, NewEvent};
use crate::http::{AppError, FieldError};
use crate::registry::household::HouseholdInput;
use crate::registry::person::Relationship;
use crate::registry::service::{NewHousehold, validate};
use crate::registry::store::batch::FamilyIn;
use crate::registry::{dates, survey::Survey};

/// The household and members of an application as the registry's rules read them; the
/// warnings a family cannot judge (a NIK from a district since split) are left to the
/// verifier.
pub fn registry_input(input: &ApplicationInput, survey: Survey) -> NewHousehold {
    let phone = input.phone.trim();
    NewHousehold {
        household: HouseholdInput {
            kk: input.kk.clone(),
            village_code: input.village_code.clone(),
            address: input.address.clone(),
            rt: input.rt.clone(),
            rw: input.rw.clone(),
            phone: (!phone.is_empty()).then(|| phone.to_owned()),
            survey,
        },
        members: input.members.clone(),
        confirm_warnings: true,
    }
}

fn statement_error(rule: &str) -> FieldError {
    let (min, max) = (rules::STATEMENT_CHARS_MIN, rules::STATEMENT_CHARS_MAX);
    FieldError::new(
        "statement",
        rule,
        &format!("write {min} to {max} characters of plain text about what the family needs"),
        &format!("tuliskan kebutuhan keluarga dalam {min} sampai {max} karakter teks biasa"),
    )
}

/// Applies every rule to an application; all findings at once, each naming its field.
pub async fn check(
    db: &crate::db::Db,
    input: &ApplicationInput,
    documents: &[Document],
    now: OffsetDateTime,
) -> Result<(FamilyIn, String, Vec<&'static str>), AppError> {
    let mut errors = Vec::new();
    if input.members.is_empty() {
        errors.push(FieldError::new(
            "members",
            "required",
            "list at least the head of the family",
            "isi paling sedikit kepala keluarga",
        ));
    }
    if input.members.len() > rules::MEMBERS_MAX {
        let max = rules::MEMBERS_MAX;
        errors.push(FieldError::new(
            "members",
            "too-many",
            &format!("at most {max} members; a larger family registers at the village office"),
            &format!("paling banyak {max} anggota; keluarga yang lebih besar mendaftar di kantor desa/kelurahan"),
        ));
        return Err(AppError::Invalid(errors));
    }
    let statement = rules::check_statement(&input.statement)
        .map_err(|rule| errors.push(statement_error(rule)))
        .ok();
    let family = match validate(db, &registry_input(input, Survey::default()), now)
        .await
        .map_err(AppError::from)
    {
        Ok(family) => Some(family),
        Err(AppError::Invalid(found)) => {
            errors.extend(found);
            None
        }
        Err(other) => return Err(other),
    };
    let types = match check_files("documents", documents) {
        Ok(types) => types,
        Err(AppError::Invalid(found)) => {
            errors.extend(found);
            Vec::new()
        }
        Err(other) => return Err(other),
    };
    match (family, statement) {
        (Some(family), Some(statement)) if errors.is_empty() => Ok((family, statement, types)),
        _ => Err(AppError::Invalid(errors)),
    }
}

fn village_full() -> AppError {
    AppError::TooManyAttempts {
        retry_after_seconds: rules::SUBMISSION_WINDOW_MINUTES * 60,
        message: "This village has received too many applications in the last hour. Try \
                  again later."
            .to_owned(),
        message_id: "Desa/kelurahan ini menerima terlalu banyak pendaftaran dalam satu jam \
                     terakhir. Coba lagi nanti."
            .to_owned(),
    }
}

/// Records an application. A form sent twice (same `form_id`) returns the first
/// application instead of a second one.
pub async fn submit(
    db: &crate::db::Db,
    input: &ApplicationInput,
    documents: &[Document],
    form_id: Option<&str>,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Application, AppError> {
    if let Some(form_id) = form_id
        && let Some(existing) = store::find_by_form(db, form_id).await?
    {
        return Ok(existing);
    }
    let (family, statement, types) = check(db, input, documents, now).await?;
    let region = family.household.village_code.clone();
    if rules::village_is_full(store::count_since(db, &region, rules::window_start(now)).await?) {
        return Err(village_full());
    }
    let head = family
        .members
        .iter()
        .find(|m| m.relationship == Relationship::Head)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("checked family without a head")))?;
    let mut payload = input.clone();
    payload.statement = String::new();
    let payload = serde_json::to_string(&payload).map_err(anyhow::Error::from)?;
    let documents: Vec<(Document, &'static str)> = documents.iter().cloned().zip(types).collect();
    for _ in 0..rules::TRACKING_ATTEMPTS_MAX {
        let tracking = TrackingNumber::generate();
        let row = NewRow {
            tracking_number: tracking.as_str(),
            form_id,
            region_code: region.as_str(),
            payload: payload.clone(),
            statement: &statement,
            head_name: &head.full_name,
            head_birth_date: &dates::iso(head.birth_date),
            member_count: family.members.len() as i64,
            status: Status::Submitted.code(),
        };
        let inserted = insert(db, &row, &documents, &region, request_id.clone(), now).await?;
        match inserted {
            Inserted::Id(id) => return store::find(db, id).await?.ok_or(AppError::NotFound),
            Inserted::TrackingTaken => continue,
            Inserted::FormSent => {
                let form_id = form_id.unwrap_or_default();
                return store::find_by_form(db, form_id)
                    .await?
                    .ok_or(AppError::NotFound);
            }
        }
    }
    Err(AppError::Internal(anyhow::anyhow!(
        "no free tracking number after {} attempts",
        rules::TRACKING_ATTEMPTS_MAX
    )))
}

/// What became of one attempt to store an application.
enum Inserted {
    Id(i64),
    /// The tracking number drawn is taken: draw another.
    TrackingTaken,
    /// The same form arrived at the same moment and was stored first.
    FormSent,
}

/// Stores the application, its documents and its event in one transaction.
async fn insert(
    db: &crate::db::Db,
    row: &NewRow<'_>,
    documents: &[(Document, &'static str)],
    region: &crate::region_code::RegionCode,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Inserted, AppError> {
    let mut tx = crate::registry::store::begin_write(db).await?;
    let id = match store::insert(&mut tx, row, documents, now).await {
        Ok(id) => id,
        Err(err) if err.is_conflict_on("applications_form_id_key", "applications.form_id") => {
            return Ok(Inserted::FormSent);
        }
        Err(err)
            if err.is_conflict_on(
                "applications_tracking_number_key",
                "applications.tracking_number",
            ) =>
        {
            return Ok(Inserted::TrackingTaken);
        }
        Err(err) => return Err(err.into()),
    };
    let event = NewEvent {
        actor: applicant(),
        action: SUBMITTED,
        subject_type: "application",
        subject_id: id.to_string(),
        region: Some(region.clone()),
        changes: Changes::new()
            .set("status", Status::Submitted.code())
            .set("member_count", row.member_count)
            .set("documents", documents.len()),
        request_id,
    };
    events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    Ok(Inserted::Id(id))
}

/// The family, acting without an account.
fn applicant() -> Actor {
    Actor {
        kind: ActorKind::System,
        id: None,
        role: APPLICANT_ROLE.to_owned(),
    }
}

/// The status for a tracking number and the head's birth date. A wrong birth date gets
/// the same answer as an unknown number, so numbers cannot be probed.
pub async fn status(
    db: &crate::db::Db,
    tracking_number: &str,
    birth_date: &str,
) -> Result<PublicStatus, AppError> {
    let date = dates::parse(birth_date)
        .map_err(|e| AppError::Invalid(vec![FieldError::localized("birth_date", "date", &e)]))?;
    let Some(tracking) = TrackingNumber::parse(tracking_number) else {
        return Err(AppError::NotFound);
    };
    let found = store::find_by_tracking(db, tracking.as_str()).await?;
    match found {
        Some((application, born)) if born == dates::iso(date) => Ok(PublicStatus {
            rejection_reason: (application.status == Status::Rejected.code())
                .then(|| application.decision_reason.clone())
                .flatten(),
            tracking_number: application.tracking_number,
            status: application.status,
            submitted_at: application.submitted_at,
            decided_at: application.decided_at,
        }),
        _ => Err(AppError::NotFound),
    }
}

/// The application a form sent, for its confirmation page, while that page is open.
pub async fn confirmation(
    db: &crate::db::Db,
    form_id: &str,
    now: OffsetDateTime,
) -> Result<Application, AppError> {
    if !rules::is_form_id(form_id) {
        return Err(AppError::NotFound);
    }
    let application = store::find_by_form(db, form_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let submitted = crate::db::timestamp::from_db(&application.submitted_at)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("stored time unreadable")))?;
    if rules::confirmation_open(submitted, now) {
        Ok(application)
    } else {
        Err(AppError::NotFound)
    }
}
