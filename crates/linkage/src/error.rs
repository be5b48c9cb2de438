//! Errors a deduplication run can end with, and the per-row issues it only reports.

use std::fmt;
use std::path::PathBuf;

/// A failure that stops a run. Bad rows never do: they become [`RowIssue`]s.
#[derive(Debug, thiserror::Error)]
pub enum LinkageError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("input is empty: a header line is required")]
    EmptyInput,
    #[error("header line is not valid UTF-8")]
    HeaderNotUtf8,
    #[error(
        "input looks {found}-separated; columns must be separated by commas \
         (save the sheet as CSV with ',' as delimiter)"
    )]
    WrongDelimiter { found: DelimiterName },
    #[error("missing columns: {}", names.join(", "))]
    MissingColumns { names: Vec<String> },
    #[error("column {name} appears more than once in the header")]
    DuplicateColumn { name: String },
    #[error("threshold must be a probability between 0 and 1, got {value}")]
    InvalidThreshold { value: f64 },
    #[error("too many records: {count} exceeds the limit of {limit}")]
    TooManyRecords { count: u64, limit: u64 },
    #[error("csv error at line {line}: {message}")]
    Csv { line: u64, message: String },
}

/// A delimiter named the way a person would say it in an error message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DelimiterName {
    Semicolon,
    Tab,
    Pipe,
}

impl fmt::Display for DelimiterName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DelimiterName::Semicolon => "semicolon (';')",
            DelimiterName::Tab => "tab",
            DelimiterName::Pipe => "pipe ('|')",
        })
    }
}

/// A problem with one input row. The row is skipped or a field is treated as missing;
/// the run goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowIssue {
    /// 1-based line number in the input file (the header is line 1).
    pub line: u64,
    pub message: String,
}

impl fmt::Display for RowIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}
