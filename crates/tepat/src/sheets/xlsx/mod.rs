//! The first sheet of an XLSX workbook as rows, read within `Limits`. The archive is
//! checked first (`archive.rs`), then the sheet is read twice, cell by cell (`sheet.rs`),
//! all on a thread of its own: once to refuse the file whole before any row is used (a formula,
//! merged cells, a cell past a limit), then to hand the rows over one at a time through a
//! bounded channel, so memory does not grow with the sheet. A formula or merged cells
//! refuse the file because either hides what the cell really says; a cell that was a
//! number is marked, because Excel has already cut a NIK typed as a number to 15 digits.
//! The spreadsheet reader runs on input from strangers: a panic in it refuses the file
//! and never reaches the caller.

mod archive;
mod directory;
mod sheet;

use std::fs::File;
use std::io::BufReader;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use calamine::{Reader, Xlsx};

use super::error::SheetError;
use super::limits::{LIMITS, Limits};
use super::source::Row;

/// Rows read ahead of the import: enough to keep it busy, few enough to stay small.
const ROWS_AHEAD: usize = 256;

/// What the reading thread hands over.
enum Message {
    /// The sheet passed every check: its header and how many rows follow.
    Ready(sheet::Checked),
    Row(Row),
    Refused(SheetError),
}

/// The data rows of a checked sheet, arriving from the reading thread.
pub struct XlsxRows {
    rows: Receiver<Message>,
    total: u64,
}

impl XlsxRows {
    /// The next data row, or `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<Row>, SheetError> {
        match self.rows.recv() {
            Ok(Message::Row(row)) => Ok(Some(row)),
            Ok(Message::Refused(err)) => Err(err),
            Ok(Message::Ready(_)) => Err(stopped()),
            Err(_) => Ok(None),
        }
    }

    /// The number of data rows (blank ones included), for progress.
    pub fn total(&self) -> u64 {
        self.total
    }
}

fn stopped() -> SheetError {
    SheetError::Xlsx("the sheet could not be read to its end".to_owned())
}

/// Opens the first sheet within the standard limits; returns its rows and header.
pub fn open(path: &Path) -> Result<(XlsxRows, Vec<String>), SheetError> {
    open_within(path, LIMITS)
}

/// Opens the first sheet within `limits`, refusing the file before any row is handed over
/// if anything in it is refused.
pub fn open_within(path: &Path, limits: Limits) -> Result<(XlsxRows, Vec<String>), SheetError> {
    let (sender, rows) = sync_channel(ROWS_AHEAD);
    let path = path.to_owned();
    std::thread::Builder::new()
        .name("xlsx-rows".to_owned())
        .spawn(move || read_guarded(&path, &limits, &sender))?;
    match rows.recv() {
        Ok(Message::Ready(checked)) => Ok((
            XlsxRows {
                rows,
                total: checked.rows,
            },
            checked.header,
        )),
        Ok(Message::Refused(err)) => Err(err),
        Ok(Message::Row(_)) | Err(_) => Err(stopped()),
    }
}

/// Reads the file, turning a panic of the zip or spreadsheet reader into a refusal.
fn read_guarded(path: &Path, limits: &Limits, sender: &SyncSender<Message>) {
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| read(path, limits, sender)));
    let refusal = match outcome {
        Ok(Ok(())) => return,
        Ok(Err(err)) => err,
        Err(_) => SheetError::NotXlsx("the workbook's XML is malformed".to_owned()),
    };
    // The receiver may be gone (the import stopped); then nobody needs the refusal.
    let _ = sender.send(Message::Refused(refusal));
}

fn read(path: &Path, limits: &Limits, sender: &SyncSender<Message>) -> Result<(), SheetError> {
    archive::check(path, limits)?;
    let mut workbook: Xlsx<BufReader<File>> = calamine::open_workbook(path)
        .map_err(|e: calamine::XlsxError| SheetError::NotXlsx(e.to_string()))?;
    let name = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or(SheetError::Empty)?;
    let checked = sheet::check(&mut workbook, &name, limits)?;
    refuse_merged(&mut workbook, &name)?;
    if sender.send(Message::Ready(checked)).is_err() {
        return Ok(());
    }
    sheet::stream(&mut workbook, &name, limits, |row| {
        sender.send(Message::Row(row)).is_ok()
    })
}

/// `A1`-style name of a cell (row and column from 0).
pub fn cell_name(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(column) + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8_lossy(&letters),
        u64::from(row) + 1
    )
}

fn refuse_merged(workbook: &mut Xlsx<BufReader<File>>, name: &str) -> Result<(), SheetError> {
    match workbook
        .merge_cells_by_sheet_name(name)
        .map_err(|e| SheetError::Xlsx(e.to_string()))?
        .first()
    {
        Some(merged) => Err(SheetError::Merged {
            range: format!(
                "{}:{}",
                cell_name(merged.start.0, merged.start.1),
                cell_name(merged.end.0, merged.end.1)
            ),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests;
