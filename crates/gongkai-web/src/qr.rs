//! QR codes as inline SVG: on a record page to share it, on the printed board and the
//! kiosk to take a record along on a phone. Drawn on the server, so they need no script
//! and print sharply at any size.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// `text` (an address) as an SVG element sized by the page's CSS; `label` is what a
/// screen reader says. Medium error correction survives a smudged printout.
pub fn svg(text: &str, label: &str) -> String {
    let Ok(code) = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M) else {
        return String::new();
    };
    let image = code.render::<svg::Color>().quiet_zone(true).module_dimensions(4, 4).build();
    // The renderer writes an XML declaration and fixed sizes; inline, the element needs
    // neither, and a role and name make it an image to assistive technology.
    let start = image.find("<svg").unwrap_or(0);
    let label = crate::views::escape(label);
    image[start..].replacen("<svg ", &format!("<svg class=\"qr\" role=\"img\" aria-label=\"{label}\" "), 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_address_becomes_an_inline_svg() {
        let svg = super::svg("https://gk.example/d/018f", "扫码查看");
        assert!(svg.starts_with("<svg class=\"qr\" role=\"img\" aria-label=\"扫码查看\""));
        assert!(svg.ends_with("</svg>"));
    }
}
