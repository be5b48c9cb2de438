//! Public statistics and open data (`/statistik`, no login, no JavaScript): per region down
//! to the village, households and persons registered, recipients per programme and desil,
//! additions and removals per month with reasons, money paid per programme and cycle,
//! deliberations held and objections with their outcomes — as SVG charts and tables, each
//! downloadable as CSV and JSON, each linked to the log checkpoint it was computed at.
//! Counts that could pick out a family are hidden (`protect.rs`). Figures are computed for
//! every region at once and kept in memory (`keeper.rs`): a request only reads memory.
//! See `../README.md`.

pub mod api;
mod card;
pub mod download;
pub mod figures;
pub mod keeper;
pub mod pages;
pub mod protect;
mod store;
pub mod tables;

use crate::db::Db;
use crate::http::{AppError, FieldError};
use crate::region_code::RegionCode;

/// The region a request names (`""`: the whole country) and its name: a malformed code is
/// refused (400, naming `field`), one that is not in the official list is not found (404).
/// A region without figures is looked up in the list (one query by key).
pub async fn region(
    db: &Db,
    copy: &keeper::Copy,
    text: Option<&str>,
    field: &str,
) -> Result<(String, String), AppError> {
    let text = text.unwrap_or_default().trim();
    if text.is_empty() {
        return Ok((String::new(), copy.name("")));
    }
    let code = RegionCode::parse(text).map_err(|_| {
        AppError::BadRequest(FieldError::new(
            field,
            "region_code",
            "must be a region code such as 31.75 or 31.75.07.1003",
            "harus kode wilayah seperti 31.75 atau 31.75.07.1003",
        ))
    })?;
    if copy.has(code.as_str()) {
        return Ok((code.as_str().to_owned(), copy.name(code.as_str())));
    }
    match crate::regions::store::find(db, &code).await? {
        Some(region) => Ok((code.as_str().to_owned(), region.name)),
        None => Err(AppError::NotFound),
    }
}
