//! What a proposal does to a household: `plan` checks it against the household as read in
//! the caller's transaction (with the registry's own rules, every finding named) and
//! returns the checked effect that `apply` writes. A proposal is planned twice: when it is
//! made, so the operator sees mistakes at once, and when it is approved, inside the
//! approval's transaction, because the household may have changed in between.

use time::OffsetDateTime;

use super::error::{ChangeError, Finding};
use super::model::Proposal;
use super::store;
use crate::clock::today;
use crate::db::{Db, Tx};
use crate::registry::HouseholdInput;
use crate::registry::dates;
use crate::registry::kk::KkNumber;
use crate::registry::rules::PersonInput;
use crate::registry::service::{NewHousehold, validate};
use crate::registry::store::batch::FamilyIn;
use crate::registry::store::family::kk_taken;
use crate::registry::store::read::{Household, Person};
use crate::registry::store::{HouseholdId, PersonId};

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
        moving: Vec<PersonId>,
    },
    /// The members of household `other` join; `family` is this family afterwards.
    Merge {
        family: FamilyIn,
        other: HouseholdId,
        moving: Vec<PersonId>,
    },
    Close,
}

/// A household and its members as read for one plan.
pub struct Current<'a> {
    pub household: &'a Household,
    pub members: &'a [Person],
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

/// The registry's rules over a whole family, their findings as this feature's.
async fn check_family(
    db: &Db,
    input: &NewHousehold,
    now: OffsetDateTime,
) -> Result<FamilyIn, ChangeError> {
    validate(db, input, now)
        .await
        .map_err(|err| ChangeError::from_app_error(err.into()))
}

fn member_index(members: &[Person], person: PersonId, field: &str) -> Result<usize, ChangeError> {
    members
        .iter()
        .position(|m| m.id == person.0)
        .ok_or_else(|| {
            ChangeError::invalid(
                field,
                "not-a-member",
                &format!("person {} is not a member of this household", person.0),
                &format!("penduduk {} bukan anggota keluarga ini", person.0),
            )
        })
}

