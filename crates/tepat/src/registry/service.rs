//! Registry operations shared by pages and the API: region scope, records shown as the
//! caller may see them (`shown.rs`), access records, and registering one household through
//! the same rules and store as the bulk import.

use time::OffsetDateTime;

use super::directory::RegionSet;
use super::error::{FieldProblem, RegistryError};
use super::hooks::AfterRegister;
use super::household::{HouseholdInput, parse_household};
use super::nik::typed_district;
use super::rules::{PersonInput, check_family, parse_person};
use super::shown;
use super::store::batch::FamilyIn;
use super::store::family::{self, Mode, Outcome};
use super::store::read::{self, Household, HouseholdFilter, HouseholdSummary, Person};
use super::store::versions::{self, Version};
use super::store::views::{self, ViewPurpose};
use super::store::{Acting, HouseholdId};
use super::violation::Violation;
use crate::auth::{Permission, Principal};
use crate::clock::today;
use crate::db::Db;
use crate::field::FieldError;
use crate::http::AppError;
use crate::region_code::RegionCode;

/// A household with its members and history: its own versions and its members', newest
/// first.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct HouseholdDetail {
    pub household: Household,
    pub members: Vec<Person>,
    pub history: Vec<Version>,
}

/// A person's full record and history.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PersonDetail {
    pub person: Person,
    pub history: Vec<Version>,
}

/// A household to register, with its members.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct NewHousehold {
    #[serde(flatten)]
    pub household: HouseholdInput,
    pub members: Vec<PersonInput>,
    /// Accept findings that are only warnings (e.g. a NIK from a district since split).
    #[serde(default)]
    pub confirm_warnings: bool,
}

/// Reads list filters; the region must be a well-formed code.
pub fn filter(
    region: Option<&str>,
    kk: Option<String>,
    status: Option<String>,
) -> Result<HouseholdFilter, AppError> {
    let region = match region.map(str::trim).filter(|r| !r.is_empty()) {
        Some(text) => Some(
            RegionCode::parse(text)
                .map_err(|e| AppError::BadRequest(FieldError::localized("region", "format", &e)))?,
        ),
        None => None,
    };
    let clean = |v: Option<String>| v.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
    let status = clean(status);
    if let Some(status) = &status
        && !matches!(status.as_str(), "active" | "closed")
    {
        return Err(AppError::BadRequest(FieldError::new(
            "status",
            "choice",
            "status must be active or closed",
            "status harus active atau closed",
        )));
    }
    Ok(HouseholdFilter {
        region,
        kk_number: clean(kk),
        status,
    })
}

/// Households inside both the caller's scope and the filter's region.
pub async fn list(
    db: &Db,
    caller: &Principal,
    filter: HouseholdFilter,
    after: i64,
    limit: u32,
) -> Result<Vec<HouseholdSummary>, AppError> {
    caller.require(Permission::ReadRegistry)?;
    let region = effective_region(caller, filter.region.as_ref())?;
    let mut rows = read::list_households(db, region.as_ref(), &filter, after, limit).await?;
    shown::all(&caller.redactor(), &mut rows, shown::summary);
    Ok(rows)
}

/// The narrower of the caller's scope and the region asked for.
fn effective_region(
    caller: &Principal,
    wanted: Option<&RegionCode>,
) -> Result<Option<RegionCode>, AppError> {
    match (wanted, &caller.region) {
        (Some(wanted), _) if caller.covers(wanted) => Ok(Some(wanted.clone())),
        (Some(wanted), Some(scope)) if wanted.contains(scope) => Ok(Some(scope.clone())),
        (Some(_), _) => Err(AppError::OutsideScope),
        (None, scope) => Ok(scope.clone()),
    }
}

/// Most persons a search returns.
pub const SEARCH_RESULTS_MAX: usize = 50;

/// Persons found by NIK, KK or (spelling-tolerant) name inside the caller's scope.
pub async fn search(
    db: &Db,
    caller: &Principal,
    region: Option<&RegionCode>,
    query: &str,
) -> Result<Vec<Person>, AppError> {
    caller.require(Permission::ReadRegistry)?;
    let region = effective_region(caller, region)?;
    let query = crate::http::search::search_text("q", query)?;
    let mut found = super::search::persons(db, region.as_ref(), query, SEARCH_RESULTS_MAX).await?;
    shown::all(&caller.redactor(), &mut found, shown::person);
    Ok(found)
}

fn region_of(code: &str) -> Result<RegionCode, AppError> {
    RegionCode::parse(code).map_err(|e| AppError::Internal(anyhow::anyhow!("stored region: {e}")))
}

