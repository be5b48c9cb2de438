//! A region's figures as the six published tables: each row with its codes (for CSV and
//! JSON) and its words (for the page), its numbers already protected (`protect.rs`), so
//! the page, the chart, the CSV and the JSON always show the same figures.

use super::figures::{DESIL_SLOTS, Direction, Figures};
use super::keeper::Copy;
use super::protect::{Column, protect};
use crate::budgets::watch::chart::month_label;
use crate::web::i18n::Lang;

/// The tables' names, as the download links end (`/statistik/NAME.csv`).
pub const NAMES: [&str; 6] = [
    "rumah-tangga",
    "penerima",
    "perubahan",
    "pembayaran",
    "musyawarah",
    "sanggahan",
];

/// Objection statuses as the table's columns: (stored code, column name, words).
const OUTCOMES: [(&str, &str, &str); 4] = [
    ("open", "menunggu", "Menunggu verifikasi"),
    ("escalated", "dinaikkan", "Dinaikkan ke provinsi"),
    ("founded", "terbukti", "Terbukti"),
    ("unfounded", "tidak_terbukti", "Tidak terbukti"),
];

/// One row: its codes, its words and its published numbers (`None`: hidden).
#[derive(Debug, Clone)]
pub struct Line {
    pub key: Vec<String>,
    pub words: Vec<String>,
    pub cells: Vec<Option<i64>>,
    /// The row of totals.
    pub total: bool,
}

/// One published table.
#[derive(Debug, Clone)]
pub struct Table {
    pub name: &'static str,
    /// The title in Bahasa Indonesia and English.
    pub title: (&'static str, &'static str),
    /// Names of the key columns, then of the number columns (CSV and JSON).
    pub keys: Vec<&'static str>,
    pub columns: Vec<String>,
    /// Headers in words: key columns then number columns.
    pub headers: Vec<String>,
    /// Which number columns are rupiah.
    pub money: Vec<bool>,
    pub lines: Vec<Line>,
    /// The number column the chart draws.
    pub charted: usize,
}

/// What one table is made of before protection.
struct Draft {
    keys: Vec<&'static str>,
    key_words: Vec<&'static str>,
    columns: Vec<(String, String, Column)>,
    rows: Vec<(Vec<String>, Vec<String>, Vec<i64>)>,
    row_total: bool,
    column_total: bool,
    charted: usize,
}

fn finish(name: &'static str, title: (&'static str, &'static str), d: Draft) -> Table {
    let values: Vec<Vec<i64>> = d.rows.iter().map(|(_, _, v)| v.clone()).collect();
    let kinds: Vec<Column> = d.columns.iter().map(|(_, _, k)| *k).collect();
    let protected = protect(&values, &kinds, d.row_total, d.column_total);
    let mut columns: Vec<String> = d.columns.iter().map(|(c, _, _)| c.clone()).collect();
    let mut headers: Vec<String> = d.key_words.iter().map(|w| (*w).to_owned()).collect();
    headers.extend(d.columns.iter().map(|(_, w, _)| w.clone()));
    let mut money: Vec<bool> = kinds
        .iter()
        .map(|k| matches!(k, Column::MoneyOf(_)))
        .collect();
    if d.row_total {
        columns.push("jumlah".to_owned());
        headers.push("Jumlah".to_owned());
        money.push(false);
    }
    let mut lines: Vec<Line> = d
        .rows
        .into_iter()
        .zip(protected.cells.iter())
        .map(|((key, words, _), cells)| Line {
            key,
            words,
            cells: cells.clone(),
            total: false,
        })
        .collect();
    if d.column_total
        && let Some(cells) = protected.cells.last()
    {
        let mut key = vec![String::new(); d.keys.len()];
        let mut words = vec![String::new(); d.key_words.len()];
        key[0] = "jumlah".to_owned();
        words[0] = "Jumlah".to_owned();
        lines.push(Line {
            key,
            words,
            cells: cells.clone(),
            total: true,
        });
    }
    let charted = if d.row_total {
        columns.len() - 1
    } else {
        d.charted
    };
    Table {
        name,
        title,
        keys: d.keys,
        columns,
        headers,
        money,
        lines,
        charted,
    }
}

