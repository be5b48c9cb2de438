//! Voucher cards as PDF, written by the program: A6 cards (105 × 148 mm), one per page for
//! a single card or four to an A4 page for a village's sheet, each with its QR code drawn
//! as filled squares, the typed code, the amount, the last day and the goods. Only the
//! PDF's standard Helvetica is used, so no font is embedded and any reader shows it.

use std::fmt::Write as _;

/// What one card says.
pub struct Card {
    pub programme: String,
    /// The typed code, in groups of four.
    pub code: String,
    pub amount: String,
    pub valid_until: String,
    pub goods: String,
    /// The QR code's text.
    pub payload: String,
}

/// Points per millimetre.
const MM: f64 = 72.0 / 25.4;
const A6: (f64, f64) = (105.0 * MM, 148.0 * MM);
const A4: (f64, f64) = (210.0 * MM, 297.0 * MM);
/// Cards on an A4 page: two across, two down.
const PER_PAGE: usize = 4;

/// Text for a PDF string in WinAnsi: ASCII kept, parentheses and backslashes escaped,
/// anything else a question mark (cards carry no names, so little is lost).
fn pdf_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            _ => out.push('?'),
        }
    }
    out
}

fn text(out: &mut String, font: &str, size: f64, x: f64, y: f64, value: &str) {
    let _ = writeln!(
        out,
        "BT /{font} {size:.1} Tf {x:.2} {y:.2} Td ({}) Tj ET",
        pdf_text(value)
    );
}

/// Draws one card with its lower left corner at (`x`, `y`).
fn card(out: &mut String, card: &Card, x: f64, y: f64) {
    let (w, h) = A6;
    let margin = 8.0 * MM;
    let _ = writeln!(
        out,
        "0.6 G 0.5 w {:.2} {:.2} {:.2} {:.2} re S 0 g",
        x + 2.0,
        y + 2.0,
        w - 4.0,
        h - 4.0
    );
    let top = y + h - margin;
    text(
        out,
        "F2",
        14.0,
        x + margin,
        top - 10.0,
        "Voucher bantuan sosial",
    );
    text(
        out,
        "F1",
        11.0,
        x + margin,
        top - 26.0,
        &format!("Program {}", card.programme),
    );
    if let Ok(code) = qrcode::QrCode::new(card.payload.as_bytes()) {
        let modules = code.width();
        let side = 62.0 * MM;
        let cell = side / modules as f64;
        let left = x + (w - side) / 2.0;
        let bottom = top - 36.0 - side;
        for (index, color) in code.to_colors().into_iter().enumerate() {
            if color == qrcode::Color::Dark {
                let (col, row) = (index % modules, index / modules);
                let _ = write!(
                    out,
                    "{:.3} {:.3} {:.3} {:.3} re ",
                    left + col as f64 * cell,
                    bottom + (modules - 1 - row) as f64 * cell,
                    cell,
                    cell
                );
            }
        }
        out.push_str("f\n");
    }
    let lines = [
        ("F2", 13.0, format!("Kode: {}", card.code)),
        ("F1", 11.0, format!("Nilai: {}", card.amount)),
        ("F1", 11.0, format!("Berlaku sampai: {}", card.valid_until)),
        ("F1", 9.0, format!("Untuk: {}", card.goods)),
        (
            "F1",
            8.0,
            "Tunjukkan kartu ini di e-warong. Jangan berikan kodenya".to_owned(),
        ),
        (
            "F1",
            8.0,
            "kepada siapa pun; voucher tidak dapat ditukar uang.".to_owned(),
        ),
    ];
    let mut line_y = y + margin + 140.0;
    for (font, size, value) in lines {
        text(out, font, size, x + margin, line_y, &value);
        line_y -= size + 5.0;
    }
}

