//! A resident's objection from the public site: checked against the registry (a living
//! resident of the recipient's village, not of its household), limited per client address
//! and per resident, with an optional photo and where it was taken; answered with a
//! tracking code.

use time::{Duration, OffsetDateTime};

use crate::db::{Db, StoreError};
use crate::objections::error::ObjectionError;
use crate::objections::model::{REASONS, VERIFY_DAYS};
use crate::objections::store::{self, NewObjection};
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

pub(super) fn refused(
    field: &'static str,
    rule: &'static str,
    en: &str,
    id: &str,
) -> ObjectionError {
    ObjectionError::invalid(field, rule, en, id)
}

/// The words of an objection or a finding: 10 to 1,000 characters of plain text.
pub(super) fn words(text: &str, field: &'static str) -> Result<String, ObjectionError> {
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
    let by_client = match client {
        Some(key) => store::sent_from(&mut tx, key, now - Duration::days(1)).await?,
        None => 0,
    };
    let by_objector = store::sent_by(&mut tx, objector, now - Duration::days(30)).await?;
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
