//! The monthly report as tables: each with its codes (for CSV and the workbook), its words
//! (for the page) and its bars (for the chart), so the three always show the same figures.

use super::service::DecisionReport;
use crate::proposals::model::{Kind, Level, basis_label, status_label};
use crate::web::i18n::Lang;

/// The width of the longest bar, in SVG user units (the chart is 320 wide).
const BAR_WIDTH_MAX: i64 = 220;
/// The height of one bar's row: its label above, the bar below.
pub const BAR_ROW: i64 = 30;

/// One bar of a chart.
pub struct Bar {
    pub label: String,
    pub value: String,
    pub y: i64,
    pub width: i64,
}

/// One table of the report.
pub struct Table {
    /// The CSV's `tabel` and the sheet's name.
    pub name: &'static str,
    /// Text key of the table's title.
    pub title: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    /// The same rows in words, for the page.
    pub shown: Vec<Vec<String>>,
    pub bars: Vec<Bar>,
}

impl Table {
    pub fn chart_height(&self) -> i64 {
        self.bars.len() as i64 * BAR_ROW
    }
}

/// Bars for (label, value, value in words), scaled on the largest.
pub fn bars(values: Vec<(String, f64, String)>) -> Vec<Bar> {
    let max = values.iter().map(|(_, v, _)| *v).fold(0.0, f64::max);
    values
        .into_iter()
        .zip(0i64..)
        .map(|((label, v, value), i)| Bar {
            label,
            value,
            y: i * BAR_ROW,
            width: if max > 0.0 {
                (v / max * BAR_WIDTH_MAX as f64).round() as i64
            } else {
                0
            },
        })
        .collect()
}

/// A count in words (`1.234`).
fn count(n: i64, lang: Lang) -> String {
    crate::programmes::pages::count(n.max(0).unsigned_abs(), lang)
}

/// Days to the tenth, in words (`2,5`).
pub fn days(value: f64, lang: Lang) -> String {
    let text = format!("{value:.1}");
    if lang == Lang::Id {
        text.replace('.', ",")
    } else {
        text
    }
}

fn kind_label(code: &str, lang: Lang) -> String {
    match Kind::parse(code) {
        Some(kind) => kind.label(lang),
        None if code == "change_data" => lang.pick("Perubahan data", "Change data"),
        None => code.to_owned(),
    }
}

fn step_label(code: &str, lang: Lang) -> String {
    Level::parse(code).map_or_else(|| code.to_owned(), |l| l.label(lang))
}

