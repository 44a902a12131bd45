//! A record's body as the kiosk shows it: every link made plain text and every image from
//! another host dropped, so nobody at the screen can leave for another site and the screen
//! asks nothing of any host but this one.

use std::sync::LazyLock;

use ammonia::Builder;

static KIOSK_BODY: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::default();
    // A tag left out of the allowed set is dropped with its text kept: a link's words stay.
    builder.rm_tags(["a", "area", "map"]).link_rel(None).attribute_filter(|element, attribute, value| {
        match (element, attribute) {
            ("img", "src" | "srcset") if !local(value) => None,
            _ => Some(value.into()),
        }
    });
    builder
});

/// A path on this site, never an address with a host of its own.
fn local(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//") && !url.contains('\\')
}

/// `body_html` (already sanitised when it was saved) with nothing in it that leads away.
pub fn body(body_html: &str) -> String {
    KIOSK_BODY.clean(body_html).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn links_become_their_words() {
        let html = r#"<p>详见<a href="https://example.com/x" rel="noopener noreferrer">市政府网站</a>。<img src="https://cdn.example.com/a.png" alt="图"><img src="/files/1" alt="本站"></p>"#;
        let clean = super::body(html);
        assert_eq!(clean, r#"<p>详见市政府网站。<img alt="图"><img src="/files/1" alt="本站"></p>"#);
    }
}
