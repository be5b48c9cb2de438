//! The self-registration form's fields: which member fields it has, how its rows read into
//! an application, and how an error's field finds the row it was typed in.

use std::collections::HashMap;

use super::model::ApplicationInput;
use crate::registry::rules::PersonInput;

/// The member fields of the form, with their text keys.
pub const MEMBER_FIELDS: [(&str, &str); 6] = [
    ("nik", "change.nik"),
    ("name", "registry.name"),
    ("birth_place", "change.birth_place"),
    ("birth_date", "registry.birth_date"),
    ("sex", "change.sex"),
    ("relationship", "change.relationship"),
];

/// Reads the form's rows into an application: blank member rows are left out, and the
/// row each listed member came from is kept so errors land beside the right row.
pub fn read_form(values: &HashMap<String, String>, rows: usize) -> (ApplicationInput, Vec<usize>) {
    let get = |name: &str| values.get(name).cloned().unwrap_or_default();
    let mut members = Vec::new();
    let mut row_of = Vec::new();
    for row in 0..rows {
        let cell = |field: &str| get(&format!("members[{row}].{field}"));
        if MEMBER_FIELDS
            .iter()
            .all(|(field, _)| cell(field).trim().is_empty())
        {
            continue;
        }
        members.push(PersonInput {
            nik: cell("nik"),
            name: cell("name"),
            birth_place: cell("birth_place"),
            birth_date: cell("birth_date"),
            sex: cell("sex"),
            relationship: cell("relationship"),
            ..PersonInput::default()
        });
        row_of.push(row);
    }
    let input = ApplicationInput {
        kk: get("kk"),
        village_code: get("village_code"),
        address: get("address"),
        rt: get("rt"),
        rw: get("rw"),
        phone: get("phone"),
        members,
        statement: get("statement"),
    };
    (input, row_of)
}

/// An error's field as the form names it: `members[1].nik` of the second listed member
/// becomes the field of the row it was typed in; a missing head is shown on the first row.
pub fn form_field(field: &str, row_of: &[usize]) -> String {
    let Some(rest) = field.strip_prefix("members[") else {
        return field.to_owned();
    };
    match rest.split_once(']') {
        Some((index, tail)) => {
            let row = index
                .parse::<usize>()
                .ok()
                .and_then(|i| row_of.get(i).copied())
                .unwrap_or(0);
            format!("members[{row}]{tail}")
        }
        None => field.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_rows_are_left_out_and_errors_find_their_row() {
        let mut values = HashMap::new();
        values.insert("members[1].nik".to_owned(), "3175072105870001".to_owned());
        values.insert("members[1].relationship".to_owned(), "kepala".to_owned());
        values.insert("members[4].name".to_owned(), "Rizki".to_owned());
        values.insert("members[2].name".to_owned(), "   ".to_owned());
        let (input, row_of) = read_form(&values, 6);
        assert_eq!(input.members.len(), 2);
        assert_eq!(row_of, vec![1, 4]);
        assert_eq!(form_field("members[1].nik", &row_of), "members[4].nik");
        assert_eq!(
            form_field("members[0].relationship", &row_of),
            "members[1].relationship"
        );
        assert_eq!(form_field("kk", &row_of), "kk");
        assert_eq!(form_field("members", &row_of), "members");
    }
}
