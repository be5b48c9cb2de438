//! Share cards' pictures (`og:image`): a 1200 × 630 PNG that a chat shows beside a shared
//! link — what the page is, its title, up to three figures and up to five bars — drawn as
//! SVG and rasterised on the server with the fonts shipped in `data/fonts`, so every
//! server draws the same letters. Pictures are kept in memory by their drawing, so a link
//! shared in a busy group is drawn once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Bytes;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::http::AppError;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

const REGULAR: &[u8] = include_bytes!("../../data/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../data/fonts/DejaVuSans-Bold.ttf");

/// Most pictures kept; past it the memory is emptied and filled again.
const KEPT_MAX: usize = 256;
/// Most characters of a line of the title, and lines of it.
const TITLE_LINE_CHARS: usize = 34;
const TITLE_LINES: usize = 2;
/// The longest bar, leaving room for its value in words.
const BAR_WIDTH_MAX: f64 = 440.0;
/// Most characters of a bar's label.
const LABEL_CHARS: usize = 26;

/// What one card shows.
#[derive(Debug, Clone, Default)]
pub struct Card {
    /// What the page is: "Statistik bansos", "Program bantuan", "Musyawarah desa".
    pub kind: String,
    pub title: String,
    /// Up to three (figure in words, what it counts).
    pub figures: Vec<(String, String)>,
    /// Up to five (label, value in words, value) drawn as bars scaled on the largest.
    pub bars: Vec<(String, String, f64)>,
    /// The site's address, at the foot.
    pub site: String,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `text` cut to `max` characters, with an ellipsis when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// The title broken at spaces into at most two lines.
fn title_lines(title: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in title.split_whitespace() {
        let used = line.chars().count();
        if used > 0 && used + 1 + word.chars().count() > TITLE_LINE_CHARS {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    if lines.len() > TITLE_LINES {
        let rest = lines[TITLE_LINES - 1..].join(" ");
        lines.truncate(TITLE_LINES - 1);
        lines.push(rest);
    }
    lines
        .into_iter()
        .map(|l| cut(&l, TITLE_LINE_CHARS))
        .collect()
}

impl Card {
    /// The card as an SVG document of `WIDTH` × `HEIGHT`.
    pub fn svg(&self) -> String {
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
             viewBox=\"0 0 {WIDTH} {HEIGHT}\" font-family=\"DejaVu Sans\">\
             <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#f7faf8\"/>\
             <rect width=\"{WIDTH}\" height=\"14\" fill=\"#0b6e4f\"/>\
             <text x=\"64\" y=\"92\" font-size=\"30\" font-weight=\"bold\" fill=\"#0b6e4f\">\
             TEPAT · {}</text>",
            escape(&cut(&self.kind, 48))
        );
        for (line, y) in title_lines(&self.title).iter().zip([168, 232]) {
            out.push_str(&format!(
                "<text x=\"64\" y=\"{y}\" font-size=\"54\" font-weight=\"bold\" \
                 fill=\"#13231c\">{}</text>",
                escape(line)
            ));
        }
        for ((figure, what), x) in self.figures.iter().take(3).zip([64, 440, 816]) {
            // A figure of words (a frequency, a channel) in smaller letters, to fit its third.
            let size = if figure.chars().count() <= 10 { 50 } else { 30 };
            out.push_str(&format!(
                "<text x=\"{x}\" y=\"338\" font-size=\"{size}\" font-weight=\"bold\" \
                 fill=\"#0b6e4f\">{}</text>\
                 <text x=\"{x}\" y=\"374\" font-size=\"24\" fill=\"#3d4f47\">{}</text>",
                escape(&cut(figure, 18)),
                escape(&cut(what, 26))
            ));
        }
        self.draw_bars(&mut out);
        out.push_str(&format!(
            "<text x=\"64\" y=\"600\" font-size=\"22\" fill=\"#3d4f47\">{}</text></svg>",
            escape(&cut(&self.site, 80))
        ));
        out
    }

    fn draw_bars(&self, out: &mut String) {
        let bars: Vec<_> = self.bars.iter().take(5).collect();
        let max = bars.iter().map(|(_, _, v)| *v).fold(0.0, f64::max);
        for ((label, words, value), y) in bars.into_iter().zip((404..).step_by(32)) {
            let width = if max > 0.0 {
                (value.max(0.0) / max * BAR_WIDTH_MAX).round()
            } else {
                0.0
            };
            out.push_str(&format!(
                "<text x=\"64\" y=\"{}\" font-size=\"22\" fill=\"#13231c\">{}</text>\
                 <rect x=\"420\" y=\"{y}\" width=\"{width}\" height=\"24\" rx=\"3\" \
                 fill=\"#2f9e75\"/>\
                 <text x=\"{}\" y=\"{}\" font-size=\"22\" fill=\"#13231c\">{}</text>",
                y + 20,
                escape(&cut(label, LABEL_CHARS)),
                420.0 + width + 12.0,
                y + 20,
                escape(&cut(words, 24))
            ));
        }
    }
}

/// The shipped fonts, read once.
pub fn fonts() -> Arc<resvg::usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = resvg::usvg::fontdb::Database::new();
            db.load_font_data(REGULAR.to_vec());
            db.load_font_data(BOLD.to_vec());
            db.set_sans_serif_family("DejaVu Sans");
            Arc::new(db)
        })
        .clone()
}

