//! Spreadsheets in, a per-row report out: a CSV or XLSX `Source` that yields rows with
//! their numbers as a spreadsheet shows them, finding a layout's columns in a header row,
//! the `SheetError`s that refuse a file whole, and the `row,column,rule,message` report.
//! The household import, the civil-registry feed and bank status files all read through
//! it; it knows none of them.

pub mod cell_text;
pub mod columns;
pub mod csv_rows;
pub mod error;
pub mod limits;
pub mod report;
pub mod source;
pub mod xlsx;

#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod testing;

pub use columns::{Columns, Layout};
pub use error::{Exceeded, SheetError};
pub use limits::{LIMITS, Limits};
pub use report::{Finding, Report, ReportLine};
pub use source::{Row, Source};
