//! Objection operations: a resident's objection from the public site (checked against
//! the registry, limited per client address and per objector), its status by tracking
//! code, the officials' list and view (the objector shown only to the verifying level),
//! the verification (a founded objection becomes a removal proposal in the same
//! transaction), and the escalation of objections the district left past 14 days.

use time::{Duration, OffsetDateTime};

use super::error::ObjectionError;
use super::model::{
    DISTRICT, ESCALATED, FOUNDED, OPEN, Objection, ObjectionStatus, PROVINCE, REASONS, UNFOUNDED,
    VERIFY_DAYS,
};
use super::store::{self, Finding, NewObjection};
use crate::auth::{Field, Permission, Principal, Role};
use crate::db::{Db, StoreError};
use crate::region_code::RegionCode;
use crate::text::Lines;
use crate::web::i18n::{Lang, Localized};

/// Objections one client address may send in a day.
pub const PER_CLIENT_PER_DAY: i64 = 3;
/// Objections one resident may send in thirty days.
pub const PER_OBJECTOR_PER_MONTH: i64 = 5;

/// What a resident sends.
#[derive(Debug, Clone, Default)]
pub struct ObjectionInput {
    pub enrolment_id: i64,
    pub reason: String,
    pub description: String,
    pub nik: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// A JPEG or PNG of the house, with where it was taken.
    pub photo: Option<Vec<u8>>,
    pub latitude: String,
    pub longitude: String,
}

fn refused(field: &'static str, rule: &'static str, en: &str, id: &str) -> ObjectionError {
    ObjectionError::invalid(field, rule, en, id)
}

/// The words of an objection or a finding: 10 to 1,000 characters of plain text.
fn words(text: &str, field: &'static str) -> Result<String, ObjectionError> {
    let text = crate::text::clean(text, Lines::Many).map_err(|e| {
        refused(
            field,
            e.rule(),
            &e.localized(Lang::En),
            &e.localized(Lang::Id),
        )
    })?;
    match text.chars().count() {
        0..10 => Err(refused(
            field,
            "min-length",
            "write at least 10 characters",
            "tuliskan minimal 10 karakter",
        )),
        10..=1000 => Ok(text),
        _ => Err(refused(
            field,
            "max-length",
            "at most 1,000 characters",
            "paling banyak 1.000 karakter",
        )),
    }
}

/// A photo's type (JPEG or PNG, read from its content) and its coordinates, which must lie
/// in Indonesia.
/// Where a photo was taken, and its type.
type Located = ((f64, f64), &'static str);

fn evidence(input: &ObjectionInput) -> Result<Option<Located>, ObjectionError> {
    let Some(photo) = input.photo.as_deref() else {
        return Ok(None);
    };
    let kind = match crate::changes::evidence::sniff(photo) {
        Some(kind @ ("image/jpeg" | "image/png")) => kind,
        _ => {
            return Err(refused(
                "foto",
                "type",
                "the photo must be a JPEG or PNG picture",
                "foto harus gambar JPEG atau PNG",
            ));
        }
    };
    let coordinate = |text: &str, low: f64, high: f64, field: &'static str| {
        text.trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|v| (low..=high).contains(v))
            .ok_or_else(|| {
                refused(
                    field,
                    "range",
                    "give where the photo was taken, inside Indonesia",
                    "isi titik lokasi foto (di wilayah Indonesia)",
                )
            })
    };
    let lat = coordinate(&input.latitude, -11.5, 6.5, "latitude")?;
    let lon = coordinate(&input.longitude, 94.5, 141.5, "longitude")?;
    Ok(Some(((lat, lon), kind)))
}

/// A fresh tracking code, `SGH-` and eight letters and digits that cannot be misread.
fn tracking_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let raw = crate::http::token::random_token();
    let code: String = raw
        .bytes()
        .take(8)
        .map(|b| char::from(ALPHABET[usize::from(b) % ALPHABET.len()]))
        .collect();
    format!("SGH-{code}")
}

/// The active enrolment an objection names, for the public form.
pub async fn target(db: &Db, enrolment_id: i64) -> Result<store::Target, ObjectionError> {
    store::target(db, enrolment_id)
        .await?
        .ok_or(ObjectionError::NotFound)
}

