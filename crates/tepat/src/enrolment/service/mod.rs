//! Enrolment operations shared by pages and the API: preparing a batch (the published rule
//! applied to a region, cut at the quotas), approving or rejecting it by name, putting one
//! household forward with a reason, and reading batches and a household's enrolments.

mod decide;

use decide::reason_of;
pub use decide::{approve, can_decide, reject};

use std::collections::HashSet;

use eligibility::{Facts, Rule};
use time::OffsetDateTime;

use super::error::EnrolmentError;
use super::model::{APPROVED, Batch, Enrolment, REJECTED, WAITING};
use super::select::{self, Candidate, Reason, Room};
use super::store::{batches, enrolments, held};
use crate::auth::{Permission, Principal, Role};
use crate::db::{Db, StoreError};
use crate::events::ActorKind;
use crate::programmes::Programme;
use crate::programmes::columns::{Columns, Needs};
use crate::programmes::schema::{DESIL, WELFARE_SCORE};
use crate::region_code::RegionCode;

/// The shortest reason an official may give for a decision or an override.
pub const REASON_MIN: usize = 10;

pub(super) fn rank(role: &str) -> u8 {
    match role {
        "ministry_officer" => 3,
        "province_officer" => 2,
        "district_officer" => 1,
        _ => 0,
    }
}

/// The programme and its current rule, compiled, with the programme codes in the
/// schema's order.
pub(super) async fn programme_rule(
    db: &Db,
    code: &str,
) -> Result<(Programme, Rule, Vec<String>), EnrolmentError> {
    let (schema, programmes) = crate::programmes::service::schema(db).await?;
    let codes: Vec<String> = programmes.iter().map(|p| p.code.clone()).collect();
    let programme = programmes
        .into_iter()
        .find(|p| p.code == code)
        .ok_or(EnrolmentError::NotFound)?;
    let rule = Rule::compile(&programme.rule.source, &schema)
        .map_err(|_| EnrolmentError::Inconsistent(format!("stored rule of {code}")))?;
    Ok((programme, rule, codes))
}

/// The region a caller asks for: empty means the caller's own scope; it must lie inside it.
fn region_for(
    caller: &Principal,
    asked: Option<&str>,
) -> Result<Option<RegionCode>, EnrolmentError> {
    let asked = asked.map(str::trim).filter(|s| !s.is_empty());
    let Some(asked) = asked else {
        return Ok(caller.region.clone());
    };
    let region = RegionCode::parse(asked).map_err(|_| {
        EnrolmentError::invalid(
            "region",
            "format",
            "must be a Kemendagri region code such as 31.75",
            "harus kode wilayah Kemendagri, misalnya 31.75",
        )
    })?;
    if !caller.covers(&region) {
        return Err(EnrolmentError::invalid(
            "region",
            "scope",
            "lies outside your region",
            "berada di luar wilayah Anda",
        ));
    }
    Ok(Some(region))
}

