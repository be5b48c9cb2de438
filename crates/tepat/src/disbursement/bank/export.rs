//! Writing a payroll's bank files: one `pain.001.001.09` per bank, streamed from the
//! payments, written beside its final name and renamed into place (a crash leaves no half
//! file under that name). The first export of a payroll is an event and moves its cycle
//! to `disbursed`; exporting again writes the same bytes and changes nothing else.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::Row;
use time::OffsetDateTime;

use super::pain001::{self, Header, Line};
use super::store as bank_store;
use crate::db::{Db, ResultExt, StoreError};
use crate::disbursement::error::CycleError;
use crate::disbursement::model::{APPROVED, DISBURSED};
use crate::disbursement::payroll::Payroll;
use crate::events::{Action, Actor, Changes, NewEvent};
use crate::region_code::RegionCode;

pub const PAYROLL_EXPORTED: Action = Action("payroll.exported");

/// One file written.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Exported {
    pub payroll: i64,
    pub bank: String,
    pub path: PathBuf,
    pub count: i64,
    pub total: i64,
    pub sha256: String,
}

/// Whether a payroll is paid by bank file and approved, so that it has files.
pub fn exportable(payroll: &Payroll) -> Result<(), CycleError> {
    if payroll.channel != "bank_transfer" || payroll.status != "approved" {
        return Err(CycleError::conflict(
            "payroll",
            "approved_bank_payroll",
            "only an approved payroll paid by bank transfer has bank files",
            "hanya daftar bayar transfer bank yang sudah disetujui punya berkas bank",
        ));
    }
    Ok(())
}

/// Writes the files of `payroll` (one bank, or each) into `dir`.
pub async fn export(
    db: &Db,
    payroll: &Payroll,
    bank: Option<&str>,
    dir: &Path,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<Vec<Exported>, CycleError> {
    exportable(payroll)?;
    let banks = bank_store::banks(db, payroll.id).await?;
    let mut written = Vec::new();
    for (bic, count, total) in banks {
        if bank.is_some_and(|b| b != bic) {
            continue;
        }
        let path = dir.join(super::file_name(payroll.id, &bic));
        let partial = path.with_extension("xml.partial");
        let file = std::fs::File::create(&partial).map_err(io)?;
        let mut out = HashingWriter::new(BufWriter::new(file));
        write(db, payroll, &bic, count, total, &mut out).await?;
        let sha256 = out.finish().map_err(io)?;
        std::fs::rename(&partial, &path).map_err(io)?;
        written.push(Exported {
            payroll: payroll.id,
            bank: bic,
            path,
            count,
            total,
            sha256,
        });
    }
    if payroll.exported_at.is_none() && !written.is_empty() {
        first_export(db, payroll, &written, actor, now).await?;
    }
    Ok(written)
}

/// The file of one bank of `payroll`, in memory (the web download); the first download
/// of a payroll's files is its export.
/// [`render`] as a download: the XML under the file's name.
pub async fn attachment(
    db: &Db,
    payroll: &Payroll,
    bank: &str,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<axum::response::Response, CycleError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let bytes = render(db, payroll, bank, actor, now).await?;
    let disposition = format!(
        "attachment; filename=\"{}\"",
        super::file_name(payroll.id, bank)
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/xml".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

pub async fn render(
    db: &Db,
    payroll: &Payroll,
    bank: &str,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<Vec<u8>, CycleError> {
    exportable(payroll)?;
    let (count, total) = bank_store::banks(db, payroll.id)
        .await?
        .into_iter()
        .find(|(bic, _, _)| bic == bank)
        .map(|(_, count, total)| (count, total))
        .ok_or(CycleError::NotFound)?;
    let mut out = Vec::new();
    write(db, payroll, bank, count, total, &mut out).await?;
    if payroll.exported_at.is_none() {
        let file = Exported {
            payroll: payroll.id,
            bank: bank.to_owned(),
            path: PathBuf::from(super::file_name(payroll.id, bank)),
            count,
            total,
            sha256: hex::encode(Sha256::digest(&out)),
        };
        first_export(db, payroll, &[file], actor, now).await?;
    }
    Ok(out)
}

async fn write<W: Write>(
    db: &Db,
    payroll: &Payroll,
    bic: &str,
    count: i64,
    total: i64,
    out: &mut W,
) -> Result<(), CycleError> {
    let cycle = crate::disbursement::store::cycle(db, payroll.cycle_id)
        .await?
        .ok_or(CycleError::NotFound)?;
    let created_at = payroll.checked_at.clone().unwrap_or_default();
    let header = Header {
        message_id: super::message_id(payroll.id, bic),
        execution_date: created_at.chars().take(10).collect(),
        created_at,
        count,
        total,
        debtor_name: format!("Penyaluran {}", cycle.name),
        debtor_account: format!("settlement:{bic}"),
        bic: bic.to_owned(),
        remittance: format!("{} hak", cycle.name),
    };
    pain001::write_head(out, &header).map_err(io)?;
    let mut rows = sqlx::query(
        "SELECT entitlement_id, amount, account_number, holder_name FROM payments \
         WHERE payroll_id = $1 AND provider = $2 ORDER BY entitlement_id",
    )
    .bind(payroll.id)
    .bind(bic.to_owned())
    .fetch(&db.pool);
    let mut seen = 0i64;
    while let Some(row) = rows.try_next().await.store()? {
        let line = Line {
            end_to_end_id: row.try_get(0).store()?,
            amount: row.try_get(1).store()?,
            account_number: row.try_get(2).store()?,
            holder_name: row.try_get(3).store()?,
        };
        pain001::write_line(out, &header, &line).map_err(io)?;
        seen += 1;
    }
    if seen != count {
        return Err(StoreError::NotFound.into());
    }
    pain001::write_tail(out).map_err(io)?;
    Ok(())
}

/// The first export: the payroll's files in the log, the cycle disbursed.
async fn first_export(
    db: &Db,
    payroll: &Payroll,
    written: &[Exported],
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<(), CycleError> {
    let mut tx = db.begin_write().await?;
    if !bank_store::mark_exported(&mut tx, payroll.id, now).await? {
        return Ok(());
    }
    bank_store::set_cycle_status(&mut tx, payroll.cycle_id, &[APPROVED], DISBURSED).await?;
    let files: Vec<String> = written
        .iter()
        .map(|w| format!("{} {}", w.bank, w.sha256))
        .collect();
    let event = NewEvent {
        actor: actor.clone(),
        action: PAYROLL_EXPORTED,
        subject_type: "payroll",
        subject_id: payroll.id.to_string(),
        region: RegionCode::parse(&payroll.region_code).ok(),
        changes: Changes::new()
            .set("files", files)
            .set(
                "control_count",
                written.iter().map(|w| w.count).sum::<i64>(),
            )
            .set(
                "control_rupiah",
                written.iter().map(|w| w.total).sum::<i64>(),
            ),
        request_id: None,
    };
    crate::events::store::record(&mut tx, event, now).await?;
    tx.commit().await.store()?;
    Ok(())
}

fn io(err: std::io::Error) -> CycleError {
    CycleError::Store(StoreError::Other(sqlx::Error::Io(err)))
}

/// A writer that hashes what passes through it.
struct HashingWriter<W: Write> {
    inner: W,
    hash: Sha256,
}

impl<W: Write> HashingWriter<W> {
    fn new(inner: W) -> Self {
        Self {
            inner,
            hash: Sha256::new(),
        }
    }

    fn finish(mut self) -> std::io::Result<String> {
        self.inner.flush()?;
        Ok(hex::encode(self.hash.finalize()))
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