/// Every table of region `code` (`""`: the whole country) named `name`, in the page's
/// order.
pub fn tables(copy: &Copy, (code, name): (&str, &str), lang: Lang) -> Vec<Table> {
    let f = copy.of(code);
    vec![
        households(copy, code, name),
        recipients(copy, &f),
        changes(&f, lang),
        paid(copy, &f),
        deliberations(&f),
        objections(&f, lang),
    ]
}

/// The table named `name`, if there is one.
pub fn table(copy: &Copy, region: (&str, &str), name: &str, lang: Lang) -> Option<Table> {
    tables(copy, region, lang)
        .into_iter()
        .find(|t| t.name == name)
}

fn households(copy: &Copy, code: &str, own_name: &str) -> Table {
    let below = copy.children.get(code).cloned().unwrap_or_default();
    let regions = if below.is_empty() {
        vec![code.to_owned()]
    } else {
        below
    };
    let rows = regions
        .iter()
        .map(|r| {
            let f = copy.figures.get(r);
            let counts = vec![f.map_or(0, |f| f.households), f.map_or(0, |f| f.persons)];
            let name = if r == code {
                own_name.to_owned()
            } else {
                copy.name(r)
            };
            (vec![r.clone(), name.clone()], vec![name], counts)
        })
        .collect();
    let draft = Draft {
        keys: vec!["kode_wilayah", "wilayah"],
        key_words: vec!["Wilayah"],
        columns: vec![
            ("keluarga".into(), "Keluarga".into(), Column::Count),
            ("penduduk".into(), "Penduduk".into(), Column::Count),
        ],
        rows,
        row_total: false,
        column_total: true,
        charted: 0,
    };
    finish(
        "rumah-tangga",
        (
            "Keluarga dan penduduk terdaftar",
            "Households and persons registered",
        ),
        draft,
    )
}

fn programme_name(copy: &Copy, code: &str) -> String {
    copy.names
        .programmes
        .iter()
        .find(|(c, _)| c == code)
        .map_or_else(|| code.to_owned(), |(_, n)| n.clone())
}

fn recipients(copy: &Copy, f: &Figures) -> Table {
    let mut columns: Vec<(String, String, Column)> = (1..DESIL_SLOTS)
        .map(|d| (format!("desil_{d}"), format!("Desil {d}"), Column::Count))
        .collect();
    columns.push(("tanpa_desil".into(), "Belum dinilai".into(), Column::Count));
    let rows = f
        .recipients
        .iter()
        .map(|(programme, counts)| {
            let mut values: Vec<i64> = counts[1..].to_vec();
            values.push(counts[0]);
            let name = programme_name(copy, programme);
            (vec![programme.clone(), name.clone()], vec![name], values)
        })
        .collect();
    let draft = Draft {
        keys: vec!["program", "nama_program"],
        key_words: vec!["Program"],
        columns,
        rows,
        row_total: true,
        column_total: true,
        charted: 0,
    };
    finish(
        "penerima",
        (
            "Penerima menurut program dan desil",
            "Recipients by programme and desil",
        ),
        draft,
    )
}

/// How a household came into a programme, or why it left, in words.
fn reason_words(direction: Direction, code: &str, lang: Lang) -> String {
    match (direction, code) {
        (Direction::In, "batch") => lang.pick("Penetapan daftar penerima", "Enrolment batch"),
        (Direction::In, "override") => lang.pick("Diusulkan petugas", "Put forward by an official"),
        (Direction::In, "proposal") => lang.pick("Usulan yang disetujui", "Approved proposal"),
        (Direction::In, _) => lang.pick("Lainnya", "Other"),
        (Direction::Out, code) => crate::proposals::model::reason_label(code, lang),
    }
}

