//! `/musyawarah/{id}/berita-acara.pdf`: the finalised minutes (*berita acara*) as a PDF to
//! print, sign and upload back — the same public record as the minutes page (family names
//! masked): the meeting, the attendance with a line to sign beside each name, every
//! decision with its reasoning, the minutes' SHA-256, and a QR code of its entry in the
//! transparency log. A scheduled meeting has no minutes yet (404).

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::super::model::{Deliberation, role_label};
use super::super::service;
use super::{item_rows, village_and_day};
use crate::http::{AppError, AppState};
use crate::web::i18n::Lang;
use crate::web::pdf::{PAGE_HEIGHT, PAGE_WIDTH};

const MARGIN: f32 = 56.0;
/// Where the body stops, above the page's foot.
const BOTTOM: f32 = PAGE_HEIGHT - 64.0;
/// Width of a line of text.
const LINE_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// DejaVu Sans' widest ordinary letters take about 0.6 of the size: lines are broken at
/// that width so nothing runs past the margin.
const CHAR_WIDTH: f32 = 0.6;
/// Side of the QR code, in points.
const QR_SIDE: f32 = 120.0;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `text` broken at spaces into lines of at most `max` characters (a longer word is cut).
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        let used = line.chars().count();
        if used > 0 && used + 1 + word.len() > max {
            lines.push(std::mem::take(&mut line));
        }
        loop {
            if !line.is_empty() {
                line.push(' ');
            }
            let room = max.saturating_sub(line.chars().count()).max(1);
            let rest = word.split_off(word.len().min(room));
            line.extend(word);
            if rest.is_empty() {
                break;
            }
            lines.push(std::mem::take(&mut line));
            word = rest;
        }
    }
    lines.push(line);
    lines
}

/// Pages written top to bottom, a new page when the next block does not fit.
struct Writer {
    pages: Vec<String>,
    body: String,
    y: f32,
}

impl Writer {
    fn new() -> Self {
        Self {
            pages: Vec::new(),
            body: String::new(),
            y: MARGIN,
        }
    }

    fn room(&mut self, height: f32) {
        if self.y + height > BOTTOM && !self.body.is_empty() {
            self.pages.push(std::mem::take(&mut self.body));
            self.y = MARGIN;
        }
    }

    /// A paragraph at `size` points, indented by `indent`.
    fn text(&mut self, text: &str, size: f32, bold: bool, indent: f32) {
        let max = ((LINE_WIDTH - indent) / (size * CHAR_WIDTH)) as usize;
        let weight = if bold { " font-weight=\"bold\"" } else { "" };
        for line in wrap(text, max.max(10)) {
            let height = size * 1.45;
            self.room(height);
            self.y += height;
            self.body.push_str(&format!(
                "<text x=\"{}\" y=\"{:.1}\" font-size=\"{size}\"{weight}>{}</text>",
                MARGIN + indent,
                self.y - size * 0.35,
                escape(&line)
            ));
        }
    }

    fn gap(&mut self, height: f32) {
        self.y += height;
    }

    /// A name with a line to sign on at the right.
    fn signature_line(&mut self, text: &str) {
        self.text(text, 10.0, false, 0.0);
        let x = MARGIN + LINE_WIDTH * 0.62;
        self.body.push_str(&format!(
            "<line x1=\"{x}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#000\" \
             stroke-width=\"0.6\"/>",
            MARGIN + LINE_WIDTH,
            y = self.y - 2.0
        ));
    }

    /// The QR code of `text`, drawn module by module.
    fn qr(&mut self, text: &str) {
        let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else {
            return;
        };
        let width = code.width();
        let module = QR_SIDE / width as f32;
        self.room(QR_SIDE + 8.0);
        let top = self.y + 4.0;
        for (i, color) in code.to_colors().into_iter().enumerate() {
            if color == qrcode::Color::Dark {
                self.body.push_str(&format!(
                    "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"{module:.2}\" height=\"{module:.2}\"/>",
                    MARGIN + (i % width) as f32 * module,
                    top + (i / width) as f32 * module
                ));
            }
        }
        self.y = top + QR_SIDE + 4.0;
    }

