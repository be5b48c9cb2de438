//! Checking one family group (consecutive rows with the same KK): every row, the household
//! taken from the head's row, and the family rules. A rejected person rejects the whole
//! family, and the report says so on each of its rows.

use time::Date;

use crate::registry::directory::RegionDirectory;
use crate::registry::household::{HouseholdInput, parse_household};
use crate::registry::rules::{PersonInput, check_family, parse_person};
use crate::registry::store::batch::FamilyIn;
use crate::registry::survey::Survey;
use crate::registry::violation::{Severity, Violation};
use crate::sheets::cell_text::from_spreadsheet;
use crate::sheets::{Columns, Row};

/// Most rows one family may have; a KK has room for far fewer, so more is a sorting error.
pub const MEMBERS_MAX: usize = 50;

/// A checked group: the family to store (when nothing refused it), the row number of each
/// member, and the report lines.
#[derive(Debug, Default)]
pub struct Checked {
    pub family: Option<FamilyIn>,
    /// Set when the family was handed to the store (which takes it out of `family`).
    pub storing: bool,
    pub member_rows: Vec<u64>,
    pub lines: Vec<(u64, Violation)>,
}

/// A cell as typed: an apostrophe the CSV export put before a formula-like cell is taken
/// off (`sheets::cell_text`), so an export re-imports unchanged.
fn cell(columns: &Columns, row: &[String], column: &str) -> String {
    from_spreadsheet(columns.get(row, column)).to_owned()
}

fn person_input(columns: &Columns, row: &[String]) -> PersonInput {
    let get = |c: &str| cell(columns, row, c);
    PersonInput {
        nik: get("nik"),
        name: get("name"),
        birth_place: get("birth_place"),
        birth_date: get("birth_date"),
        sex: get("sex"),
        relationship: get("relationship"),
        marital_status: get("marital_status"),
        occupation: get("occupation"),
        education: get("education"),
        disability: get("disability"),
        life_status: get("life_status"),
        status_date: get("status_date"),
    }
}

fn household_input(columns: &Columns, row: &[String]) -> (HouseholdInput, Vec<Violation>) {
    let get = |c: &str| cell(columns, row, c);
    let (survey, found) = Survey::parse(|c| Some(cell(columns, row, c)));
    let input = HouseholdInput {
        kk: get("kk"),
        village_code: get("village_code"),
        address: get("address"),
        rt: get("rt"),
        rw: get("rw"),
        phone: Some(get("phone")),
        survey,
    };
    (input, found)
}

/// Numbers typed as numbers in a spreadsheet lose digits past the fifteenth.
fn numeric_cells(columns: &Columns, row: &Row) -> Vec<Violation> {
    ["nik", "kk"]
        .into_iter()
        .filter(|c| {
            columns
                .position(c)
                .is_some_and(|p| row.numeric.contains(&p))
        })
        .map(|c| {
            Violation::new(
                c,
                "xlsx-number",
                "the cell is a number, and Excel keeps only 15 digits of a 16-digit number; \
                 format the column as Text and type the number again"
                    .into(),
                "sel berformat angka, dan Excel hanya menyimpan 15 digit dari 16; ubah format \
                 kolom menjadi Teks lalu ketik ulang nomornya"
                    .into(),
            )
        })
        .collect()
}

/// Unconfirmed warnings hold the row back until the operator confirms them.
fn unconfirmed(mut v: Violation) -> Violation {
    v.severity = Severity::Error;
    v.message.push_str(" (not imported until confirmed)");
    v.message_id
        .push_str(" (tidak diimpor sebelum dikonfirmasi)");
    v
}

/// Checks one group of rows sharing a KK number.
pub fn check_group(
    rows: &[Row],
    columns: &Columns,
    today: Date,
    regions: &dyn RegionDirectory,
    confirm_warnings: bool,
) -> Checked {
    let mut checked = Checked::default();
    let mut members = Vec::with_capacity(rows.len());
    for row in rows {
        let (record, found) = parse_person(&person_input(columns, &row.cells), today, regions);
        checked.lines.extend(
            numeric_cells(columns, row)
                .into_iter()
                .map(|v| (row.number, v)),
        );
        checked
            .lines
            .extend(found.into_iter().map(|v| (row.number, v)));
        members.extend(record);
        checked.member_rows.push(row.number);
    }
    let head = rows
        .iter()
        .find(|r| {
            columns
                .get(&r.cells, "relationship")
                .trim()
                .eq_ignore_ascii_case("kepala")
        })
        .or(rows.first());
    let household = head.and_then(|head| {
        let (input, survey_found) = household_input(columns, &head.cells);
        let (record, found) = parse_household(&input, today, regions);
        let lines = survey_found.into_iter().chain(found);
        checked.lines.extend(lines.map(|v| (head.number, v)));
        for row in rows {
            let village = columns.get(&row.cells, "village_code").trim();
            if !village.is_empty() && village != input.village_code.trim() {
                checked
                    .lines
                    .push((row.number, village_mismatch(village, head.number)));
            }
        }
        record
    });
    if rows.len() > MEMBERS_MAX {
        checked.lines.push((rows[MEMBERS_MAX].number, too_many()));
    }
    if members.len() == rows.len() {
        for (index, v) in check_family(&members) {
            checked.lines.push((checked.member_rows[index], v));
        }
    }
    if !confirm_warnings {
        for (_, v) in checked.lines.iter_mut() {
            if !v.is_error() {
                *v = unconfirmed(v.clone());
            }
        }
    }
    let refused = checked.lines.iter().any(|(_, v)| v.is_error());
    match (household, refused) {
        (Some(household), false) => checked.family = Some(FamilyIn { household, members }),
        _ => reject_rest(&mut checked),
    }
    checked
}

fn village_mismatch(village: &str, head_row: u64) -> Violation {
    Violation::new(
        "village_code",
        "village-mismatch",
        format!("{village} differs from the head of family's village (row {head_row})"),
        format!("{village} berbeda dengan desa kepala keluarga (baris {head_row})"),
    )
}

fn too_many() -> Violation {
    Violation::new(
        "kk",
        "family-too-large",
        format!("more than {MEMBERS_MAX} rows share this KK; check that the file is sorted"),
        format!("lebih dari {MEMBERS_MAX} baris memakai KK ini; periksa urutan berkas"),
    )
}

/// Adds a line on every row of a refused family that has no error of its own, naming the
/// rows that caused the refusal.
pub fn reject_rest(checked: &mut Checked) {
    let mut causes: Vec<u64> = checked
        .lines
        .iter()
        .filter(|(_, v)| v.is_error())
        .map(|(row, _)| *row)
        .collect();
    causes.dedup();
    let list = causes
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    for row in checked.member_rows.clone() {
        if !causes.contains(&row) {
            checked.lines.push((
                row,
                Violation::new(
                    "kk",
                    "family-rejected",
                    format!(
                        "not imported because another member of the family was refused (row {list})"
                    ),
                    format!(
                        "tidak diimpor karena anggota lain keluarga ini ditolak (baris {list})"
                    ),
                ),
            ));
        }
    }
    checked.family = None;
}