fn status_date(text: &str, birth: &str, now: OffsetDateTime) -> Result<String, ChangeError> {
    let date = dates::parse(text)
        .and_then(|d| dates::check_past(d, today(now)))
        .map_err(|e| ChangeError::Invalid(vec![Finding::localized("date", "date", &e)]))?;
    if dates::parse(birth).is_ok_and(|b| date < b) {
        return Err(ChangeError::invalid(
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
    tx: &mut Tx,
    text: &str,
    field: &str,
    now: OffsetDateTime,
) -> Result<String, ChangeError> {
    let kk = KkNumber::parse(text, today(now))
        .map_err(|e| ChangeError::Invalid(vec![Finding::localized(field, "kk", &e)]))?;
    if let Some((holder, _)) = store::household::holder_of_kk(tx, kk.as_str()).await? {
        let v = kk_taken(kk.as_str(), holder.0);
        return Err(ChangeError::Conflict(Finding::violation(field, &v)));
    }
    Ok(kk.as_str().to_owned())
}

/// Checks `proposal` against `current`, the household as read in `tx`.
pub async fn plan(
    tx: &mut Tx,
    db: &Db,
    current: Current<'_>,
    proposal: &Proposal,
    now: OffsetDateTime,
) -> Result<Plan, ChangeError> {
    if current.household.status != "active" {
        return Err(ChangeError::invalid(
            "household",
            "closed",
            "the household is closed",
            "keluarga ini sudah ditutup",
        ));
    }
    let mut input = as_input(current.household, current.members);
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
            correct_member(&mut input, current.members, *person_id, person)?;
        }
        Proposal::TambahAnggota { person } => input.members.push(PersonInput {
            life_status: "hidup".into(),
            status_date: String::new(),
            ..person.clone()
        }),
        Proposal::Kematian { person_id, date } | Proposal::Pindah { person_id, date } => {
            let died = matches!(proposal, Proposal::Kematian { .. });
            leave(&mut input, current.members, *person_id, date, died, now)?;
        }
        Proposal::GantiKk { new_kk: text } => {
            let kk = free_kk(tx, text, "new_kk", now).await?;
            input.household.kk = kk.clone();
            new_kk = Some(kk);
        }
        Proposal::PecahKk {
            new_kk,
            members,
            head,
        } => return plan_split(tx, db, current, new_kk, members, *head, now).await,
        Proposal::GabungKk { other_kk } => {
            return plan_merge(tx, db, current, other_kk, now).await;
        }
        Proposal::TutupKk => return Ok(Plan::Close),
    }
    let family = check_family(db, &input, now).await?;
    Ok(Plan::Family { family, new_kk })
}

/// A member's data corrected; the NIK and the life status are not corrected here.
fn correct_member(
    input: &mut NewHousehold,
    members: &[Person],
    person_id: PersonId,
    person: &PersonInput,
) -> Result<(), ChangeError> {
    let index = member_index(members, person_id, "person_id")?;
    if person.nik.trim() != members[index].nik {
        return Err(ChangeError::invalid(
            "person.nik",
            "nik-fixed",
            "a NIK is not corrected here: NIK corrections come from the civil registry",
            "NIK tidak dikoreksi di sini: koreksi NIK datang dari Dukcapil",
        ));
    }
    // Life status has its own requests (death, move), with dates and evidence.
    input.members[index] = PersonInput {
        life_status: members[index].life_status.clone(),
        status_date: members[index].status_date.clone().unwrap_or_default(),
        ..person.clone()
    };
    Ok(())
}

/// A living member recorded as deceased (`died`) or moved out on `date`.
fn leave(
    input: &mut NewHousehold,
    members: &[Person],
    person_id: PersonId,
    date: &str,
    died: bool,
    now: OffsetDateTime,
) -> Result<(), ChangeError> {
    let index = member_index(members, person_id, "person_id")?;
    let member = &members[index];
    if member.life_status != "hidup" {
        return Err(ChangeError::invalid(
            "person_id",
            "not-living",
            "the member is already recorded as deceased or moved",
            "anggota ini sudah tercatat meninggal atau pindah",
        ));
    }
    let date = status_date(date, &member.birth_date, now)?;
    input.members[index].life_status = if died { "meninggal" } else { "pindah" }.into();
    input.members[index].status_date = date;
    Ok(())
}

/// The members who leave in a split: at least one, never the head, and the new head
/// among them.
fn check_split_members(
    members: &[Person],
    moving: &[PersonId],
    head: PersonId,
) -> Result<(), ChangeError> {
    if moving.is_empty() {
        return Err(ChangeError::invalid(
            "members",
            "required",
            "choose the members who form the new family",
            "pilih anggota yang membentuk keluarga baru",
        ));
    }
    for id in moving {
        let index = member_index(members, *id, "members")?;
        if members[index].relationship == "kepala" {
            return Err(ChangeError::invalid(
                "members",
                "head-stays",
                "the head stays with this household; the others form the new family",
                "kepala keluarga tetap di keluarga ini; anggota lain yang membentuk keluarga baru",
            ));
        }
    }
    if !moving.contains(&head) {
        return Err(ChangeError::invalid(
            "head",
            "head-among-members",
            "the new head must be one of the members who leave",
            "kepala keluarga baru harus salah satu anggota yang pindah",
        ));
    }
    Ok(())
}

async fn plan_split(
    tx: &mut Tx,
    db: &Db,
    current: Current<'_>,
    new_kk: &str,
    moving: &[PersonId],
    head: PersonId,
    now: OffsetDateTime,
) -> Result<Plan, ChangeError> {
    let kk = free_kk(tx, new_kk, "new_kk", now).await?;
    check_split_members(current.members, moving, head)?;
    let mut input = as_input(current.household, &[]);
    input.household.kk = kk;
    for member in current
        .members
        .iter()
        .filter(|m| moving.contains(&PersonId(m.id)))
    {
        let mut person = person_input(member);
        if member.id == head.0 {
            person.relationship = "kepala".into();
        } else if person.relationship == "kepala" {
            person.relationship = "lainnya".into();
        }
        input.members.push(person);
    }
    let new_family = check_family(db, &input, now).await?;
    Ok(Plan::Split {
        new_family,
        moving: moving.to_vec(),
    })
}

/// The active household of the same village, other than this one, that `other_kk` names.
async fn household_to_join(
    tx: &mut Tx,
    household: &Household,
    other_kk: &str,
) -> Result<(Household, Vec<Person>), ChangeError> {
    let not_found = || {
        ChangeError::invalid(
            "other_kk",
            "unknown-kk",
            "no active household has this KK number",
            "tidak ada keluarga aktif dengan nomor KK ini",
        )
    };
    let holder = store::household::holder_of_kk(tx, other_kk.trim()).await?;
    let Some((other, _)) = holder.filter(|(_, status)| status == "active") else {
        return Err(not_found());
    };
    if other.0 == household.id {
        return Err(ChangeError::invalid(
            "other_kk",
            "same-household",
            "a household cannot join itself",
            "keluarga tidak dapat digabung dengan dirinya sendiri",
        ));
    }
    let (other_household, joining) = store::household::find(tx, other)
        .await?
        .ok_or(ChangeError::NotFound)?;
    if other_household.village_code != household.village_code {
        return Err(ChangeError::invalid(
            "other_kk",
            "other-village",
            "families of different villages are not merged here; move the family first",
            "keluarga dari desa berbeda tidak digabung di sini; pindahkan keluarganya dahulu",
        ));
    }
    Ok((other_household, joining))
}

async fn plan_merge(
    tx: &mut Tx,
    db: &Db,
    current: Current<'_>,
    other_kk: &str,
    now: OffsetDateTime,
) -> Result<Plan, ChangeError> {
    let (other, joining) = household_to_join(tx, current.household, other_kk).await?;
    let mut input = as_input(current.household, current.members);
    for member in &joining {
        // They join as other members; their exact relationship is corrected afterwards.
        input.members.push(PersonInput {
            relationship: "lainnya".into(),
            ..person_input(member)
        });
    }
    let family = check_family(db, &input, now).await?;
    Ok(Plan::Merge {
        family,
        other: HouseholdId(other.id),
        moving: joining.iter().map(|p| PersonId(p.id)).collect(),
    })
}
