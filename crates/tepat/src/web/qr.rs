//! QR codes drawn by the program as inline SVG (no image service, no script).

/// A QR code of `text` as an `<svg>` element at least `size` pixels wide, or `None` when
/// the text is too long for one.
pub fn svg(text: &str, size: u32) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(size, size)
        .build();
    // Inline in HTML: the SVG element without its XML declaration.
    svg.find("<svg").map(|at| svg[at..].to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_qr_code_is_an_inline_svg_element() {
        let svg = super::svg("TPV1.abc.def", 160).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(!svg.contains("<?xml"));
    }
}