fn changes(f: &Figures, lang: Lang) -> Table {
    let rows = f
        .changes
        .iter()
        .rev()
        .map(|((month, direction, reason), n)| {
            let way = match direction {
                Direction::In => lang.pick("Masuk", "In"),
                Direction::Out => lang.pick("Keluar", "Out"),
            };
            (
                vec![month.clone(), direction.code().to_owned(), reason.clone()],
                vec![
                    month_label(month),
                    way,
                    reason_words(*direction, reason, lang),
                ],
                vec![*n],
            )
        })
        .collect();
    let draft = Draft {
        keys: vec!["bulan", "arah", "alasan"],
        key_words: vec!["Bulan", "Arah", "Alasan"],
        columns: vec![("keluarga".into(), "Keluarga".into(), Column::Count)],
        rows,
        row_total: false,
        column_total: false,
        charted: 0,
    };
    finish(
        "perubahan",
        (
            "Penerima masuk dan keluar per bulan (WIB)",
            "Recipients added and removed per month (WIB)",
        ),
        draft,
    )
}

fn paid(copy: &Copy, f: &Figures) -> Table {
    let mut rows: Vec<(Vec<String>, Vec<String>, Vec<i64>)> = f
        .paid
        .iter()
        .map(|(cycle, (households, rupiah))| {
            let (programme, name) = copy.names.cycles.get(cycle).cloned().unwrap_or_default();
            let programme_words = programme_name(copy, &programme);
            (
                vec![programme, cycle.to_string(), name.clone()],
                vec![programme_words, name],
                vec![*households, *rupiah],
            )
        })
        .collect();
    rows.sort_by(|a, b| {
        a.0[0]
            .cmp(&b.0[0])
            .then(a.0[1].len().cmp(&b.0[1].len()))
            .then(a.0[1].cmp(&b.0[1]))
    });
    let draft = Draft {
        keys: vec!["program", "tahap", "nama_tahap"],
        key_words: vec!["Program", "Tahap"],
        columns: vec![
            ("keluarga".into(), "Keluarga dibayar".into(), Column::Count),
            ("rupiah".into(), "Rupiah dibayar".into(), Column::MoneyOf(0)),
        ],
        rows,
        row_total: false,
        column_total: true,
        charted: 1,
    };
    finish(
        "pembayaran",
        (
            "Uang dibayarkan per program dan tahap",
            "Money paid per programme and cycle",
        ),
        draft,
    )
}

fn deliberations(f: &Figures) -> Table {
    let rows = f
        .deliberations
        .iter()
        .rev()
        .map(|(month, (held, items))| {
            (
                vec![month.clone()],
                vec![month_label(month)],
                vec![*held, *items],
            )
        })
        .collect();
    let draft = Draft {
        keys: vec!["bulan"],
        key_words: vec!["Bulan"],
        columns: vec![
            (
                "musyawarah".into(),
                "Musyawarah diadakan".into(),
                Column::Open,
            ),
            (
                "butir_diputuskan".into(),
                "Keluarga dibahas".into(),
                Column::Count,
            ),
        ],
        rows,
        row_total: false,
        column_total: true,
        charted: 0,
    };
    finish(
        "musyawarah",
        (
            "Musyawarah desa/kelurahan yang diadakan",
            "Village deliberations held",
        ),
        draft,
    )
}

fn objections(f: &Figures, lang: Lang) -> Table {
    let mut reasons: Vec<&String> = f.objections.keys().map(|(r, _)| r).collect();
    reasons.dedup();
    let rows = reasons
        .into_iter()
        .map(|reason| {
            let counts = OUTCOMES
                .iter()
                .map(|(status, _, _)| {
                    f.objections
                        .get(&(reason.clone(), (*status).to_owned()))
                        .copied()
                        .unwrap_or(0)
                })
                .collect();
            (
                vec![reason.clone()],
                vec![crate::objections::model::reason_label(reason, lang)],
                counts,
            )
        })
        .collect();
    let draft = Draft {
        keys: vec!["alasan"],
        key_words: vec!["Alasan"],
        columns: OUTCOMES
            .iter()
            .map(|(_, name, words)| ((*name).to_owned(), (*words).to_owned(), Column::Count))
            .collect(),
        rows,
        row_total: true,
        column_total: true,
        charted: 0,
    };
    finish(
        "sanggahan",
        (
            "Sanggahan menurut alasan dan hasilnya",
            "Objections by reason and outcome",
        ),
        draft,
    )
}
