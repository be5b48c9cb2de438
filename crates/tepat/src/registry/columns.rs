//! The import layout: which columns a file must have, which it may have, the Indonesian
//! header names accepted for them; `sheets` finds them in a header row in any order.

use crate::registry::survey;
use crate::sheets::{Columns, Layout};

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

/// Finds the layout's columns in a header row; names every required column missing.
pub fn find(header: &[String]) -> Result<Columns, Vec<&'static str>> {
    let known = all();
    let layout = Layout {
        required: &REQUIRED,
        optional: &known,
        aliases: &ALIASES,
    };
    Columns::from_header(&layout, header)
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
        let columns = find(&header(&names)).expect("complete");
        let row = header(&names);
        assert_eq!(columns.get(&row, "phone"), "Phone");
        assert_eq!(columns.get(&row, "floor_material"), "Floor_Material");
        assert_eq!(columns.get(&row, "education"), "");
    }

    #[test]
    fn accepts_indonesian_headers_and_names_missing_columns() {
        let names = ["no_kk", "NIK", "Nama", "Tanggal Lahir", "Jenis Kelamin"];
        let missing = find(&header(&names)).expect_err("incomplete");
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
