//! What a proposal does to the stored household: `plan` checks it against the household as
//! it is now (with the registry's own rules, every finding named), `execute` writes it as
//! new versions and events inside the caller's transaction. A proposal is planned twice:
//! when it is made, so the operator sees mistakes at once, and again when it is approved,
//! because the household may have changed in between.

use serde_json::{Value, json};
use sqlx::Row;
use time::OffsetDateTime;

use super::Proposal;
use crate::clock::today;
use crate::db::{Db, ResultExt, Tx, timestamp};
use crate::events::{self, Changes, NewEvent};
use crate::http::{AppError, FieldError};
use crate::region_code::RegionCode;
use crate::registry::HouseholdInput;
use crate::registry::dates;
use crate::registry::kk::KkNumber;
use crate::registry::rules::PersonInput;
use crate::registry::service::{NewHousehold, validate};
use crate::registry::store::batch::{self, FamilyIn};
use crate::registry::store::family::{self, Mode, Outcome, kk_taken};
use crate::registry::store::read::{self, Household, Person};
use crate::registry::store::versions::{self, NewVersion};
use crate::registry::store::{Acting, HOUSEHOLD_CLOSED};

/// The checked effect of a proposal.
#[derive(Debug, Clone)]
pub enum Plan {
    /// The family as it will read; stored by writing what differs. `new_kk` renumbers the
    /// household first.
    Family {
        family: FamilyIn,
        new_kk: Option<String>,
    },
    /// `moving` members leave for a new household `new_family`.
    Split {
        new_family: FamilyIn,
        moving: Vec<i64>,
    },
    /// The members of household `other` join; `family` is this family afterwards.
    Merge {
        family: FamilyIn,
        other: i64,
        moving: Vec<i64>,
    },
    Close,
}

fn invalid(field: &str, rule: &str, message: &str, message_id: &str) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, rule, message, message_id)])
}

/// The stored household as typed input, so the registry's rules can check it whole.
pub fn as_input(household: &Household, members: &[Person]) -> NewHousehold {
    NewHousehold {
        household: HouseholdInput {
            kk: household.kk_number.clone(),
            village_code: household.village_code.clone(),
            address: household.address.clone(),
            rt: household.rt.clone(),
            rw: household.rw.clone(),
            phone: household.phone.clone(),
            survey: serde_json::from_value(household.survey.clone()).unwrap_or_default(),
        },
        members: members.iter().map(person_input).collect(),
        // Warnings were confirmed when the record was first stored.
        confirm_warnings: true,
    }
}

pub fn person_input(p: &Person) -> PersonInput {
    PersonInput {
        nik: p.nik.clone(),
        name: p.full_name.clone(),
        birth_place: p.birth_place.clone(),
        birth_date: p.birth_date.clone(),
        sex: p.sex.clone(),
        relationship: p.relationship.clone(),
        marital_status: p.marital_status.clone().unwrap_or_default(),
        occupation: p.occupation.clone().unwrap_or_default(),
        education: p.education.clone().unwrap_or_default(),
        disability: p.disability.clone().unwrap_or_default(),
        life_status: p.life_status.clone(),
        status_date: p.status_date.clone().unwrap_or_default(),
    }
}

