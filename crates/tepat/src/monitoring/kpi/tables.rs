//! Response times as tables: codes and numbers for CSV, words for the page, a bar per row
//! (median days to the first response) for the chart — one source for all three.

use super::figures::Figures;
use super::kinds;
use super::service::Report;
use crate::monitoring::decisions::tables::{Table, bars, count, days};
use crate::web::i18n::Lang;

/// The columns every table ends with.
const FIGURE_COLUMNS: [&str; 8] = [
    "ditanggapi",
    "selesai",
    "menunggu",
    "lewat_tenggat",
    "median_tanggap_hari",
    "p90_tanggap_hari",
    "median_selesai_hari",
    "p90_selesai_hari",
];

fn number(value: Option<f64>) -> String {
    value.map_or_else(String::new, |v| format!("{v:.1}"))
}

fn in_words(value: Option<f64>, lang: Lang) -> String {
    value.map_or_else(|| "—".to_owned(), |v| days(v, lang))
}

fn codes(f: &Figures) -> Vec<String> {
    vec![
        f.answered.to_string(),
        f.settled.to_string(),
        f.waiting.to_string(),
        f.overdue.to_string(),
        number(f.answer_median_days),
        number(f.answer_p90_days),
        number(f.settle_median_days),
        number(f.settle_p90_days),
    ]
}

fn words(f: &Figures, lang: Lang) -> Vec<String> {
    vec![
        count(f.answered, lang),
        count(f.settled, lang),
        count(f.waiting, lang),
        count(f.overdue, lang),
        in_words(f.answer_median_days, lang),
        in_words(f.answer_p90_days, lang),
        in_words(f.settle_median_days, lang),
        in_words(f.settle_p90_days, lang),
    ]
}

fn kind_words(code: &str, lang: Lang) -> String {
    kinds::by_code(code).map_or_else(|| code.to_owned(), |k| k.label(lang).to_owned())
}

/// A table whose rows are (leading codes, leading words, figures).
fn table(
    (name, title, lead): (&'static str, &'static str, Vec<&'static str>),
    rows: Vec<(Vec<String>, Vec<String>, &Figures)>,
    lang: Lang,
) -> Table {
    let mut header = lead;
    header.push("jenis");
    header.extend(FIGURE_COLUMNS);
    let unit = lang.pick("hari", "days");
    let values = rows
        .iter()
        .map(|(_, shown, f)| {
            let mut label = shown.join(" · ");
            if !label.is_empty() {
                label.push_str(" · ");
            }
            label.push_str(&kind_words(&f.kind, lang));
            let median = f.answer_median_days.unwrap_or(0.0);
            (
                label,
                median,
                format!("{} {unit}", in_words(f.answer_median_days, lang)),
            )
        })
        .collect();
    let mut coded = Vec::new();
    let mut shown = Vec::new();
    for (codes_lead, words_lead, f) in &rows {
        let mut c = codes_lead.clone();
        c.push(f.kind.clone());
        c.push(f.items.to_string());
        c.extend(codes(f));
        coded.push(c);
        let mut w = words_lead.clone();
        w.push(kind_words(&f.kind, lang));
        w.push(count(f.items, lang));
        w.extend(words(f, lang));
        shown.push(w);
    }
    header.insert(header.len() - FIGURE_COLUMNS.len(), "jumlah");
    Table {
        name,
        title,
        header,
        rows: coded,
        shown,
        bars: bars(values),
    }
}

/// The region's tables in the page's order: per kind, per office and (when present) per
/// official. `role` gives a role's words.
pub fn tables(report: &Report, lang: Lang, role: impl Fn(&str) -> String) -> Vec<Table> {
    let place = |name: &Option<String>, code: &Option<String>| {
        name.clone()
            .or_else(|| code.clone())
            .unwrap_or_else(|| lang.pick("Nasional", "National"))
    };
    let mut out = vec![table(
        ("jenis", "kpi.by_kind", Vec::new()),
        report
            .summary
            .iter()
            .map(|f| (Vec::new(), Vec::new(), f))
            .collect(),
        lang,
    )];
    let offices = report
        .offices
        .iter()
        .map(|o| {
            let codes = vec![o.role.clone(), o.region.clone().unwrap_or_default()];
            let words = vec![role(&o.role), place(&o.region_name, &o.region)];
            (codes, words, &o.figures)
        })
        .collect();
    out.push(table(
        ("kantor", "kpi.by_office", vec!["peran", "wilayah"]),
        offices,
        lang,
    ));
    if !report.officials.is_empty() {
        let officials = report
            .officials
            .iter()
            .map(|o| {
                let codes = vec![
                    o.name.clone(),
                    o.role.clone(),
                    o.region.clone().unwrap_or_default(),
                ];
                let words = vec![
                    o.name.clone(),
                    role(&o.role),
                    place(&o.region_name, &o.region),
                ];
                (codes, words, &o.figures)
            })
            .collect();
        out.push(table(
            (
                "petugas",
                "kpi.by_official",
                vec!["nama", "peran", "wilayah"],
            ),
            officials,
            lang,
        ));
    }
    out
}