/// One household, its members and its history, if inside the caller's scope.
pub async fn household(db: &Db, caller: &Principal, id: i64) -> Result<HouseholdDetail, AppError> {
    caller.require(Permission::ReadRegistry)?;
    let mut household = read::find_household(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    caller.require_in(
        Permission::ReadRegistry,
        &region_of(&household.village_code)?,
    )?;
    let mut members = read::members(db, id).await?;
    let mut history = versions::household_history(db, id).await?;
    let redactor = caller.redactor();
    shown::household(&redactor, &mut household);
    shown::all(&redactor, &mut members, shown::person);
    shown::all(&redactor, &mut history, shown::version);
    Ok(HouseholdDetail {
        household,
        members,
        history,
    })
}

/// The permission that lets `caller` open a person's record for `purpose`: an auditor
/// opens it for an audit (`AuditPersonRecord`, numbers masked), everyone else needs the
/// full-record permission.
pub fn opening_permission(caller: &Principal, purpose: ViewPurpose) -> Permission {
    if purpose == ViewPurpose::Audit && caller.allows(Permission::AuditPersonRecord, false).is_ok()
    {
        Permission::AuditPersonRecord
    } else {
        Permission::OpenPersonRecord
    }
}

/// The purposes `caller` may give for opening a person's record: an auditor only `audit`.
pub fn purposes_for(caller: &Principal) -> Vec<ViewPurpose> {
    if caller.allows(Permission::OpenPersonRecord, false).is_ok() {
        ViewPurpose::ALL.to_vec()
    } else if caller.allows(Permission::AuditPersonRecord, false).is_ok() {
        vec![ViewPurpose::Audit]
    } else {
        Vec::new()
    }
}

/// A person's full record; records who opened it, when and why.
pub async fn open_person(
    db: &Db,
    caller: &Principal,
    id: i64,
    purpose: ViewPurpose,
    now: OffsetDateTime,
) -> Result<PersonDetail, AppError> {
    let permission = opening_permission(caller, purpose);
    caller.require(permission)?;
    let mut person = read::find_person(db, id).await?.ok_or(AppError::NotFound)?;
    caller.require_in(permission, &region_of(&person.region_code)?)?;
    views::record(db, &caller.actor, id, &person.region_code, purpose, now).await?;
    let mut history = versions::history(db, versions::PERSON, id).await?;
    // Opening a full record is for roles that see it whole; the redactor keeps it so
    // should the permission table ever grant it to another.
    let redactor = caller.redactor();
    shown::person(&redactor, &mut person);
    shown::all(&redactor, &mut history, shown::version);
    Ok(PersonDetail { person, history })
}

/// Applies every rule to a household and its members; all findings at once.
pub(crate) async fn validate(
    db: &Db,
    input: &NewHousehold,
    now: OffsetDateTime,
) -> Result<FamilyIn, RegistryError> {
    let mut codes = vec![input.household.village_code.trim().to_owned()];
    // Only the districts of numbers typed as digits are looked up: a number with any
    // other character (`3½75…`, `٣١٧٥…`) is refused by its own rule below.
    codes.extend(typed_district(&input.household.kk));
    codes.extend(input.members.iter().filter_map(|m| typed_district(&m.nik)));
    let regions = RegionSet::load_codes(db, &codes).await?;
    let today = today(now);
    let (household, found) = parse_household(&input.household, today, &regions);
    let mut errors: Vec<FieldProblem> = Vec::new();
    let keep = |v: &Violation| v.is_error() || !input.confirm_warnings;
    errors.extend(
        found
            .iter()
            .filter(|v| keep(v))
            .map(|v| FieldProblem::of("", v)),
    );
    let mut members = Vec::new();
    for (index, member) in input.members.iter().enumerate() {
        let (record, found) = parse_person(member, today, &regions);
        let prefix = format!("members[{index}]");
        errors.extend(
            found
                .iter()
                .filter(|v| keep(v))
                .map(|v| FieldProblem::of(&prefix, v)),
        );
        members.extend(record);
    }
    if members.len() == input.members.len() {
        for (index, v) in check_family(&members) {
            errors.push(FieldProblem::of(&format!("members[{index}]"), &v));
        }
    }
    match household {
        Some(household) if errors.is_empty() => Ok(FamilyIn { household, members }),
        _ => Err(RegistryError::Invalid(errors)),
    }
}

/// Registers a new household; an existing KK or NIK is refused with a pointer to it.
pub async fn create(
    db: &Db,
    caller: &Principal,
    request_id: Option<String>,
    input: &NewHousehold,
    now: OffsetDateTime,
    after: &dyn AfterRegister,
) -> Result<i64, AppError> {
    caller.require_write(Permission::WriteRegistry)?;
    let family = validate(db, input, now).await?;
    caller.require_in_region(Permission::WriteRegistry, &family.household.village_code)?;
    let acting = Acting {
        actor: caller.actor.clone(),
        request_id,
        reason: "pendaftaran keluarga".to_owned(),
    };
    let mut tx = super::store::begin_write(db).await?;
    let id = register_in(&mut tx, family, &acting, now).await?;
    tx.commit()
        .await
        .map_err(crate::db::StoreError::from_sqlx)?;
    // Other features look at the new household once it is committed (the duplicate
    // check at entry puts likely duplicates in the review queue).
    after
        .after_register(db, HouseholdId(id), &caller.actor, now)
        .await;
    Ok(id)
}

/// Writes a checked new household inside the caller's transaction, so another record (an
/// accepted application) can commit with it; an existing KK or NIK is refused with a
/// pointer to it.
pub(crate) async fn register_in(
    tx: &mut crate::db::Tx,
    family: FamilyIn,
    acting: &Acting,
    now: OffsetDateTime,
) -> Result<i64, RegistryError> {
    let outcome = family::apply(
        tx,
        std::slice::from_ref(&family),
        Mode::CreateOnly,
        acting,
        now,
    )
    .await?
    .pop();
    match outcome {
        Some(Outcome::Created(id)) => Ok(id.0),
        Some(Outcome::Refused(found)) => {
            let first = found.first().map(|(member, v)| match member {
                Some(i) => FieldProblem::of(&format!("members[{i}]"), v),
                None => FieldProblem::of("", v),
            });
            Err(RegistryError::Conflict(first.unwrap_or_else(|| {
                FieldProblem {
                    field: "kk".to_owned(),
                    rule: "conflict".to_owned(),
                    message_en: "already registered".to_owned(),
                    message_id: "sudah terdaftar".to_owned(),
                }
            })))
        }
        _ => Err(RegistryError::Unexpected),
    }
}