/// Takes a resident's objection; returns its tracking code. Nothing is written when it is
/// refused.
pub async fn submit(
    db: &Db,
    input: &ObjectionInput,
    client: Option<&str>,
    now: OffsetDateTime,
) -> Result<String, ObjectionError> {
    let target = store::target(db, input.enrolment_id)
        .await?
        .ok_or_else(|| {
            refused(
                "peserta",
                "unknown",
                "no such recipient",
                "penerima bansos ini tidak ditemukan",
            )
        })?;
    let reason = REASONS
        .into_iter()
        .find(|r| *r == input.reason.trim())
        .ok_or_else(|| {
            refused(
                "reason",
                "choice",
                "choose a reason",
                "pilih alasan sanggahan",
            )
        })?;
    let description = words(&input.description, "description")?;
    let photo = evidence(input)?;
    let mut tx = db.begin_write().await?;
    let objector = objector(&mut tx, input, &target).await?;
    let since_day = now - Duration::days(1);
    let (by_client, _) = store::sent_since(&mut tx, client, objector, since_day).await?;
    let (_, by_objector) =
        store::sent_since(&mut tx, None, objector, now - Duration::days(30)).await?;
    if by_client >= PER_CLIENT_PER_DAY || by_objector >= PER_OBJECTOR_PER_MONTH {
        return Err(ObjectionError::TooMany);
    }
    if store::pending_from(&mut tx, objector, target.enrolment_id).await? {
        return Err(refused(
            "peserta",
            "pending",
            "you already objected to this recipient; follow it with your tracking code",
            "Anda sudah menyanggah penerima ini; pantau dengan kode lacak Anda",
        ));
    }
    let code = tracking_code();
    let new = NewObjection {
        code: &code,
        target: &target,
        reason,
        description: &description,
        photo: photo.map(|(_, kind)| (input.photo.as_deref().unwrap_or_default(), kind)),
        coordinates: photo.map(|(at, _)| at),
        objector,
        client,
        due: now + Duration::days(VERIFY_DAYS),
    };
    store::insert(&mut tx, &new, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    Ok(code)
}

/// The objector: a living resident of the recipient's village, not of its household.
async fn objector(
    tx: &mut crate::db::Tx,
    input: &ObjectionInput,
    target: &store::Target,
) -> Result<i64, ObjectionError> {
    let nik = input.nik.trim();
    if nik.len() != 16 || !nik.bytes().all(|b| b.is_ascii_digit()) {
        return Err(refused(
            "nik",
            "format",
            "a NIK has 16 digits",
            "NIK terdiri dari 16 angka",
        ));
    }
    let born = input.birth_date.trim();
    if time::Date::parse(born, &time::format_description::well_known::Iso8601::DATE).is_err() {
        return Err(refused(
            "birth_date",
            "format",
            "give the birth date as YYYY-MM-DD",
            "isi tanggal lahir (TTTT-BB-HH)",
        ));
    }
    let not_resident = || {
        refused(
            "nik",
            "not-resident",
            "the NIK and birth date do not match a resident of the recipient's village",
            "NIK dan tanggal lahir tidak cocok dengan warga desa/kelurahan penerima",
        )
    };
    let (person, household, village) = store::resident(tx, nik, born)
        .await?
        .ok_or_else(not_resident)?;
    if village != target.village {
        return Err(not_resident());
    }
    if household == target.household_id {
        return Err(refused(
            "nik",
            "own-household",
            "one may not object to one's own household",
            "Anda tidak dapat menyanggah keluarga Anda sendiri",
        ));
    }
    Ok(person)
}

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

/// Whether the caller may see who objected: the officer of the verifying level (or the
/// district's, which verified or let it pass), never village officials.
pub fn sees_objector(caller: &Principal, objection: &Objection) -> bool {
    caller.role == verifier(&objection.level)
        || (caller.role == Role::DistrictOfficer && objection.level == DISTRICT)
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
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    find(db, caller, id, now).await
}

/// Escalates to the province every objection the district left past its 14 days; returns
/// how many. Run by the server every few minutes (`escalation.rs`).
pub async fn escalate_overdue(db: &Db, now: OffsetDateTime) -> Result<usize, ObjectionError> {
    Ok(store::escalate_due(db, now, now + Duration::days(VERIFY_DAYS)).await?)
}
