//! Why a file is refused whole, before any of its rows is used: in English for logs, the
//! API and the command line, in Bahasa Indonesia for pages.

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
        "cell {cell} holds a formula ({formula}); copy the sheet and paste values only, \
         so the import reads what you see"
    )]
    Formula { cell: String, formula: String },
    #[error("cells {range} are merged; unmerge them and fill every row, so each row is whole")]
    Merged { range: String },
    #[error("the file has no header row")]
    Empty,
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
            Self::Io(err) => format!("berkas tidak dapat dibaca: {err}"),
        }
    }
}