/// Applies programme `code`'s published rule to the active households of `region` (the
/// caller's scope when empty): the eligible not yet enrolled, poorest first, cut at what
/// each quota leaves; the batch waits for a named official's approval. Undecided batches of
/// the same programme and region are superseded. One transaction, one event.
pub async fn prepare(
    db: &Db,
    caller: &Principal,
    code: &str,
    region: Option<&str>,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Batch, EnrolmentError> {
    caller.allows(Permission::PrepareEnrolment, true)?;
    let region = region_for(caller, region)?;
    let (programme, rule, codes) = programme_rule(db, code).await?;
    if caller.role == Role::VillageOperator && programme.approver != "district_officer" {
        return Err(EnrolmentError::invalid(
            "programme",
            "level",
            "a village prepares only programmes its district approves",
            "desa hanya menyusun daftar program yang disetujui kabupaten/kota",
        ));
    }
    let (candidates, already) =
        candidates(db, region.as_ref(), &programme, &rule, &codes, now).await?;
    let rooms = rooms(db, &programme).await?;
    let lines = select::cut(candidates, &rooms);
    let digest = select::digest(&lines);
    let region_text = region
        .as_ref()
        .map(|r| r.as_str().to_owned())
        .unwrap_or_default();
    let mut tx = db.begin_write().await?;
    let basis = enrolments::basis(&mut tx, code).await?;
    let new = batches::NewBatch {
        programme: code,
        rule_version: programme.rule.version,
        region: &region_text,
        already,
        basis: &basis,
        rows_sha256: &digest,
    };
    let id = batches::insert(&mut tx, &new, &lines, &caller.actor, request_id, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    batches::find(db, id).await?.ok_or(EnrolmentError::NotFound)
}

/// The eligible households of `region` not yet enrolled, each with its score and any
/// reason it is held; and how many eligible are already enrolled.
async fn candidates(
    db: &Db,
    region: Option<&RegionCode>,
    programme: &Programme,
    rule: &Rule,
    codes: &[String],
    now: OffsetDateTime,
) -> Result<(Vec<Candidate>, i64), EnrolmentError> {
    let code = programme.code.as_str();
    let mut needs = Needs::of(&[rule]);
    needs.household[DESIL] = true;
    needs.household[WELFARE_SCORE] = true;
    let excluded: Vec<usize> = programme
        .excludes
        .iter()
        .filter_map(|c| codes.iter().position(|k| k == c))
        .collect();
    for at in &excluded {
        if !needs.programmes.contains(at) {
            needs.programmes.push(*at);
        }
    }
    let today = crate::clock::today(now);
    let mut columns = Columns::new(needs, today);
    crate::programmes::store::load_columns(db, region, &mut columns, codes).await?;
    let held = held::held(db, region).await?;
    let enrolled: HashSet<i64> = enrolments::active_households(db, code, region)
        .await?
        .into_iter()
        .collect();
    let mut already = 0i64;
    let mut candidates = Vec::new();
    for i in 0..columns.len() {
        let household = columns.household(i);
        if !rule.evaluate(&household) {
            continue;
        }
        let id = columns.ids[i];
        if enrolled.contains(&id) {
            already += 1;
            continue;
        }
        let mut reason = held.get(&id).cloned();
        if reason.is_none()
            && let Some(&at) = excluded.iter().find(|&&at| columns.is_enrolled(i, at))
        {
            reason = Some(Reason::Excluded(codes[at].clone()));
        }
        candidates.push(Candidate {
            household_id: id,
            region: columns.region_of(i).to_owned(),
            score: household.number(WELFARE_SCORE),
            decile: household.number(DESIL).map(|d| d as i64),
            held: reason,
        });
    }
    Ok((candidates, already))
}

/// What each of the programme's quotas still leaves.
async fn rooms(db: &Db, programme: &Programme) -> Result<Vec<Room>, EnrolmentError> {
    let mut rooms = Vec::new();
    for quota in &programme.quotas {
        let used = enrolments::count_active(db, &programme.code, &quota.region).await?;
        rooms.push(Room {
            region: quota.region.clone(),
            left: (quota.count - used).max(0),
        });
    }
    Ok(rooms)
}

/// Puts forward one household the rule or the quota left out, by a named official with a
/// reason (no decision by automated processing alone). A held household (a member in an
/// undecided duplicate pair, a deceased head, no living member) is refused with its
/// reason, as is one already enrolled or enrolled in a programme this one excludes.
pub async fn put_forward(
    db: &Db,
    caller: &Principal,
    code: &str,
    household_id: i64,
    reason: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Enrolment, EnrolmentError> {
    caller.allows(Permission::OverrideEnrolment, true)?;
    let reason = reason_of(reason, "reason")?;
    let (programme, _, _) = programme_rule(db, code).await?;
    let (region, status) = enrolments::household_region(db, household_id)
        .await?
        .ok_or(EnrolmentError::NotFound)?;
    let village = RegionCode::parse(&region)
        .map_err(|_| EnrolmentError::Inconsistent(format!("household {household_id} region")))?;
    if !caller.covers(&village) {
        return Err(EnrolmentError::NotFound);
    }
    if status != "active" {
        return Err(EnrolmentError::invalid(
            "household_id",
            "inactive",
            "the household is no longer active in the registry",
            "keluarga ini sudah tidak aktif dalam registri",
        ));
    }
    if let Some(why) = held::held(db, Some(&village)).await?.remove(&household_id) {
        let (en, id) = held_words(&why);
        return Err(EnrolmentError::invalid("household_id", "held", &en, &id));
    }
    let mut tx = db.begin_write().await?;
    if enrolments::is_active_in(&mut tx, code, household_id).await? {
        return Err(EnrolmentError::invalid(
            "household_id",
            "already-enrolled",
            "the household is already enrolled in this programme",
            "keluarga ini sudah menjadi peserta program ini",
        ));
    }
    for other in &programme.excludes {
        if enrolments::is_active_in(&mut tx, other, household_id).await? {
            return Err(EnrolmentError::invalid(
                "household_id",
                "excluded",
                &format!("the household receives {other}, which this programme excludes"),
                &format!(
                    "keluarga ini menerima {other}, yang tidak boleh digabung dengan program ini"
                ),
            ));
        }
    }
    let new = enrolments::NewOverride {
        programme: code,
        household_id,
        region: &region,
        reason: &reason,
    };
    let id = enrolments::insert_override(&mut tx, &new, &caller.actor, request_id, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    enrolments::of_household(db, household_id)
        .await?
        .into_iter()
        .find(|e| e.id == id)
        .ok_or(EnrolmentError::NotFound)
}

/// A held household's reason in English and Bahasa Indonesia.
pub fn held_words(reason: &Reason) -> (String, String) {
    match reason {
        Reason::HeldByPair(pair) => (
            format!(
                "a member is in undecided duplicate pair #{pair}; it is never enrolled until a district officer decides"
            ),
            format!(
                "seorang anggota ada dalam pasangan duplikat #{pair} yang belum diputuskan; tidak didaftarkan sampai petugas kabupaten/kota memutuskan"
            ),
        ),
        Reason::HeadDeceased => (
            "the head of the family is recorded as deceased; record the new head first".into(),
            "kepala keluarga tercatat meninggal; catat kepala keluarga baru lebih dulu".into(),
        ),
        Reason::NoLivingMember => (
            "no member is recorded as living".into(),
            "tidak ada anggota yang tercatat masih hidup".into(),
        ),
        Reason::Excluded(code) => (
            format!("receives {code}, which this programme excludes"),
            format!("menerima {code}, yang tidak boleh digabung dengan program ini"),
        ),
        Reason::WithinQuota => ("within the quota".into(), "dalam kuota".into()),
        Reason::BeyondQuota => (
            "eligible, beyond the quota: waits in order".into(),
            "memenuhi syarat, di luar kuota: menunggu sesuai urutan".into(),
        ),
    }
}

/// A batch the caller may see: its region inside the caller's, or holding it (the caller
/// then sees only its own region's lines).
pub async fn find_batch(db: &Db, caller: &Principal, id: i64) -> Result<Batch, EnrolmentError> {
    caller.allows(Permission::ReadEnrolments, false)?;
    let batch = batches::find(db, id)
        .await?
        .ok_or(EnrolmentError::NotFound)?;
    let visible = match RegionCode::parse(&batch.region) {
        Ok(region) => caller.can_navigate(&region),
        Err(_) => true,
    };
    if !visible {
        return Err(EnrolmentError::NotFound);
    }
    Ok(batch)
}

/// A household's enrolments, for a caller whose region holds it.
pub async fn of_household(
    db: &Db,
    caller: &Principal,
    household_id: i64,
) -> Result<Vec<Enrolment>, EnrolmentError> {
    caller.allows(Permission::ReadEnrolments, false)?;
    let (region, _) = enrolments::household_region(db, household_id)
        .await?
        .ok_or(EnrolmentError::NotFound)?;
    let inside = RegionCode::parse(&region).is_ok_and(|r| caller.covers(&r));
    if !inside {
        return Err(EnrolmentError::NotFound);
    }
    Ok(enrolments::of_household(db, household_id).await?)
}