/// Rows of (code, code, count) as a table with one bar per row.
fn counted(
    (name, title, header): (&'static str, &'static str, Vec<&'static str>),
    rows: &[(String, String, i64)],
    words: impl Fn(&str, &str) -> (String, String),
    lang: Lang,
) -> Table {
    let shown: Vec<Vec<String>> = rows
        .iter()
        .map(|(a, b, n)| {
            let (a, b) = words(a, b);
            vec![a, b, count(*n, lang)]
        })
        .collect();
    let values = shown
        .iter()
        .zip(rows)
        .map(|(s, (_, _, n))| (format!("{} · {}", s[0], s[1]), *n as f64, s[2].clone()))
        .collect();
    Table {
        name,
        title,
        header,
        rows: rows
            .iter()
            .map(|(a, b, n)| vec![a.clone(), b.clone(), n.to_string()])
            .collect(),
        shown,
        bars: bars(values),
    }
}

/// Every table of the report, in the page's order.
pub fn tables(report: &DecisionReport, lang: Lang, role: impl Fn(&str) -> String) -> Vec<Table> {
    let proposals = counted(
        (
            "usulan",
            "decisions.proposals",
            vec!["jenis", "status", "jumlah"],
        ),
        &report.proposals,
        |k, s| (kind_label(k, lang), status_label(s, lang)),
        lang,
    );
    let objections = counted(
        (
            "sanggahan",
            "decisions.objections",
            vec!["alasan", "status", "jumlah"],
        ),
        &report.objections,
        |r, s| {
            (
                crate::objections::model::reason_label(r, lang),
                crate::objections::model::status_label(s, lang),
            )
        },
        lang,
    );
    vec![
        proposals,
        objections,
        step_times(report, lang),
        overdue(report, lang),
        flagged(report, lang),
        linked(report, lang, &role),
        officials(report, lang, &role),
    ]
}

fn step_times(report: &DecisionReport, lang: Lang) -> Table {
    let t = &report.step_times;
    let value = |s: &super::service::StepTime| {
        format!(
            "{} {} · p90 {}",
            days(s.median_days, lang),
            lang.pick("hari", "days"),
            days(s.p90_days, lang)
        )
    };
    Table {
        name: "waktu_tahap",
        title: "decisions.step_times",
        header: vec!["tahap", "diputuskan", "median_hari", "p90_hari"],
        rows: t
            .iter()
            .map(|s| {
                let (m, p) = (
                    format!("{:.1}", s.median_days),
                    format!("{:.1}", s.p90_days),
                );
                vec![s.step.clone(), s.decided.to_string(), m, p]
            })
            .collect(),
        shown: t
            .iter()
            .map(|s| {
                let (m, p) = (days(s.median_days, lang), days(s.p90_days, lang));
                vec![step_label(&s.step, lang), count(s.decided, lang), m, p]
            })
            .collect(),
        bars: bars(
            t.iter()
                .map(|s| (step_label(&s.step, lang), s.median_days, value(s)))
                .collect(),
        ),
    }
}

fn overdue(report: &DecisionReport, lang: Lang) -> Table {
    let lines: Vec<(String, i64, i64)> = Level::ALL
        .iter()
        .map(|l| {
            let step = l.as_str();
            let now = report.overdue_now.iter().find(|(s, _)| s == step);
            let late = report.step_times.iter().find(|t| t.step == step);
            (
                step.to_owned(),
                now.map_or(0, |(_, n)| *n),
                late.map_or(0, |t| t.late),
            )
        })
        .filter(|(_, now, late)| *now > 0 || *late > 0)
        .collect();
    Table {
        name: "lewat_tenggat",
        title: "decisions.overdue",
        header: vec!["tahap", "menunggu_lewat_tenggat", "diputuskan_terlambat"],
        rows: lines
            .iter()
            .map(|(s, n, l)| vec![s.clone(), n.to_string(), l.to_string()])
            .collect(),
        shown: lines
            .iter()
            .map(|(s, n, l)| vec![step_label(s, lang), count(*n, lang), count(*l, lang)])
            .collect(),
        bars: bars(
            lines
                .iter()
                .map(|(s, n, _)| (step_label(s, lang), *n as f64, count(*n, lang)))
                .collect(),
        ),
    }
}

fn flagged(report: &DecisionReport, lang: Lang) -> Table {
    let f = &report.flagged;
    Table {
        name: "bertanda",
        title: "decisions.flagged",
        header: vec!["dasar", "usulan"],
        rows: f
            .iter()
            .map(|(b, n)| vec![b.clone(), n.to_string()])
            .collect(),
        shown: f
            .iter()
            .map(|(b, n)| vec![basis_label(b, lang), count(*n, lang)])
            .collect(),
        bars: bars(
            f.iter()
                .map(|(b, n)| (basis_label(b, lang), *n as f64, count(*n, lang)))
                .collect(),
        ),
    }
}

fn linked(report: &DecisionReport, lang: Lang, role: &impl Fn(&str) -> String) -> Table {
    let l = &report.linked;
    Table {
        name: "pejabat_terkait",
        title: "decisions.linked",
        header: vec!["akun", "nama", "peran", "usulan"],
        rows: l
            .iter()
            .map(|(id, name, r, n)| vec![id.to_string(), name.clone(), r.clone(), n.to_string()])
            .collect(),
        shown: l
            .iter()
            .map(|(id, name, r, n)| vec![id.to_string(), name.clone(), role(r), count(*n, lang)])
            .collect(),
        bars: bars(
            l.iter()
                .map(|(_, name, _, n)| (name.clone(), *n as f64, count(*n, lang)))
                .collect(),
        ),
    }
}

fn officials(report: &DecisionReport, lang: Lang, role: &impl Fn(&str) -> String) -> Table {
    let o = &report.officials;
    let cells = |x: &crate::proposals::store::OfficialDeadlines, words: bool| {
        let n = |v: i64| if words { count(v, lang) } else { v.to_string() };
        let r = if words { role(&x.role) } else { x.role.clone() };
        vec![
            x.account_id.to_string(),
            x.name.clone(),
            r,
            x.region.clone(),
            n(x.waiting_overdue),
            n(x.decided),
            n(x.decided_late),
        ]
    };
    let header = vec![
        "akun",
        "nama",
        "peran",
        "wilayah",
        "menunggu_lewat_tenggat",
        "diputuskan",
        "diputuskan_terlambat",
    ];
    Table {
        name: "petugas_tenggat",
        title: "decisions.officials",
        header,
        rows: o.iter().map(|x| cells(x, false)).collect(),
        shown: o.iter().map(|x| cells(x, true)).collect(),
        bars: bars(
            o.iter()
                .map(|x| {
                    let late = x.waiting_overdue + x.decided_late;
                    (x.name.clone(), late as f64, count(late, lang))
                })
                .collect(),
        ),
    }
}
