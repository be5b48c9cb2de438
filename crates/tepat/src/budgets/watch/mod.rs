//! The public budget watch (*kawal anggaran*, `/anggaran-publik`, no login, no JavaScript):
//! per region and programme, each budget line's plan against its realisation from the
//! ledger, month by month in WIB, with its revisions and reasons, the unit cost per
//! recipient and the gap between money allocated and money that reached recipients; CSV
//! and JSON downloads; the log checkpoint the figures were computed at; and citizens'
//! comments on a line, hidden by a moderator with a reason and counted.

pub mod chart;
pub mod comments;
pub mod figures;
mod pages;
pub mod report;

pub use pages::routes;

use sqlx::Row;

use crate::db::{Db, ResultExt, StoreError};
use crate::http::{AppError, FieldError};
use crate::region_code::RegionCode;

/// The chosen region and programme, as typed in the query.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct Choice {
    #[serde(default)]
    pub wilayah: String,
    #[serde(default)]
    pub program: String,
}

impl Choice {
    /// The region code (empty: the whole country) and programme code (empty: all), or a
    /// refusal naming the field.
    pub fn checked(&self, programmes: &[String]) -> Result<(String, String), AppError> {
        let region = self.wilayah.trim();
        if !region.is_empty() && RegionCode::parse(region).is_err() {
            return Err(AppError::BadRequest(FieldError::new(
                "wilayah",
                "region_code",
                "must be a region code such as 31.75",
                "harus kode wilayah seperti 31.75",
            )));
        }
        let programme = self.program.trim().to_uppercase();
        if !programme.is_empty() && !programmes.contains(&programme) {
            return Err(AppError::BadRequest(FieldError::new(
                "program",
                "known",
                "must be the code of a programme",
                "harus kode program yang ada",
            )));
        }
        Ok((region.to_owned(), programme))
    }

    /// The query string that keeps this choice on a download link.
    pub fn query(region: &str, programme: &str) -> String {
        let mut parts = Vec::new();
        if !region.is_empty() {
            parts.push(format!("wilayah={region}"));
        }
        if !programme.is_empty() {
            parts.push(format!("program={programme}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// The regions a citizen may choose: every region where a line is owned or money was
/// allocated, and the regions above them, with their names, in code order.
pub async fn regions(db: &Db) -> Result<Vec<(String, String)>, StoreError> {
    let rows = sqlx::query(
        "SELECT r.code, r.name FROM regions r WHERE EXISTS (SELECT 1 FROM budget_allocations a \
         WHERE a.status = 'approved' AND (a.region_code = r.code \
         OR a.region_code LIKE r.code || '.%')) \
         OR EXISTS (SELECT 1 FROM budget_lines l WHERE l.region_code = r.code) \
         ORDER BY r.code",
    )
    .fetch_all(&db.pool)
    .await
    .store()?;
    rows.iter()
        .map(|row| Ok((row.try_get(0).store()?, row.try_get(1).store()?)))
        .collect()
}

/// The tree size of the latest signed checkpoint of the transparency log (0 before the
/// first).
pub async fn checkpoint_size(db: &Db) -> Result<u64, StoreError> {
    let mut conn = db.pool.acquire().await.store()?;
    Ok(crate::audit::store::latest_checkpoint(&mut conn)
        .await?
        .map_or(0, |(size, _)| size))
}
