//! The blank import template, so that nobody has to build the layout by hand: the header
//! row as CSV, or an XLSX workbook whose first sheet holds the header with every column
//! formatted as text (so spreadsheet programs keep NIKs, KK numbers and leading zeros as
//! typed) and whose second sheet lists every column — required or not, what it holds, and
//! every code it accepts, read from the same code lists the import checks against.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::http::AppError;
use crate::registry::{columns, survey};

/// File names offered to the browser.
const CSV_NAME: &str = "templat-impor-keluarga.csv";
const XLSX_NAME: &str = "templat-impor-keluarga.xlsx";
/// Rows of the data sheet formatted as text: more than any village's families.
const TEXT_ROWS: u32 = 5_000;

/// One column of the layout as the code sheet explains it.
struct Column {
    name: &'static str,
    required: bool,
    /// What the column holds (Indonesian, English).
    holds: (&'static str, &'static str),
    codes: Vec<&'static str>,
}

/// What each column holds, in both languages; columns without an entry hold free text.
const HOLDS: [(&str, &str, &str); 23] = [
    ("kk", "Nomor KK, 16 angka", "KK number, 16 digits"),
    (
        "nik",
        "NIK, 16 angka, sesuai tanggal lahir",
        "NIK, 16 digits, agreeing with the birth date",
    ),
    ("name", "Nama lengkap sesuai KK", "Full name as on the KK"),
    ("sex", "Jenis kelamin", "Sex"),
    ("birth_place", "Tempat lahir", "Place of birth"),
    (
        "birth_date",
        "Tanggal lahir: DD-MM-YYYY, DD/MM/YYYY atau YYYY-MM-DD",
        "Date of birth: DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD",
    ),
    (
        "relationship",
        "Hubungan dalam keluarga; tepat satu kepala per KK",
        "Relationship; exactly one head per KK",
    ),
    (
        "village_code",
        "Kode desa/kelurahan Kemendagri, mis. 31.75.07.1003",
        "Kemendagri village code, e.g. 31.75.07.1003",
    ),
    (
        "address",
        "Alamat rumah (baris kepala keluarga)",
        "Home address (head of family's row)",
    ),
    ("rt", "RT, 1–999", "RT, 1–999"),
    ("rw", "RW, 1–999", "RW, 1–999"),
    (
        "phone",
        "Nomor telepon, boleh kosong",
        "Phone number, may be empty",
    ),
    ("marital_status", "Status perkawinan", "Marital status"),
    ("occupation", "Pekerjaan", "Occupation"),
    ("education", "Pendidikan terakhir", "Highest schooling"),
    ("disability", "Disabilitas", "Disability"),
    (
        "life_status",
        "Status: hidup (bawaan), meninggal, pindah",
        "Status: living (default), deceased, moved",
    ),
    (
        "status_date",
        "Tanggal meninggal/pindah, wajib bila bukan hidup",
        "Date of death or move; required unless living",
    ),
    (
        "floor_area_per_person_m2",
        "Luas lantai per orang (m²)",
        "Floor area per person (m²)",
    ),
    (
        "electricity_va",
        "Daya listrik (VA), 0 bila tanpa listrik",
        "Electricity (VA), 0 without",
    ),
    (
        "income_bracket",
        "Penghasilan keluarga per bulan: 1 <1 jt, 2 1–2 jt, 3 2–3 jt, 4 3–5 jt, 5 >5 jt",
        "Monthly household income: 1 <1m, 2 1–2m, 3 2–3m, 4 3–5m, 5 >5m rupiah",
    ),
    (
        "school_age_children",
        "Jumlah anak usia sekolah",
        "Children of school age",
    ),
    (
        "elderly_members",
        "Jumlah anggota lanjut usia",
        "Elderly members",
    ),
];

/// The codes a column accepts, from the lists the import checks against.
fn accepted(name: &str) -> Vec<&'static str> {
    crate::registry::code_lists::list(name).unwrap_or_default()
}

