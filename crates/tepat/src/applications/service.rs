//! What a family does: apply (checked with the registry's own rules, kept with its
//! documents, an event written in the same transaction as the row and the limits it was
//! counted against) and check the status with the tracking number and the head's birth
//! date.

use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::error::{ApplicationError, FieldProblem, Limit, findings};
use super::model::{Application, ApplicationId, ApplicationInput, Document, PublicStatus, Status};
use super::rules;
use super::store::{self, NewDocument, NewRow};
use super::tracking::TrackingNumber;
use super::{APPLICANT_ROLE, SUBMITTED};
use crate::changes::store::check_files;
use crate::db::{Db, ResultExt};
use crate::events::{self, Actor, ActorKind, Changes, NewEvent};
use crate::registry::household::HouseholdInput;
use crate::registry::person::Relationship;
use crate::registry::service::{NewHousehold, validate};
use crate::registry::store::batch::FamilyIn;
use crate::registry::{dates, survey::Survey};
use crate::web::i18n::{Lang, Localized};

/// Who sent an application, as far as the server knows.
#[derive(Debug, Clone, Default)]
pub struct Sender<'a> {
    /// The one-time id of the web form, so a form sent twice makes one application.
    pub form_id: Option<&'a str>,
    /// The network address the submission came from, for the per-client limit; `None`
    /// where the server did not see one (a command, a test without a socket).
    pub client_address: Option<std::net::IpAddr>,
    pub request_id: Option<String>,
}

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

fn statement_problem(err: rules::StatementError) -> FieldProblem {
    if let rules::StatementError::Text(text) = err {
        let (en, id) = (text.localized(Lang::En), text.localized(Lang::Id));
        return FieldProblem::new("statement", err.rule(), &en, &id);
    }
    let (min, max) = (rules::STATEMENT_CHARS_MIN, rules::STATEMENT_CHARS_MAX);
    FieldProblem::new(
        "statement",
        err.rule(),
        &format!("write {min} to {max} characters of plain text about what the family needs"),
        &format!("tuliskan kebutuhan keluarga dalam {min} sampai {max} karakter teks biasa"),
    )
}

fn member_count_problem(members: usize) -> Option<FieldProblem> {
    let max = rules::MEMBERS_MAX;
    if members == 0 {
        return Some(FieldProblem::new(
            "members",
            "required",
            "list at least the head of the family",
            "isi paling sedikit kepala keluarga",
        ));
    }
    (members > max).then(|| {
        FieldProblem::new(
            "members",
            "too-many",
            &format!("at most {max} members; a larger family registers at the village office"),
            &format!(
                "paling banyak {max} anggota; keluarga yang lebih besar mendaftar di kantor \
                 desa/kelurahan"
            ),
        )
    })
}

/// An application that passed every rule, ready to be stored.
pub struct Checked {
    pub family: FamilyIn,
    pub statement: String,
    pub documents: Vec<NewDocument>,
}

/// Applies every rule to an application; all findings at once, each naming its field.
pub async fn check(
    db: &Db,
    input: &ApplicationInput,
    documents: &[Document],
    now: OffsetDateTime,
) -> Result<Checked, ApplicationError> {
    let mut errors = Vec::new();
    if let Some(problem) = member_count_problem(input.members.len()) {
        let too_many = problem.rule == "too-many";
        errors.push(problem);
        if too_many {
            return Err(ApplicationError::Invalid(errors));
        }
    }
    let statement = rules::check_statement(&input.statement)
        .map_err(|err| errors.push(statement_problem(err)))
        .ok();
    let family = findings(
        validate(db, &registry_input(input, Survey::default()), now)
            .await
            .map_err(crate::http::AppError::from),
    )?
    .map_err(|found| errors.extend(found))
    .ok();
    let types = findings(check_files("documents", documents).map_err(crate::http::AppError::from))?
        .map_err(|found| errors.extend(found))
        .unwrap_or_default();
    match (family, statement) {
        (Some(family), Some(statement)) if errors.is_empty() => Ok(Checked {
            family,
            statement,
            documents: stored_documents(documents, &types),
        }),
        _ => Err(ApplicationError::Invalid(errors)),
    }
}

