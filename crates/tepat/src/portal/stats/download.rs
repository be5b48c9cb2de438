//! A table as open data: JSON rows keyed by column (a hidden count is `null` and named in
//! the row's `suppressed` list) and CSV with the same columns (a hidden count is an empty
//! cell, named in the last column, `disembunyikan`), both with the log checkpoint and the
//! time the figures were computed.

use serde_json::{Map, Value, json};
use time::format_description::well_known::Rfc3339;

use super::keeper::Copy;
use super::tables::Table;

/// Where the log's checkpoints are read; every download links to it.
pub const CHECKPOINT_URL: &str = "/log/checkpoint";

/// A table's rows as JSON objects.
pub fn rows(table: &Table) -> Vec<Value> {
    table
        .lines
        .iter()
        .map(|line| {
            let mut row = Map::new();
            for (name, key) in table.keys.iter().zip(&line.key) {
                row.insert((*name).to_owned(), Value::String(key.clone()));
            }
            let mut hidden = Vec::new();
            for (name, cell) in table.columns.iter().zip(&line.cells) {
                if cell.is_none() {
                    hidden.push(Value::String(name.clone()));
                }
                row.insert(name.clone(), cell.map_or(Value::Null, Value::from));
            }
            row.insert("total".to_owned(), Value::Bool(line.total));
            row.insert("suppressed".to_owned(), Value::Array(hidden));
            Value::Object(row)
        })
        .collect()
}

/// The names of every column of the table's rows, keys first.
pub fn column_names(table: &Table) -> Vec<String> {
    table
        .keys
        .iter()
        .map(|k| (*k).to_owned())
        .chain(table.columns.iter().cloned())
        .collect()
}

/// When the figures were computed, RFC 3339.
pub fn computed_at(copy: &Copy) -> String {
    copy.computed_at.format(&Rfc3339).unwrap_or_default()
}

/// One table as the JSON download.
pub fn json(copy: &Copy, (region, name): (&str, &str), table: &Table) -> Value {
    json!({
        "region": {"code": region, "name": name},
        "table": table.name,
        "title": table.title.0,
        "columns": column_names(table),
        "rows": rows(table),
        "suppressed_below": super::protect::SMALL_MAX + 1,
        "checkpoint_tree_size": copy.checkpoint,
        "checkpoint_url": CHECKPOINT_URL,
        "computed_at": computed_at(copy),
    })
}

fn cell(text: &str) -> String {
    let text = crate::sheets::cell_text::safe_for_spreadsheet(text);
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

/// One table as the CSV download; the checkpoint's tree size on every row, as the budget
/// watch's CSV carries it, so a row copied alone still says where it came from.
pub fn csv(copy: &Copy, table: &Table) -> String {
    let mut header = column_names(table);
    header.push("disembunyikan".to_owned());
    header.push("ukuran_checkpoint".to_owned());
    let mut out = header.join(",");
    out.push_str("\r\n");
    for line in &table.lines {
        let mut cells: Vec<String> = line.key.iter().map(|k| cell(k)).collect();
        cells.extend(
            line.cells
                .iter()
                .map(|c| c.map(|n| n.to_string()).unwrap_or_default()),
        );
        let hidden: Vec<&str> = table
            .columns
            .iter()
            .zip(&line.cells)
            .filter(|(_, c)| c.is_none())
            .map(|(name, _)| name.as_str())
            .collect();
        cells.push(hidden.join(";"));
        cells.push(copy.checkpoint.to_string());
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}
