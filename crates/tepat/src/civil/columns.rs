//! The civil-events layout: the columns a file must and may have, the Indonesian header
//! names accepted for them; `sheets` finds them in a header row in any order and case.

use crate::sheets::{Columns, Layout};

/// Columns every file must have.
pub const REQUIRED: [&str; 3] = ["event", "nik", "event_date"];
/// Columns a file may have.
pub const OPTIONAL: [&str; 3] = ["new_nik", "new_village_code", "reference"];

/// Indonesian header names accepted for each column.
const ALIASES: [(&str, &str); 9] = [
    ("peristiwa", "event"),
    ("jenis_peristiwa", "event"),
    ("tanggal_peristiwa", "event_date"),
    ("tanggal", "event_date"),
    ("nik_baru", "new_nik"),
    ("kode_desa_baru", "new_village_code"),
    ("kode_wilayah_baru", "new_village_code"),
    ("referensi", "reference"),
    ("nomor_akta", "reference"),
];

/// Where each column of the layout sits in a file.
#[derive(Debug, Clone)]
pub struct CivilColumns(Columns);

impl CivilColumns {
    /// Reads a header row; names every required column that is missing.
    pub fn from_header(cells: &[String]) -> Result<Self, Vec<&'static str>> {
        let layout = Layout {
            required: &REQUIRED,
            optional: &OPTIONAL,
            aliases: &ALIASES,
        };
        Columns::from_header(&layout, cells).map(Self)
    }

    /// The trimmed cell of `column` in `row`, or "".
    pub fn get<'a>(&self, row: &'a [String], column: &str) -> &'a str {
        self.0.get(row, column).trim()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(text: &str) -> Vec<String> {
        text.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn headers_come_in_any_order_case_and_language() {
        let found =
            CivilColumns::from_header(&row("Tanggal Peristiwa,NIK,Peristiwa")).expect("complete");
        let cells = row("01/02/2026,3175072105870001,kematian");
        assert_eq!(found.get(&cells, "event"), "kematian");
        assert_eq!(found.get(&cells, "new_nik"), "");
        let missing = CivilColumns::from_header(&row("nik,nama")).expect_err("incomplete");
        assert_eq!(missing, ["event", "event_date"]);
    }
}