/// The documents as stored: names without control or invisible characters and shortened,
/// types as found, each with its digest.
pub(super) fn stored_documents(documents: &[Document], types: &[&'static str]) -> Vec<NewDocument> {
    documents
        .iter()
        .zip(types)
        .map(|(file, content_type)| NewDocument {
            file_name: crate::text::without_refused(&file.file_name)
                .chars()
                .take(rules::FILE_NAME_CHARS_MAX)
                .collect(),
            content_type,
            content: file.content.clone(),
            sha256: hex::encode(Sha256::digest(&file.content)),
        })
        .collect()
}

/// Records an application. A form sent twice (same `form_id`) returns the first
/// application instead of a second one.
pub async fn submit(
    db: &Db,
    input: &ApplicationInput,
    documents: &[Document],
    sender: &Sender<'_>,
    now: OffsetDateTime,
) -> Result<Application, ApplicationError> {
    if let Some(existing) = sent_before(db, sender.form_id).await? {
        return Ok(existing);
    }
    let checked = check(db, input, documents, now).await?;
    let head = checked
        .family
        .members
        .iter()
        .find(|m| m.relationship == Relationship::Head)
        .ok_or_else(|| anyhow::anyhow!("checked family without a head"))?;
    let mut payload = input.clone();
    payload.statement = String::new();
    let payload = serde_json::to_string(&payload).map_err(anyhow::Error::from)?;
    let region = checked.family.household.village_code.clone();
    let client_key = sender.client_address.map(rules::client_key);
    for _ in 0..rules::TRACKING_ATTEMPTS_MAX {
        let tracking = TrackingNumber::generate();
        let row = NewRow {
            tracking_number: tracking.as_str(),
            form_id: sender.form_id,
            region_code: region.as_str(),
            payload: payload.clone(),
            statement: &checked.statement,
            head_name: &head.full_name,
            head_birth_date: &dates::iso(head.birth_date),
            member_count: checked.family.members.len() as i64,
            status: Status::Submitted,
            client_key: client_key.as_deref(),
        };
        match insert(db, &row, &checked.documents, &region, sender, now).await? {
            Inserted::Id(id) => {
                return store::find(db, id).await?.ok_or(ApplicationError::NotFound);
            }
            Inserted::TrackingTaken => continue,
            Inserted::FormSent => {
                return sent_before(db, sender.form_id)
                    .await?
                    .ok_or(ApplicationError::NotFound);
            }
        }
    }
    Err(anyhow::anyhow!(
        "no free tracking number after {} attempts",
        rules::TRACKING_ATTEMPTS_MAX
    )
    .into())
}

async fn sent_before(
    db: &Db,
    form_id: Option<&str>,
) -> Result<Option<Application>, ApplicationError> {
    match form_id {
        Some(form_id) => Ok(store::find_by_form(db, form_id).await?),
        None => Ok(None),
    }
}

/// What became of one attempt to store an application.
enum Inserted {
    Id(ApplicationId),
    /// The tracking number drawn is taken: draw another.
    TrackingTaken,
    /// The same form arrived at the same moment and was stored first.
    FormSent,
}

/// Refuses a submission over the village's or the client's limit, counted inside the
/// transaction that would store it.
async fn check_limits(
    tx: &mut crate::db::Tx,
    region: &crate::region_code::RegionCode,
    client_key: Option<&str>,
    now: OffsetDateTime,
) -> Result<(), ApplicationError> {
    let since = rules::window_start(now);
    if rules::village_is_full(store::count_since(tx, region, since).await?) {
        return Err(ApplicationError::TooMany(Limit::Village));
    }
    if let Some(key) = client_key
        && rules::client_is_full(store::count_from_client_since(tx, key, since).await?)
    {
        return Err(ApplicationError::TooMany(Limit::ClientAddress));
    }
    Ok(())
}

/// Stores the application, its documents and its event in one transaction, after counting
/// the recent submissions of the village and of the client inside it.
async fn insert(
    db: &Db,
    row: &NewRow<'_>,
    documents: &[NewDocument],
    region: &crate::region_code::RegionCode,
    sender: &Sender<'_>,
    now: OffsetDateTime,
) -> Result<Inserted, ApplicationError> {
    let mut tx = crate::registry::store::begin_write(db).await?;
    check_limits(&mut tx, region, row.client_key, now).await?;
    if let Some(form_id) = sender.form_id {
        // The documents kept with this form become the application's.
        store::form_files::remove(&mut tx, form_id).await?;
    }
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
            .set("status", Status::Submitted.as_str())
            .set("member_count", row.member_count)
            .set("documents", documents.len()),
        request_id: sender.request_id.clone(),
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
    db: &Db,
    tracking_number: &str,
    birth_date: &str,
) -> Result<PublicStatus, ApplicationError> {
    let date = dates::parse(birth_date).map_err(|e| {
        ApplicationError::invalid(FieldProblem::new(
            "birth_date",
            "date",
            &e.localized(Lang::En),
            &e.localized(Lang::Id),
        ))
    })?;
    let Some(tracking) = TrackingNumber::parse(tracking_number) else {
        return Err(ApplicationError::NotFound);
    };
    let found = store::find_by_tracking(db, tracking.as_str()).await?;
    match found {
        Some((application, born)) if born == dates::iso(date) => Ok(PublicStatus {
            aid: match application.household_id {
                Some(household) => {
                    crate::disbursement::recipient::of_household(db, household).await?
                }
                None => Vec::new(),
            },
            rejection_reason: (application.status == Status::Rejected)
                .then(|| application.decision_reason.clone())
                .flatten(),
            tracking_number: application.tracking_number,
            status: application.status,
            submitted_at: application.submitted_at,
            decided_at: application.decided_at,
        }),
        _ => Err(ApplicationError::NotFound),
    }
}

/// The application a form sent, for its confirmation page, while that page is open.
pub async fn confirmation(
    db: &Db,
    form_id: &str,
    now: OffsetDateTime,
) -> Result<Application, ApplicationError> {
    if !rules::is_form_id(form_id) {
        return Err(ApplicationError::NotFound);
    }
    let application = store::find_by_form(db, form_id)
        .await?
        .ok_or(ApplicationError::NotFound)?;
    let submitted = crate::db::timestamp::from_db(&application.submitted_at)
        .ok_or_else(|| anyhow::anyhow!("stored time unreadable"))?;
    if rules::confirmation_open(submitted, now) {
        Ok(application)
    } else {
        Err(ApplicationError::NotFound)
    }
}
