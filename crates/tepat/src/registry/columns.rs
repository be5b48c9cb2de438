//! The import layout: which columns a file must have, which it may have, the Indonesian
//! header names accepted for them, and finding them in a header row in any order.

use std::collections::HashMap;

use crate::registry::survey;

/// Columns every file must have.
pub const REQUIRED: [&str; 12] = [
    "kk",
    "nik",
    "name",
    "sex",
    "birth_place",
    "birth_date",
    "relationship",
    "village_code",
    "address",
    "rt",
    "rw",
    "phone",
];

/// Optional person columns.
pub const PERSON_OPTIONAL: [&str; 6] = [
    "marital_status",
    "occupation",
    "education",
    "disability",
    "life_status",
    "status_date",
];

/// Indonesian header names accepted for each column.
const ALIASES: [(&str, &str); 14] = [
    ("no_kk", "kk"),
    ("nomor_kk", "kk"),
    ("nama", "name"),
    ("nama_lengkap", "name"),
    ("jenis_kelamin", "sex"),
    ("tempat_lahir", "birth_place"),
    ("tanggal_lahir", "birth_date"),
    ("hubungan", "relationship"),
    ("hubungan_keluarga", "relationship"),
    ("kode_desa", "village_code"),
    ("kode_wilayah", "village_code"),
    ("alamat", "address"),
    ("telepon", "phone"),
    ("no_hp", "phone"),
];

/// Every column of the layout, in export order.
pub fn all() -> Vec<&'static str> {
    let mut list: Vec<&'static str> = REQUIRED.to_vec();
    list.extend(PERSON_OPTIONAL);
    list.extend(survey::COLUMNS);
    list
}

/// Where each known column sits in a file.
#[derive(Debug, Clone)]
pub struct Columns {
    index: HashMap<&'static str, usize>,
}

/// Turns `Birth Date`, `birth-date` and `BIRTH_DATE` into `birth_date`.
fn normalise(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace([' ', '-'], "_")
}

impl Columns {
    /// Reads a header row; names every required column that is missing.
    pub fn from_header(cells: &[String]) -> Result<Self, Vec<&'static str>> {
        let known = all();
        let mut index = HashMap::new();
        for (position, cell) in cells.iter().enumerate() {
            let name = normalise(cell);
            let canonical = ALIASES
                .iter()
                .find(|(alias, _)| *alias == name)
                .map(|(_, canonical)| *canonical)
                .or_else(|| known.iter().find(|k| **k == name).copied());
            if let Some(column) = canonical {
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

    /// The cell of `column` in `row`, or "" when the file lacks the column or the cell.
    pub fn get<'a>(&self, row: &'a [String], column: &str) -> &'a str {
        self.index
            .get(column)
            .and_then(|i| row.get(*i))
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// The position of `column`, for reporting cells by their letter.
    pub fn position(&self, column: &str) -> Option<usize> {
        self.index.get(column).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn finds_columns_in_any_order_and_case() {
        let mut names: Vec<&str> = REQUIRED.iter().rev().copied().collect();
        names[0] = "Phone";
        names.push("Floor_Material");
        let columns = Columns::from_header(&header(&names)).expect("complete");
        let row = header(&names);
        assert_eq!(columns.get(&row, "phone"), "Phone");
        assert_eq!(columns.get(&row, "floor_material"), "Floor_Material");
        assert_eq!(columns.get(&row, "education"), "");
    }

    #[test]
    fn accepts_indonesian_headers_and_names_missing_columns() {
        let names = ["no_kk", "NIK", "Nama", "Tanggal Lahir", "Jenis Kelamin"];
        let missing = Columns::from_header(&header(&names)).expect_err("incomplete");
        assert_eq!(
            missing,
            [
                "birth_place",
                "relationship",
                "village_code",
                "address",
                "rt",
                "rw",
                "phone"
            ]
        );
    }
}