/// Loads an active household and its members.
pub async fn load(db: &Db, household_id: i64) -> Result<(Household, Vec<Person>), AppError> {
    let household = read::find_household(db, household_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let members = read::members(db, household_id).await?;
    Ok((household, members))
}

fn member_index(members: &[Person], person_id: i64, field: &str) -> Result<usize, AppError> {
    members
        .iter()
        .position(|m| m.id == person_id)
        .ok_or_else(|| {
            invalid(
                field,
                "not-a-member",
                &format!("person {person_id} is not a member of this household"),
                &format!("penduduk {person_id} bukan anggota keluarga ini"),
            )
        })
}

fn status_date(text: &str, birth: &str, now: OffsetDateTime) -> Result<String, AppError> {
    let date = dates::parse(text)
        .and_then(|d| dates::check_past(d, today(now)))
        .map_err(|e| AppError::Invalid(vec![FieldError::localized("date", "date", &e)]))?;
    if dates::parse(birth).is_ok_and(|b| date < b) {
        return Err(invalid(
            "date",
            "before-birth",
            "the date is before the person's birth date",
            "tanggal sebelum tanggal lahir penduduk",
        ));
    }
    Ok(dates::iso(date))
}

/// A KK number that is valid and not held by any other household.
async fn free_kk(
    db: &Db,
    text: &str,
    field: &str,
    now: OffsetDateTime,
) -> Result<String, AppError> {
    let kk = KkNumber::parse(text, today(now))
        .map_err(|e| AppError::Invalid(vec![FieldError::localized(field, "kk", &e)]))?;
    let taken = sqlx::query("SELECT id FROM households WHERE kk_number = $1")
        .bind(kk.as_str().to_owned())
        .fetch_optional(&db.pool)
        .await
        .store()?;
    if let Some(row) = taken {
        let id: i64 = row.try_get(0).store()?;
        let v = kk_taken(kk.as_str(), id);
        return Err(AppError::Conflict(FieldError::new(
            field,
            v.rule,
            &v.message,
            &v.message_id,
        )));
    }
    Ok(kk.as_str().to_owned())
}

/// Checks `proposal` against household `household_id` as stored now.
pub async fn plan(
    db: &Db,
    household_id: i64,
    proposal: &Proposal,
    now: OffsetDateTime,
) -> Result<Plan, AppError> {
    let (household, members) = load(db, household_id).await?;
    if household.status != "active" {
        return Err(invalid(
            "household",
            "closed",
            "the household is closed",
            "keluarga ini sudah ditutup",
        ));
    }
    let mut input = as_input(&household, &members);
    let mut new_kk = None;
    match proposal {
        Proposal::KoreksiKeluarga {
            address,
            rt,
            rw,
            phone,
        } => {
            input.household.address = address.clone();
            input.household.rt = rt.clone();
            input.household.rw = rw.clone();
            input.household.phone = Some(phone.clone());
        }
        Proposal::KoreksiAnggota { person_id, person } => {
            let index = member_index(&members, *person_id, "person_id")?;
            if person.nik.trim() != members[index].nik {
                return Err(invalid(
                    "person.nik",
                    "nik-fixed",
                    "a NIK is not corrected here: NIK corrections come from the civil registry",
                    "NIK tidak dikoreksi di sini: koreksi NIK datang dari Dukcapil",
                ));
            }
            let mut person = person.clone();
            // Life status has its own requests (death, move), with dates and evidence.
            person.life_status = members[index].life_status.clone();
            person.status_date = members[index].status_date.clone().unwrap_or_default();
            input.members[index] = person;
        }
        Proposal::TambahAnggota { person } => {
            let mut person = person.clone();
            person.life_status = "hidup".into();
            person.status_date = String::new();
            input.members.push(person);
        }
        Proposal::Kematian { person_id, date } | Proposal::Pindah { person_id, date } => {
            let index = member_index(&members, *person_id, "person_id")?;
            let member = &members[index];
            if member.life_status != "hidup" {
                return Err(invalid(
                    "person_id",
                    "not-living",
                    "the member is already recorded as deceased or moved",
                    "anggota ini sudah tercatat meninggal atau pindah",
                ));
            }
            let date = status_date(date, &member.birth_date, now)?;
            let status = if matches!(proposal, Proposal::Kematian { .. }) {
                "meninggal"
            } else {
                "pindah"
            };
            input.members[index].life_status = status.into();
            input.members[index].status_date = date;
        }
        Proposal::GantiKk { new_kk: text } => {
            let kk = free_kk(db, text, "new_kk", now).await?;
            input.household.kk = kk.clone();
            new_kk = Some(kk);
        }
        Proposal::PecahKk {
            new_kk: text,
            members: moving,
            head,
        } => return plan_split(db, &household, &members, text, moving, *head, now).await,
        Proposal::GabungKk { other_kk } => {
            return plan_merge(db, &household, &members, other_kk, now).await;
        }
        Proposal::TutupKk => return Ok(Plan::Close),
    }
    let family = validate(db, &input, now).await?;
    Ok(Plan::Family { family, new_kk })
}

async fn plan_split(
    db: &Db,
    household: &Household,
    members: &[Person],
    new_kk: &str,
    moving: &[i64],
    head: i64,
    now: OffsetDateTime,
) -> Result<Plan, AppError> {
    let kk = free_kk(db, new_kk, "new_kk", now).await?;
    if moving.is_empty() {
        return Err(invalid(
            "members",
            "required",
            "choose the members who form the new family",
            "pilih anggota yang membentuk keluarga baru",
        ));
    }
    for id in moving {
        let index = member_index(members, *id, "members")?;
        if members[index].relationship == "kepala" {
            return Err(invalid(
                "members",
                "head-stays",
                "the head stays with this household; the others form the new family",
                "kepala keluarga tetap di keluarga ini; anggota lain yang membentuk keluarga baru",
            ));
        }
    }
    if !moving.contains(&head) {
        return Err(invalid(
            "head",
            "head-among-members",
            "the new head must be one of the members who leave",
            "kepala keluarga baru harus salah satu anggota yang pindah",
        ));
    }
    let mut input = as_input(household, &[]);
    input.household.kk = kk;
    for member in members.iter().filter(|m| moving.contains(&m.id)) {
        let mut person = person_input(member);
        if member.id == head {
            person.relationship = "kepala".into();
        } else if person.relationship == "kepala" {
            person.relationship = "lainnya".into();
        }
        input.members.push(person);
    }
    let new_family = validate(db, &input, now).await?;
    Ok(Plan::Split {
        new_family,
        moving: moving.to_vec(),
    })
}

async fn plan_merge(
    db: &Db,
    household: &Household,
    members: &[Person],
    other_kk: &str,
    now: OffsetDateTime,
) -> Result<Plan, AppError> {
    let row = sqlx::query("SELECT id, status FROM households WHERE kk_number = $1")
        .bind(other_kk.trim().to_owned())
        .fetch_optional(&db.pool)
        .await
        .store()?;
    let not_found = || {
        invalid(
            "other_kk",
            "unknown-kk",
            "no active household has this KK number",
            "tidak ada keluarga aktif dengan nomor KK ini",
        )
    };
    let Some(row) = row else {
        return Err(not_found());
    };
    let other: i64 = row.try_get(0).store()?;
    let status: String = row.try_get(1).store()?;
    if status != "active" {
        return Err(not_found());
    }
    if other == household.id {
        return Err(invalid(
            "other_kk",
            "same-household",
            "a household cannot join itself",
            "keluarga tidak dapat digabung dengan dirinya sendiri",
        ));
    }
    let (other_household, joining) = load(db, other).await?;
    if other_household.village_code != household.village_code {
        return Err(invalid(
            "other_kk",
            "other-village",
            "families of different villages are not merged here; move the family first",
            "keluarga dari desa berbeda tidak digabung di sini; pindahkan keluarganya dahulu",
        ));
    }
    let mut input = as_input(household, members);
    for member in &joining {
        let mut person = person_input(member);
        // They join as other members; their exact relationship is corrected afterwards.
        person.relationship = "lainnya".into();
        input.members.push(person);
    }
    let family = validate(db, &input, now).await?;
    Ok(Plan::Merge {
        family,
        other,
        moving: joining.iter().map(|p| p.id).collect(),
    })
}

/// Writes a checked plan for household `household_id`. Returns what the request's record
/// keeps as its result (e.g. the new household's id).
pub async fn execute(
    tx: &mut Tx,
    household_id: i64,
    plan: Plan,
    acting: &Acting,
    now: OffsetDateTime,
) -> Result<Value, AppError> {
    match plan {
        Plan::Family { family, new_kk } => {
            if let Some(kk) = new_kk {
                sqlx::query("UPDATE households SET kk_number = $1 WHERE id = $2")
                    .bind(kk)
                    .bind(household_id)
                    .execute(&mut **tx)
                    .await
                    .store()?;
            }
            store_family(tx, &family, acting, now).await?;
            Ok(json!({}))
        }
        Plan::Split { new_family, moving } => {
            let empty = FamilyIn {
                household: new_family.household.clone(),
                members: Vec::new(),
            };
            let ids = batch::insert_new(tx, &[&empty], acting, now).await?;
            let new_id = ids.first().map(|id| id.0).unwrap_or_default();
            move_persons(tx, &moving, household_id, new_id, &new_family, acting, now).await?;
            store_family(tx, &new_family, acting, now).await?;
            Ok(json!({ "new_household_id": new_id }))
        }
        Plan::Merge {
            family,
            other,
            moving,
        } => {
            move_persons(tx, &moving, other, household_id, &family, acting, now).await?;
            store_family(tx, &family, acting, now).await?;
            close(tx, other, acting, now).await?;
            Ok(json!({ "closed_household_id": other }))
        }
        Plan::Close => {
            close(tx, household_id, acting, now).await?;
            Ok(json!({}))
        }
    }
}

/// Stores a family whose KK exists, writing versions for what differs.
async fn store_family(
    tx: &mut Tx,
    family: &FamilyIn,
    acting: &Acting,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let outcome = family::apply(
        tx,
        std::slice::from_ref(family),
        Mode::UpsertByKk { scope: None },
        acting,
        now,
    )
    .await?
    .pop();
    match outcome {
        Some(Outcome::Refused(found)) => {
            let errors = found
                .iter()
                .map(|(member, v)| {
                    let field = match member {
                        Some(i) => format!("members[{i}].{}", v.field),
                        None => v.field.to_owned(),
                    };
                    FieldError::new(&field, v.rule, &v.message, &v.message_id)
                })
                .collect();
            Err(AppError::Invalid(errors))
        }
        _ => Ok(()),
    }
}

/// Moves members to another household: a version for each (which household they left and
/// joined) and one event.
async fn move_persons(
    tx: &mut Tx,
    persons: &[i64],
    from: i64,
    to: i64,
    target: &FamilyIn,
    acting: &Acting,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let region = target.household.village_code.as_str().to_owned();
    let mut new_versions = Vec::new();
    for id in persons {
        let row = sqlx::query(
            "UPDATE persons SET household_id = $1, region_code = $2, version = version + 1, \
             updated_at = $3 WHERE id = $4 AND household_id = $5 RETURNING version",
        )
        .bind(to)
        .bind(region.clone())
        .bind(timestamp::to_db(now))
        .bind(*id)
        .bind(from)
        .fetch_optional(&mut **tx)
        .await
        .store()?;
        let Some(row) = row else {
            return Err(AppError::Conflict(FieldError::new(
                "members",
                "changed",
                "a member has left this household since the request was made",
                "seorang anggota sudah keluar dari keluarga ini sejak usulan dibuat",
            )));
        };
        let version: i64 = row.try_get(0).store()?;
        let snapshot = versions::latest_snapshot(tx, versions::PERSON, *id).await?;
        new_versions.push(NewVersion {
            subject_type: versions::PERSON,
            subject_id: *id,
            version,
            action: "moved",
            changes: json!({ "household_id": { "from": from, "to": to } }),
            snapshot: snapshot.to_string(),
        });
    }
    versions::insert(tx, &new_versions, acting, now).await?;
    let event = NewEvent {
        actor: acting.actor.clone(),
        action: crate::registry::store::HOUSEHOLD_CORRECTED,
        subject_type: "household",
        subject_id: to.to_string(),
        region: RegionCode::parse(&region).ok(),
        changes: Changes::new()
            .set("members_joined", persons.len())
            .set("from_household", from)
            .set("reason", acting.reason.clone()),
        request_id: acting.request_id.clone(),
    };
    events::store::record(tx, event, now).await?;
    Ok(())
}

/// Closes a household with the acting reason; its record and history stay.
async fn close(
    tx: &mut Tx,
    household_id: i64,
    acting: &Acting,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let row = sqlx::query(
        "UPDATE households SET status = 'closed', closed_reason = $1, version = version + 1, \
         updated_at = $2 WHERE id = $3 AND status = 'active' RETURNING version, region_code",
    )
    .bind(acting.reason.clone())
    .bind(timestamp::to_db(now))
    .bind(household_id)
    .fetch_optional(&mut **tx)
    .await
    .store()?;
    let Some(row) = row else {
        return Err(invalid(
            "household",
            "closed",
            "the household is already closed",
            "keluarga ini sudah ditutup",
        ));
    };
    let version: i64 = row.try_get(0).store()?;
    let region: String = row.try_get(1).store()?;
    let snapshot = versions::latest_snapshot(tx, versions::HOUSEHOLD, household_id).await?;
    versions::insert(
        tx,
        &[NewVersion {
            subject_type: versions::HOUSEHOLD,
            subject_id: household_id,
            version,
            action: "closed",
            changes: json!({ "status": { "from": "active", "to": "closed" } }),
            snapshot: snapshot.to_string(),
        }],
        acting,
        now,
    )
    .await?;
    let event = NewEvent {
        actor: acting.actor.clone(),
        action: HOUSEHOLD_CLOSED,
        subject_type: "household",
        subject_id: household_id.to_string(),
        region: RegionCode::parse(&region).ok(),
        changes: Changes::new()
            .change("status", "active", "closed")
            .set("reason", acting.reason.clone()),
        request_id: acting.request_id.clone(),
    };
    events::store::record(tx, event, now).await?;
    Ok(())
}