/// The PDF of `cards`: A6 pages when `sheet` is false, else four cards to an A4 page.
pub fn cards(cards: &[Card], sheet: bool) -> Vec<u8> {
    let (page, per_page) = if sheet { (A4, PER_PAGE) } else { (A6, 1) };
    let mut contents = Vec::new();
    for chunk in cards.chunks(per_page.max(1)) {
        let mut out = String::new();
        for (slot, one) in chunk.iter().enumerate() {
            let (x, y) = if sheet {
                (
                    (slot % 2) as f64 * A6.0,
                    A4.1 - (slot / 2 + 1) as f64 * A6.1,
                )
            } else {
                (0.0, 0.0)
            };
            card(&mut out, one, x, y);
        }
        contents.push(out);
    }
    if contents.is_empty() {
        contents.push(String::new());
    }
    document(&contents, page)
}

/// A PDF document of pages with these content streams, with its cross-reference table.
fn document(contents: &[String], (width, height): (f64, f64)) -> Vec<u8> {
    let pages = contents.len();
    // Objects: 1 catalog, 2 pages, 3 and 4 fonts, then a page and its content per page.
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 5 + 2 * i)).collect();
    let mut objects =
        vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" ")),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
            .to_owned(),
    ];
    for (i, content) in contents.iter().enumerate() {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:.2} {height:.2}] \
             /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
            6 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ));
    }
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        // Each entry is exactly 20 bytes: ten digits, space, five digits, space, n, space,
        // newline.
        let _ = writeln!(table, "{offset:010} 00000 n ");
    }
    let _ = write!(
        table,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.extend_from_slice(table.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(code: &str) -> Card {
        Card {
            programme: "SEMBAKO".to_owned(),
            code: code.to_owned(),
            amount: "Rp200.000".to_owned(),
            valid_until: "31 Jan 2027".to_owned(),
            goods: "beras, telur (lauk)".to_owned(),
            payload: "TPV1.abc.def".to_owned(),
        }
    }

    /// Every entry of the cross-reference table points at its object (byte offsets: the
    /// binary comment on the second line is not UTF-8).
    fn assert_xref_holds(pdf: &[u8]) {
        let tail = String::from_utf8_lossy(&pdf[pdf.len() - 40..]).into_owned();
        let start: usize = tail
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|t| t.parse().ok())
            .unwrap();
        assert!(pdf[start..].starts_with(b"xref\n"));
        let table = String::from_utf8_lossy(&pdf[start..]).into_owned();
        for (n, line) in table.lines().skip(3).enumerate() {
            if line.starts_with("trailer") {
                break;
            }
            let offset: usize = line[..10].parse().unwrap();
            let object = format!("{} 0 obj", n + 1);
            assert!(
                pdf[offset..].starts_with(object.as_bytes()),
                "object {} at {offset}",
                n + 1
            );
        }
    }

    #[test]
    fn a_sheet_puts_four_cards_on_each_a4_page() {
        let cards: Vec<Card> = (0..9)
            .map(|i| sample(&format!("ABCD-EFGH-JKM{i}")))
            .collect();
        let pdf = super::cards(&cards, true);
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-1.4"));
        assert!(text.contains("/Count 3"), "nine cards, three pages");
        assert!(text.contains("/MediaBox [0 0 595.28 841.89]"));
        assert!(text.contains("(Kode: ABCD-EFGH-JKM8) Tj"));
        assert!(
            text.contains("(Untuk: beras, telur \\(lauk\\)) Tj"),
            "escaped"
        );
        assert!(
            text.contains(" re f\n") || text.contains(" re f"),
            "the QR code is drawn"
        );
        assert_xref_holds(&pdf);
    }

    #[test]
    fn one_card_is_one_a6_page_and_odd_characters_do_not_break_it() {
        let mut card = sample("ABCD-EFGH-JKMN");
        card.goods = "beras — ✓ \\ ( ".to_owned();
        let pdf = super::cards(&[card], false);
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/Count 1"));
        assert!(text.contains("/MediaBox [0 0 297.64 419.53]"));
        assert!(text.contains("(Untuk: beras ? ? \\\\ \\( ) Tj"));
        assert_xref_holds(&pdf);
    }
}
