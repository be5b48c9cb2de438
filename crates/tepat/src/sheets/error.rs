//! Why a file is refused whole, before any of its rows is used: in English for logs, the
//! API and the command line, in Bahasa Indonesia for pages.

use super::limits::{grouped, size};
use crate::web::i18n::{Lang, Localized};

#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error(
        "the file is not UTF-8 text (line {line}, byte 0x{byte:02X}); in Excel save it as \
         \"CSV UTF-8\", or upload the .xlsx file"
    )]
    Encoding { line: u64, byte: u8 },
    #[error("row {row}: {message}")]
    Csv { row: u64, message: String },
    #[error("the spreadsheet cannot be opened: {0}")]
    Xlsx(String),
    #[error(
        "the file is not a valid XLSX workbook ({0}); open it in Excel and save it again \
         as .xlsx, or save it as \"CSV UTF-8\""
    )]
    NotXlsx(String),
    #[error("{0}")]
    Limit(Exceeded),
    #[error(
        "cell {cell} holds a formula ({formula}); copy the sheet and paste values only, \
         so the import reads what you see"
    )]
    Formula { cell: String, formula: String },
    #[error("cells {range} are merged; unmerge them and fill every row, so each row is whole")]
    Merged { range: String },
    #[error("the file has no header row")]
    Empty,
}

impl SheetError {
    /// True when the file itself is at fault (it is refused, and saying why is enough);
    /// false when the file could not be read from the disk.
    pub fn is_refusal(&self) -> bool {
        !matches!(self, Self::Io(_))
    }
}

impl Localized for SheetError {
    fn localized(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            Self::Encoding { line, byte } => format!(
                "berkas bukan teks UTF-8 (baris {line}, bita 0x{byte:02X}); di Excel simpan \
                 sebagai \"CSV UTF-8\", atau unggah berkas .xlsx"
            ),
            Self::Formula { cell, formula } => format!(
                "sel {cell} berisi rumus ({formula}); salin lembar lalu tempel sebagai nilai \
                 saja, agar impor membaca apa yang Anda lihat"
            ),
            Self::Merged { range } => format!(
                "sel {range} digabung; pisahkan dan isi setiap baris agar tiap baris lengkap"
            ),
            Self::Empty => "berkas tidak memiliki baris judul".to_owned(),
            Self::Csv { row, message } => format!("baris {row}: {message}"),
            Self::Xlsx(message) => format!("lembar kerja tidak dapat dibuka: {message}"),
            Self::NotXlsx(detail) => format!(
                "berkas bukan buku kerja XLSX yang sah ({detail}); buka di Excel lalu simpan \
                 ulang sebagai .xlsx, atau simpan sebagai \"CSV UTF-8\""
            ),
            Self::Limit(exceeded) => exceeded.localized(lang),
            Self::Io(err) => format!("berkas tidak dapat dibaca: {err}"),
        }
    }
}

/// A bound of `limits.rs` that a file goes past; each names the bound and where it was met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exceeded {
    /// A cell in a column past the limit (`cell` is its name, e.g. `XFD1`).
    Columns { cell: String, max: u32 },
    /// A cell longer than the limit.
    CellChars { cell: String, max: usize },
    /// A row past the limit (XLSX).
    Rows { max: u32 },
    /// The sheet declares a size past the column or row limit.
    Dimension {
        declared: String,
        columns: u32,
        rows: u32,
    },
    /// The archive expands past the limit.
    Inflated { max: u64 },
    /// The shared strings, held in memory, are past the limit.
    SharedStrings { max: u64 },
    /// The archive has more parts than the limit.
    Entries { max: usize },
    /// One piece of XML text or one tag is longer than the limit.
    Stretch { part: String, max: u64 },
    /// A CSV record is longer than the limit.
    Record { row: u64, max: u64 },
}

impl std::fmt::Display for Exceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = |n: u64| grouped(n, ',');
        match self {
            Self::Columns { cell, max } => write!(
                f,
                "the sheet goes past the limit of {} columns (cell {cell})",
                n(u64::from(*max))
            ),
            Self::CellChars { cell, max } => write!(
                f,
                "cell {cell} is longer than the limit of {} characters",
                n(*max as u64)
            ),
            Self::Rows { max } => write!(
                f,
                "the sheet goes past the limit of {} rows",
                n(u64::from(*max))
            ),
            Self::Dimension {
                declared,
                columns,
                rows,
            } => write!(
                f,
                "the sheet declares the size {declared}, past the limit of {} columns and \
                 {} rows",
                n(u64::from(*columns)),
                n(u64::from(*rows))
            ),
            Self::Inflated { max } => write!(
                f,
                "the XLSX file expands past the limit of {} when unpacked; save it as \
                 \"CSV UTF-8\" or split it into several files",
                size(*max, ',')
            ),
            Self::SharedStrings { max } => write!(
                f,
                "the workbook's shared texts (sharedStrings.xml) go past the limit of {}",
                size(*max, ',')
            ),
            Self::Entries { max } => write!(
                f,
                "the XLSX file holds more than the limit of {} parts",
                n(*max as u64)
            ),
            Self::Stretch { part, max } => write!(
                f,
                "part {part} holds a text or tag longer than the limit of {}",
                size(*max, ',')
            ),
            Self::Record { row, max } => write!(
                f,
                "row {row} is longer than the limit of {}",
                size(*max, ',')
            ),
        }
    }
}

impl Localized for Exceeded {
    fn localized(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        let n = |n: u64| grouped(n, '.');
        match self {
            Self::Columns { cell, max } => format!(
                "Lembar melebihi batas {} kolom (sel {cell})",
                n(u64::from(*max))
            ),
            Self::CellChars { cell, max } => {
                format!("Sel {cell} melebihi batas {} karakter", n(*max as u64))
            }
            Self::Rows { max } => format!("Lembar melebihi batas {} baris", n(u64::from(*max))),
            Self::Dimension {
                declared,
                columns,
                rows,
            } => format!(
                "Lembar menyatakan ukuran {declared}, melebihi batas {} kolom dan {} baris",
                n(u64::from(*columns)),
                n(u64::from(*rows))
            ),
            Self::Inflated { max } => format!(
                "Isi berkas XLSX melebihi batas {} setelah dibuka (dekompresi); simpan \
                 sebagai \"CSV UTF-8\" atau bagi menjadi beberapa berkas",
                size(*max, '.')
            ),
            Self::SharedStrings { max } => format!(
                "Teks bersama buku kerja (sharedStrings.xml) melebihi batas {}",
                size(*max, '.')
            ),
            Self::Entries { max } => format!(
                "Berkas XLSX berisi lebih dari batas {} bagian",
                n(*max as u64)
            ),
            Self::Stretch { part, max } => format!(
                "Bagian {part} berisi teks atau tag yang melebihi batas {}",
                size(*max, '.')
            ),
            Self::Record { row, max } => {
                format!("Baris {row} melebihi batas {}", size(*max, '.'))
            }
        }
    }
}
