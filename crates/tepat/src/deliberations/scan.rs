//! The signed minutes: once a deliberation is finalised, the village's operator prints the
//! minutes, has them signed, and uploads the scan back (PDF, JPEG or PNG, read from the
//! file's first bytes, at most 10 MB). One scan per deliberation, never replaced; the upload
//! is an event in the log carrying the scan's SHA-256, so the paper can be checked against
//! it. The scan holds the attendees' names and signatures: officials of the region download
//! it, the public sees that it exists and its SHA-256.

use sha2::{Digest, Sha256};
use sqlx::Row;
use time::OffsetDateTime;

use super::error::DeliberationError;
use super::model::FINALISED;
use crate::auth::{Permission, Principal};
use crate::db::{Db, ResultExt, StoreError, timestamp};
use crate::events::{Action, Changes, NewEvent};
use crate::region_code::RegionCode;

/// The largest scan taken.
pub const SCAN_BYTES_MAX: usize = 10 * 1024 * 1024;
pub const SCAN_ATTACHED: Action = Action("deliberation.scan_attached");

/// What the public page says of a scan.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ScanInfo {
    pub content_type: String,
    pub sha256: String,
    pub size: i64,
    /// UTC, RFC 3339.
    pub uploaded_at: String,
}

/// The type of a scan by its first bytes, or none.
pub fn content_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

fn checked(bytes: Option<&[u8]>) -> Result<(&[u8], &'static str), DeliberationError> {
    let Some(bytes) = bytes.filter(|b| !b.is_empty()) else {
        return Err(DeliberationError::invalid(
            "scan",
            "required",
            "choose the scan of the signed minutes",
            "pilih hasil pindai berita acara yang sudah ditandatangani",
        ));
    };
    if bytes.len() > SCAN_BYTES_MAX {
        return Err(DeliberationError::invalid(
            "scan",
            "size",
            "the scan is larger than 10 MB",
            "hasil pindai lebih dari 10 MB",
        ));
    }
    let kind = content_type(bytes).ok_or_else(|| {
        DeliberationError::invalid(
            "scan",
            "format",
            "the scan must be a PDF, JPEG or PNG file",
            "hasil pindai harus berkas PDF, JPEG atau PNG",
        )
    })?;
    Ok((bytes, kind))
}

/// Attaches the signed minutes' scan to a finalised deliberation of the operator's village.
pub async fn attach(
    db: &Db,
    caller: &Principal,
    id: i64,
    bytes: Option<&[u8]>,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<ScanInfo, DeliberationError> {
    caller.allows(Permission::DecideProposals, true)?;
    let (bytes, kind) = checked(bytes)?;
    let mut tx = db.begin_write().await?;
    let (found, village) = super::service::of_operator(&mut tx, caller, id).await?;
    if found.status != FINALISED {
        return Err(DeliberationError::invalid(
            "status",
            "not-finalised",
            "the minutes are signed after the deliberation is finalised",
            "berita acara ditandatangani setelah musyawarah ditetapkan",
        ));
    }
    let sha256 = hex::encode(Sha256::digest(bytes));
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let done = sqlx::query(
        "INSERT INTO deliberation_scans (deliberation_id, content_type, bytes, sha256, size, \
         uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (deliberation_id) DO NOTHING",
    )
    .bind(id)
    .bind(kind)
    .bind(bytes.to_vec())
    .bind(sha256.clone())
    .bind(size)
    .bind(caller.actor.id)
    .bind(timestamp::to_db(now))
    .execute(&mut *tx)
    .await
    .store()?;
    if done.rows_affected() != 1 {
        return Err(DeliberationError::invalid(
            "scan",
            "attached",
            "the signed minutes are attached already and are never replaced",
            "berita acara bertanda tangan sudah diunggah dan tidak bisa diganti",
        ));
    }
    let event = NewEvent {
        actor: caller.actor.clone(),
        action: SCAN_ATTACHED,
        subject_type: "deliberation",
        subject_id: id.to_string(),
        region: Some(village),
        changes: Changes::new()
            .set("sha256", sha256.as_str())
            .set("size", size)
            .set("content_type", kind),
        request_id,
    };
    crate::events::store::record(&mut tx, event, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    Ok(ScanInfo {
        content_type: kind.to_owned(),
        sha256,
        size,
        uploaded_at: timestamp::to_db(now),
    })
}

/// The name a downloaded scan carries: `berita-acara-musyawarah-7.pdf`.
pub fn file_name(id: i64, content_type: &str) -> String {
    let extension = match content_type {
        "application/pdf" => "pdf",
        "image/png" => "png",
        _ => "jpg",
    };
    format!("berita-acara-musyawarah-{id}.{extension}")
}

/// What anyone may know of a deliberation's scan.
pub async fn info(db: &Db, id: i64) -> Result<Option<ScanInfo>, DeliberationError> {
    let row = sqlx::query(
        "SELECT content_type, sha256, size, uploaded_at FROM deliberation_scans \
         WHERE deliberation_id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
    .store()?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(ScanInfo {
        content_type: row.try_get(0).store()?,
        sha256: row.try_get(1).store()?,
        size: row.try_get(2).store()?,
        uploaded_at: row.try_get(3).store()?,
    }))
}

/// The scan itself, for an official whose region covers the village: (type, bytes).
pub async fn download(
    db: &Db,
    caller: &Principal,
    id: i64,
) -> Result<(String, Vec<u8>), DeliberationError> {
    caller.allows(Permission::ReadProposals, false)?;
    let row = sqlx::query(
        "SELECT d.region_code, s.content_type, s.bytes FROM deliberation_scans s \
         JOIN deliberations d ON d.id = s.deliberation_id WHERE s.deliberation_id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
    .store()?;
    let row = row.ok_or(DeliberationError::NotFound)?;
    let village: String = row.try_get(0).store()?;
    let covered = RegionCode::parse(&village).is_ok_and(|v| caller.covers(&v));
    if !covered {
        return Err(DeliberationError::NotFound);
    }
    Ok((row.try_get(1).store()?, row.try_get(2).store()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_are_known_by_their_first_bytes() {
        assert_eq!(content_type(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(content_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(
            content_type(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]),
            Some("image/png")
        );
        assert_eq!(content_type(b"GIF89a"), None);
        assert_eq!(content_type(b"<html>%PDF-"), None);
    }
}
