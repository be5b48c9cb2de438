//! One lookup, the same for the page, the API and SMS: the input read into a `Lookup` (or
//! the fields and rules it breaks), counted against the limits, and answered from the
//! index.

use std::sync::Arc;

use time::{Date, OffsetDateTime};

use super::index::{Found, Index};
use super::keeper::Copy;
use super::name::TypedName;
use super::{Cek, limits::Limits};
use crate::field::FieldError;
use crate::http::{AppError, AppState};
use crate::region_code::{Level, RegionCode};
use crate::registry::nik::Nik;

/// What was asked, as typed.
#[derive(Debug, Default, Clone, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Asked {
    /// A village's code (`31.75.07.1003`), with `name`.
    pub region: Option<String>,
    /// At least 3 letters of the name; the typed words begin the words of the name, in
    /// order (case, punctuation and spacing ignored).
    pub name: Option<String>,
    /// A NIK (16 digits), with `birth_date`.
    pub nik: Option<String>,
    /// `YYYY-MM-DD`, with `nik`.
    pub birth_date: Option<String>,
}

/// A lookup, read and checked.
#[derive(Debug, Clone)]
pub enum Lookup {
    ByName {
        village: RegionCode,
        name: TypedName,
    },
    ByNik {
        nik: Nik,
        birth_date: Date,
    },
}

fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

fn required(field: &str, en: &str, id: &str) -> FieldError {
    FieldError::new(field, "required", en, id)
}

impl Asked {
    /// Reads the lookup, or every field that breaks a rule.
    pub fn read(&self) -> Result<Lookup, Vec<FieldError>> {
        match (given(&self.nik), given(&self.birth_date)) {
            (Some(nik), born) => read_nik(nik, born),
            (None, Some(_)) => Err(vec![required(
                "nik",
                "a birth date is looked up with its NIK",
                "tanggal lahir dicari bersama NIK",
            )]),
            (None, None) => self.read_name(),
        }
    }

    fn read_name(&self) -> Result<Lookup, Vec<FieldError>> {
        let mut errors = Vec::new();
        let village = match given(&self.region) {
            None => {
                errors.push(required(
                    "region",
                    "choose a village, or look up by NIK and birth date",
                    "pilih desa/kelurahan, atau cari dengan NIK dan tanggal lahir",
                ));
                None
            }
            Some(text) => match RegionCode::parse(text) {
                Ok(code) if code.level() == Level::Village => Some(code),
                _ => {
                    errors.push(FieldError::new(
                        "region",
                        "village",
                        "region must be a village (desa/kelurahan) code, e.g. 31.75.07.1003",
                        "wilayah harus kode desa/kelurahan, misalnya 31.75.07.1003",
                    ));
                    None
                }
            },
        };
        let name = match given(&self.name) {
            None => {
                errors.push(required(
                    "name",
                    "type at least 3 letters of the name",
                    "ketik sedikitnya 3 huruf nama",
                ));
                None
            }
            Some(text) => TypedName::parse(text).map_err(|e| errors.push(e)).ok(),
        };
        match (village, name) {
            (Some(village), Some(name)) if errors.is_empty() => {
                Ok(Lookup::ByName { village, name })
            }
            _ => Err(errors),
        }
    }
}

fn read_nik(nik: &str, born: Option<&str>) -> Result<Lookup, Vec<FieldError>> {
    let mut errors = Vec::new();
    let nik = Nik::parse(nik)
        .map_err(|e| errors.push(FieldError::localized("nik", "format", &e)))
        .ok();
    let birth_date = match born {
        None => {
            errors.push(required(
                "birth_date",
                "a NIK is looked up with the birth date (YYYY-MM-DD)",
                "NIK dicari bersama tanggal lahir (TTTT-BB-HH)",
            ));
            None
        }
        Some(text) => crate::registry::dates::parse(text)
            .map_err(|e| errors.push(FieldError::localized("birth_date", "date", &e)))
            .ok(),
    };
    match (nik, birth_date) {
        (Some(nik), Some(birth_date)) if errors.is_empty() => Ok(Lookup::ByNik { nik, birth_date }),
        _ => Err(errors),
    }
}

/// Answers `lookup` from `index`.
pub fn answer(index: &Index, lookup: &Lookup) -> Vec<Found> {
    match lookup {
        Lookup::ByName { village, name } => index.by_name(village.as_str(), name),
        Lookup::ByNik { nik, birth_date } => index
            .by_nik(nik.as_str(), *birth_date)
            .into_iter()
            .collect(),
    }
}

/// Counts a lookup by `asker` and, by NIK, the NIK.
pub fn count(
    limits: &Limits,
    asker: &str,
    lookup: &Lookup,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    limits.asker(asker, now)?;
    if let Lookup::ByNik { nik, .. } = lookup {
        limits.nik(nik.as_str(), now)?;
    }
    Ok(())
}

/// The whole lookup for the page and the API: read (bad input: 422 naming the fields),
/// counted (429), and answered; a village code no region has is refused too.
pub async fn run(
    state: &AppState,
    asker: &str,
    asked: &Asked,
) -> Result<(Arc<Copy>, Vec<Found>), AppError> {
    let cek = Cek::of(state);
    let now = state.clock.now();
    let lookup = match asked.read() {
        Ok(lookup) => lookup,
        Err(errors) => {
            cek.limits.asker(asker, now)?;
            return Err(AppError::Invalid(errors));
        }
    };
    count(&cek.limits, asker, &lookup, now)?;
    let copy = cek.keeper.get(&state.db, now).await?;
    if let Lookup::ByName { village, .. } = &lookup
        && !copy.value.has_village(village.as_str())
        && crate::regions::store::find(&state.db, village)
            .await?
            .is_none()
    {
        return Err(AppError::invalid(FieldError::new(
            "region",
            "unknown",
            "no village has this code",
            "tidak ada desa/kelurahan dengan kode ini",
        )));
    }
    let found = answer(&copy.value, &lookup);
    Ok((copy, found))
}