/// Every column of the layout, in the order of the header.
fn layout() -> Vec<Column> {
    columns::all()
        .into_iter()
        .map(|name| {
            let holds = HOLDS
                .iter()
                .find(|(column, _, _)| *column == name)
                .map(|(_, id, en)| (*id, *en))
                .unwrap_or_else(|| survey_holds(name));
            Column {
                name,
                required: columns::REQUIRED.contains(&name),
                holds,
                codes: accepted(name),
            }
        })
        .collect()
}

/// Survey columns not described above: a coded list or a count.
fn survey_holds(name: &str) -> (&'static str, &'static str) {
    if survey::COLUMNS.contains(&name) && !accepted(name).is_empty() {
        (
            "Data pendataan: salah satu kode",
            "Survey: one of the codes",
        )
    } else {
        ("Data pendataan: bilangan bulat", "Survey: a whole number")
    }
}

/// The header row as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read it
/// as UTF-8).
pub fn csv() -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.extend(columns::all().join(",").as_bytes());
    out.extend(b"\r\n");
    out
}

/// The workbook: the data sheet and the code sheet.
pub fn xlsx() -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold();
    let layout = layout();
    let data = book.add_worksheet();
    data.set_name("keluarga")?;
    for (index, column) in layout.iter().enumerate() {
        let at = u16::try_from(index).unwrap_or(u16::MAX);
        data.set_column_format(at, &text)?;
        data.set_column_width(at, (column.name.len() + 4) as f64)?;
        data.write_string_with_format(0, at, column.name, &bold)?;
    }
    data.set_freeze_panes(1, 0)?;
    data.write_string(TEXT_ROWS, 0, "")?;
    let sheet = book.add_worksheet();
    sheet.set_name("kode")?;
    let header = ["kolom", "wajib", "isi", "kode yang diterima", "description"];
    for (at, title) in header.iter().enumerate() {
        sheet.write_string_with_format(0, at as u16, *title, &bold)?;
    }
    for (index, column) in layout.iter().enumerate() {
        let row = u32::try_from(index).unwrap_or(u32::MAX).saturating_add(1);
        sheet.write_string(row, 0, column.name)?;
        sheet.write_string(row, 1, if column.required { "ya" } else { "tidak" })?;
        sheet.write_string(row, 2, column.holds.0)?;
        sheet.write_string(row, 3, column.codes.join(", "))?;
        sheet.write_string(row, 4, column.holds.1)?;
    }
    sheet.set_column_width(2, 60)?;
    sheet.set_column_width(3, 50)?;
    sheet.set_column_width(4, 50)?;
    book.save_to_buffer()
}

fn download(content_type: &'static str, name: &'static str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// `GET /keluarga/impor/templat.csv`: public, it holds no data.
pub async fn csv_download() -> Response {
    download("text/csv; charset=utf-8", CSV_NAME, csv())
}

/// `GET /keluarga/impor/templat.xlsx`: public, it holds no data.
pub async fn xlsx_download() -> Result<Response, AppError> {
    let body = xlsx().map_err(anyhow::Error::from)?;
    Ok(download(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        XLSX_NAME,
        body,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_is_explained_and_coded_columns_list_their_codes() {
        let layout = layout();
        assert_eq!(layout.len(), columns::all().len());
        let sex = layout.iter().find(|c| c.name == "sex").unwrap();
        assert!(sex.required);
        assert_eq!(sex.codes, ["L", "P"]);
        let water = layout.iter().find(|c| c.name == "water_source").unwrap();
        assert!(!water.required && water.codes.contains(&"sumur_tak_terlindung"));
        assert!(
            layout
                .iter()
                .all(|c| !c.holds.0.is_empty() && !c.holds.1.is_empty())
        );
    }

    #[test]
    fn the_csv_is_the_header_row_the_import_reads() {
        let text = String::from_utf8(csv()).unwrap();
        let header = text.trim_start_matches('\u{feff}').trim_end();
        let names: Vec<String> = header.split(',').map(str::to_owned).collect();
        assert!(columns::find(&names).is_ok(), "{header}");
    }
}