    /// The pages as SVG documents, each with its foot: what it is and page N of M.
    fn finish(mut self, foot: &str) -> Vec<String> {
        if !self.body.is_empty() || self.pages.is_empty() {
            self.pages.push(self.body);
        }
        let count = self.pages.len();
        self.pages
            .into_iter()
            .enumerate()
            .map(|(i, body)| {
                format!(
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{PAGE_WIDTH}\" \
                     height=\"{PAGE_HEIGHT}\" viewBox=\"0 0 {PAGE_WIDTH} {PAGE_HEIGHT}\" \
                     font-family=\"DejaVu Sans\" fill=\"#000\">{body}\
                     <text x=\"{MARGIN}\" y=\"{:.1}\" font-size=\"8\">{} · halaman {} dari \
                     {count}</text></svg>",
                    PAGE_HEIGHT - 36.0,
                    escape(foot),
                    i + 1
                )
            })
            .collect()
    }
}

/// The minutes' pages.
fn pages(d: &Deliberation, log_url: Option<&str>) -> Vec<String> {
    let lang = Lang::Id;
    let (village, day) = village_and_day(d);
    let mut w = Writer::new();
    w.text("BERITA ACARA", 16.0, true, 0.0);
    w.text("MUSYAWARAH DESA/KELURAHAN", 13.0, true, 0.0);
    w.text(
        &format!("{village} ({}) · Nomor {}", d.village, d.id),
        11.0,
        false,
        0.0,
    );
    w.gap(8.0);
    let finalised = d
        .finalised_at
        .as_deref()
        .map(|at| crate::web::time::show_in(at, crate::web::time::Zone::Wib, lang));
    for (label, value) in [
        ("Tanggal", Some(day)),
        ("Tempat", Some(d.place.clone())),
        ("Pimpinan rapat", d.chair.clone()),
        ("Ditetapkan", finalised),
        ("Ditetapkan oleh", d.finalised_by.clone()),
    ] {
        if let Some(value) = value {
            w.text(&format!("{label}: {value}"), 10.0, false, 0.0);
        }
    }
    w.gap(10.0);
    w.text("Daftar hadir", 12.0, true, 0.0);
    for (n, a) in d.attendees.iter().enumerate() {
        let line = format!("{}. {} — {}", n + 1, a.name, role_label(&a.role, lang));
        w.signature_line(&line);
    }
    w.gap(10.0);
    w.text("Keputusan", 12.0, true, 0.0);
    for (n, (what, who, decision, reasoning)) in item_rows(d, lang).into_iter().enumerate() {
        w.text(&format!("{}. {what}: {decision}", n + 1), 10.0, true, 0.0);
        w.text(&format!("Keluarga: {who}"), 10.0, false, 14.0);
        if !reasoning.is_empty() {
            w.text(&format!("Alasan: {reasoning}"), 10.0, false, 14.0);
        }
        w.gap(3.0);
    }
    w.gap(10.0);
    proof(&mut w, d, log_url);
    w.finish(&format!(
        "Berita acara musyawarah {village} · Nomor {}",
        d.id
    ))
}

/// The proof: the minutes' SHA-256 and the QR code of their log entry, kept together on
/// one page.
fn proof(w: &mut Writer, d: &Deliberation, log_url: Option<&str>) {
    w.room(QR_SIDE + 90.0);
    w.text("Bukti di log transparansi", 12.0, true, 0.0);
    if let Some(sha) = &d.minutes_sha256 {
        w.text(&format!("SHA-256 berita acara: {sha}"), 8.0, false, 0.0);
    }
    match log_url {
        Some(url) => {
            w.text(
                "Pindai kode QR untuk membuka entri berita acara ini di log transparansi; \
                 siapa pun dapat memeriksa bahwa keputusannya tidak diubah.",
                9.0,
                false,
                0.0,
            );
            w.qr(url);
            w.text(url, 8.0, false, 0.0);
        }
        None => w.text(
            "Entri log sedang diurutkan; kode QR muncul di halaman berita acara setelahnya.",
            9.0,
            false,
            0.0,
        ),
    }
}