/// An SVG document (of any size) as a PNG.
pub fn rasterise(svg: &str) -> anyhow::Result<Vec<u8>> {
    Ok(draw(svg)?.encode_png()?)
}

fn draw(svg: &str) -> anyhow::Result<resvg::tiny_skia::Pixmap> {
    let options = resvg::usvg::Options {
        fontdb: fonts(),
        ..Default::default()
    };
    let tree = resvg::usvg::Tree::from_str(svg, &options)?;
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| anyhow::anyhow!("an empty picture"))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

type Kept = Mutex<HashMap<[u8; 32], Bytes>>;

fn kept() -> &'static Kept {
    static KEPT: OnceLock<Kept> = OnceLock::new();
    KEPT.get_or_init(Kept::default)
}

/// The card's PNG: from memory when the same drawing was made before, else drawn off the
/// async workers.
pub async fn png(card: &Card) -> Result<Bytes, AppError> {
    let svg = card.svg();
    let key: [u8; 32] = Sha256::digest(svg.as_bytes()).into();
    let memory = || {
        kept()
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    if let Some(found) = memory().get(&key) {
        return Ok(found.clone());
    }
    let drawn = tokio::task::spawn_blocking(move || rasterise(&svg))
        .await
        .map_err(anyhow::Error::from)??;
    let drawn = Bytes::from(drawn);
    let mut kept = memory();
    if kept.len() >= KEPT_MAX {
        kept.clear();
    }
    kept.insert(key, drawn.clone());
    Ok(drawn)
}

/// The card's picture as a response, cacheable by chats and their link previews for an hour.
pub async fn response(card: &Card) -> Result<Response, AppError> {
    let body = png(card).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> Card {
        Card {
            kind: "Statistik bansos".into(),
            title: "Kelurahan Klender, Kecamatan Duren Sawit, Kota Administrasi Jakarta Timur"
                .into(),
            figures: vec![("1.234".into(), "keluarga terdaftar".into())],
            bars: vec![
                ("PKH".into(), "120".into(), 120.0),
                ("Sembako <&>".into(), "60".into(), 60.0),
            ],
            site: "bansos.example.go.id".into(),
        }
    }

    #[test]
    fn a_long_title_takes_two_lines_and_is_cut_with_an_ellipsis() {
        let lines = title_lines(&card().title);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], "Kelurahan Klender, Kecamatan Duren");
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() <= TITLE_LINE_CHARS));
        assert_eq!(title_lines("Klender"), ["Klender"]);
    }

    #[test]
    fn the_drawing_escapes_text_and_scales_bars_on_the_largest() {
        let svg = card().svg();
        assert!(svg.contains("Sembako &lt;&amp;&gt;"), "{svg}");
        assert!(
            svg.contains("width=\"440\""),
            "the largest bar is full width"
        );
        assert!(
            svg.contains("width=\"220\""),
            "half the largest, half the width"
        );
    }

    #[test]
    fn the_picture_is_a_png_of_the_card_size() {
        let png = rasterise(&card().svg()).expect("drawn");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!((width, height), (WIDTH, HEIGHT));
    }

    /// Dark pixels in the band of the title's lines.
    fn dark_in_title(card: &Card) -> usize {
        let pixmap = draw(&card.svg()).expect("drawn");
        pixmap
            .pixels()
            .iter()
            .enumerate()
            .filter(|(i, _)| (120..250).contains(&(*i as u32 / WIDTH)))
            .filter(|(_, p)| p.red() < 0x40 && p.green() < 0x60)
            .count()
    }

    #[test]
    fn the_title_is_drawn_in_the_shipped_letters() {
        let blank = Card {
            title: String::new(),
            ..card()
        };
        assert_eq!(dark_in_title(&blank), 0);
        assert!(
            dark_in_title(&card()) > 5_000,
            "the title's letters are drawn: {} dark pixels",
            dark_in_title(&card())
        );
    }
}
