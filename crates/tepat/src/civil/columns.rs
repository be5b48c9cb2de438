//! The civil-events layout: the columns a file must and may have, the Indonesian header
//! names accepted for them, and finding them in a header row in any order and case.

use std::collections::HashMap;

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
pub struct CivilColumns {
    index: HashMap<&'static str, usize>,
}

fn normalise(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace([' ', '-'], "_")
}

impl CivilColumns {
    /// Reads a header row; names every required column that is missing.
    pub fn from_header(cells: &[String]) -> Result<Self, Vec<&'static str>> {
        let mut index = HashMap::new();
        for (position, cell) in cells.iter().enumerate() {
            let name = normalise(cell);
            let column = ALIASES
                .iter()
                .find(|(alias, _)| *alias == name)
                .map(|(_, canonical)| *canonical)
                .or_else(|| {
                    REQUIRED
                        .iter()
                        .chain(&OPTIONAL)
                        .find(|c| **c == name)
                        .copied()
                });
            if let Some(column) = column {
                index.entry(column).or_insert(position);
            }
        }
        let missing: Vec<&'static str> = REQUIRED
            .iter()
            .filter(|c| !index.contains_key(*c))
            .copied()
            .collect();
        if missing.is_empty() {
            Ok(Self { index })
        } else {
            Err(missing)
        }
    }

    /// The trimmed cell of `column` in `row`, or "".
    pub fn get<'a>(&self, row: &'a [String], column: &str) -> &'a str {
        self.index
            .get(column)
            .and_then(|i| row.get(*i))
            .map(|c| c.trim())
            .unwrap_or_default()
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