/// The PDF of a finalised deliberation's minutes.
pub(super) async fn download(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let d = service::find(&state.db, None, id).await?;
    if d.status != "finalised" {
        return Err(AppError::NotFound);
    }
    let log_url = d.log_index.map(|index| {
        crate::web::share::absolute(
            &state.config.notify.public_url,
            &format!("/api/v1/log/entries/{index}"),
        )
    });
    let drawn = pages(&d, log_url.as_deref());
    let title = format!("Berita acara musyawarah {} nomor {}", d.village, d.id);
    let pdf = tokio::task::spawn_blocking(move || crate::web::pdf::document(&title, &drawn))
        .await
        .map_err(anyhow::Error::from)??;
    let file = format!(
        "inline; filename=\"berita-acara-{}-{}.pdf\"",
        d.village, d.held_on
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, file),
        ],
        pdf,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_spaces_and_long_words_are_cut() {
        assert_eq!(
            wrap("satu dua tiga empat", 9),
            ["satu dua", "tiga", "empat"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn a_long_record_goes_on_to_more_pages_each_with_its_foot() {
        let mut w = Writer::new();
        for n in 0..120 {
            w.text(&format!("Peserta {n}"), 10.0, false, 0.0);
        }
        let pages = w.finish("Berita acara");
        assert_eq!(pages.len(), 3, "{} lines of 14.5 points", 120);
        for (i, page) in pages.iter().enumerate() {
            assert!(page.contains(&format!("halaman {} dari 3", i + 1)));
        }
        assert!(pages[2].contains("Peserta 119"));
    }

    fn finalised() -> Deliberation {
        use super::super::super::model::{Attendee, Item};
        let attendee = |name: &str, role: &str| Attendee {
            name: name.into(),
            role: role.into(),
            household_id: None,
            account_id: None,
        };
        Deliberation {
            id: 7,
            village: "31.75.07.1003".into(),
            village_name: Some("Klender".into()),
            held_on: "2026-11-05".into(),
            place: "Balai Warga RW 07".into(),
            status: "finalised".into(),
            chair: Some("Pak Harun".into()),
            finalised_at: Some(crate::db::timestamp::to_db(
                time::macros::datetime!(2026-11-05 09:30 UTC),
            )),
            finalised_by: Some("operator.klender".into()),
            minutes_sha256: Some("ab".repeat(32)),
            log_index: Some(42),
            attendees: vec![
                attendee("Pak Harun", "village_head"),
                attendee("Bu Sri", "babinsa"),
            ],
            items: vec![Item {
                kind: "proposal".into(),
                id: 3,
                household_id: 1,
                household_head: Some("I** I****".into()),
                summary: "enrol PKH".into(),
                decision: Some("approve".into()),
                reasoning: Some("Lantai tanah & tidak ada penghasilan tetap".into()),
            }],
        }
    }

    #[test]
    fn the_minutes_carry_the_meeting_attendance_decisions_and_a_qr_of_the_log_entry() {
        let url = "https://bansos.example.go.id/api/v1/log/entries/42";
        let pages = pages(&finalised(), Some(url));
        assert_eq!(pages.len(), 1);
        let page = &pages[0];
        for text in [
            "BERITA ACARA",
            "Klender (31.75.07.1003) · Nomor 7",
            "Tanggal: 5 Nov 2026",
            "Tempat: Balai Warga RW 07",
            "Ditetapkan: 5 Nov 2026 16:30 WIB",
            "1. Pak Harun — ",
            "Usulan #3: ",
            "Keluarga: I** I****",
            "Lantai tanah &amp; tidak ada penghasilan tetap",
            &"ab".repeat(32),
            url,
            "halaman 1 dari 1",
        ] {
            assert!(page.contains(text), "{text} is on the page");
        }
        assert_eq!(
            page.matches("<line ").count(),
            2,
            "a line to sign per attendee"
        );
        assert!(
            page.matches("<rect ").count() > 100,
            "the QR code's modules"
        );
        let unsequenced = pages_text(None);
        assert!(unsequenced.contains("sedang diurutkan") && !unsequenced.contains("<rect "));
        let pdf = crate::web::pdf::document("Berita acara", &pages).expect("bound");
        assert!(pdf.starts_with(b"%PDF-"));
    }

    fn pages_text(log_url: Option<&str>) -> String {
        pages(&finalised(), log_url).concat()
    }
}
