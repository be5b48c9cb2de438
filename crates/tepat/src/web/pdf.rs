//! Printable documents as PDF: a feature draws each A4 page as SVG (595 × 842, in points,
//! with the shipped fonts of `web::card`), and this binds the pages into one file, the
//! text kept as text so it can be searched, copied and read aloud.

use std::collections::HashMap;

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.0;
pub const PAGE_HEIGHT: f32 = 842.0;

/// One PDF of `pages` (each an SVG document of A4 size), titled `title`.
pub fn document(title: &str, pages: &[String]) -> anyhow::Result<Vec<u8>> {
    let options = resvg::usvg::Options {
        fontdb: super::card::fonts(),
        ..Default::default()
    };
    let mut next = Ref::new(1);
    let catalog = next.bump();
    let tree = next.bump();
    let info = next.bump();
    // Each page: its drawing as a form, renumbered into this file's references.
    let mut drawn = Vec::with_capacity(pages.len());
    for svg in pages {
        let parsed = resvg::usvg::Tree::from_str(svg, &options)?;
        let (chunk, form) = svg2pdf::to_chunk(&parsed, svg2pdf::ConversionOptions::default())
            .map_err(|e| anyhow::anyhow!("a page could not be drawn: {e}"))?;
        let mut renumbered = HashMap::new();
        let chunk = chunk.renumber(|old| *renumbered.entry(old).or_insert_with(|| next.bump()));
        let form = renumbered[&form];
        drawn.push((chunk, form, next.bump(), next.bump()));
    }
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    let count = i32::try_from(drawn.len())?;
    pdf.pages(tree)
        .kids(drawn.iter().map(|(_, _, page, _)| *page))
        .count(count);
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("Tepat"));
    for (chunk, form, page_id, content_id) in &drawn {
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT));
        page.parent(tree);
        page.contents(*content_id);
        page.resources().x_objects().pair(Name(b"P"), *form);
        page.finish();
        let mut content = Content::new();
        content
            .transform([PAGE_WIDTH, 0.0, 0.0, PAGE_HEIGHT, 0.0, 0.0])
            .x_object(Name(b"P"));
        pdf.stream(*content_id, &content.finish());
        pdf.extend(chunk);
    }
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{PAGE_WIDTH}\" \
             height=\"{PAGE_HEIGHT}\"><text x=\"56\" y=\"80\" font-family=\"DejaVu Sans\" \
             font-size=\"14\">{text}</text></svg>"
        )
    }

    #[test]
    fn pages_are_bound_into_one_pdf_with_its_title_and_fonts() {
        let pdf =
            document("Berita acara", &[page("Halaman satu"), page("Halaman dua")]).expect("bound");
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-"), "{}", &text[..20]);
        assert!(text.contains("/Count 2"), "two pages");
        assert_eq!(text.matches("/MediaBox").count(), 2, "two page objects");
        assert!(text.contains("(Berita acara)"), "the title");
        assert!(text.contains("DejaVuSans"), "the shipped font is embedded");
    }
}
