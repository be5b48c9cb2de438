//! Finding a layout's columns in a header row: names in any order and case, spaces or
//! dashes for underscores, a byte-order mark ignored, other-language names through aliases,
//! unknown columns ignored, and every missing required column named.

use std::collections::HashMap;

/// What a file must and may hold.
#[derive(Debug, Clone, Copy)]
pub struct Layout<'l> {
    /// Columns every file must have.
    pub required: &'l [&'static str],
    /// Columns a file may have (a required column listed again here changes nothing).
    pub optional: &'l [&'static str],
    /// Other names accepted for a column: `(alias, column)`.
    pub aliases: &'l [(&'static str, &'static str)],
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

impl Layout<'_> {
    fn column_named(&self, name: &str) -> Option<&'static str> {
        self.aliases
            .iter()
            .find(|(alias, _)| *alias == name)
            .map(|(_, column)| *column)
            .or_else(|| {
                self.required
                    .iter()
                    .chain(self.optional)
                    .find(|c| **c == name)
                    .copied()
            })
    }
}

impl Columns {
    /// Reads a header row; names every required column that is missing. A column named
    /// twice is read from its first place.
    pub fn from_header(layout: &Layout<'_>, cells: &[String]) -> Result<Self, Vec<&'static str>> {
        let mut index = HashMap::new();
        for (position, cell) in cells.iter().enumerate() {
            if let Some(column) = layout.column_named(&normalise(cell)) {
                index.entry(column).or_insert(position);
            }
        }
        let missing: Vec<&'static str> = layout
            .required
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

    /// The cell of `column` in `row` as written, or "" when the file lacks the column or
    /// the row the cell.
    pub fn get<'a>(&self, row: &'a [String], column: &str) -> &'a str {
        self.index
            .get(column)
            .and_then(|i| row.get(*i))
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// The position of `column`, for naming cells by their letter.
    pub fn position(&self, column: &str) -> Option<usize> {
        self.index.get(column).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAYOUT: Layout<'static> = Layout {
        required: &["event", "nik"],
        optional: &["reference"],
        aliases: &[("peristiwa", "event")],
    };

    fn row(text: &str) -> Vec<String> {
        text.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn finds_columns_in_any_order_case_and_language() {
        let found = Columns::from_header(&LAYOUT, &row("\u{feff}NIK,Peristiwa,x")).expect("ok");
        let cells = row("1,kematian,y");
        assert_eq!(found.get(&cells, "event"), "kematian");
        assert_eq!(found.get(&cells, "reference"), "");
        assert_eq!(found.position("nik"), Some(0));
    }

    #[test]
    fn names_every_missing_required_column() {
        let missing = Columns::from_header(&LAYOUT, &row("nama,x")).expect_err("incomplete");
        assert_eq!(missing, ["event", "nik"]);
    }
}
