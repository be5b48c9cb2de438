//! Targeting on pages: the welfare section of the household page (score, desil, model
//! version, survey date and the "why" list in words), ready for its template.

use super::service::{NOT_SCORED, NOT_SURVEYED, Welfare};
use crate::http::routes::RouteBook;
use crate::web::i18n::Lang;

pub fn routes() -> RouteBook {
    RouteBook::new()
}

/// One line of the "why" list.
#[derive(Debug, Clone)]
pub struct Reason {
    pub attribute: String,
    pub value: String,
    pub points: String,
    /// `naik` (raises the score), `turun` (lowers it) or `nol`.
    pub direction: &'static str,
}

/// The welfare section of the household page, every text already in the viewer's language.
#[derive(Debug, Clone)]
pub struct WelfareSection {
    pub title: String,
    /// Shown instead of a score: "belum didata" or "belum dinilai".
    pub missing: Option<String>,
    pub facts: Vec<(String, String)>,
    pub why_title: String,
    pub why_intro: String,
    pub reasons: Vec<Reason>,
    pub changed_note: Option<String>,
    pub history_title: String,
    pub history: Vec<String>,
}

const MONTHS_ID: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `2026-12-03…` as `3 Des 2026`.
pub fn show_date(text: &str, lang: Lang) -> String {
    let Some(date) = super::recompute::iso_date(text) else {
        return text.to_owned();
    };
    let months = match lang {
        Lang::Id => MONTHS_ID,
        Lang::En => MONTHS_EN,
    };
    let month = months[usize::from(u8::from(date.month())) - 1];
    format!("{} {month} {}", date.day(), date.year())
}

/// A number with three decimals, a decimal comma in Indonesian, and a sign when asked.
pub fn show_number(value: f64, lang: Lang, signed: bool) -> String {
    let text = if signed {
        format!("{value:+.3}")
    } else {
        format!("{value:.3}")
    };
    match lang {
        Lang::Id => text.replace('.', ","),
        Lang::En => text,
    }
}

fn model_label(version: i64, lang: Lang) -> String {
    if version == super::model::DEFAULT_VERSION {
        lang.pick(
            "versi 0 (model bawaan Tepat)",
            "version 0 (shipped with Tepat)",
        )
    } else {
        format!("{} {version}", lang.pick("versi", "version"))
    }
}

fn facts(welfare: &Welfare, lang: Lang) -> Vec<(String, String)> {
    let mut facts = Vec::new();
    if let Some(decile) = welfare.decile {
        let text = lang.pick(
            &format!("{decile} dari 10 (1 = paling miskin)"),
            &format!("{decile} of 10 (1 = poorest)"),
        );
        facts.push((lang.pick("Desil", "Decile"), text));
    }
    if let Some(score) = welfare.score {
        let rupiah = score.exp().round();
        let per_month = lang.pick(
            &format!(
                "perkiraan pengeluaran Rp{} per orang per bulan",
                group(rupiah, lang)
            ),
            &format!(
                "estimated spending Rp{} per person per month",
                group(rupiah, lang)
            ),
        );
        facts.push((
            lang.pick("Skor kesejahteraan", "Welfare score"),
            format!("{} ({per_month})", show_number(score, lang, false)),
        ));
    }
    if let Some(version) = welfare.model {
        facts.push((lang.pick("Model", "Model"), model_label(version, lang)));
    }
    if let Some(date) = &welfare.survey_date {
        facts.push((
            lang.pick("Tanggal data survei", "Survey data as of"),
            show_date(date, lang),
        ));
    }
    if let Some(at) = &welfare.computed_at {
        facts.push((lang.pick("Dihitung", "Computed"), show_date(at, lang)));
    }
    facts
}

/// Whole rupiah with thousands separators (`1.234.567`, `1,234,567`).
fn group(value: f64, lang: Lang) -> String {
    let digits = format!("{value:.0}");
    let sep = match lang {
        Lang::Id => '.',
        Lang::En => ',',
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

impl WelfareSection {
    pub fn new(welfare: &Welfare, lang: Lang) -> Self {
        let missing = match welfare.status {
            NOT_SURVEYED => Some(lang.pick(
                "Belum didata: keluarga ini belum memiliki data survei, jadi belum ada skor dan desil.",
                "Not yet surveyed: this household has no survey, so it has no score or decile.",
            )),
            NOT_SCORED => Some(lang.pick(
                "Belum dinilai: data survei ada, skor dihitung pada penghitungan berikutnya.",
                "Not yet scored: the survey is recorded; the next scoring run scores it.",
            )),
            _ => None,
        };
        let reasons = welfare
            .contributions
            .iter()
            .map(|c| Reason {
                attribute: c.words.0.clone(),
                value: c.words.1.clone(),
                points: show_number(c.points, lang, true),
                direction: if c.points > 0.0 {
                    "naik"
                } else if c.points < 0.0 {
                    "turun"
                } else {
                    "nol"
                },
            })
            .collect();
        let history = welfare
            .history
            .iter()
            .map(|p| {
                format!(
                    "{}: desil {} · {} · {}",
                    show_date(&p.computed_at, lang),
                    p.decile,
                    show_number(p.score, lang, false),
                    model_label(p.model, lang)
                )
            })
            .collect();
        let constant = welfare
            .constant
            .map(|c| show_number(c, lang, false))
            .unwrap_or_default();
        Self {
            title: lang.pick("Skor kesejahteraan dan desil", "Welfare score and decile"),
            missing,
            facts: facts(welfare, lang),
            why_title: lang.pick("Mengapa desil ini", "Why this decile"),
            why_intro: lang.pick(
                &format!("Skor adalah nilai dasar {constant} ditambah poin setiap data di bawah (terbesar lebih dulu). Poin positif menaikkan skor (lebih sejahtera), poin negatif menurunkannya."),
                &format!("The score is the base value {constant} plus the points of each item below (largest first). Positive points raise the score (better off), negative points lower it."),
            ),
            reasons,
            changed_note: welfare.changed_since.then(|| lang.pick(
                "Data keluarga berubah setelah skor ini dihitung; skor dan desil diperbarui pada penghitungan berikutnya.",
                "The household changed after this score was computed; the next scoring run updates it.",
            )),
            history_title: lang.pick("Riwayat desil", "Decile history"),
            history,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_numbers_read_as_people_write_them() {
        assert_eq!(show_date("2026-12-03T04:05:06Z", Lang::Id), "3 Des 2026");
        assert_eq!(show_date("2026-05-21", Lang::En), "21 May 2026");
        assert_eq!(show_number(-0.4, Lang::Id, true), "-0,400");
        assert_eq!(show_number(13.1526, Lang::En, false), "13.153");
        assert_eq!(group(1_234_567.0, Lang::Id), "1.234.567");
        assert_eq!(group(512.0, Lang::En), "512");
    }
}
